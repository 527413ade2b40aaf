"""An outbox row as the e-mail that goes out: a pure function of the row and the sender."""

import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

_NAME_AND_ADDRESS = re.compile(r"\s*(.*?)\s*<([^<>]+)>\s*")


def sender_address(configured):
    """MAIL_SENDER ("natverk@skr.se" or "SKR:s nätverk <natverk@skr.se>") as an Address. Read by
    hand: email.utils.parseaddr takes the colon in "SKR:s" for RFC 5322 group syntax and drops
    "SKR:"; the header then quotes the name as needed."""
    match = _NAME_AND_ADDRESS.fullmatch(configured)
    name, address = (match.group(1).strip('"'), match.group(2)) if match else ("", configured)
    return Address(display_name=name, addr_spec=address.strip())


def build_email(message, attachments, *, sender):
    """Plain text with an HTML alternative (multipart/alternative), inside multipart/mixed when
    files go with it. Date and Message-ID come from the row, so a retry is the same message;
    the policy encodes a non-ASCII subject as RFC 2047 UTF-8."""
    email = EmailMessage()
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = message.message_id
    email["From"] = sender_address(sender)
    email["To"] = message.recipient_address
    email["Subject"] = message.subject
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no automatic replies to it
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
    email.set_content(message.text_body)
    email.add_alternative(message.html_body, subtype="html")
    for attachment in attachments:
        _attach(email, attachment)
    # Last: building the parts moves every Content-* header of the top level into them.
    email["Content-Language"] = message.language
    return email


def _attach(email, attachment):
    """The file's bytes as they are (base64): an .ics keeps its CRLF line ends (RFC 5545).
    Parameters in the stored type ("text/calendar; method=PUBLISH") are kept; a text file
    says charset=utf-8."""
    full_type, *parameters = (part.strip() for part in attachment.mimetype.split(";"))
    maintype, _, subtype = full_type.partition("/")
    params = dict(parameter.partition("=")[::2] for parameter in parameters if "=" in parameter)
    if maintype == "text":
        params.setdefault("charset", "utf-8")
    email.add_attachment(
        bytes(attachment.content),
        maintype=maintype,
        subtype=subtype,
        filename=attachment.filename,
        params=params,
    )

"""The learning example as HTML, for the approval page: the builder's own assembly
(builder.write_learning_example) written to a writer with docx_writer.Writer's blocks, so that
the page shows exactly what the Word file says, in the same order.

Replacements and words flagged for review arrive wrapped in privacy.publication's marks; each
becomes a <mark> whose visually hidden text says what kind of thing was replaced or why the word
is flagged (never the original).
"""

from markupsafe import Markup, escape

from network_app.i18n import gettext as _
from network_app.privacy.publication import FLAGGED_MARK, MARK_PATTERN


def _reason_label(reason, flagged):
    replaced = {
        "person": _("ersatt: en person"),
        "title": _("ersatt: en titel"),
        "email": _("ersatt: en e-postadress"),
        "phone": _("ersatt: ett telefonnummer"),
        "personal_number": _("ersatt: ett personnummer"),
        "redaction": _("borttaget för hand"),
    }
    review = {
        "date_of_birth": _("att granska: kan vara ett födelsedatum"),
        "address": _("att granska: kan vara en adress"),
        "postcode": _("att granska: kan vara ett postnummer"),
        "registration_plate": _("att granska: kan vara ett registreringsnummer"),
        "web_address": _("att granska: en webbadress"),
        "handle": _("att granska: ett användarnamn"),
        "number": _("att granska: ett nummer"),
    }
    if flagged:
        return review.get(reason, _("att granska: kan vara ett namn"))
    return replaced.get(reason, _("ersatt"))


def inline(text):
    """Escaped text with each mark as a <mark>, and line breaks as <br>."""
    text = text or ""
    pieces, position = [], 0
    for match in MARK_PATTERN.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        opening, reason, shown = match.groups()
        flagged = opening == FLAGGED_MARK
        css = "flagged" if flagged else "replaced"
        pieces.append(
            Markup('<mark class="{}">{}<span class="visually-hidden"> ({})</span></mark>').format(
                css, shown, _reason_label(reason, flagged)
            )
        )
        position = match.end()
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces).replace("\n", Markup("<br>\n"))


class HtmlWriter:
    """The blocks of docx_writer.Writer as HTML; str(writer) is the markup."""

    def __init__(self, heading_offset=1):
        self.parts = []
        self.heading_offset = heading_offset  # level 1 of the document is <h2> on the page

    def __html__(self):
        return Markup("\n").join(self.parts)

    def _add(self, markup):
        self.parts.append(markup)

    def paragraph(self, text, style=None, bold=False, space_before=None):
        content = inline(text)
        if bold:
            content = Markup("<strong>{}</strong>").format(content)
        self._add(Markup("<p>{}</p>").format(content))

    def text(self, text, style=None, keep_next=False):
        text = (text or "").strip()
        for block in text.split("\n\n") if text else ():
            if block.strip():
                self._add(Markup("<p>{}</p>").format(inline(block.strip("\n"))))

    def heading(self, text, level):
        level = min(max(level, 1), 3) + self.heading_offset
        self._add(Markup("<h{0}>{1}</h{0}>").format(level, inline((text or "").strip() or "–")))

    def fact(self, label, value, style=None):
        value = (value or "").strip()
        if value:
            self._add(Markup("<p><strong>{}:</strong> {}</p>").format(inline(label), inline(value)))

    def page_break(self):
        pass

    def field(self, instruction, placeholder):
        pass

    def table(self, headers, rows, *, widths=None, fills=None, bold_rows=()):
        # An empty corner (a matrix's first column) is a plain cell: a header must name something.
        head = Markup("").join(
            Markup('<th scope="col">{}</th>').format(inline(h))
            if (h or "").strip()
            else Markup("<td></td>")
            for h in headers
        )
        body = []
        for index, values in enumerate(rows):
            cells = Markup("").join(
                Markup('<td data-label="{}">{}</td>').format(
                    _plain(header),
                    Markup("<strong>{}</strong>").format(inline(value))
                    if index in bold_rows
                    else inline(value),
                )
                for header, value in zip(headers, values, strict=True)
            )
            body.append(Markup("<tr>{}</tr>").format(cells))
        self._add(
            Markup(
                '<table class="stack"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>'
            ).format(head, Markup("").join(body))
        )

    def table_of_contents(self, depth=2):
        pass

    def picture(self, png, alt_text, width_cm=None, title=None):
        """The chart's whole alt text, which the Word file carries as its description (its
        caption is the title)."""
        self._add(Markup('<p class="caption">{}</p>').format(inline(alt_text)))


def _plain(text):
    return MARK_PATTERN.sub(lambda m: m.group(3), text or "")

"""Links in mail: absolute, and signed where they act without a login (turning a kind off)."""

from flask import current_app, has_request_context, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from network_app.notifications.models import OPTIONAL_KINDS, MessageKind

_SALT = "mail-opt-out"
_MAX_TOKEN_LENGTH = 200


def absolute_url(endpoint, **values):
    """A link that works from a mail client: BASE_URL when configured (it must be in
    production: send-mail and the scheduled events run outside any request)."""
    base = current_app.config.get("BASE_URL")
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        if base:
            return base + url_for(endpoint, **values)
        return url_for(endpoint, _external=True, **values)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    port = current_app.config.get("DISPLAY_PORT", "5000")
    return (base or f"http://127.0.0.1:{port}") + path


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def opt_out_token(user_id, kind):
    """The signed part of an unsubscribe link: it can turn off this kind for this account only.
    It holds the account's id, never its name or address."""
    return _serializer().dumps([user_id, MessageKind(kind).value])


def read_opt_out_token(token):
    """(user id, kind) of a genuine token for an optional kind; None for anything else."""
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    try:
        user_id, kind = _serializer().loads(token)
        kind = MessageKind(kind)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or kind not in OPTIONAL_KINDS:
        return None
    return user_id, kind


def unsubscribe_url(user_id, kind):
    return absolute_url("notifications.unsubscribe", token=opt_out_token(user_id, kind))

"""The personal calendar subscription: a secret URL a calendar client polls without logging in.

The token is "<user id>-<HMAC-SHA256 of the user id and a per-user random secret, keyed with the
app's SECRET_KEY>": the database alone cannot rebuild it, resetting the secret ends the old URL at
once, and the URL can be shown again without storing it.
"""

import base64
import hashlib
import hmac
import re
import secrets

import sqlalchemy as sa

from network_app.auth.models import User
from network_app.extensions import db
from network_app.meetings.models import CalendarFeed

_TOKEN = re.compile(r"(\d{1,9})-([A-Za-z0-9_-]{43})")


def _mac(user_id, secret, key):
    message = f"calendar-feed:{user_id}:{secret}".encode()
    digest = hmac.new(key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_for(user, key):
    """The user's current token, or None before they have asked for a subscription link."""
    feed = db.session.get(CalendarFeed, user.id)
    if feed is None:
        return None
    return f"{user.id}-{_mac(user.id, feed.secret, key)}"


def reset(user, *, now):
    """A new secret (256 bits from `secrets`): the previous URL stops working."""
    feed = db.session.get(CalendarFeed, user.id)
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.secret = secrets.token_urlsafe(32)
    feed.created_at = now
    db.session.flush()
    return feed


def rotate_if_any(user, *, now):
    """A new secret for a user who has a link, so that the old URL is dead for good (a
    deactivated account's link must not come back when the account is reactivated)."""
    if db.session.get(CalendarFeed, user.id) is not None:
        reset(user, now=now)


def user_for_token(token, key):
    """The active user whose current token this is, compared in constant time; else None."""
    match = _TOKEN.fullmatch(token or "")
    if match is None:
        return None
    user_id = int(match.group(1))
    # The secret and its user in one query: a calendar client's poll runs this.
    found = db.session.execute(
        sa.select(CalendarFeed.secret, User)
        .join(User, User.id == CalendarFeed.user_id)
        .where(CalendarFeed.user_id == user_id)
    ).one_or_none()
    if found is None:
        return None
    secret, user = found
    expected = f"{user_id}-{_mac(user_id, secret, key)}"
    if not hmac.compare_digest(expected.encode(), token.encode()):
        return None
    return user if user.active else None

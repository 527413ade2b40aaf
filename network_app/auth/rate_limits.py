"""Rate limits kept in the database, so that every worker and machine counts the same requests
(the invitation page: a pages' worth of guessing at links, and the password hashing behind it)."""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from network_app.auth.models import RateLimitHit
from network_app.extensions import db


@dataclass(frozen=True)
class RateLimit:
    bucket: str  # what is limited, e.g. "invitation"
    limit: int  # requests per window and key
    window: timedelta


def allow(rate, key, *, now):
    """Count a request for the key and say whether it is within the limit; a refused request
    is not counted, so a client that waits a window gets through again."""
    key = (key or "unknown")[:64]
    db.session.execute(
        sa.delete(RateLimitHit).where(
            RateLimitHit.bucket == rate.bucket, RateLimitHit.hit_at <= now - rate.window
        )
    )
    recent = db.session.scalar(
        sa.select(sa.func.count()).where(
            RateLimitHit.bucket == rate.bucket,
            RateLimitHit.key == key,
            RateLimitHit.hit_at > now - rate.window,
        )
    )
    if recent >= rate.limit:
        return False
    db.session.add(RateLimitHit(bucket=rate.bucket, key=key, hit_at=now))
    db.session.flush()
    return True

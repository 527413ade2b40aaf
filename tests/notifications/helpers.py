"""Messages for the outbox tests."""

from datetime import UTC, datetime, timedelta

from network_app.extensions import db
from network_app.notifications import services
from network_app.notifications.models import MessageKind

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def queue_generic(count=1, *, now=None, subject="Hej", prefix="mottagare", **values):
    """`count` generic messages to distinct addresses, committed."""
    messages = [
        services.enqueue(
            MessageKind.GENERIC,
            to=f"{prefix}{index}@example.se",
            now=now or datetime.now(UTC) - timedelta(seconds=1),
            context={"subject": f"{subject} {index}", "text": f"Meddelande nummer {index}."},
            **values,
        )
        for index in range(count)
    ]
    db.session.commit()
    return messages


def invitation_context(now=NOW):
    return {
        "name": "Åsa Öberg",
        "link": "http://localhost/invitation/abc123",
        "expires_at": now + timedelta(days=7),
    }

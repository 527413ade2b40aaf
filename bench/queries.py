"""SQL statements per measured page, in-process, on a small and a large data set: a page's count
must not grow with the number of organisations."""

import sqlalchemy as sa

from bench import dataset
from bench.routes import ROUTES, participant_email, paths


def count_queries(database_url, world, routes=ROUTES):
    """{route name: number of SQL statements} for one GET of each route."""
    from network_app import create_app
    from network_app.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": dataset.SECRET_KEY,
            "BENCH_FLOOR": True,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    counts, statements = {}, []

    def count(*_args):
        statements.append(1)

    # No app context held here: each request gets its own, as under a server.
    with app.app_context():
        engine = db.engine
    leader, anonymous = app.test_client(), app.test_client()
    response = leader.post(
        "/login", data={"email": dataset.LEADER_EMAIL, "password": dataset.PASSWORD}
    )
    assert response.status_code == 302, "the bench leader could not log in"
    participant = app.test_client()
    response = participant.post(
        "/login", data={"email": participant_email(world), "password": dataset.PASSWORD}
    )
    assert response.status_code == 302, "the bench participant could not log in"
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        for route, path in paths(world, routes):
            client = (
                participant if route.as_participant else leader if route.signed_in else anonymous
            )
            headers = {}
            if route.conditional:
                headers["If-None-Match"] = client.get(path).headers["ETag"]
            statements.clear()
            response = client.get(path, headers=headers)
            assert response.status_code == route.expected_status, (
                f"{path}: HTTP {response.status_code}"
            )
            counts[route.name] = len(statements)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
        engine.dispose()
    return counts


SMALL = dataset.Scale(
    networks=1,
    open_networks=1,
    organisations=6,
    participations=6,
    cases=6,
    meetings_per_network=4,
    hour_entries=600,
)
LARGE = dataset.Scale(
    networks=1,
    open_networks=1,
    organisations=200,
    participations=200,
    cases=200,
    meetings_per_network=4,
    hour_entries=20_000,
)

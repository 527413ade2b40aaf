"""Where a measured page spends its time: the page served in-process, under cProfile.

    python -m bench.profile [--database sqlite:///tmp/bench.db] [--requests 50] [PAGE ...]

Builds the SKR-scale data set into the database first when it is empty (a file is kept, so the
next run starts at once). PAGE is a name from bench.routes (a part of it is enough); without one,
every page's in-process time is printed, then the profile of the slowest.
"""

import argparse
import cProfile
import io
import logging
import os
import pstats
import time

import sqlalchemy as sa

from bench import dataset
from bench.routes import participant_email, paths, session_key


def _world(database_url):
    engine = sa.create_engine(database_url)
    try:
        filled = sa.inspect(engine).has_table("users")
    finally:
        engine.dispose()
    if not filled:
        print(f"building the data set in {database_url} …", flush=True)
        return dataset.build(database_url, dataset.SKR_SCALE)
    return dataset.World.from_database(database_url)


def _app(database_url):
    os.environ["BENCH_FLOOR"] = "1"
    from network_app import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": dataset.SECRET_KEY,
            "LOGIN_THROTTLE_PER_ADDRESS": 100000,
        }
    )


def _signed_in_client(app, email=dataset.LEADER_EMAIL):
    client = app.test_client()
    page = client.get("/login")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1]
    token = token.split('"')[0]
    answer = client.post(
        "/login",
        data={"email": email, "password": dataset.PASSWORD, "csrf_token": token},
    )
    assert answer.status_code == 302, answer.status_code
    return client


def _request(route, path, signed_in, anonymous, etag):
    # signed_in: {True: the leader's client, "participant": the participant's}
    client = signed_in[session_key(route)] if route.signed_in else anonymous
    headers = {"If-None-Match": etag} if route.conditional and etag else {}
    answer = client.get(path, headers=headers)
    expected = route.expected_status if headers or not route.conditional else 200
    assert answer.status_code == expected, (route.name, answer.status_code)
    return answer


def print_statement_times(app, route, path, signed_in, anonymous, requests):
    """Mean time of each SQL statement the page runs, from cursor execute to its end."""
    from network_app.extensions import db

    with app.app_context():
        engine = db.engine
    timings = {}

    def started(connection, _cursor, _statement, _parameters, _context, _many):
        connection.info["bench_started"] = time.perf_counter()

    def finished(connection, _cursor, statement, _parameters, _context, _many):
        elapsed = time.perf_counter() - connection.info.pop("bench_started")
        timings.setdefault(" ".join(statement.split())[:150], []).append(elapsed)

    etag = _request(route, path, signed_in, anonymous, None).headers.get("ETag")
    sa.event.listen(engine, "before_cursor_execute", started)
    sa.event.listen(engine, "after_cursor_execute", finished)
    try:
        begun = time.perf_counter()
        for _ in range(requests):
            _request(route, path, signed_in, anonymous, etag)
        total = (time.perf_counter() - begun) / requests * 1000
    finally:
        sa.event.remove(engine, "before_cursor_execute", started)
        sa.event.remove(engine, "after_cursor_execute", finished)
    print(f"\n=== {route.name}: {total:.2f} ms a request; its statements (mean ms) ===")
    for statement, values in timings.items():
        print(f"{sum(values) / len(values) * 1000:7.2f}  ×{len(values) // requests}  {statement}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--database", default="sqlite:////tmp/bench-profile.db")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--lines", type=int, default=35)
    parser.add_argument(
        "--queries", action="store_true", help="each SQL statement's time instead of a profile"
    )
    args = parser.parse_args()

    world = _world(args.database)
    app = _app(args.database)
    app.logger.setLevel(logging.WARNING)  # not an audit line per request
    signed_in = {
        True: _signed_in_client(app),
        "participant": _signed_in_client(app, participant_email(world)),
    }
    anonymous = app.test_client()
    chosen = [
        (route, path)
        for route, path in paths(world)
        if not args.pages or any(part in route.name for part in args.pages)
    ]
    timings = {}
    for route, path in chosen:
        etag = _request(route, path, signed_in, anonymous, None).headers.get("ETag")
        started = time.perf_counter()
        for _ in range(args.requests):
            _request(route, path, signed_in, anonymous, etag)
        timings[route.name] = (time.perf_counter() - started) / args.requests * 1000
        print(f"{route.name:30} {timings[route.name]:7.2f} ms in-process", flush=True)

    profiled = chosen if args.pages else [max(chosen, key=lambda rp: timings[rp[0].name])]
    if args.queries:
        for route, path in profiled:
            print_statement_times(app, route, path, signed_in, anonymous, args.requests)
        return
    for route, path in profiled:
        etag = _request(route, path, signed_in, anonymous, None).headers.get("ETag")
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            _request(route, path, signed_in, anonymous, etag)
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
        stats.print_stats(args.lines)
        print(f"\n=== {route.name} ({path}), {args.requests} requests, cumulative ===")
        print(out.getvalue())


if __name__ == "__main__":
    main()

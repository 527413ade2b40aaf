"""`make bench`: build the SKR-scale data set, serve it with gunicorn (2 workers) on SQLite and on
PostgreSQL, measure each page from a separate client process beside the floor, and count queries.

    python -m bench.run [--backends sqlite,postgresql] [--requests 100] [--strict]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

from bench import dataset, queries, serve
from bench.routes import (
    FLOOR,
    ROUTES,
    SIGNED_IN_FLOOR,
    SIGNED_IN_TARGET_RATIO,
    participant_email,
    paths,
    session_key,
)


def _plan(world, args):
    chosen = [
        (route, path)
        for route, path in paths(world)
        if not args.pages
        or route in (FLOOR, SIGNED_IN_FLOOR)
        or any(part in route.name for part in args.pages.split(","))
    ]
    return {
        "login": {"email": dataset.LEADER_EMAIL, "password": dataset.PASSWORD},
        "participant_login": {"email": participant_email(world), "password": dataset.PASSWORD},
        "routes": [
            {
                "name": route.name,
                "path": path,
                "signed_in": session_key(route),
                "conditional": route.conditional,
            }
            for route, path in chosen
        ],
        "warmup": 5,
        "requests": args.requests,
        "throughput_requests": args.requests,
        "concurrency": 4,
    }


@contextmanager
def _filled_database(backend, args):
    """A throwaway database with the SKR-scale data set, or the one of --database as it is."""
    if args.database:
        yield args.database, dataset.World.from_database(args.database)
        return
    with serve.throwaway_database(backend) as url:
        started = time.perf_counter()
        world = dataset.build(url, dataset.SKR_SCALE)
        print(
            f"[{backend}] data set built in {time.perf_counter() - started:.1f} s: {world.counts}",
            flush=True,
        )
        yield url, world


def measure(backend, args):
    with _filled_database(backend, args) as (url, world):
        with (
            serve.gunicorn(url, workers=2) as port,
            tempfile.NamedTemporaryFile("w", suffix=".json") as plan_file,
        ):
            json.dump(_plan(world, args), plan_file)
            plan_file.flush()
            output = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.measure",
                    "--port",
                    str(port),
                    "--plan",
                    plan_file.name,
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
    return json.loads(output)


def print_results(backend, results):
    """Each figure beside the floor's; signed-in pages also beside the signed-in floor."""
    floor, signed_floor = results[FLOOR.name], results[SIGNED_IN_FLOOR.name]
    by_name = {route.name: route for route in ROUTES}
    print(
        f"\n{backend}: gunicorn, 2 workers; {len(results)} routes; "
        f"latency from one client, throughput from 4 concurrent clients; load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    header = (
        f"{'page':28} {'median ms':>10} {'×floor':>7} {'×signed':>8} {'p95 ms':>8} {'×floor':>7} "
        f"{'req/s':>7} {'×floor':>7} {'errors':>6} {'target':>7}"
    )
    print(header)
    print("-" * len(header))
    missed, missed_signed = [], []
    for name, r in results.items():
        route = by_name[name]
        ratio = r["median_ms"] / floor["median_ms"]
        verdict = "met" if ratio <= route.target else "MISSED"
        if ratio > route.target:
            missed.append(f"{name} {ratio:.2f}× > {route.target}×")
        signed = " " * 8
        if route.signed_in:
            signed_ratio = r["median_ms"] / signed_floor["median_ms"]
            signed = f"{signed_ratio:8.2f}"
            if signed_ratio > SIGNED_IN_TARGET_RATIO:
                missed_signed.append(f"{name} {signed_ratio:.2f}×")
        print(
            f"{name:28} {r['median_ms']:10.1f} {ratio:7.2f} {signed} {r['p95_ms']:8.1f} "
            f"{r['p95_ms'] / floor['p95_ms']:7.2f} {r['per_second']:7.1f} "
            f"{r['per_second'] / floor['per_second']:7.2f} {r['errors']:6d} "
            f"{route.target:5.1f}× {verdict}"
        )
    print(
        "targets: every median within 3× the floor, the 304 within 1.5×: "
        + ("met" if not missed else "MISSED: " + "; ".join(missed))
        + "\n×signed = beside the signed-in floor (the same layout after the session lookup)"
        + f"\nsigned-in pages within {SIGNED_IN_TARGET_RATIO:.0f}× the signed-in floor "
        + "(issue 14): "
        + ("met" if not missed_signed else "MISSED: " + "; ".join(missed_signed))
    )
    return not missed


def print_query_counts():
    counts = {}
    for label, scale in (("6", queries.SMALL), ("200", queries.LARGE)):
        with serve.throwaway_database("sqlite") as url:
            world = dataset.build(url, scale)
            counts[label] = queries.count_queries(url, world)
    print("\nSQL statements per page (leader signed in; one network of 6 vs 200 organisations)")
    print(f"{'page':28} {'6 orgs':>7} {'200 orgs':>9}")
    same = True
    for name in counts["6"]:
        small, large = counts["6"][name], counts["200"][name]
        same &= small == large
        print(f"{name:28} {small:7d} {large:9d}{'' if small == large else '  <- grows'}")
    print(f"target: identical counts: {'met' if same else 'MISSED'}")
    return same


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=100, help="per route and measure")
    parser.add_argument(
        "--database",
        help="measure this database's data (one built by bench.dataset or bench.profile) "
        "instead of building a throwaway one; its backend is the only one measured",
    )
    parser.add_argument("--pages", help="only the pages whose names hold one of these (a,b)")
    parser.add_argument("--no-counts", action="store_true", help="skip the query counts")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a ratio target is missed, too"
    )
    args = parser.parse_args()
    ok = True
    if args.database:
        args.backends = "postgresql" if args.database.startswith("postgresql") else "sqlite"
    for backend in args.backends.split(","):
        if backend == "postgresql" and not serve.postgres_available():
            print(f"[postgresql] skipped: no server at {serve.POSTGRES_URL} (BENCH_POSTGRES_URL)")
            continue
        results = measure(backend, args)
        ratios_met = print_results(backend, results)
        ok &= ratios_met or not args.strict
        ok &= all(r["errors"] == 0 for r in results.values())
    if not args.no_counts:
        ok &= print_query_counts()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

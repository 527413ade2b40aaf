"""Word reports: wall time and peak memory of one organisation's learning example and of the
compiled report of a 50-organisation network, each in a fresh process.

    python -m bench.word [--backends sqlite,postgresql] [--repeat 3]

The reports are fetched as the project leader through the app's own routes (the view collects
the data with network_app.reports.collect and writes it with network_app.reports.builder), so the
time is what a leader waits for, minus the network. Peak memory: tracemalloc's peak of Python
allocations during one report (a run of its own, since tracing slows it down), and the process's
maximum resident set size (ru_maxrss, which includes the interpreter and the app).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

from bench import dataset, serve

TARGET_SECONDS = 3.0

# One network of 50 organisations at SKR's density: 5 people, 250 hour entries, one case with
# 10 risks and a full system checklist each; 10 meetings with attendance recorded.
WORD_SCALE = dataset.Scale(
    networks=1,
    open_networks=1,
    organisations=50,
    participations=50,
    hour_entries=12_500,
    cases=50,
    risks_per_case=10,
)

REPORTS = {
    "learning example (1 organisation)": "/participations/{participation_id}/learning-example.docx",
    "network report (50 organisations)": "/networks/{network_id}/report.docx",
    "network report, anonymised": "/networks/{network_id}/report.docx?variant=anonymised",
}


def _client(database_url):
    from network_app import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": dataset.SECRET_KEY,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    client = app.test_client()
    response = client.post(
        "/login", data={"email": dataset.LEADER_EMAIL, "password": dataset.PASSWORD}
    )
    assert response.status_code == 302, "the bench leader could not log in"
    return client


def _fetch(client, path):
    response = client.get(path)
    if response.status_code != 200 or not response.data.startswith(b"PK"):
        raise RuntimeError(f"{path}: HTTP {response.status_code}, not a DOCX")
    return len(response.data)


def measure_in_process(database_url, path, repeat):
    """Run in the child process: first (cold) and warm times, then one traced run."""
    client = _client(database_url)
    times, cpu, size = [], [], 0
    for _ in range(1 + repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        size = _fetch(client, path)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    tracemalloc.start()
    _fetch(client, path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "first_s": times[0],
        "median_s": statistics.median(times[1:]),
        "max_s": max(times[1:]),
        # CPU time of this process (the database's own work on PostgreSQL is not in it): on a
        # machine shared with other jobs the wall time also holds the time spent waiting.
        "cpu_s": statistics.median(cpu[1:]),
        "bytes": size,
        "traced_peak_mb": peak / 2**20,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _approve_every_chapter(database_url):
    """Every learning example approved as it reads (its digest, as the approval page stores
    it), so that the anonymised report, the variant for publication, holds all 50 chapters."""
    from datetime import UTC, datetime

    import sqlalchemy as sa

    from network_app import create_app
    from network_app.cases import services as case_services
    from network_app.cases.models import ReportApproval
    from network_app.extensions import db
    from network_app.networks.models import Participation
    from network_app.reports import collect

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    with app.test_request_context():
        for participation in db.session.scalars(sa.select(Participation)):
            digest = collect.publication_of(participation, now=datetime.now(UTC)).digest
            approval = case_services.current_approval(participation)
            if approval is None:
                approval = ReportApproval(participation_id=participation.id)
                db.session.add(approval)
            approval.content_digest = digest
        db.session.commit()
        db.engine.dispose()


def measure(backend, repeat):
    with serve.throwaway_database(backend) as url:
        world = dataset.build(url, WORD_SCALE)
        _approve_every_chapter(url)
        participation_id, network_id, _org = world.participations[0]
        results = {}
        for name, template in REPORTS.items():
            path = template.format(participation_id=participation_id, network_id=network_id)
            output = subprocess.run(
                [sys.executable, "-m", "bench.word", "--child", url, path, str(repeat)],
                check=True,
                capture_output=True,
                text=True,
                cwd=serve.PROJECT_ROOT,
            ).stdout
            results[name] = json.loads(output.strip().splitlines()[-1])
    return results


def print_results(backend, results):
    print(
        f"\nWord reports, {backend} (fresh process each; leader; warm = median of the repeats; "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    header = (
        f"{'report':36} {'first s':>8} {'warm s':>7} {'max s':>6} {'CPU s':>6} {'KiB':>6} "
        f"{'traced peak MB':>15} {'maxrss MB':>10}"
    )
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        print(
            f"{name:36} {r['first_s']:8.2f} {r['median_s']:7.2f} {r['max_s']:6.2f} "
            f"{r['cpu_s']:6.2f} "
            f"{r['bytes'] / 1024:6.0f} {r['traced_peak_mb']:15.1f} {r['maxrss_mb']:10.0f}"
        )
    worst = max(max(r["first_s"], r["max_s"]) for r in results.values())
    met = worst < TARGET_SECONDS
    print(
        f"target: every report under {TARGET_SECONDS:.0f} s, first request included: "
        f"{'met' if met else 'MISSED'} (slowest {worst:.2f} s)"
    )
    return met


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, path, repeat = args.child
        print(json.dumps(measure_in_process(url, path, int(repeat))))
        return
    ok = True
    for backend in args.backends.split(","):
        if backend == "postgresql" and not serve.postgres_available():
            print(f"[postgresql] skipped: no server at {serve.POSTGRES_URL}")
            continue
        ok &= print_results(backend, measure(backend, args.repeat))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""Load test: C concurrent clients for D seconds against two app processes sharing one database.

    python -m bench.load [--backend postgresql|sqlite] [--clients 50] [--duration 15]

Each client logs in on process A and continues on process B with the same cookie (nothing is kept
in a process), then reads pages, writes its group's background and logs hours (the hours form,
with its CSRF token and the group's members ticked), alternating the processes; after each
background write it reads the page back from the *other* process (both see the same data). At the
end every write a client saw acknowledged (302) is checked in the database: the background, and
each logged hour entry with its members and its history line. Prints the figures and exits 1 on
any error. --duration 60 is the full run; the default is a quick one.
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

import sqlalchemy as sa

from bench import dataset, serve
from bench.client import Session

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_MEMBER_BOX = re.compile(r'<input[^>]*name="members"[^>]*>')
_VALUE = re.compile(r'value="(\d+)"')
HOURS_NOTE = "load-hours"
LOAD_SCALE = dataset.Scale(open_networks=20)  # every group can still write


class Client:
    def __init__(self, number, spec, ports, deadline, report):
        self.number, self.spec, self.ports = number, spec, ports
        self.deadline, self.report = deadline, report
        self.session = Session(ports[0])
        self.acknowledged = None
        self.hours_acknowledged = []  # the notes of the entries the app said it saved
        self.count = 0

    def _get(self, path, port_index):
        self.session.switch_port(self.ports[port_index])
        status, body, seconds = self.session.request("GET", path)
        self.report.record(status, seconds, path)
        return status, body.decode("utf-8", "replace")

    def _write_background(self, port_index):
        path = f"/participations/{self.spec['participation_id']}/background"
        status, page = self._get(path, port_index)
        token = _CSRF.search(page)
        if status != 200 or not token:
            self.report.error(f"no background form (HTTP {status})")
            return
        marker = f"load-{self.number}-{self.count}"
        status, _body, seconds = self.session.request(
            "POST", path, {"csrf_token": token.group(1), "background": marker}
        )
        self.report.record(status, seconds, path, expected=302)
        if status == 302:
            self.acknowledged = marker
            _status, other = self._get(
                f"/participations/{self.spec['participation_id']}", 1 - port_index
            )
            if marker not in other:
                self.report.error("a write on one process was not seen on the other")

    def _log_hours(self, port_index):
        """The hours form as a participant fills it in: a date in the network's year, 1,5 hours,
        two of the group's members ticked; a unique note to find the entry afterwards."""
        path = f"/participations/{self.spec['participation_id']}/hours/new"
        status, page = self._get(path, port_index)
        token = _CSRF.search(page)
        members = [_VALUE.search(box).group(1) for box in _MEMBER_BOX.findall(page)]
        if status != 200 or not token or not members:
            self.report.error(f"no hours form (HTTP {status})")
            return
        note = f"{HOURS_NOTE}-{self.number}-{self.count}"
        form = [
            ("csrf_token", token.group(1)),
            ("worked_on", self.spec["worked_on"]),
            ("hours", "1,5"),
            ("activity", "group_meeting"),
            ("note", note),
        ] + [("members", member) for member in members[:2]]
        status, _body, seconds = self.session.request("POST", path, form)
        self.report.record(status, seconds, path, expected=302)
        if status == 302:
            self.hours_acknowledged.append(note)

    def _iteration(self):
        side = self.count % 2
        spec = self.spec
        self._get("/", side)
        self._get(f"/participations/{spec['participation_id']}", 1 - side)
        self._get(f"/networks/{spec['network_id']}", side)
        self._get(f"/organisations/{spec['organisation_id']}", 1 - side)
        if self.count % 3 == 0:
            self._write_background(side)
        elif self.count % 3 == 1:
            self._log_hours(1 - side)

    def run(self):
        try:
            self.session.login(self.spec["email"], dataset.PASSWORD)
            status, page = self._get("/", 1)  # the other process, same cookie
            if status != 200 or f"Benchkommun {self.spec['organisation_id']:03d}" not in page:
                self.report.error("the session did not carry over to the second process")
            while time.monotonic() < self.deadline:
                self._iteration()
                self.count += 1
        except Exception as error:  # noqa: BLE001 - every failure is a finding to report
            self.report.error(f"{type(error).__name__}: {error}")
        finally:
            self.session.close()


class Report:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses, self.errors, self.times = Counter(), Counter(), []

    def record(self, status, seconds, path, expected=200):
        with self.lock:
            self.statuses[status] += 1
            self.times.append(seconds)
            if status != expected:
                self.errors[f"HTTP {status} on {re.sub(r'/[0-9]+', '/N', path)}"] += 1

    def error(self, message):
        with self.lock:
            self.errors[message] += 1


def drive(plan):
    """The clients, in this (separate) process; returns the figures and acknowledged writes."""
    report = Report()
    deadline = time.monotonic() + plan["duration"]
    clients = [
        Client(n, spec, plan["ports"], deadline, report) for n, spec in enumerate(plan["clients"])
    ]
    threads = [threading.Thread(target=c.run) for c in clients]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    times = sorted(report.times) or [0.0]
    return {
        "requests": sum(report.statuses.values()),
        "seconds": elapsed,
        "statuses": dict(report.statuses),
        "errors": dict(report.errors),
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(0.95 * (len(times) - 1))] * 1000,
        "acknowledged": {c.spec["participation_id"]: c.acknowledged for c in clients},
        "hours_acknowledged": [note for c in clients for note in c.hours_acknowledged],
    }


def _check_acknowledged(url, acknowledged):
    """Every write a client saw acknowledged is in the database."""
    engine = sa.create_engine(url)
    missing = 0
    with engine.connect() as connection:
        stored = dict(
            connection.execute(sa.text("SELECT id, background FROM participations")).all()
        )
    engine.dispose()
    for participation_id, marker in acknowledged.items():
        if marker is not None and stored.get(int(participation_id)) != marker:
            missing += 1
    return missing


def _check_hours(url, notes):
    """Each acknowledged entry is stored once, with two members and its 'created' history line;
    returns (missing or incomplete entries, entries stored in all)."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT e.note, "
                "(SELECT count(*) FROM hour_entry_members m WHERE m.hour_entry_id = e.id), "
                "(SELECT count(*) FROM hour_entry_changes c "
                " WHERE c.hour_entry_id = e.id AND c.action = 'created') "
                "FROM hour_entries e WHERE e.note LIKE :prefix"
            ),
            {"prefix": f"{HOURS_NOTE}-%"},
        ).all()
    engine.dispose()
    stored = Counter(note for note, _members, _history in rows)
    complete = {note for note, members, history in rows if members == 2 and history == 1}
    bad = sum(1 for note in notes if stored[note] != 1 or note not in complete)
    return bad, len(rows)


def run(backend, clients, duration):
    with serve.throwaway_database(backend) as url:
        world = dataset.build(url, LOAD_SCALE)
        specs = [
            {
                "email": f"deltagare{org:03d}@bench.example",
                "participation_id": pid,
                "network_id": nid,
                "organisation_id": org,
                # Networks run over one calendar year (bench.dataset): mid-year is inside it.
                "worked_on": f"{2000 + nid}-06-15",
            }
            for pid, nid, org in world.participations[:clients]
        ]
        with serve.gunicorn(url, workers=1) as port_a, serve.gunicorn(url, workers=1) as port_b:
            with tempfile.NamedTemporaryFile("w", suffix=".json") as plan_file:
                json.dump(
                    {"ports": [port_a, port_b], "clients": specs, "duration": duration}, plan_file
                )
                plan_file.flush()
                output = subprocess.run(
                    [sys.executable, "-m", "bench.load", "--drive", plan_file.name],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
        result = json.loads(output)
        result["missing_writes"] = _check_acknowledged(url, result["acknowledged"])
        result["missing_hours"], result["hours_stored"] = _check_hours(
            url, result["hours_acknowledged"]
        )
    return result


def print_result(backend, clients, result):
    writes = sum(1 for marker in result["acknowledged"].values() if marker)
    print(
        f"\n{backend}: {clients} clients, {result['seconds']:.0f} s, two app processes "
        "(1 gunicorn worker each) on one database"
    )
    print(
        f"  requests {result['requests']}, {result['requests'] / result['seconds']:.1f}/s, "
        f"median {result['median_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms"
    )
    print(f"  statuses {result['statuses']}")
    print(
        f"  clients whose last write was acknowledged: {writes}; missing from the database: "
        f"{result['missing_writes']}"
    )
    print(
        f"  hour entries acknowledged: {len(result['hours_acknowledged'])}; in the database: "
        f"{result['hours_stored']}; missing or without members/history: {result['missing_hours']}"
    )
    print(f"  errors: {result['errors'] or 'none'}")
    return not result["errors"] and result["missing_writes"] == 0 and result["missing_hours"] == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="postgresql,sqlite")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        with open(args.drive) as plan_file:
            json.dump(drive(json.load(plan_file)), sys.stdout)
        return
    ok = True
    for backend in args.backend.split(","):
        if backend == "postgresql" and not serve.postgres_available():
            print(f"[postgresql] skipped: no server at {serve.POSTGRES_URL}")
            continue
        ok &= print_result(backend, args.clients, run(backend, args.clients, args.duration))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

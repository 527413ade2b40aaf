"""Fault test: gunicorn workers killed (SIGKILL) in the middle of writes leave no half-written
records.

    python -m bench.faults [--backends sqlite,postgresql] [--duration 30] [--clients 8]

Participants log hours through the form as fast as they can (each entry is one transaction: the
entry, its members and its 'created' history line) while another thread kills a random worker
every 0.3-1 s; the gunicorn master starts another (with --preload it forks ready at once).
Every POST carries a unique note, so afterwards each attempt can be looked up: an entry the app
acknowledged must be stored whole; a request cut off by the kill may be stored or not, but never
in part; and no member or history row may point at an entry that does not exist. Prints the
figures; exits 1 on any violation.
"""

import argparse
import http.client
import os
import random
import re
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from bench import dataset, serve
from bench.client import Session
from network_app.extensions import db
from network_app.hours import totals

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_MEMBER_BOX = re.compile(r'<input[^>]*name="members"[^>]*>')
_VALUE = re.compile(r'value="(\d+)"')
NOTE = "fault"
MEMBERS_PER_ENTRY = 3

FAULT_SCALE = dataset.Scale(
    networks=1,
    open_networks=1,
    organisations=20,
    participations=20,
    meetings_per_network=2,
    hour_entries=200,
    cases=0,
)


def worker_pids(master_pid):
    """The gunicorn workers: the master's children, read from /proc (Linux)."""
    path = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    try:
        return [int(pid) for pid in path.read_text().split()]
    except OSError:
        return []


class Writer(threading.Thread):
    """One participant logging hours in a loop; remembers what happened to each attempt."""

    def __init__(self, number, spec, port):
        super().__init__()
        self.number, self.spec, self.port, self.deadline = number, spec, port, 0.0
        self.acknowledged, self.cut_off, self.refused = [], [], Counter()

    def _form(self, session):
        path = f"/participations/{self.spec['participation_id']}/hours/new"
        status, body, _ = session.request("GET", path)
        page = body.decode("utf-8", "replace")
        token = _CSRF.search(page)
        members = [_VALUE.search(box).group(1) for box in _MEMBER_BOX.findall(page)]
        if status != 200 or not token or len(members) < MEMBERS_PER_ENTRY:
            raise RuntimeError(f"no hours form (HTTP {status})")
        return path, token.group(1), members[:MEMBERS_PER_ENTRY]

    def prepare(self):
        """Log in and read the form's token before the kills start: the session lives in the
        database, so it carries over to the workers that replace the killed ones."""
        self.session = Session(self.port, timeout=30)
        self.session.login(self.spec["email"], dataset.PASSWORD)
        self.path, self.token, self.members = self._form(self.session)

    def run(self):
        session, path, token, members = self.session, self.path, self.token, self.members
        attempt = 0
        while time.monotonic() < self.deadline:
            attempt += 1
            note = f"{NOTE}-{self.number}-{attempt}"
            form = [
                ("csrf_token", token),
                ("worked_on", self.spec["worked_on"]),
                ("hours", "0,75"),
                ("activity", "documentation"),
                ("note", note),
            ] + [("members", m) for m in members]
            try:
                # No retry: a POST whose connection drops is 'cut off', never sent again.
                status, _body, _ = session.request("POST", path, form, retry=False)
            except (OSError, http.client.HTTPException):
                self.cut_off.append(note)
                session.close()
                continue
            if status == 302:
                self.acknowledged.append(note)
            else:
                self.refused[status] += 1


def killer(master_pid, deadline, rng, kills):
    while time.monotonic() < deadline - 1:  # the last second without kills: writers finish
        time.sleep(rng.uniform(0.3, 1.0))
        pids = worker_pids(master_pid)
        if pids:
            try:
                os.kill(rng.choice(pids), signal.SIGKILL)
                kills.append(time.monotonic())
            except ProcessLookupError:
                pass


def _totals_unlike_recount(connection):
    """Rows of the kept weekly totals (network_app.hours.totals) that a recount of the entries
    would change: written in the entries' transaction, a killed worker leaves none."""
    table = db.metadata.tables["hour_week_totals"]
    kept = set(connection.execute(sa.select(table)).all())
    savepoint = connection.begin_nested()
    totals.recount(connection)
    recounted = set(connection.execute(sa.select(table)).all())
    savepoint.rollback()
    return len(kept ^ recounted)


def check(url, acknowledged, cut_off):
    """The database after the storm: (violations {what: count}, figures)."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        entries = connection.execute(
            sa.text(
                "SELECT e.id, e.note, e.people_present, "
                "(SELECT count(*) FROM hour_entry_members m WHERE m.hour_entry_id = e.id), "
                "(SELECT count(*) FROM hour_entry_changes c "
                " WHERE c.hour_entry_id = e.id AND c.action = 'created') "
                "FROM hour_entries e WHERE e.note LIKE :prefix"
            ),
            {"prefix": f"{NOTE}-%"},
        ).all()
        orphan_members = connection.scalar(
            sa.text(
                "SELECT count(*) FROM hour_entry_members m WHERE NOT EXISTS "
                "(SELECT 1 FROM hour_entries e WHERE e.id = m.hour_entry_id)"
            )
        )
        orphan_history = connection.scalar(
            sa.text(
                "SELECT count(*) FROM hour_entry_changes c WHERE c.action = 'created' AND NOT "
                "EXISTS (SELECT 1 FROM hour_entries e WHERE e.id = c.hour_entry_id)"
            )
        )
        totals_unlike_recount = _totals_unlike_recount(connection)
    engine.dispose()
    stored = Counter(note for _id, note, *_ in entries)
    half_written = sum(
        1
        for _id, _note, present, members, history in entries
        if members != MEMBERS_PER_ENTRY or present != MEMBERS_PER_ENTRY or history != 1
    )
    violations = {
        "acknowledged but missing": sum(1 for note in acknowledged if stored[note] == 0),
        "stored twice": sum(1 for count in stored.values() if count > 1),
        "entries without all members or without their history line": half_written,
        "member rows of no entry": orphan_members,
        "history lines of no entry": orphan_history,
        "weekly hour totals unlike a recount": totals_unlike_recount,
    }
    figures = {
        "stored": len(entries),
        "cut off and stored whole": sum(1 for note in cut_off if stored[note]),
        "cut off and not stored": sum(1 for note in cut_off if not stored[note]),
    }
    return {k: v for k, v in violations.items() if v}, figures


def run(backend, duration, clients, seed=2026):
    rng = random.Random(seed)
    with serve.throwaway_database(backend) as url:
        world = dataset.build(url, FAULT_SCALE)
        specs = [
            {
                "email": f"deltagare{org:03d}@bench.example",
                "participation_id": pid,
                "worked_on": f"{2000 + nid}-06-15",  # inside the network's year (bench.dataset)
            }
            for pid, nid, org in world.participations[:clients]
        ]
        kills = []
        with serve.gunicorn(url, workers=2, with_process=True, preload=True) as (port, master):
            writers = [Writer(n, spec, port) for n, spec in enumerate(specs)]
            for writer in writers:
                writer.prepare()
            deadline = time.monotonic() + duration
            for writer in writers:
                writer.deadline = deadline
                writer.start()
            kill_thread = threading.Thread(target=killer, args=(master.pid, deadline, rng, kills))
            kill_thread.start()
            for thread in [*writers, kill_thread]:
                thread.join()
        acknowledged = [n for w in writers for n in w.acknowledged]
        cut_off = [n for w in writers for n in w.cut_off]
        refused = sum((w.refused for w in writers), Counter())
        violations, figures = check(url, acknowledged, cut_off)
    return {
        "kills": len(kills),
        "acknowledged": len(acknowledged),
        "cut_off": len(cut_off),
        "refused": dict(refused),
        **figures,
        "violations": violations,
    }


def print_result(backend, duration, clients, result):
    print(
        f"\n{backend}: {clients} participants logging hours for {duration:.0f} s against gunicorn "
        f"(2 workers); {result['kills']} workers killed with SIGKILL"
    )
    print(
        f"  acknowledged {result['acknowledged']}, cut off by a kill {result['cut_off']} "
        f"(stored whole {result['cut off and stored whole']}, not stored "
        f"{result['cut off and not stored']}), other answers {result['refused'] or 'none'}; "
        f"entries stored {result['stored']}"
    )
    print(f"  half-written or lost records: {result['violations'] or 'none'}")
    return not result["violations"] and not result["refused"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    ok = True
    for backend in args.backends.split(","):
        if backend == "postgresql" and not serve.postgres_available():
            print(f"[postgresql] skipped: no server at {serve.POSTGRES_URL}")
            continue
        result = run(backend, args.duration, args.clients)
        ok &= print_result(backend, args.duration, args.clients, result)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

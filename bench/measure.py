"""The measuring client, run as its own process: latency and throughput of each route.

    python -m bench.measure --port 8000 --plan plan.json

The plan is JSON: {"login": {"email": ..., "password": ...}, "participant_login": {...},
"routes": [{"name", "path", "signed_in" (false, true: the leader, or "participant"),
"conditional"}], "requests": N, "throughput_requests": M, "concurrency": C}.
Prints JSON results.
"""

import argparse
import json
import statistics
import sys
import threading
import time

from bench.client import Session


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _session(port, plan, signed_in):
    session = Session(port)
    if signed_in:
        login = plan["participant_login"] if signed_in == "participant" else plan["login"]
        session.login(login["email"], login["password"])
    return session


def _conditional_headers(session, route):
    """For a conditional route, If-None-Match with the ETag of a first, plain request."""
    if not route.get("conditional"):
        return {}
    status, _body, _seconds = session.request("GET", route["path"])
    etag = session.last_headers.get("ETag")
    if status != 200 or not etag:
        raise RuntimeError(f"{route['path']}: no ETag to make a conditional request with")
    return {"If-None-Match": etag}


def _expected(route):
    return 304 if route.get("conditional") else 200


def measure_latency(port, plan):
    """One client takes the routes in turn, round after round, so that a burst of load from
    elsewhere on the machine falls on every route alike and the ratios stay fair."""
    sessions = {
        key: _session(port, plan, key)
        for key in {False, True} | {route["signed_in"] for route in plan["routes"]}
    }
    times = {route["name"]: [] for route in plan["routes"]}
    errors = dict.fromkeys(times, 0)
    headers = {
        route["name"]: _conditional_headers(sessions[route["signed_in"]], route)
        for route in plan["routes"]
    }
    for number in range(plan["warmup"] + plan["requests"]):
        for route in plan["routes"]:
            status, _body, seconds = sessions[route["signed_in"]].request(
                "GET", route["path"], headers=headers[route["name"]]
            )
            if status != _expected(route):
                errors[route["name"]] += 1
            if number >= plan["warmup"]:
                times[route["name"]].append(seconds)
    for session in sessions.values():
        session.close()
    return {
        name: {
            "median_ms": statistics.median(values) * 1000,
            "p95_ms": _percentile(values, 0.95) * 1000,
            "errors": errors[name],
        }
        for name, values in times.items()
    }


def measure_throughput(port, plan, route):
    """C clients each send their share of M requests at once: completed requests per second."""
    sessions = [_session(port, plan, route["signed_in"]) for _ in range(plan["concurrency"])]
    share = plan["throughput_requests"] // plan["concurrency"]
    errors = []

    headers = [_conditional_headers(s, route) for s in sessions]

    def work(session, headers):
        for _ in range(share):
            status, _body, _seconds = session.request("GET", route["path"], headers=headers)
            if status != _expected(route):
                errors.append(status)

    pairs = zip(sessions, headers, strict=True)
    threads = [threading.Thread(target=work, args=pair) for pair in pairs]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for session in sessions:
        session.close()
    return {"per_second": share * len(sessions) / elapsed, "errors": len(errors)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--plan", required=True)
    args = parser.parse_args()
    with open(args.plan) as plan_file:
        plan = json.load(plan_file)
    results = measure_latency(args.port, plan)
    for route in plan["routes"]:
        throughput = measure_throughput(args.port, plan, route)
        results[route["name"]]["per_second"] = throughput["per_second"]
        results[route["name"]]["errors"] += throughput["errors"]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()

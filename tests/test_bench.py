"""The benchmark's query count check, small enough for every test run: no page's number of SQL
statements may grow with the number of organisations (an N+1 fails here before it ships); and
how a run reports issue 14's target beside the signed-in floor."""

from bench import dataset, queries

MEDIUM = dataset.Scale(
    networks=1,
    open_networks=1,
    organisations=30,
    participations=30,
    cases=30,
    meetings_per_network=2,
    hour_entries=300,
)


def test_page_query_counts_do_not_grow_with_organisations(tmp_path):
    counts = []
    for label, scale in (("small", queries.SMALL), ("medium", MEDIUM)):
        url = f"sqlite:///{tmp_path / label}.db"
        counts.append(queries.count_queries(url, dataset.build(url, scale)))
    assert counts[0] == counts[1]
    assert counts[0]["floor (layout, no query)"] == 0
    assert all(count > 0 for name, count in counts[0].items() if "leader" in name)
    # The pages of meetings, hours, cases and the calendar feeds are measured too.
    measured = set(counts[0])
    assert {
        "network progress (hours)",
        "meetings schedule",
        "meeting's registrations",
        "goals page",
        "network ICS",
        "leader's feed (200 meetings)",
        "leader's feed, 304",
        "participant's feed",
        "participant's dashboard",
        "leader's overview",
    } <= measured


def test_the_floor_exists_only_when_the_benchmark_asks_for_it(app):
    from network_app import create_app

    assert app.test_client().get("/_bench/floor").status_code == 404
    assert "bench.floor" not in {rule.endpoint for rule in app.url_map.iter_rules()}
    benchmarked = create_app({"TESTING": True, "SECRET_KEY": "x", "BENCH_FLOOR": True})
    response = benchmarked.test_client().get("/_bench/floor")
    assert response.status_code == 200 and "Mätgolv" in response.get_data(as_text=True)


def _figures(median_ms):
    return {
        "median_ms": median_ms,
        "p95_ms": median_ms,
        "per_second": 1000 / median_ms,
        "errors": 0,
    }


def test_the_run_says_which_signed_in_pages_miss_three_times_the_signed_in_floor(capsys):
    from bench.run import print_results

    results = {
        "floor (layout, no query)": _figures(1.0),
        "floor, signed in": _figures(2.0),
        "leader's overview": _figures(5.9),  # 2.95× the signed-in floor
        "meeting page": _figures(6.2),  # 3.10×
        "login page": _figures(9.0),  # signed out: beside the floor only
    }
    print_results("sqlite", results)
    printed = capsys.readouterr().out
    assert "(issue 14): MISSED: meeting page 3.10×" in printed
    assert "leader's overview 2.95" not in printed.split("(issue 14)")[1]

    results["meeting page"] = _figures(5.8)
    print_results("sqlite", results)
    assert "(issue 14): met" in capsys.readouterr().out

"""The benchmark's query count check, small enough for every test run: no page's number of SQL
statements may grow with the number of organisations (an N+1 fails here before it ships)."""

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

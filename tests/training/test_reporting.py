"""What the training reached: the SQL sums against a recount in Python, the filters, the list of
register entries never reached, the Excel export and the chart."""

import io
import random
from collections import Counter, defaultdict
from datetime import date

import pytest
from openpyxl import load_workbook
from PIL import Image

from network_app.extensions import db
from network_app.networks.models import JointMember, ParticipationStatus
from network_app.register import services as register_services
from network_app.register.models import EntryKind
from network_app.training import reporting
from network_app.training.models import Delivery, SeminarLength, TrainingStatus
from tests import factories
from tests.training.helpers import BODEN, MALMO, NACKA, VGR, make_request

pytestmark = pytest.mark.usefixtures("register_loaded")
STATUSES = [TrainingStatus.HELD] * 3 + [
    TrainingStatus.CANCELLED,
    TrainingStatus.SCHEDULED,
    TrainingStatus.REQUESTED,
]


@pytest.fixture
def trainings():
    """Sixty requests at every status over the years since 2017, in random places and formats."""
    rng = random.Random(15)
    codes = [e.code for e in register_services.entries()]
    made = []
    for _ in range(60):
        status = rng.choice(STATUSES)
        made.append(
            make_request(
                rng.choice(codes),
                status=status,
                training_on=date(rng.randint(2017, 2026), rng.randint(1, 12), rng.randint(1, 28)),
                participants=rng.randint(5, 120),
                length=rng.choice(list(SeminarLength)),
                delivery=rng.choice(list(Delivery)),
            )
        )
    db.session.commit()
    return made


def _recount(trainings, key, keep=lambda t: True):
    sums = defaultdict(lambda: [0, 0])
    for training in trainings:
        if training.status == TrainingStatus.HELD and keep(training):
            sums[key(training)][0] += 1
            sums[key(training)][1] += training.participants
    return {k: tuple(v) for k, v in sums.items()}


def _as_dict(rows):
    return {row.key: (row.trainings, row.participants) for row in rows}


def test_the_sums_match_a_recount(trainings):
    everything = reporting.Filters()
    entry = {e.code: e for e in register_services.entries()}
    assert _as_dict(reporting.by_year(everything)) == _recount(
        trainings, lambda t: t.training_on.year
    )
    assert _as_dict(reporting.by_county(everything)) == _recount(
        trainings, lambda t: entry[t.register_code].county_code
    )
    assert _as_dict(reporting.by_kind(everything)) == _recount(
        trainings, lambda t: entry[t.register_code].kind
    )
    assert _as_dict(reporting.by_format(everything)) == _recount(
        trainings, lambda t: (t.length, t.delivery)
    )
    assert _as_dict(reporting.by_organisation(everything)) == _recount(
        trainings, lambda t: t.register_code
    )
    held = [t for t in trainings if t.status == TrainingStatus.HELD]
    total = reporting.total(everything)
    assert (total.trainings, total.participants) == (
        len(held),
        sum(t.participants for t in held),
    )
    assert total.trainings > 0 and len(held) < len(trainings)


def test_each_table_adds_up_to_the_total(trainings):
    everything = reporting.Filters()
    total = reporting.total(everything)
    for rows in (
        reporting.by_year(everything),
        reporting.by_county(everything),
        reporting.by_kind(everything),
        reporting.by_format(everything),
        reporting.by_organisation(everything),
    ):
        assert sum(r.trainings for r in rows) == total.trainings
        assert sum(r.participants for r in rows) == total.participants


def test_the_filters_narrow_the_sums_like_a_recount(trainings):
    entry = {e.code: e for e in register_services.entries()}
    year = Counter(t.training_on.year for t in trainings if t.status == TrainingStatus.HELD)
    busiest = year.most_common(1)[0][0]
    filters = reporting.Filters(
        year=busiest, kind=EntryKind.MUNICIPALITY, delivery=Delivery.ON_SITE
    )

    def keep(t):
        return (
            t.training_on.year == busiest
            and entry[t.register_code].kind == EntryKind.MUNICIPALITY
            and t.delivery == Delivery.ON_SITE
        )

    assert _as_dict(reporting.by_county(filters)) == _recount(
        trainings, lambda t: entry[t.register_code].county_code, keep
    )
    county = next(iter(_recount(trainings, lambda t: entry[t.register_code].county_code)))
    by_county = reporting.Filters(county_code=county, length=SeminarLength.LONG)
    assert _as_dict(reporting.by_year(by_county)) == _recount(
        trainings,
        lambda t: t.training_on.year,
        lambda t: entry[t.register_code].county_code == county and t.length == SeminarLength.LONG,
    )


@pytest.mark.parametrize(
    "filters",
    [
        reporting.Filters(),
        reporting.Filters(kind=EntryKind.MUNICIPALITY, delivery=Delivery.ON_SITE),
        reporting.Filters(year=2020, length=SeminarLength.LONG),
        reporting.Filters(year=1999),  # nothing held: a total of zero, empty tables
    ],
)
def test_the_pages_single_statement_gives_each_sum_in_its_order(trainings, filters):
    assert reporting.figures(filters) == {
        "total": reporting.total(filters),
        "per_year": reporting.by_year(filters),
        "per_county": reporting.by_county(filters),
        "per_kind": reporting.by_kind(filters),
        "per_format": reporting.by_format(filters),
        "per_organisation": reporting.by_organisation(filters),
    }


def test_never_reached_leaves_out_those_trained_or_in_a_network():
    make_request(MALMO, status=TrainingStatus.HELD)
    make_request(BODEN, status=TrainingStatus.CANCELLED)  # a cancelled training reached nobody
    make_request(VGR, status=TrainingStatus.SCHEDULED)  # not held yet
    network = factories.make_network()
    nacka = factories.make_organisation("Nacka kommun")
    nacka.register_code = NACKA
    factories.make_participation(network, nacka, ParticipationStatus.ACCEPTED)
    emmaboda = factories.make_organisation("Emmaboda kommun")
    emmaboda.register_code = "0862"
    factories.make_participation(network, emmaboda, ParticipationStatus.DECLINED)
    # Gällivare takes part jointly with Nacka's participation (samverkanslösning).
    gallivare = factories.make_organisation("Gällivare kommun")
    gallivare.register_code = "2523"
    db.session.add(
        JointMember(
            network_id=network.id,
            participation_id=nacka.participations[0].id,
            organisation_id=gallivare.id,
        )
    )
    db.session.commit()
    codes = [e.code for e in reporting.never_reached()]
    assert len(codes) == 311 - 3 and len(set(codes)) == len(codes)
    assert MALMO not in codes and NACKA not in codes and "2523" not in codes
    assert {BODEN, VGR, "0862"} <= set(codes)


def test_the_excel_export_holds_the_same_figures(client, auth, world, trainings):
    auth.login(world.leader)
    response = client.get("/training/report.xlsx?delivery=remote")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("no-store")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == [
        "Genomförda",
        "Per år",
        "Per län",
        "Per typ",
        "Per upplägg",
        "Per organisation",
        "Inte nådda",
    ]
    remote = reporting.Filters(delivery=Delivery.REMOTE)
    years = {row[0]: (row[1], row[2]) for row in book["Per år"].iter_rows(2, values_only=True)}
    total = reporting.total(remote)
    assert years.pop("Summa") == (total.trainings, total.participants)
    assert years == {r.label: (r.trainings, r.participants) for r in reporting.by_year(remote)}
    held = list(book["Genomförda"].iter_rows(2, values_only=True))
    assert len(held) == total.trainings + 1  # and the sum row
    assert all(row[5] == "På distans" for row in held[:-1])
    assert book["Inte nådda"].max_row == 1 + len(reporting.never_reached())


def test_the_report_page_shows_the_chart_with_alt_text_and_the_figures(client, auth, world):
    make_request(MALMO, status=TrainingStatus.HELD, training_on=date(2019, 5, 2), participants=40)
    make_request(VGR, status=TrainingStatus.HELD, training_on=date(2021, 9, 9), participants=25)
    make_request(BODEN, status=TrainingStatus.CANCELLED)
    db.session.commit()
    auth.login(world.leader)
    page = client.get("/training/report").get_data(as_text=True)
    assert 'alt="Diagram: genomförda utbildningar per år. 2019: 1; 2021: 1."' in page
    assert "2 genomförda utbildningar" in page and "65 deltagare" in page
    assert "309 av registrets 311 kommuner och regioner" in page
    chart = client.get("/training/report/chart.png")
    assert chart.mimetype == "image/png"
    assert Image.open(io.BytesIO(chart.data)).size[0] > 300
    filtered = client.get("/training/report?year=2019&county=nonsense&kind=x").get_data(
        as_text=True
    )
    assert "1 genomförd utbildning" in filtered and "40 deltagare" in filtered


def test_the_report_page_makes_a_bounded_number_of_queries(client, auth, world, count_queries):
    for code in (MALMO, VGR, BODEN, NACKA):
        make_request(code, status=TrainingStatus.HELD)
    db.session.commit()
    auth.login(world.leader)
    with count_queries() as counter:
        client.get("/training/report")
    few = counter.count
    for code in ("0114", "0115", "0117", "0120", "0123"):
        make_request(code, status=TrainingStatus.HELD)
    db.session.commit()
    with count_queries() as counter:
        client.get("/training/report")
    assert counter.count == few

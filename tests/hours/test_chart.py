"""The burn-up SVG: no inline style or script, names escaped, and a month-by-month alternative."""

from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale

from network_app.hours import chart
from network_app.hours.progress import CumulativeSeries, OrganisationProgress, ProgressStatus
from tests import factories


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def _series():
    return [
        CumulativeSeries(1, "<script>Ond</script> kommun", ((date(2026, 2, 1), Decimal("3.00")),)),
        CumulativeSeries(2, "Nacka kommun", ()),
    ]


def test_svg_has_no_style_or_script_and_escapes_names(app):
    network = factories.make_network()
    svg = str(chart.burnup_svg(network, _series(), date(2026, 3, 15)))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "style=" not in svg and "<script" not in svg.lower()
    assert svg.count('class="burnup-line ') == 2
    assert "i dag" in svg


def test_monthly_totals_carry_the_running_total_to_each_months_end(app):
    network = factories.make_network()
    labels, rows = chart.monthly_totals(network, _series(), date(2026, 3, 15))
    assert len(labels) == 3  # January, February, March (to today)
    assert rows[0][1] == [Decimal("0.00"), Decimal("3.00"), Decimal("3.00")]
    assert rows[1][1] == [Decimal("0.00")] * 3


def test_progress_bar_is_decorative_and_styled_by_class(app):
    progress = OrganisationProgress(
        participation_id=None,
        organisation_name="X",
        hours=Decimal("12"),
        person_hours=Decimal("30"),
        target_low=30,
        target_high=40,
        expected_by_today=Decimal("14.96"),
        status=ProgressStatus.BEHIND,
    )
    svg = str(chart.progress_bar_svg(progress))
    assert 'aria-hidden="true"' in svg and "style=" not in svg
    assert "hours-bar-behind" in svg


def test_a_kept_chart_is_drawn_again_when_the_figures_the_target_or_the_language_change(app):
    network = factories.make_network()
    today = date(2026, 3, 15)
    first = chart.burnup_svg(network, _series(), today)
    assert chart.burnup_svg(network, _series(), today) is first  # kept, not drawn again
    more = [CumulativeSeries(1, "Nacka kommun", ((date(2026, 2, 1), Decimal("5.00")),))]
    assert chart.burnup_svg(network, more, today) != first
    network.target_hours_max += 10
    assert chart.burnup_svg(network, _series(), today) != first
    network.target_hours_max -= 10
    with force_locale("en"):
        english = str(chart.burnup_svg(network, _series(), today))
    assert "Hours" in english and "Timmar" in str(first)

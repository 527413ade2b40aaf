"""The burn-up chart as server-rendered SVG (styled by classes in app.css, no inline style, no
script), and the same figures month by month as its text alternative."""

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from babel.dates import format_date
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

WIDTH, HEIGHT = 760, 380
LEFT, RIGHT, TOP, BOTTOM = 56, 44, 34, 44
LINE_STYLES = 6  # burnup-line-0 … burnup-line-5 in app.css: colour and dash pattern differ


@dataclass(frozen=True)
class _Scale:
    starts_on: date
    days: int
    top_hours: int

    def x(self, day):
        offset = min(max((day - self.starts_on).days, 0), self.days)
        return round(LEFT + offset / self.days * (WIDTH - LEFT - RIGHT), 1)

    def y(self, hours):
        return round(TOP + (1 - float(hours) / self.top_hours) * (HEIGHT - TOP - BOTTOM), 1)


def _scale(network, series):
    highest = max((float(p[-1][1]) for s in series if (p := s.points)), default=0)
    top = max(network.target_hours_max * 1.15, highest * 1.05)
    return _Scale(
        network.starts_on,
        max((network.ends_on - network.starts_on).days + 1, 1),
        int(-(-top // 10) * 10),
    )


def _month_starts(network):
    day = network.starts_on.replace(day=1)
    while day <= network.ends_on:
        if day >= network.starts_on:
            yield day
        day = (day + timedelta(days=32)).replace(day=1)


@functools.lru_cache(maxsize=256)
def _month_label(month, locale_name):
    """A month's short name in a locale: babel's formatting took a third of the chart's time."""
    return str(escape(format_date(month, "MMM", locale=locale_name)))


def _axes(network, scale):
    parts = []
    bottom = HEIGHT - BOTTOM
    for hours in range(0, scale.top_hours + 1, 10):
        y = scale.y(hours)
        parts.append(
            f'<line class="burnup-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>'
            f'<text class="burnup-axis" x="{LEFT - 8}" y="{y + 4}" text-anchor="end">{hours}</text>'
        )
    locale = str(get_locale())
    for month in _month_starts(network):
        x = scale.x(month)
        label = _month_label(month, locale)
        parts.append(
            f'<line class="burnup-tick" x1="{x}" x2="{x}" y1="{bottom}" y2="{bottom + 5}"/>'
            f'<text class="burnup-axis" x="{x + 3}" y="{bottom + 20}">{label}</text>'
        )
    # _() outside the f-strings: pybabel does not look inside them on Python 3.11
    axis_label = escape(_("Timmar"))
    parts.append(
        f'<line class="burnup-axis-line" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{bottom}" '
        f'y2="{bottom}"/><text class="burnup-axis" x="4" y="14">{axis_label}</text>'
    )
    return parts


def _target(network, scale, today):
    high, low = scale.y(network.target_hours_max), scale.y(network.target_hours_min)
    start, end = scale.x(network.starts_on), scale.x(network.ends_on)
    band_label = escape(
        _(
            "Målintervall %(low)d–%(high)d h",
            low=network.target_hours_min,
            high=network.target_hours_max,
        )
    )
    parts = [
        f'<rect class="burnup-band" x="{LEFT}" y="{high}" width="{WIDTH - RIGHT - LEFT}" '
        f'height="{round(low - high, 1)}"/>',
        f'<text class="burnup-band-label" x="{LEFT + 6}" y="{high + 14}">{band_label}</text>',
        f'<line class="burnup-pace" x1="{start}" y1="{scale.y(0)}" x2="{end}" y2="{low}"/>',
    ]
    if network.starts_on <= today <= network.ends_on:
        x = scale.x(today)
        today_label = escape(_("i dag"))
        parts.append(
            f'<line class="burnup-today" x1="{x}" x2="{x}" y1="{TOP - 14}" y2="{HEIGHT - BOTTOM}"/>'
            f'<text class="burnup-axis" x="{x + 4}" y="{TOP - 6}">{today_label}</text>'
        )
    return parts


class _DayPositions:
    """Each day's x, computed and written once per chart: the organisations' weekly points fall
    on the same days."""

    def __init__(self, scale):
        self.scale = scale
        self._texts = {}

    def __call__(self, day):
        if (text := self._texts.get(day)) is None:
            text = self._texts[day] = str(self.scale.x(day))
        return text


def _line(index, series, x_of, until):
    """A step line: the total stays flat between days with entries and rises on each.
    Returns the polyline and where the line ends, for its number."""
    scale = x_of.scale
    previous_y = str(scale.y(0))
    points = [f"{x_of(scale.starts_on)},{previous_y}"]
    # Each x and y once per point (a network's year holds hundreds of points).
    for day, so_far in series.points:
        x, y = x_of(day), str(scale.y(so_far))
        points.append(f"{x},{previous_y} {x},{y}")
        previous_y = y
    end = (scale.x(until), float(previous_y))
    points.append(f"{end[0]},{previous_y}")
    line = (
        f'<polyline class="burnup-line burnup-line-{index % LINE_STYLES}" '
        f'points="{" ".join(points)}"/>'
    )
    return line, end


LABEL_GAP = 12  # px between the numbers at the lines' ends, so that close lines stay readable


def _end_labels(ends):
    """Each line's number at its end, moved up where lines end close together (the lowest
    stays on its line, so no number drops below the axis)."""
    placed, last_y = [], None
    for y, x, index in sorted(((y, x, i) for i, (x, y) in enumerate(ends)), reverse=True):
        y = y if last_y is None else min(y, last_y - LABEL_GAP)
        last_y = y
        style = index % LINE_STYLES
        placed.append(
            f'<text class="burnup-line-label burnup-text-{style}" x="{x + 4}" '
            f'y="{round(y + 4, 1)}">{index + 1}</text>'
        )
    return placed


@dataclass(frozen=True)
class _Period:
    """What the chart reads of a network: its dates and target band."""

    starts_on: date
    ends_on: date
    target_hours_min: int
    target_hours_max: int


def burnup_svg(network, series, today, *, ids="burnup", title=None, description=None):
    """Each organisation's running total against the target band and the even pace. ids: the
    prefix of the title's and description's ids (unique on a page with several charts).

    The same figures in the same language give the same chart: it is kept (in each process)
    rather than drawn again for every request, the progress page's largest cost."""
    title = title or _("Timmar över tid per organisation")
    description = description or _(
        "Kurvorna visar varje organisations sammanlagda timmar från nätverkets start. Det "
        "skuggade fältet är målintervallet och den streckade linjen den jämna takten mot det "
        "lägre målet. Siffran vid kurvans slut är organisationens nummer i förklaringen."
    )
    period = _Period(
        network.starts_on, network.ends_on, network.target_hours_min, network.target_hours_max
    )
    return _burnup_svg(period, tuple(series), today, ids, title, description, str(get_locale()))


@functools.lru_cache(maxsize=64)
def _burnup_svg(network, series, today, ids, title, description, _locale):
    scale = _scale(network, series)
    until = min(max(today, network.starts_on), network.ends_on)
    ids = escape(ids)
    parts = [
        f'<svg class="burnup" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ids}-title {ids}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ids}-title">{escape(title)}</title>',
        f'<desc id="{ids}-desc">{escape(description)}</desc>',
        *_axes(network, scale),
        *_target(network, scale, today),
    ]
    if today >= network.starts_on:
        x_of = _DayPositions(scale)
        lines = [_line(i, s, x_of, until) for i, s in enumerate(series)]
        parts += [polyline for polyline, end in lines]
        parts += _end_labels([end for polyline, end in lines])
    parts.append("</svg>")
    # Every text above is escaped.
    return Markup("".join(parts))  # noqa: S704  # nosec B704


def monthly_totals(network, series, today):
    """(month labels, [(organisation, [hours at each month's end])]) up to today."""
    until = min(today, network.ends_on)
    ends = []
    for start in _month_starts(network):
        if start > until:
            break
        month_end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        ends.append(min(month_end, until))
    locale = get_locale()
    labels = [format_date(day, "MMM yyyy", locale=locale) for day in ends]
    rows = []
    for s in series:
        # The points are in date order: one pass over them for all the months.
        values, points, reached = [], iter(s.points), Decimal("0.00")
        point = next(points, None)
        for end in ends:
            while point is not None and point[0] <= end:
                reached = point[1]
                point = next(points, None)
            values.append(reached)
        rows.append((s.organisation_name, values))
    return labels, rows


BAR_WIDTH, BAR_HEIGHT = 400, 34


def progress_bar_svg(progress):
    """A bar of the hours logged over the target band, with a mark at today's even pace.

    Decorative (aria-hidden): the same figures stand beside it as text."""
    top = max(progress.target_high * 1.15, float(progress.hours) * 1.05, 1)

    def x(hours):
        return round(float(hours) / top * BAR_WIDTH, 1)

    low, high = x(progress.target_low), x(progress.target_high)
    pace = x(progress.expected_by_today)
    # Numbers only.
    return Markup(  # noqa: S704  # nosec B704
        f'<svg class="hours-bar" viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}" aria-hidden="true" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<rect class="hours-bar-track" x="0" y="8" width="{BAR_WIDTH}" height="18"/>'
        f'<rect class="hours-bar-band" x="{low}" y="8" width="{round(high - low, 1)}" height="18"/>'
        f'<rect class="hours-bar-fill hours-bar-{progress.status.value}" x="0" y="12" '
        f'width="{x(progress.hours)}" height="10"/>'
        f'<line class="hours-bar-pace" x1="{pace}" x2="{pace}" y1="2" y2="32"/>'
        "</svg>"
    )

"""The learning example and the compiled network report: report data -> DOCX bytes.

Pure functions of the dataclasses in data.py (what the documents say, in which order, in the
reader's language); docx_writer knows what Word needs.
"""

from datetime import date

from network_app.cases import figures
from network_app.cases.risk_levels import level_band
from network_app.i18n import gettext as _
from network_app.i18n import ngettext, once_per_report
from network_app.reports.assignments_section import write_assignments
from network_app.reports.chart import bar_chart_png, heat_colour, heat_map_png, hours_number
from network_app.reports.docx_writer import APPLICATION_VERSION, Writer
from network_app.reports.synthesis import synthesise

BAND_FILLS = {"low": "C6E0B4", "medium": "FFE699", "high": "F4B183", "very_high": "E06666"}
GROUP_WIDTHS = {2: [8, 8], 3: [6, 5.5, 4.5], 5: [3.6, 3.3, 2.6, 4.4, 2.1]}
PUBLISHER = "Sveriges Kommuner och Regioner (SKR)"
STATE_FILLS = {"missing": "F2F2F2", "in_progress": "FFF2CC", "done": "E2EFDA"}


def _hours(minutes):
    """Quarter hours as on the hours pages: 27,25 and 28 rather than 27,2 and 28,0."""
    return hours_number(minutes / 60)


def _hours_words(minutes, *, person=False):
    """'1 timme', '1,5 timmar': Swedish singular only for exactly one hour."""
    one = 1 if minutes == 60 else 2
    if person:
        return ngettext("%(h)s persontimme", "%(h)s persontimmar", one, h=_hours(minutes))
    return ngettext("%(h)s timme", "%(h)s timmar", one, h=_hours(minutes))


def _day(value):
    return value.isoformat() if isinstance(value, date) else ""


def _bars_alt(title, bars):
    parts = ", ".join(f"{bar.label} {_hours(bar.minutes)} h" for bar in bars)
    return f"{title}: {parts}." if parts else title


def _version(now):
    """The document's version: the app's version and the moment it was written (UTC)."""
    return f"{APPLICATION_VERSION}.{now:%Y%m%d.%H%M}"


def _writer(title, author, subject, now):
    return Writer(
        title=title,
        author=author,
        subject=subject,
        now=now,
        category=_("Lärande exempel"),
        keywords=_("hot och hat mot förtroendevalda; lärande exempel"),
        footer_label=_("Sida"),
        version=_version(now),
    )


def _period(starts_on, ends_on):
    if not (starts_on or ends_on):
        return ""
    return f"{_day(starts_on)} – {_day(ends_on)}"


def _cover(w, title, facts, now, *, anonymised, notes=(), toc_depth=2):
    """The cover page: title, which variant, what the document covers, who publishes it,
    when and which version; then the table of contents on a page of its own."""
    w.paragraph(title, style="Title", space_before=3 * 567)  # a third of the page lower
    w.paragraph(
        _("Avidentifierad version för publicering")
        if anonymised
        else _("Arbetsversion med namn, inte för publicering"),
        style="Subtitle",
    )
    for label_text, value in [
        *facts,
        (_("Utgivare"), PUBLISHER),
        (_("Datum"), now.date().isoformat()),
        (_("Version"), _version(now)),
    ]:
        w.fact(label_text, value)
    for note in notes:
        if note:
            w.paragraph(note)
    w.page_break()
    w.paragraph(_("Innehåll"), style="TOCHeading")
    w.table_of_contents(depth=toc_depth)
    w.page_break()


def _approval_line(example):
    """Approved and when, never by whom (the one who approves is a person of the group)."""
    if example.approved_at:
        return _(
            "Godkänt för publicering den %(when)s.", when=example.approved_at.date().isoformat()
        )
    return _("Inte godkänt för publicering av organisationens kontaktperson.")


# The learning example


def _case_sentences(example):
    """How many political processes are reviewed (the goals page's figure) and which are only
    chosen so far, in Swedish singular and plural."""
    reviewed = [c.title for c in example.cases if c.reviewed]
    waiting = [c.title for c in example.cases if not c.reviewed]
    count = example.cases_reviewed
    sentence = ngettext(
        "Gruppen har genomlyst %(num)d politisk process",
        "Gruppen har genomlyst %(num)d politiska processer",
        count,
    )
    sentences = [sentence + (": " + ", ".join(reviewed) if reviewed else "") + "."]
    if waiting:
        chosen = ngettext(
            "Vald men inte genomlyst ännu", "Valda men inte genomlysta ännu", len(waiting)
        )
        sentences.append(chosen + ": " + ", ".join(waiting) + ".")
    return sentences


def _summary(w, example, level):
    w.heading(_("Sammanfattning"), level)
    w.text(
        " ".join(
            [
                _(
                    "%(org)s deltar i %(network)s.",
                    org=example.organisation,
                    network=example.network,
                ),
                *_case_sentences(example),
                _(
                    "Av kapitel 5-checklistan för organisationens system är %(done)d av %(total)d "
                    "punkter klara.",
                    done=example.checklist.done,
                    total=example.checklist.total,
                ),
                _(
                    "Gruppen har arbetat %(hours)s på hemmaplan (mål %(low)d–%(high)d timmar).",
                    hours=_hours_words(example.hours.minutes),
                    low=example.hours.target_low,
                    high=example.hours.target_high,
                ),
            ]
        )
    )
    if example.anonymised and level > 1:  # a learning example of its own has it on its cover
        w.text(_approval_line(example))


def _group(w, example, level):
    w.heading(_("Organisationen och gruppen"), level)
    w.text(example.background)
    contact = " – " + _("kontaktperson")
    if example.anonymised:
        headers = [_("Titel"), _("Roll")]
        rows = [[m.title, m.kind + (contact if m.is_contact else "")] for m in example.members]
    else:
        headers = [_("Namn"), _("Titel"), _("Roll")]
        rows = [
            [m.name + (" (" + _("kontaktperson") + ")" if m.is_contact else ""), m.title, m.kind]
            for m in example.members
        ]
        if any(m.email or m.phone for m in example.members):
            headers += [_("E-post"), _("Telefon")]
            rows = [row + [m.email, m.phone] for row, m in zip(rows, example.members, strict=True)]
    if rows:
        w.table(headers, rows, widths=GROUP_WIDTHS[len(headers)])
    else:
        w.text(_("Gruppen har inga medlemmar registrerade."))


def _risk_section(w, case, level):
    w.heading(_("Riskanalys"), level)
    if not case.risks:
        w.text(_("Ingen risk är dokumenterad ännu."))
        return
    rows = [
        [
            str(r.number),
            r.description,
            r.targets,
            str(r.likelihood),
            str(r.consequence),
            f"{r.band_label} ({r.level})",
            r.owner,
        ]
        for r in case.risks
    ]
    fills = {(i, 5): BAND_FILLS[r.band] for i, r in enumerate(case.risks)}
    w.table(
        [
            _("Nr"),
            _("Risk"),
            _("Riktas mot"),
            _("Sannolikhet"),
            _("Konsekvens"),
            _("Nivå"),
            _("Ansvarig"),
        ],
        rows,
        fills=fills,
        widths=[1.0, 4.2, 2.4, 2.1, 2.1, 2.0, 2.2],
    )
    _risk_matrix(w, case)


def _risk_matrix(w, case):
    w.text(
        _(
            "Riskmatris: sannolikhet (rader) mot konsekvens (kolumner). I varje ruta står "
            "nivån och numren på riskerna där."
        ),
        keep_next=True,
    )
    rows, fills = [], {}
    for row_index, likelihood in enumerate(range(4, 0, -1)):
        row = [_("Sannolikhet %(n)d", n=likelihood)]
        for consequence in range(1, 5):
            level = likelihood * consequence
            band, label = level_band(level)
            numbers = [
                str(r.number)
                for r in case.risks
                if r.likelihood == likelihood and r.consequence == consequence
            ]
            row.append(f"{label} ({level})" + (": " + ", ".join(numbers) if numbers else ""))
            fills[(row_index, consequence)] = BAND_FILLS[band]
        rows.append(row)
    w.table(
        [""] + [_("Konsekvens %(n)d", n=c) for c in range(1, 5)],
        rows,
        fills=fills,
        widths=[3.2, 3.2, 3.2, 3.2, 3.2],
        bold_rows=(),
    )


def _measures_section(w, case, level):
    w.heading(_("Åtgärder och kommunikation"), level)
    for risk in case.risks:
        if risk.measures:
            # _() outside f-strings: pybabel does not look inside them on Python 3.11
            owner = " (" + _("ansvarig: %(owner)s", owner=risk.owner) + ")" if risk.owner else ""
            w.fact(_("Risk %(n)d", n=risk.number), risk.measures + owner, style="ListBullet")
    if case.communications:
        w.text(_("Proaktiv kommunikation före beslutet:"), keep_next=True)
        w.table(
            [_("När"), _("Vad som sägs"), _("Kanal"), _("Till vilka")],
            [[_day(c.planned_on), c.message, c.channel, c.audience] for c in case.communications],
            widths=[2.5, 7.5, 3, 3],
        )
    for group, methods in case.methods:
        w.fact(group, ", ".join(methods))
    w.fact(_("Skillnader i hur kvinnor och män utsätts"), case.gender_perspective)
    w.fact(_("Andra särskilt utsatta grupper"), case.exposed_groups)


def _case_section(w, case, level):
    w.heading(_("Case: %(title)s", title=case.title), level)
    for label, value in (
        (_("Status"), case.status),
        (_("Genomlyst"), _("Ja") if case.reviewed else _("Inte ännu")),
        (_("Typ av beslut"), case.decision_kind),
        (_("Beslutande organ"), case.deciding_body),
        (_("Väntat beslutsdatum"), _day(case.decision_expected_on)),
        (_("Vilka berörs"), case.affected),
        (_("Vilka kan reagera"), case.could_react),
    ):
        w.fact(label, value)
    w.text(case.description)
    _risk_section(w, case, level + 1)
    _measures_section(w, case, level + 1)
    if case.journal:
        w.heading(_("Journal"), level + 1)
        w.table(
            [_("Datum"), _("Anteckning")],
            [[_day(j.written_on), j.text] for j in case.journal],
            widths=[3, 13],
        )


def _checklist_section(w, checklist, level):
    w.heading(_("Organisationens system"), level)
    for label, value in (
        (_("Ansvarsnivå"), checklist.level),
        (_("Styrande dokument"), checklist.document_status),
        (_("Dokumentets namn"), checklist.document_title),
        (_("Beslutat av"), checklist.decided_by),
        (_("Beslutsdatum"), _day(checklist.decided_on)),
        (_("Checklistan (kapitel 5)"), figures.checklist_text(checklist.done, checklist.total)),
    ):
        w.fact(label, value)
    rows, fills, section_rows = [], {}, set()
    for section in checklist.sections:
        section_rows.add(len(rows))
        rows.append([section.title, "", ""])
        for text, state_label, state, note in section.items:
            fills[(len(rows), 1)] = STATE_FILLS[state]
            rows.append([text, state_label, note])
    w.table(
        [_("Punkt (kapitel 5)"), _("Läge"), _("Anteckning")],
        rows,
        fills=fills,
        widths=[7.5, 2.5, 6],
        bold_rows=section_rows,
    )


def _hours_section(w, example, level):
    hours = example.hours
    w.heading(_("Arbete på hemmaplan"), level)
    w.text(
        _(
            "Totalt %(hours)s (%(person)s). Målet är %(low)d–%(high)d timmar.",
            hours=_hours_words(hours.minutes),
            person=_hours_words(hours.person_minutes, person=True),
            low=hours.target_low,
            high=hours.target_high,
        )
    )
    if hours.by_period:
        w.table(
            [_("Period"), _("Timmar")],
            [[bar.label, _hours(bar.minutes)] for bar in hours.by_period],
            widths=[8, 8],
        )
    if hours.by_activity:
        w.table(
            [_("Aktivitet"), _("Timmar")],
            [[bar.label, _hours(bar.minutes)] for bar in hours.by_activity],
            widths=[8, 8],
        )
        png = bar_chart_png([(bar.label, bar.minutes / 60) for bar in hours.by_activity])
        title = _("Timmar per aktivitet")
        w.picture(png, _bars_alt(title, hours.by_activity), width_cm=14, title=title)


def _meetings_section(w, example, level):
    w.heading(_("Nätverksträffar"), level)
    if not example.meetings:
        w.text(_("Inga träffar är registrerade."))
        return
    attended = {True: _("Ja"), False: _("Nej"), None: _("Kommande")}
    w.table(
        [_("Datum"), _("Träff"), _("Typ"), _("Deltog")],
        [[_day(m.starts_on), m.title, m.kind, attended[m.attended]] for m in example.meetings],
        widths=[2.4, 6.6, 4.5, 2.5],
    )


def _lessons_section(w, example, level):
    w.heading(_("Lärdomar"), level)
    if not example.lessons:
        w.text(_("Inga lärdomar är dokumenterade ännu."))
    for title, lessons in example.lessons:
        if len(example.cases) > 1:
            w.heading(title, level + 1)
        w.text(lessons)


def write_learning_example(w, example, level):
    """The chapters of one learning example, its top sections at heading `level`."""
    _summary(w, example, level)
    _group(w, example, level)
    if not example.cases:
        w.heading(_("Case"), level)
        w.text(_("Gruppen har inte valt något case ännu."))
    for case in example.cases:
        _case_section(w, case, level)
    _checklist_section(w, example.checklist, level)
    _hours_section(w, example, level)
    _meetings_section(w, example, level)
    write_assignments(w, example, level)
    _lessons_section(w, example, level)


@once_per_report()
def build_learning_example(example):
    """One organisation's learning example as DOCX bytes."""
    title = _("Lärande exempel: %(org)s", org=example.organisation)
    w = _writer(title, example.author, example.network, example.generated_at)
    _cover(
        w,
        title,
        [
            (_("Nätverk"), example.network),
            (_("Organisation"), example.organisation),
            (_("Period"), _period(example.starts_on, example.ends_on)),
        ],
        example.generated_at,
        anonymised=example.anonymised,
        notes=[_approval_line(example) if example.anonymised else ""],
    )
    write_learning_example(w, example, 1)
    return w.bytes()


# The compiled network report


def _goal_table(w, report):
    """The goals page's table: the system as it is (points, document, Nivå), not a yes/no."""
    rows, fills = [], {}
    for index, goal in enumerate(report.goals):
        reached = goal.minutes >= report.target_low * 60
        rows.append(
            [
                goal.organisation,
                "\n".join(figures.system_lines(goal, short=True)),
                figures.reviewed_text(goal.cases_reviewed, goal.cases),
                _hours(goal.minutes) + (" (" + _("målet nått") + ")" if reached else ""),
                f"{goal.meetings_attended} / {goal.meetings_total}",
                _("Godkänt") if goal.approved else _("Inte godkänt"),
            ]
        )
        fills[(index, 2)] = STATE_FILLS["done" if goal.case_reviewed else "missing"]
    w.table(
        [
            _("Organisation"),
            _("Systemet"),
            _("Genomlysta"),
            _("Timmar"),
            _("Träffar"),
            _("Godkänt"),
        ],
        rows,
        fills=fills,
        widths=[3.8, 3.9, 2.6, 1.9, 1.8, 2.0],
    )
    w.text(
        _(
            "Systemet: klara punkter av kapitel 5, det styrande dokumentets läge och vald "
            "ansvarsnivå. Genomlysta: politiska processer vars riskanalys har minst en risk med "
            "åtgärder och vars proaktiva kommunikation är planerad till en dag före "
            "beslutsdatumet, av alla valda. Träffar: nätverksträffar med deltagande. Godkänt: "
            "kapitlet godkänt för publicering."
        )
    )


def _counted(count, one, many):
    """ "1 organisation", "2 organisationer": the noun given in both numbers, translated."""
    return f"{count} {one if count == 1 else many}"


def _organisation_count(count):
    return _counted(count, _("organisation"), _("organisationer"))


def _organisations(chapters):
    if len(chapters) > 8:
        return _("%(count)d organisationer", count=len(chapters))
    return ", ".join(chapter.organisation for chapter in chapters)


def _hex(colour):
    return "".join(f"{c:02X}" for c in colour)


def _coverage_alt(title, synthesis):
    """The heat map in words, every organisation and section whole."""
    rows = []
    for row in synthesis.coverage:
        cells = ", ".join(
            _("%(section)s %(done)d av %(total)d", section=title_, done=done, total=total)
            for title_, (done, total) in zip(synthesis.sections, row.sections, strict=True)
        )
        rows.append(
            _(
                "%(org)s: %(cells)s; totalt %(done)d av %(total)d",
                org=row.organisation,
                cells=cells,
                done=row.done,
                total=row.total,
            )
        )
    return f"{title}. " + ". ".join(rows) + "."


def _synthesis_section(w, report, chapters):
    """The network as a whole, from the chapters this report holds (in the publication
    variant only the approved ones)."""
    synthesis = synthesise(
        chapters,
        target_low=report.target_low,
        target_high=report.target_high,
        today=report.generated_at.date(),
        goals=report.goals,
    )
    w.heading(_("Nätverket som helhet"), 1)
    case_word = _("case")  # the same word in both numbers
    case_count = f"{synthesis.cases} {case_word}"
    w.text(
        _(
            "Sammanställningen bygger på kapitlen från %(orgs)s i den här rapporten, med "
            "sammanlagt %(cases)s.",
            orgs=_organisation_count(synthesis.organisations),
            cases=case_count,
        )
    )
    w.heading(_("Typer av beslut"), 2)
    if synthesis.decision_kinds:
        w.table(
            [_("Typ av beslut"), _("Case"), _("Organisationer")],
            [[k.kind, str(k.cases), ", ".join(k.organisations)] for k in synthesis.decision_kinds],
        )
    else:
        w.text(_("Inget case är valt ännu."))
    w.heading(_("Vanligaste riskerna och valda åtgärder"), 2)
    if synthesis.targets:
        w.text(_("Vilka riskerna riktas mot, flest risker först:"), keep_next=True)
        w.table(
            [_("Riktas mot"), _("Risker"), _("Organisationer")],
            [[t.targets, str(t.risks), ", ".join(t.organisations)] for t in synthesis.targets],
        )
    if synthesis.top_risks:
        w.text(
            _("De vanligaste riskerna, de högst bedömda först, och de valda åtgärderna:"),
            keep_next=True,
        )
        w.table(
            [_("Risk"), _("Riktas mot"), _("Högsta nivå"), _("Åtgärder"), _("Organisationer")],
            [
                [
                    r.description,
                    r.targets,
                    f"{r.band_label} ({r.level})",
                    "\n\n".join(r.measures),
                    ", ".join(r.organisations),
                ]
                for r in synthesis.top_risks
            ],
            fills={(i, 2): BAND_FILLS[r.band] for i, r in enumerate(synthesis.top_risks)},
        )
    else:
        w.text(_("Ingen risk är dokumenterad ännu."))
    w.heading(_("Metoder"), 2)
    if synthesis.methods:
        w.table(
            [_("Slag"), _("Metod"), _("Organisationer")],
            [[m.group, m.method, ", ".join(m.organisations)] for m in synthesis.methods],
        )
    else:
        w.text(_("Ingen metod är vald ännu."))
    w.heading(_("Organisationernas system (kapitel 5)"), 2)
    if synthesis.coverage:
        title = _("Kapitel 5-checklistans klara punkter i varje organisation och avsnitt")
        total_label = _("Totalt")
        png = heat_map_png(
            synthesis.sections,
            [(r.organisation, r.sections, r.done, r.total) for r in synthesis.coverage],
            total_label=total_label,
        )
        w.picture(png, _coverage_alt(title, synthesis), title=title)
        rows, fills = [], {}
        for index, row in enumerate(synthesis.coverage):
            cells = list(row.sections) + [(row.done, row.total)]
            rows.append([row.organisation] + [f"{d}/{t}" for d, t in cells])
            for column, (done, total) in enumerate(cells, start=1):
                fills[(index, column)] = _hex(heat_colour(done, total))
        # The sections by number: their names (the 2019 analysis's own, up to "(positivt
        # säkerhetsarbete)") do not fit eight columns of a page, and a word must not break.
        numbers = [_("Avsnitt %(n)d", n=n) for n in range(1, len(synthesis.sections) + 1)]
        w.table([_("Organisation")] + numbers + [total_label], rows, fills=fills)
        w.text(
            _(
                "Avsnitten: %(sections)s.",
                sections="; ".join(
                    f"{n} {title}" for n, title in enumerate(synthesis.sections, start=1)
                ),
            )
        )
        w.text(
            _(
                "Färgerna: grönt när alla punkter i avsnittet är klara, gult när minst hälften "
                "är det, rosa när några är det och grått när ingen är det."
            )
        )
    w.heading(_("Nivå, timmar och närvaro"), 2)
    if synthesis.lines:
        reached = sum(1 for line in synthesis.lines if line.minutes >= synthesis.target_low * 60)
        w.text(
            _(
                "%(reached)d av %(orgs)s har nått målet på %(low)d–%(high)d timmar på hemmaplan.",
                reached=reached,
                orgs=_organisation_count(len(synthesis.lines)),
                low=synthesis.target_low,
                high=synthesis.target_high,
            ),
            keep_next=True,
        )
        w.table(
            [
                _("Organisation"),
                _("Nivå"),
                _("Styrande dokument"),
                _(
                    "Timmar (mål %(low)d–%(high)d)",
                    low=synthesis.target_low,
                    high=synthesis.target_high,
                ),
                _("Nätverksträffar"),
            ],
            [
                [
                    line.organisation,
                    line.level,
                    line.document_status,
                    _hours(line.minutes),
                    f"{line.attended} / {line.held}",
                ]
                for line in synthesis.lines
            ],
        )
    w.heading(_("Lärdomar i nätverket"), 2)
    if not synthesis.lessons:
        w.text(_("Inga lärdomar är dokumenterade ännu."))
    for organisation, case_title, lessons in synthesis.lessons:
        w.fact(f"{organisation} ({case_title})", lessons)


@once_per_report()
def build_network_report(report):
    """The network, its meetings, goal attainment side by side and one chapter per organisation."""
    title = _("Nätverksrapport: %(name)s", name=report.name)
    w = _writer(title, report.author, report.name, report.generated_at)
    _cover(
        w,
        title,
        [
            (_("Nätverk"), report.name),
            (_("Organisationer"), _organisations(report.chapters)),
            (_("Period"), _period(report.starts_on, report.ends_on)),
        ],
        report.generated_at,
        anonymised=report.anonymised,
        toc_depth=1,  # the parts and the organisations; each chapter has the same sections
    )
    _synthesis_section(w, report, report.chapters)
    w.heading(_("Nätverket och dess mål"), 1)
    w.text(report.description)
    w.fact(_("Mål"), report.goal)
    w.heading(_("Träffarnas tidslinje"), 1)
    if report.meetings:
        w.table(
            [_("Datum"), _("Träff"), _("Typ")],
            [[_day(m.starts_on), m.title, m.kind] for m in report.meetings],
            widths=[3, 8.5, 4.5],
        )
    else:
        w.text(_("Inga träffar är registrerade."))
    w.heading(_("Måluppfyllelse"), 1)
    _goal_table(w, report)
    w.heading(_("Timmar per organisation"), 1)
    if report.hours:
        png = bar_chart_png(
            [(bar.label, bar.minutes / 60) for bar in report.hours],
            target=report.target_low,
            target_label_text=_("Mål"),
        )
        title = _(
            "Timmar på hemmaplan per organisation, streckad linje vid målet %(low)d timmar",
            low=report.target_low,
        )
        w.picture(png, _bars_alt(title, report.hours), title=title)
    if report.not_approved:
        w.text(_("Inte godkända ännu: %(names)s.", names=", ".join(report.not_approved)))
    for chapter in report.chapters:
        w.page_break()
        w.heading(chapter.organisation, 1)
        write_learning_example(w, chapter, 2)
    return w.bytes()

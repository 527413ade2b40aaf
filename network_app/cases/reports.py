"""The learning example and the compiled network report: report data -> DOCX bytes.

Pure functions of report_data's dataclasses. What Word needs so that it opens without a repair
prompt and reads well: real Heading 1-3 styles, w:tcPr children in schema order (w:shd before
w:vAlign), table header rows marked w:tblHeader, alt text on pictures (wp:docPr/@descr), a PAGE
field built from w:fldChar runs, Swedish language in the style defaults, A4 pages, core properties
set in full (python-docx's template says "python-docx" as author and description otherwise), and
text without the control characters XML 1.0 forbids.
"""

from datetime import date
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from flask_babel import gettext as _

from network_app.cases.chart import bar_chart_png
from network_app.forms import clean_text

BAND_FILLS = {"low": "C6E0B4", "medium": "FFE699", "high": "F4B183", "very_high": "E06666"}
STATE_FILLS = {"missing": "F2F2F2", "in_progress": "FFF2CC", "done": "E2EFDA"}
# w:tcPr children that must come after w:shd (ECMA-376 CT_TcPr sequence).
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def _clean(value):
    if value is None:
        return ""
    return clean_text(str(value))


def _hours(minutes):
    return f"{minutes / 60:.1f}".replace(".", ",")


def _day(value):
    return value.isoformat() if isinstance(value, date) else ""


# The document and its parts


def _new_document(*, title, author, subject, now):
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    _set_language(document, "sv-SE")
    _set_properties(document, title=title, author=author, subject=subject, now=now)
    _drop_thumbnail(document)
    _page_number_footer(section)
    return document


def _set_language(document, language):
    styles = document.styles.element
    lang = (
        styles.find(qn("w:docDefaults"))
        .find(qn("w:rPrDefault"))
        .find(qn("w:rPr"))
        .find(qn("w:lang"))
    )
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)
    for name, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        element = settings.find(qn(name))
        if element is not None:
            element.set(qn("w:val"), value)


def _set_properties(document, *, title, author, subject, now):
    properties = document.core_properties
    properties.title = _clean(title)[:250]
    properties.author = _clean(author)[:250]
    properties.last_modified_by = _clean(author)[:250]
    properties.subject = _clean(subject)[:250]
    properties.comments = ""
    properties.keywords = _("hot och hat mot förtroendevalda; lärande exempel")
    properties.category = _("Lärande exempel")
    properties.language = "sv-SE"
    properties.revision = 1
    naive_utc = now.replace(tzinfo=None) if now.tzinfo else now
    properties.created = naive_utc
    properties.modified = naive_utc


def _drop_thumbnail(document):
    """The template's thumbnail shows python-docx's sample page, not this document."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


def _field_run(paragraph, instruction, placeholder):
    """A complex field (begin, instruction, separate, cached result, end) that Word updates."""
    for kind, text in (
        ("begin", None),
        (None, instruction),
        ("separate", None),
        (None, placeholder),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            run._r.append(code)
        else:
            run.text = text


def _page_number_footer(section):
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 1  # centred
    paragraph.add_run(_("Sida") + " ")
    _field_run(paragraph, "PAGE", "1")


def _text(container, text, style=None):
    """Text as paragraphs (blank lines) with line breaks (single newlines)."""
    text = _clean(text).strip()
    if not text:
        return None
    last = None
    for block in text.split("\n\n"):
        last = container.add_paragraph(style=style)
        for index, line in enumerate(block.split("\n")):
            if index:
                last.add_run().add_break(WD_BREAK.LINE)
            last.add_run(line)
    return last


def _facts(document, rows):
    """Label: value lines for the facts that exist."""
    for label, value in rows:
        value = _clean(value).strip()
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)


def _heading(document, text, level):
    return document.add_heading(_clean(text).strip() or "–", level=min(level, 3))


def _shade(cell, fill):
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    later = next((child for child in properties if child.tag in {qn(t) for t in _AFTER_SHD}), None)
    if later is None:
        properties.append(shading)
    else:
        later.addprevious(shading)


def _table(document, headers, rows, *, widths=None, fills=None):
    """A grid table whose first row repeats on every page; fills: {(row, column): hex}."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.rows[0]
    header_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header_properties.append(repeat)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(_clean(text)).bold = True
        _shade(cell, "D9E2F3")
    for row_index, values in enumerate(rows):
        cells = table.add_row().cells
        for column, value in enumerate(values):
            cells[column].text = _clean(value)
            if fills and (row_index, column) in fills:
                _shade(cells[column], fills[(row_index, column)])
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)  # w:gridCol, which LibreOffice reads
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    document.add_paragraph()
    return table


def _picture(document, png, alt_text, width_cm=16):
    document.add_picture(BytesIO(png), width=Cm(width_cm))
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", _clean(alt_text))
    inline.docPr.set("title", _clean(alt_text)[:200])
    caption = document.add_paragraph(_clean(alt_text), style="Caption")
    return caption


def _bars_alt(title, bars):
    parts = ", ".join(f"{bar.label} {_hours(bar.minutes)} h" for bar in bars[:60])
    return f"{title}: {parts}." if parts else title


# The learning example


def _title_page(document, title, subtitle, lines):
    document.add_paragraph(_clean(title), style="Title")
    document.add_paragraph(_clean(subtitle), style="Subtitle")
    for line in lines:
        if line:
            document.add_paragraph(_clean(line))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _approval_line(example):
    if example.approved_at:
        return _(
            "Godkänt för publicering av %(who)s den %(when)s.",
            who=example.approved_by or _("kontaktpersonen"),
            when=example.approved_at.date().isoformat(),
        )
    return _("Inte godkänt för publicering av organisationens kontaktperson.")


def _summary(document, example, level):
    _heading(document, _("Sammanfattning"), level)
    statuses = ", ".join(f"{c.title} ({c.status.lower()})" for c in example.cases)
    _text(
        document,
        _(
            "%(org)s deltar i %(network)s. Gruppen har genomlyst %(count)d politisk(a) process(er)"
            "%(list)s. Av kapitel 5-checklistan för organisationens system är %(done)d av %(total)d "
            "punkter klara. Gruppen har arbetat %(hours)s timmar på hemmaplan (mål %(low)d–%(high)d).",
            org=example.organisation,
            network=example.network,
            count=len(example.cases),
            list=f": {statuses}" if statuses else "",
            done=example.checklist.done,
            total=example.checklist.total,
            hours=_hours(example.hours.minutes),
            low=example.hours.target_low,
            high=example.hours.target_high,
        ),
    )
    if example.anonymised:
        _text(document, _approval_line(example))


def _group(document, example, level):
    _heading(document, _("Organisationen och gruppen"), level)
    _text(document, example.background)
    headers = [_("Namn"), _("Titel"), _("Roll")]
    with_contact = any(m.email or m.phone for m in example.members)
    if example.anonymised:
        headers = [_("Titel"), _("Roll")]
        rows = [
            [m.title, m.kind + (" – " + _("kontaktperson") if m.is_contact else "")]
            for m in example.members
        ]
    else:
        rows = [
            [m.name + (" (" + _("kontaktperson") + ")" if m.is_contact else ""), m.title, m.kind]
            for m in example.members
        ]
        if with_contact:
            headers += [_("E-post"), _("Telefon")]
            rows = [row + [m.email, m.phone] for row, m in zip(rows, example.members, strict=True)]
    if rows:
        _table(document, headers, rows)
    else:
        _text(document, _("Gruppen har inga medlemmar registrerade."))


def _risk_section(document, case, level):
    _heading(document, _("Riskanalys"), level)
    if not case.risks:
        _text(document, _("Ingen risk är dokumenterad ännu."))
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
    _table(
        document,
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
        widths=[1, 5, 2.5, 1.9, 1.9, 2, 1.7],
    )
    _risk_matrix(document, case)


def _risk_matrix(document, case):
    _text(
        document,
        _(
            "Riskmatris: sannolikhet (rader) mot konsekvens (kolumner). Siffrorna i "
            "rutorna är riskernas nummer; nivån står i varje ruta."
        ),
    )
    rows, fills = [], {}
    for row_index, likelihood in enumerate(range(4, 0, -1)):
        row = [_("Sannolikhet %(n)d", n=likelihood)]
        for consequence in range(1, 5):
            level = likelihood * consequence
            numbers = [
                str(r.number)
                for r in case.risks
                if r.likelihood == likelihood and r.consequence == consequence
            ]
            band = _band(level)
            row.append(f"{level}" + (": " + ", ".join(numbers) if numbers else ""))
            fills[(row_index, consequence)] = BAND_FILLS[band]
        rows.append(row)
    _table(document, [""] + [_("Konsekvens %(n)d", n=c) for c in range(1, 5)], rows, fills=fills)


def _band(level):
    return (
        "very_high"
        if level >= 12
        else "high"
        if level >= 8
        else "medium"
        if level >= 4
        else ("low")
    )


def _measures_section(document, case, level):
    _heading(document, _("Åtgärder och kommunikation"), level)
    for risk in case.risks:
        if risk.measures:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(_("Risk %(n)d: ", n=risk.number)).bold = True
            paragraph.add_run(_clean(risk.measures))
            if risk.owner:
                paragraph.add_run(" (" + _("ansvarig: %(owner)s", owner=_clean(risk.owner)) + ")")
    if case.communications:
        _text(document, _("Proaktiv kommunikation före beslutet:"))
        _table(
            document,
            [_("När"), _("Vad som sägs"), _("Kanal"), _("Till vilka")],
            [[_day(c.planned_on), c.message, c.channel, c.audience] for c in case.communications],
        )
    for group, methods in case.methods:
        _facts(document, [(group, ", ".join(methods))])
    _facts(
        document,
        [
            (_("Skillnader i hur kvinnor och män utsätts"), case.gender_perspective),
            (_("Andra särskilt utsatta grupper"), case.exposed_groups),
        ],
    )


def _case_section(document, case, level):
    _heading(document, _("Case: %(title)s", title=case.title), level)
    _facts(
        document,
        [
            (_("Status"), case.status),
            (_("Typ av beslut"), case.decision_kind),
            (_("Beslutande organ"), case.deciding_body),
            (_("Väntat beslutsdatum"), _day(case.decision_expected_on)),
            (_("Vilka berörs"), case.affected),
            (_("Vilka kan reagera"), case.could_react),
        ],
    )
    _text(document, case.description)
    _risk_section(document, case, level + 1)
    _measures_section(document, case, level + 1)
    if case.journal:
        _heading(document, _("Journal"), level + 1)
        _table(
            document,
            [_("Datum"), _("Anteckning")],
            [[_day(j.written_on), j.text] for j in case.journal],
            widths=[3, 13],
        )


def _checklist_section(document, checklist, level):
    _heading(document, _("Organisationens system"), level)
    _facts(
        document,
        [
            (_("Ansvarsnivå"), checklist.level),
            (_("Styrande dokument"), checklist.document_status),
            (_("Dokumentets namn"), checklist.document_title),
            (_("Beslutat av"), checklist.decided_by),
            (_("Beslutsdatum"), _day(checklist.decided_on)),
            (_("Klara punkter"), f"{checklist.done} / {checklist.total}"),
        ],
    )
    rows, fills = [], {}
    for section in checklist.sections:
        rows.append([section.title, "", ""])
        for text, state_label, state, note in section.items:
            fills[(len(rows), 1)] = STATE_FILLS[state]
            rows.append([text, state_label, note])
    table = _table(
        document,
        [_("Punkt (kapitel 5)"), _("Läge"), _("Anteckning")],
        rows,
        fills=fills,
        widths=[8, 2.5, 5.5],
    )
    for position in _section_row_indexes(checklist):
        for run in table.rows[position + 1].cells[0].paragraphs[0].runs:
            run.bold = True


def _section_row_indexes(checklist):
    indexes, position = [], 0
    for section in checklist.sections:
        indexes.append(position)
        position += 1 + len(section.items)
    return indexes


def _hours_section(document, example, level):
    hours = example.hours
    _heading(document, _("Arbete på hemmaplan"), level)
    _text(
        document,
        _(
            "Totalt %(hours)s timmar (%(person)s persontimmar). Målet är %(low)d–%(high)d timmar.",
            hours=_hours(hours.minutes),
            person=_hours(hours.person_minutes),
            low=hours.target_low,
            high=hours.target_high,
        ),
    )
    if hours.by_period:
        _table(
            document,
            [_("Period"), _("Timmar")],
            [[bar.label, _hours(bar.minutes)] for bar in hours.by_period],
        )
    if hours.by_activity:
        _table(
            document,
            [_("Aktivitet"), _("Timmar")],
            [[bar.label, _hours(bar.minutes)] for bar in hours.by_activity],
        )
        png = bar_chart_png(
            [(bar.label, bar.minutes / 60) for bar in hours.by_activity], target=None
        )
        _picture(document, png, _bars_alt(_("Timmar per aktivitet"), hours.by_activity))


def _meetings_section(document, example, level):
    _heading(document, _("Nätverksträffar"), level)
    if not example.meetings:
        _text(document, _("Inga träffar är registrerade."))
        return
    attended = {True: _("Ja"), False: _("Nej"), None: "–"}
    _table(
        document,
        [_("Datum"), _("Träff"), _("Typ"), _("Deltog")],
        [[_day(m.starts_on), m.title, m.kind, attended[m.attended]] for m in example.meetings],
    )


def _lessons_section(document, example, level):
    _heading(document, _("Lärdomar"), level)
    if not example.lessons:
        _text(document, _("Inga lärdomar är dokumenterade ännu."))
    for title, lessons in example.lessons:
        if len(example.cases) > 1:
            _heading(document, title, level + 1)
        _text(document, lessons)


def write_learning_example(document, example, level):
    """The chapters of one learning example, its top sections at heading `level`."""
    _summary(document, example, level)
    _group(document, example, level)
    if not example.cases:
        _heading(document, _("Case"), level)
        _text(document, _("Gruppen har inte valt något case ännu."))
    for case in example.cases:
        _case_section(document, case, level)
    _checklist_section(document, example.checklist, level)
    _hours_section(document, example, level)
    _meetings_section(document, example, level)
    _lessons_section(document, example, level)


def _document_bytes(document):
    output = BytesIO()
    document.save(output)
    return output.getvalue()


def build_learning_example(example):
    """One organisation's learning example as DOCX bytes."""
    title = _("Lärande exempel: %(org)s", org=example.organisation)
    document = _new_document(
        title=title, author=example.author, subject=example.network, now=example.generated_at
    )
    _title_page(
        document,
        title,
        example.network,
        [
            _("Avidentifierad version för publicering") if example.anonymised else "",
            _approval_line(example) if example.anonymised else "",
            _("Skapad %(day)s", day=example.generated_at.date().isoformat()),
        ],
    )
    write_learning_example(document, example, 1)
    return _document_bytes(document)


# The compiled network report


def _table_of_contents(document):
    document.add_paragraph(_("Innehåll"), style="TOC Heading")
    paragraph = document.add_paragraph()
    _field_run(
        paragraph,
        'TOC \\o "1-3" \\h \\z \\u',
        _("Högerklicka här och välj Uppdatera fält för att visa innehållsförteckningen."),
    )
    paragraph.add_run().add_break(WD_BREAK.PAGE)


def _goal_table(document, report):
    rows, fills = [], {}
    for index, goal in enumerate(report.goals):
        complete = goal.checklist_done == goal.checklist_total
        reached = goal.minutes >= report.target_low * 60
        rows.append(
            [
                goal.organisation,
                f"{goal.checklist_done} / {goal.checklist_total}",
                _("Ja") if goal.case_reviewed else _("Nej"),
                _hours(goal.minutes) + (" ✓" if reached else ""),
                f"{goal.meetings_attended} / {goal.meetings_total}",
                _("Godkänt") if goal.approved else _("Inte godkänt"),
            ]
        )
        fills[(index, 1)] = STATE_FILLS["done" if complete else "in_progress"]
        fills[(index, 2)] = STATE_FILLS["done" if goal.case_reviewed else "missing"]
    _table(
        document,
        [
            _("Organisation"),
            _("Systemets checklista"),
            _("Case utvärderat"),
            _("Timmar"),
            _("Nätverksträffar"),
            _("Kapitlet för publicering"),
        ],
        rows,
        fills=fills,
    )


def build_network_report(report):
    """The network, its meetings, goal attainment side by side and one chapter per organisation."""
    title = _("Nätverksrapport: %(name)s", name=report.name)
    document = _new_document(
        title=title, author=report.author, subject=report.name, now=report.generated_at
    )
    _title_page(
        document,
        title,
        f"{_day(report.starts_on)} – {_day(report.ends_on)}",
        [
            _("Avidentifierad version för publicering") if report.anonymised else "",
            _("Skapad %(day)s", day=report.generated_at.date().isoformat()),
        ],
    )
    _table_of_contents(document)
    _heading(document, _("Nätverket och dess mål"), 1)
    _text(document, report.description)
    _facts(document, [(_("Mål"), report.goal)])
    _heading(document, _("Träffarnas tidslinje"), 1)
    if report.meetings:
        _table(
            document,
            [_("Datum"), _("Träff"), _("Typ")],
            [[_day(m.starts_on), m.title, m.kind] for m in report.meetings],
        )
    else:
        _text(document, _("Inga träffar är registrerade."))
    _heading(document, _("Måluppfyllelse"), 1)
    _goal_table(document, report)
    _heading(document, _("Timmar per organisation"), 1)
    if report.hours:
        png = bar_chart_png(
            [(bar.label, bar.minutes / 60) for bar in report.hours], target=report.target_low
        )
        _picture(
            document,
            png,
            _bars_alt(
                _(
                    "Timmar på hemmaplan per organisation, streckad linje vid målet %(low)d timmar",
                    low=report.target_low,
                ),
                report.hours,
            ),
        )
    for chapter in report.chapters:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _heading(document, chapter.organisation, 1)
        _text(document, _approval_line(chapter))
        write_learning_example(document, chapter, 2)
    return _document_bytes(document)

"""Changes to cases and system checklists, approval of learning examples, and goal attainment."""

import functools
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from network_app.cases import checklist as outline
from network_app.cases.models import (
    Case,
    ChecklistItem,
    CommunicationItem,
    DocumentStatus,
    ItemState,
    JournalEntry,
    LibraryExample,
    ReportApproval,
    ReportRedaction,
    RiskItem,
    SystemChecklist,
)
from network_app.db_types import one_of, utcnow
from network_app.durations import hours
from network_app.extensions import db
from network_app.hours.models import HourEntry, HourWeekTotal, counts_toward_target
from network_app.meetings import services as meeting_services
from network_app.networks.models import Network, Organisation, Participation, ParticipationStatus


class StaleEdit(Exception):
    """Someone else saved the same case or checklist after this form was opened."""


CASE_FIELDS = (
    "title",
    "description",
    "decision_kind",
    "deciding_body",
    "decision_expected_on",
    "affected",
    "could_react",
    "status",
    "methods",
    "gender_perspective",
    "exposed_groups",
    "lessons",
)
CHECKLIST_FIELDS = (
    "responsibility_level",
    "document_status",
    "document_title",
    "decided_by",
    "decided_on",
)


def withdraw_approval(participation_id, now=None):
    """Any change to what the learning example shows withdraws its approval for publication."""
    db.session.execute(
        sa.update(ReportApproval)
        .where(
            ReportApproval.participation_id == participation_id,
            ReportApproval.withdrawn_at.is_(None),
        )
        .values(withdrawn_at=now or utcnow())
    )
    # An example in the library is there by its approval: it goes with it.
    db.session.execute(
        sa.delete(LibraryExample).where(LibraryExample.participation_id == participation_id)
    )


def _touch(case):
    case.updated_at = utcnow()
    withdraw_approval(case.participation_id, case.updated_at)


def create_case(participation, data):
    case = Case(participation=participation, **{k: data[k] for k in CASE_FIELDS if k in data})
    db.session.add(case)
    db.session.flush()
    withdraw_approval(participation.id)
    return case


def update_case(case, data, *, expected_version):
    """Apply the form's values unless the case changed since the form was read."""
    if expected_version != case.version:
        raise StaleEdit
    for name in CASE_FIELDS:
        if name in data:
            setattr(case, name, data[name])
    _touch(case)
    db.session.flush()  # the UPDATE checks the version too, so a concurrent save loses here


def add_risk(case, data):
    risk = RiskItem(case=case, **data)
    db.session.add(risk)
    _touch(case)
    db.session.flush()
    return risk


def update_risk(risk, data):
    for name, value in data.items():
        setattr(risk, name, value)
    _touch(risk.case)
    db.session.flush()


def delete_risk(risk):
    case = risk.case
    case.risks.remove(risk)
    _touch(case)
    db.session.flush()


def add_communication(case, data):
    item = CommunicationItem(case=case, **data)
    db.session.add(item)
    _touch(case)
    db.session.flush()
    return item


def delete_communication(item):
    case = item.case
    case.communications.remove(item)
    _touch(case)
    db.session.flush()


def add_journal_entry(case, *, written_on, text, author):
    entry = JournalEntry(
        case=case, written_on=written_on, text=text, created_by_id=author.id if author else None
    )
    db.session.add(entry)
    _touch(case)
    db.session.flush()
    return entry


def cases_of(participation, *, by_title=False):
    """The organisation's cases in the order they were made, or by title (for a choice)."""
    return db.session.scalars(
        _cases_of_query(by_title), {"participation_id": participation.id}
    ).all()


# Built once (the group page lists the cases on every view).
@functools.cache
def _cases_of_query(by_title):
    return (
        sa.select(Case)
        .where(Case.participation_id == sa.bindparam("participation_id"))
        .order_by(Case.title if by_title else Case.id)
    )


@dataclass(frozen=True)
class CaseHours:
    entries: int
    minutes: int
    person_minutes: int

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)

    @property
    def person_hours(self) -> Decimal:
        return hours(self.person_minutes)


def case_hours(case):
    """How much of the group's logged work was for this case: one aggregate query."""
    count, minutes, person_minutes = db.session.execute(
        sa.select(
            sa.func.count(HourEntry.id),
            sa.func.coalesce(sa.func.sum(HourEntry.minutes), 0),
            sa.func.coalesce(sa.func.sum(HourEntry.minutes * HourEntry.people_present), 0),
        ).where(HourEntry.case_id == case.id, counts_toward_target())
    ).one()
    return CaseHours(int(count), int(minutes), int(person_minutes))


def cases_for_reports(participation_ids):
    """{participation id: [Case]} in the order they were made, with their risks, communication
    and journal: four queries however many participations."""
    cases = db.session.scalars(
        sa.select(Case)
        .where(Case.participation_id.in_(participation_ids))
        .order_by(Case.id)
        .options(
            selectinload(Case.risks), selectinload(Case.communications), selectinload(Case.journal)
        )
    )
    found = {}
    for case in cases:
        found.setdefault(case.participation_id, []).append(case)
    return found


def checklists_for_reports(participation_ids):
    """{participation id: SystemChecklist} with its items, of those saved: two queries."""
    checklists = db.session.scalars(
        sa.select(SystemChecklist)
        .where(SystemChecklist.participation_id.in_(participation_ids))
        .options(selectinload(SystemChecklist.items))
    )
    return {checklist.participation_id: checklist for checklist in checklists}


def checklist_for(participation):
    """The participation's checklist; before its first save a new, unsaved one."""
    checklist = db.session.scalar(
        sa.select(SystemChecklist).where(SystemChecklist.participation_id == participation.id)
    )
    if checklist is None:
        checklist = SystemChecklist(
            participation_id=participation.id,
            participation=participation,
            document_status=DocumentStatus.NONE,
            items=[],
        )
    return checklist


def item_states(checklist):
    """{item key: ChecklistItem} for the stored items; keys no longer in the outline are dropped."""
    return {item.item_key: item for item in checklist.items if item.item_key in outline.ITEM_KEYS}


@dataclass(frozen=True)
class SectionSummary:
    """How far one section of the checklist is: its items by state, for the read view."""

    section: object  # a checklist.ChecklistSection
    items: tuple  # ((ChecklistEntry, ItemState, note), ...) in the outline's order
    done: int
    in_progress: int
    missing: int


def section_summaries(checklist):
    """Each section with its items' states and notes and its counts (an item never saved is
    missing); the checklist's items are already loaded with it (at most 22 rows)."""
    stored = item_states(checklist)
    summaries = []
    for section in outline.SECTIONS:
        items = tuple(
            (
                entry,
                stored[entry.key].state if entry.key in stored else ItemState.MISSING,
                stored[entry.key].note if entry.key in stored else "",
            )
            for entry in section.items
        )
        states = [state for _entry, state, _note in items]
        summaries.append(
            SectionSummary(
                section,
                items,
                done=states.count(ItemState.DONE),
                in_progress=states.count(ItemState.IN_PROGRESS),
                missing=states.count(ItemState.MISSING),
            )
        )
    return summaries


def update_checklist(checklist, data, items, *, expected_version):
    """items: {item key: (ItemState, note)}. Refused if someone saved the checklist meanwhile."""
    if expected_version != (checklist.version if checklist.id is not None else 0):
        raise StaleEdit
    for name in CHECKLIST_FIELDS:
        if name in data:
            setattr(checklist, name, data[name])
    stored = item_states(checklist)
    for key in outline.ITEM_KEYS:
        if key not in items:
            continue
        state, note = items[key]
        item = stored.get(key)
        if item is None:
            checklist.items.append(ChecklistItem(item_key=key, state=state, note=note))
        else:
            item.state, item.note = state, note
    checklist.updated_at = utcnow()
    db.session.add(checklist)
    withdraw_approval(checklist.participation_id, checklist.updated_at)
    db.session.flush()


def current_approval(participation):
    return db.session.scalar(
        sa.select(ReportApproval)
        .where(
            ReportApproval.participation_id == participation.id,
            ReportApproval.withdrawn_at.is_(None),
        )
        .order_by(ReportApproval.approved_at.desc())
        .limit(1)
    )


def approve_learning_example(participation, user, digest=None):
    """Approval of the anonymised content whose digest is given (reports.collect). Who approved
    and when is kept; a later change sets withdrawn_at instead of deleting it."""
    withdraw_approval(participation.id)
    approval = ReportApproval(
        participation_id=participation.id, approved_by_id=user.id, content_digest=digest
    )
    db.session.add(approval)
    db.session.flush()
    return approval


def redactions_of(participation_ids):
    """{participation id: [text redacted by hand]} in the order they were added."""
    rows = db.session.execute(
        sa.select(ReportRedaction.participation_id, ReportRedaction.text)
        .where(ReportRedaction.participation_id.in_(participation_ids))
        .order_by(ReportRedaction.id)
    )
    found = {}
    for participation_id, text in rows:
        found.setdefault(participation_id, []).append(text)
    return found


def add_redactions(participation, texts, user):
    """Redact the texts by hand in every anonymised output; returns those that are new. The
    content changes, so an approval is withdrawn."""
    known = set(redactions_of([participation.id]).get(participation.id, []))
    added = []
    for text in texts:
        text = " ".join(text.split())
        if text and text not in known:
            known.add(text)
            added.append(text)
            db.session.add(
                ReportRedaction(participation_id=participation.id, text=text, created_by_id=user.id)
            )
    if added:
        withdraw_approval(participation.id)
        db.session.flush()
    return added


def remove_redactions(participation, texts):
    """Show the texts again (a redaction made by mistake); returns how many were removed. The
    content changes, so an approval is withdrawn."""
    removed = db.session.execute(
        sa.delete(ReportRedaction).where(
            ReportRedaction.participation_id == participation.id,
            ReportRedaction.text.in_(list(texts)),
        )
    ).rowcount
    if removed:
        withdraw_approval(participation.id)
        db.session.flush()
    return removed


def approvals_by_participation(network):
    """{participation id: current ReportApproval} for the whole network in one query."""
    rows = db.session.scalars(
        sa.select(ReportApproval)
        .join(Participation, Participation.id == ReportApproval.participation_id)
        .where(Participation.network_id == network.id, ReportApproval.withdrawn_at.is_(None))
    )
    return {approval.participation_id: approval for approval in rows}


# A reviewed ("genomlyst") political process: the one definition, in SQL


def review_parts():
    """The two things a review of a political process holds, as SQL conditions on Case (each
    correlated to the Case of the enclosing query): a risk with measures, and proactive
    communication planned for a day before the decision date (so a case without a decision
    date, or only chosen, is not reviewed)."""
    risk_with_measures = sa.exists().where(
        RiskItem.case_id == Case.id, sa.func.trim(RiskItem.measures) != ""
    )
    communication_before_decision = sa.exists().where(
        CommunicationItem.case_id == Case.id,
        CommunicationItem.planned_on < Case.decision_expected_on,
    )
    return risk_with_measures, communication_before_decision


def reviewed_condition():
    """A case counts as reviewed ("genomlyst") when its risk analysis holds a risk with measures
    and its proactive communication is planned before the decision date. Every figure of
    reviewed processes (goals page, case pages, Word documents) is counted with this."""
    return sa.and_(*review_parts())


@dataclass(frozen=True)
class CaseReview:
    risk_with_measures: bool
    communication_before_decision: bool

    @property
    def reviewed(self):
        return self.risk_with_measures and self.communication_before_decision


def case_review(case):
    """Where the case stands against the definition of reviewed: one query."""
    query = sa.select(*review_parts()).select_from(Case).where(Case.id == case.id)
    parts = db.session.execute(query).one()
    return CaseReview(bool(parts[0]), bool(parts[1]))


def reviewed_case_ids(participation_ids):
    """The ids of the reviewed cases of the participations given: one query."""
    return set(
        db.session.scalars(
            sa.select(Case.id).where(
                Case.participation_id.in_(participation_ids), reviewed_condition()
            )
        )
    )


# Goal attainment


@dataclass(frozen=True)
class GoalAttainment:
    participation: Participation
    checklist_done: int
    checklist_total: int
    cases: int
    cases_reviewed: int
    minutes: int
    target_low: int
    target_high: int
    meetings_attended: int
    meetings_total: int
    approved: bool = False  # a learning example approved and not withdrawn
    # The organisation's system as it is, never a yes/no: the points done above, and these.
    document_status: DocumentStatus = DocumentStatus.NONE
    decided_by: str = ""
    decided_on: object = None
    responsibility_level: int | None = None

    @property
    def checklist_percent(self):
        return round(100 * self.checklist_done / self.checklist_total)

    @property
    def case_reviewed(self):
        return self.cases_reviewed > 0

    @property
    def hours(self):
        return self.minutes / 60

    @property
    def hours_reached(self):
        return self.minutes >= self.target_low * 60


@dataclass(frozen=True)
class NetworkGoals:
    rows: list
    meetings_total: int

    @property
    def organisations(self):
        return len(self.rows)

    @property
    def documents_decided(self):
        return sum(row.document_status == DocumentStatus.DECIDED for row in self.rows)

    @property
    def documents_drafted(self):
        return sum(row.document_status == DocumentStatus.DRAFT for row in self.rows)

    @property
    def levels_chosen(self):
        return sum(row.responsibility_level is not None for row in self.rows)

    @property
    def organisations_reviewed(self):
        """Organisations with at least one reviewed political process."""
        return sum(row.case_reviewed for row in self.rows)

    @property
    def cases_reviewed(self):
        """Reviewed political processes of all organisations together."""
        return sum(row.cases_reviewed for row in self.rows)

    @property
    def hours_reached(self):
        return sum(row.hours_reached for row in self.rows)


def _goal_figures(network_id):
    """Each figure of an organisation's goal attainment as a scalar subquery of the Participation
    row it is selected with (correlated), so that one query answers for every organisation; the
    query joins the organisation's SystemChecklist (_with_checklist)."""
    participation_id = Participation.id
    # Correlated with the checklist the query joins (_with_checklist): no join of its own.
    done = (
        sa.select(sa.func.count(ChecklistItem.id))
        .where(
            ChecklistItem.checklist_id == SystemChecklist.id,
            ChecklistItem.state == ItemState.DONE,
            one_of(ChecklistItem.item_key, outline.ITEM_KEYS),
        )
        .scalar_subquery()
    )
    cases = sa.select(sa.func.count(Case.id)).where(Case.participation_id == participation_id)
    reviewed = cases.where(reviewed_condition())
    # From the kept weekly totals (hours.totals): a row a week, not every entry.
    minutes = sa.select(sa.func.coalesce(sa.func.sum(HourWeekTotal.minutes), 0)).where(
        HourWeekTotal.participation_id == participation_id
    )
    approved = sa.exists().where(
        ReportApproval.participation_id == participation_id,
        ReportApproval.withdrawn_at.is_(None),
    )
    return (
        done,
        cases.scalar_subquery(),
        reviewed.scalar_subquery(),
        minutes.scalar_subquery(),
        meeting_services.meetings_attended_by(participation_id, network_id),
        meeting_services.network_meeting_count(network_id),
        approved,
        SystemChecklist.document_status,
        SystemChecklist.decided_by,
        SystemChecklist.decided_on,
        SystemChecklist.responsibility_level,
    )


def _with_checklist(query):
    return query.outerjoin(SystemChecklist, SystemChecklist.participation_id == Participation.id)


# Built once, with the network and the participations as parameters: building this statement
# cost as much as running it.
@functools.cache
def network_goals_query():
    """The statement of network_goals for every accepted organisation, with the network as the
    parameter network_id: for a page to extend with columns of its own (network_goals_with)."""
    network_id = sa.bindparam("network_id")
    return (
        _with_checklist(sa.select(Participation, *_goal_figures(network_id)))
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .options(sa.orm.contains_eager(Participation.organisation))
        .where(
            Participation.network_id == network_id,
            Participation.status == ParticipationStatus.ACCEPTED,
        )
        .order_by(Participation.id)
    )


@functools.cache
def _participation_goals_query():
    return _with_checklist(
        sa.select(Participation.id, *_goal_figures(sa.bindparam("network_id")))
    ).where(Participation.id.in_(sa.bindparam("ids", expanding=True)))


def network_goals(network, participations=None):
    """Goal attainment of every accepted organisation (or of the participations given), in one
    query whatever their number."""
    if participations is None:
        rows = db.session.execute(network_goals_query(), {"network_id": network.id}).all()
    else:
        found = {
            participation_id: values
            for participation_id, *values in db.session.execute(
                _participation_goals_query(),
                {"network_id": network.id, "ids": [p.id for p in participations]},
            )
        }
        rows = [(p, *found[p.id]) for p in participations]
    return _network_goals(network, rows)


_FIGURES = 12  # the participation and its 11 figures: the columns of network_goals_query


def network_goals_with(network, statement):
    """network_goals of every accepted organisation from a statement that extends
    network_goals_query with further columns, and those columns' values by participation id:
    a page's figures of its own in the same query."""
    rows = db.session.execute(statement, {"network_id": network.id}).all()
    extras = {row[0].id: tuple(row[_FIGURES:]) for row in rows}
    return _network_goals(network, [row[:_FIGURES] for row in rows]), extras


def _network_goals(network, rows):
    goals = [
        GoalAttainment(
            participation=participation,
            checklist_done=done,
            checklist_total=outline.ITEM_COUNT,
            cases=cases,
            cases_reviewed=reviewed,
            minutes=int(minutes),
            target_low=network.target_hours_min,
            target_high=network.target_hours_max,
            meetings_attended=attended,
            meetings_total=meetings_total,
            approved=bool(approved),
            document_status=status or DocumentStatus.NONE,
            decided_by=decided_by or "",
            decided_on=decided_on,
            responsibility_level=level,
        )
        for (
            participation,
            done,
            cases,
            reviewed,
            minutes,
            attended,
            meetings_total,
            approved,
            status,
            decided_by,
            decided_on,
            level,
        ) in rows
    ]
    goals.sort(key=lambda row: row.participation.organisation.name.lower())
    meetings_total = goals[0].meetings_total if goals else _meeting_count(network)
    return NetworkGoals(rows=goals, meetings_total=meetings_total)


def _meeting_count(network):
    return db.session.scalar(sa.select(meeting_services.network_meeting_count(network.id)))


def approved_examples(network):
    """[(participation id, organisation name, approved at)] of the network's current approvals
    of a learning example, in one query (sharing between groups, issue 13 point 4)."""
    return db.session.execute(
        sa.select(Participation.id, Organisation.name, ReportApproval.approved_at)
        .join(Participation, Participation.id == ReportApproval.participation_id)
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .where(
            Participation.network_id == network.id,
            Participation.status == ParticipationStatus.ACCEPTED,
            ReportApproval.withdrawn_at.is_(None),
        )
        .order_by(sa.func.lower(Organisation.name))
    ).all()


# The "Lärande exempel" library (issue 13 point 4): approved examples of earlier networks

# A risk's band (cases.risk_levels.level_band) as a range of likelihood x consequence.
RISK_BANDS = {"low": (1, 3), "medium": (4, 7), "high": (8, 11), "very_high": (12, 16)}


def library_entry(participation):
    return db.session.scalar(
        sa.select(LibraryExample).where(LibraryExample.participation_id == participation.id)
    )


def publish_in_library(participation, user):
    """Put the approved example in the library (the caller checks the approval); returns the
    entry, or None when it is there already."""
    if library_entry(participation) is not None:
        return None
    entry = LibraryExample(participation_id=participation.id, published_by_id=user.id)
    db.session.add(entry)
    db.session.flush()
    return entry


def remove_from_library(participation):
    """Take the example out of the library; returns whether it was there."""
    return bool(
        db.session.execute(
            sa.delete(LibraryExample).where(LibraryExample.participation_id == participation.id)
        ).rowcount
    )


@dataclass
class LibraryRow:
    participation_id: int
    organisation: str
    network: str
    network_ends_on: object
    approved_at: object
    published_at: object
    decision_kinds: list
    methods: list


# The library's statement is built once per shape of filter (which of them are chosen), with
# their values as bound parameters: building it cost more than running it (bench.profile).


def _library_examples(shape):
    """The examples whose approval holds and that match the chosen filters, with the count of
    them all beside each (a window, so that the page and its total are one statement)."""
    cases = sa.select(Case.id).where(Case.participation_id == LibraryExample.participation_id)
    query = (
        sa.select(
            LibraryExample.participation_id,
            Organisation.name.label("organisation"),
            Network.name.label("network"),
            Network.ends_on,
            ReportApproval.approved_at,
            LibraryExample.published_at,
            LibraryExample.id.label("example_id"),
            sa.func.count().over().label("total"),
        )
        .join(Participation, Participation.id == LibraryExample.participation_id)
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .join(Network, Network.id == Participation.network_id)
        .join(
            ReportApproval,
            sa.and_(
                ReportApproval.participation_id == LibraryExample.participation_id,
                ReportApproval.withdrawn_at.is_(None),
            ),
        )
    )
    if "decision_kind" in shape:
        query = query.where(
            cases.where(Case.decision_kind == sa.bindparam("decision_kind")).exists()
        )
    if "method" in shape:
        padded = sa.literal(" ") + Case.methods + sa.literal(" ")
        query = query.where(cases.where(padded.like(sa.bindparam("method"), escape="\\")).exists())
    if "low" in shape:  # a risk band: its lowest and highest level
        level = RiskItem.likelihood * RiskItem.consequence
        query = query.where(
            sa.select(RiskItem.id)
            .join(Case, Case.id == RiskItem.case_id)
            .where(
                Case.participation_id == LibraryExample.participation_id,
                level.between(sa.bindparam("low"), sa.bindparam("high")),
            )
            .exists()
        )
    return query


@functools.cache
def _library_query(shape):
    """A page of the matching examples, each with its total and one row per case (their decision
    kinds and methods), in the library's order."""
    page = (
        _library_examples(shape)
        .order_by(Network.ends_on.desc(), sa.func.lower(Organisation.name), LibraryExample.id)
        .limit(sa.bindparam("limit"))
        .offset(sa.bindparam("offset"))
        .subquery("page")
    )
    return (
        sa.select(page, Case.id.label("case_id"), Case.decision_kind, Case.methods)
        .outerjoin(Case, Case.participation_id == page.c.participation_id)
        .order_by(
            page.c.ends_on.desc(), sa.func.lower(page.c.organisation), page.c.example_id, Case.id
        )
    )


@functools.cache
def _library_count_query(shape):
    return sa.select(sa.func.count()).select_from(_library_examples(shape).subquery())


def library_page(*, decision_kind=None, method=None, risk_band=None, page=1, per_page=20):
    """(rows of one page, total) of the library's examples whose approval holds, filtered in SQL:
    a case of the decision kind, a case using the method, a risk in the band. One query, whatever
    the library's size (and a count for a page past the last)."""
    values = {}
    if decision_kind is not None:
        values["decision_kind"] = decision_kind
    if method is not None:
        values["method"] = "% " + method.replace("_", r"\_") + " %"  # the values hold underscores
    if risk_band is not None:
        values["low"], values["high"] = RISK_BANDS[risk_band]
    shape = tuple(name for name in ("decision_kind", "method", "low") if name in values)
    found, total = {}, None
    for row in db.session.execute(
        _library_query(shape),
        {**values, "limit": per_page, "offset": (page - 1) * per_page},
    ):
        total = row.total
        example = found.get(row.participation_id)
        if example is None:
            example = found[row.participation_id] = LibraryRow(
                row.participation_id,
                row.organisation,
                row.network,
                row.ends_on,
                row.approved_at,
                row.published_at,
                decision_kinds=[],
                methods=set(),
            )
        if row.case_id is not None:
            example.decision_kinds.append(row.decision_kind)
            example.methods.update(row.methods.split())
    if total is None:  # no example on this page: none at all, or a page past the last
        total = 0 if page == 1 else db.session.scalar(_library_count_query(shape), values)
    for example in found.values():
        example.methods = sorted(example.methods)
    return list(found.values()), total

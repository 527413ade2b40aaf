"""The network as a whole, drawn from the chapters a network report holds.

A pure function of the chapters (the LearningExample of each organisation, collected for the
whole network at once by collect.py with a bounded number of queries): the report passes the
very list of chapters it writes, so the publication variant, which holds only approved chapters,
sums up only those, and the figures agree with the chapters below them.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from network_app.cases.models import METHOD_GROUPS
from network_app.i18n import label

TOP_RISKS = 10


@dataclass
class DecisionKindLine:
    kind: str
    cases: int
    organisations: list


@dataclass
class TargetLine:
    targets: str
    risks: int
    organisations: list


@dataclass
class TopRisk:
    """A risk as the organisations describe it (the same words, in any letter case), the
    highest level any of them gave it, and every measure chosen against it."""

    description: str
    targets: str
    level: int
    band: str
    band_label: str
    measures: list
    organisations: list


@dataclass
class MethodLine:
    group: str
    method: str
    organisations: list


@dataclass
class CoverageRow:
    organisation: str
    sections: list  # [(done, total)] in the order of Synthesis.sections
    done: int
    total: int


@dataclass
class OrganisationLine:
    organisation: str
    level: str
    document_status: str
    minutes: int
    attended: int
    held: int


@dataclass
class Synthesis:
    organisations: int
    cases: int
    decision_kinds: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    top_risks: list = field(default_factory=list)
    methods: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # section titles
    coverage: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    lessons: list = field(default_factory=list)  # [(organisation, case title, lessons)]
    target_low: int = 0
    target_high: int = 0


def _method_rank():
    """The order of the 2019 analysis: proactive, reactive, follow-up, each in its order
    (the chapters hold the methods' labels in the reader's language)."""
    rank = {}
    for group_index, (group, methods) in enumerate(METHOD_GROUPS):
        for method_index, method in enumerate(methods):
            rank[(label(group), label(method.label))] = (group_index, method_index)
    return lambda key: rank.get(key, (len(METHOD_GROUPS), 0))


def _names(counter_keys):
    return sorted(counter_keys, key=str.lower)


def synthesise(chapters, *, target_low, target_high, today, goals=()):
    """The synthesis of the given chapters. Attendance is taken from the goal lines (GoalLine)
    of the same organisations, the goals page's own figures; without one, from the chapter's
    meetings, those after `today` not yet held."""
    kinds, kind_orgs = Counter(), defaultdict(set)
    targets, target_orgs, target_label = Counter(), defaultdict(set), {}
    methods, risks, lessons = defaultdict(set), {}, []
    method_order = []
    for chapter in chapters:
        for case in chapter.cases:
            kinds[case.decision_kind] += 1
            kind_orgs[case.decision_kind].add(chapter.organisation)
            for risk in case.risks:
                whom = " ".join(risk.targets.split())
                key = whom.lower()
                if key:
                    targets[key] += 1
                    target_orgs[key].add(chapter.organisation)
                    target_label.setdefault(key, whom)
                same = " ".join(risk.description.lower().split())
                top = risks.setdefault(
                    same,
                    TopRisk(risk.description, risk.targets, 0, "", "", [], []),
                )
                if risk.level > top.level:
                    top.level, top.band, top.band_label = risk.level, risk.band, risk.band_label
                measures = risk.measures.strip()
                if measures and measures not in top.measures:
                    top.measures.append(measures)
                if chapter.organisation not in top.organisations:
                    top.organisations.append(chapter.organisation)
            for group, labels in case.methods:
                for method in labels:
                    if (group, method) not in methods:
                        method_order.append((group, method))
                    methods[(group, method)].add(chapter.organisation)
            if case.lessons.strip():
                lessons.append((chapter.organisation, case.title, case.lessons))
    sections = chapters[0].checklist.sections if chapters else []
    coverage = []
    for chapter in chapters:
        cells = [
            (sum(1 for item in s.items if item[2] == "done"), len(s.items))
            for s in chapter.checklist.sections
        ]
        coverage.append(
            CoverageRow(
                chapter.organisation,
                cells,
                chapter.checklist.done,
                chapter.checklist.total,
            )
        )
    goals = {goal.organisation: goal for goal in goals}
    lines = []
    for chapter in chapters:
        goal = goals.get(chapter.organisation)
        if goal is not None:  # attendance as the goals page counts it
            attended, held = goal.meetings_attended, goal.meetings_total
        else:
            attended = sum(1 for m in chapter.meetings if m.attended)
            held = sum(1 for m in chapter.meetings if m.starts_on <= today)
        lines.append(
            OrganisationLine(
                chapter.organisation,
                chapter.checklist.level,
                chapter.checklist.document_status,
                chapter.hours.minutes,
                attended,
                held,
            )
        )
    common = sorted(
        risks.values(),
        key=lambda r: (-len(r.organisations), -r.level, r.description.lower()),
    )
    return Synthesis(
        organisations=len(chapters),
        cases=sum(len(chapter.cases) for chapter in chapters),
        decision_kinds=[
            DecisionKindLine(kind, count, _names(kind_orgs[kind]))
            for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
        ],
        targets=[
            TargetLine(target_label[key], count, _names(target_orgs[key]))
            for key, count in sorted(targets.items(), key=lambda item: (-item[1], item[0]))
        ],
        top_risks=common[:TOP_RISKS],
        methods=[
            MethodLine(group, method, _names(methods[(group, method)]))
            for group, method in sorted(method_order, key=_method_rank())
        ],
        sections=[s.title for s in sections],
        coverage=coverage,
        lines=lines,
        lessons=lessons,
        target_low=target_low,
        target_high=target_high,
    )

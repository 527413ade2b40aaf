"""The checklist as a read view with a summary per section for everyone who sees the group,
and editing one section at a time (issue 14 point 6)."""

import sqlalchemy as sa

from network_app.cases import checklist as outline
from network_app.cases import services
from network_app.cases.models import ChecklistItem, ItemState, SystemChecklist
from network_app.extensions import db


def _html(response):
    return response.get_data(as_text=True)


def _section_url(world, key):
    return f"/participations/{world.own.id}/system/{key}"


def _save_section(client, world, key, states, version="0", notes=None):
    section = next(s for s in outline.SECTIONS if s.key == key)
    states = {entry.key: "missing" for entry in section.items} | states
    data = {"version": version}
    for item_key, state in states.items():
        data[f"state_{item_key}"] = state
        data[f"note_{item_key}"] = (notes or {}).get(item_key, "")
    return client.post(_section_url(world, key), data=data)


def test_summary_counts_each_section_and_unsaved_items_as_missing(world):
    checklist = services.checklist_for(world.own)
    services.update_checklist(
        checklist,
        {},
        {
            "introduction": (ItemState.DONE, ""),
            "validity": (ItemState.IN_PROGRESS, "Utkast"),
            "contacts": (ItemState.DONE, ""),
        },
        expected_version=0,
    )
    summaries = {s.section.key: s for s in services.section_summaries(checklist)}
    formalities = summaries["formalities"]
    assert (formalities.done, formalities.in_progress, formalities.missing) == (1, 1, 1)
    assert (summaries["action_plans"].done, summaries["action_plans"].missing) == (1, 2)
    assert sum(s.done + s.in_progress + s.missing for s in summaries.values()) == 22


def test_editing_one_section_saves_it_and_leaves_the_others(client, auth, world):
    auth.login(world.participant)
    page = _html(client.get(f"/participations/{world.own.id}/system"))
    assert page.count("Ändra avsnittet") == len(outline.SECTIONS)
    form_page = _html(client.get(_section_url(world, "formalities")))
    assert "Inledning och bakgrund" in form_page and "Kontaktuppgifter" not in form_page
    response = _save_section(
        client,
        world,
        "formalities",
        {"introduction": "done", "validity": "in_progress", "purpose": "missing"},
        notes={"validity": "Gäller till 2027"},
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/participations/{world.own.id}/system#formalities")
    response = _save_section(client, world, "follow_up", {"incident_reporting": "done"}, "1")
    assert response.status_code == 302
    items = {
        item.item_key: (item.state, item.note)
        for item in db.session.scalars(sa.select(ChecklistItem))
    }
    assert items["introduction"] == (ItemState.DONE, "")
    assert items["validity"] == (ItemState.IN_PROGRESS, "Gäller till 2027")
    assert items["incident_reporting"][0] == ItemState.DONE
    assert "contacts" not in items
    page = _html(client.get(f"/participations/{world.own.id}/system"))
    assert "2 av 22 punkter klara" in page
    assert "1 klara, 1 pågår, 1 saknas" in page
    assert "Gäller till 2027" in page


def test_the_document_part_is_edited_on_its_own(client, auth, world):
    auth.login(world.participant)
    response = client.post(
        _section_url(world, "document"),
        data={
            "version": "0",
            "responsibility_level": "2",
            "document_status": "decided",
            "decided_by": "Kommunfullmäktige",
            "decided_on": "2026-03-01",
        },
    )
    assert response.status_code == 302
    checklist = db.session.scalar(sa.select(SystemChecklist))
    assert (checklist.responsibility_level, checklist.decided_by) == (2, "Kommunfullmäktige")
    assert not checklist.items
    page = _html(client.get(f"/participations/{world.own.id}/system"))
    assert "Nivå 2" in page and "Kommunfullmäktige" in page


def test_a_section_save_on_a_stale_version_is_refused(client, auth, world):
    auth.login(world.participant)
    _save_section(client, world, "law", {"definitions": "done"})
    stale = _save_section(client, world, "law", {"definitions": "missing"}, version="0")
    assert stale.status_code == 302
    assert "Någon annan har sparat ändringar" in _html(client.get(stale.location))
    item = db.session.scalar(sa.select(ChecklistItem))
    assert item.state == ItemState.DONE


def test_a_section_shows_every_error_at_once_and_stores_nothing(client, auth, world):
    auth.login(world.participant)
    response = client.post(
        _section_url(world, "law"),
        data={
            "version": "0",
            "state_definitions": "kanske",
            "state_public_meetings": "",
            "note_definitions": "x" * 5001,
        },
    )
    assert response.status_code == 200
    summary = _html(response).split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert summary.count("Välj saknas, pågår eller klart.") == 2
    assert "högst 5000 tecken" in summary
    assert db.session.scalar(sa.select(sa.func.count(SystemChecklist.id))) == 0


def test_an_unknown_section_is_404(client, auth, world):
    auth.login(world.participant)
    assert client.get(_section_url(world, "nonsense")).status_code == 404


def test_observers_and_the_leader_read_the_summary_but_only_editors_edit(client, auth, world):
    for user, edits in ((world.observer, False), (world.leader, True)):
        auth.login(user)
        page = _html(client.get(f"/participations/{world.own.id}/system"))
        assert "Sammanfattning per avsnitt" in page
        assert ("Ändra avsnittet" in page) is edits
        auth.logout()
    auth.login(world.observer)
    assert client.get(_section_url(world, "formalities")).status_code == 403

"""Material for each meeting: taken by content and size only, on disk under MATERIAL_FOLDER,
downloadable by the network and nobody else, removed under the retention rule, in backups."""

import io
import os
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from network_app.auth.models import Role
from network_app.extensions import db
from network_app.meetings import material
from network_app.meetings.models import MaterialKind, MeetingKind, MeetingMaterial
from tests import factories
from tests.meetings.helpers import make_meeting

PDF = b"%PDF-1.4\n% dagordning\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100  # a Windows program
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _office(part):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, "pdf"),
        (_office("word/document.xml"), "docx"),
        (_office("ppt/presentation.xml"), "pptx"),
        (_office("xl/workbook.xml"), "xlsx"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 10, "png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 10, "jpeg"),
        (EXECUTABLE, None),
        (b"\x7fELF\x02\x01", None),
        (b"PK\x03\x04 not a zip", None),
        (_office("other/thing.xml"), None),
        (b"<html><script>alert(1)</script>", None),
    ],
)
def test_the_type_is_read_from_the_content(data, expected):
    assert material.file_type_of(data) == expected


def _files(app):
    folder = app.config["MATERIAL_FOLDER"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def _upload(client, meeting, data, name="dagordning.pdf", kind="agenda"):
    return client.post(
        f"/meetings/{meeting.id}/material/new",
        data={"kind": kind, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _materials():
    return db.session.scalars(sa.select(MeetingMaterial)).all()


def test_leader_uploads_and_the_network_downloads_it_as_an_attachment(app, client, auth, world):
    meeting = make_meeting(world.network, day=date(2026, 3, 10))
    db.session.commit()
    auth.login(world.leader)
    response = _upload(client, meeting, PDF, name="Dagordning träff 1.exe.pdf")
    assert response.status_code == 302
    [stored] = _materials()
    assert stored.file_type == "pdf" and stored.size == len(PDF)
    assert stored.filename == "Dagordning träff 1.exe.pdf"
    # On disk by its random key, never the uploaded name, readable by the app's user only.
    assert _files(app) == [stored.storage_key]
    path = os.path.join(app.config["MATERIAL_FOLDER"], stored.storage_key)
    assert os.stat(path).st_mode & 0o777 == 0o600
    auth.logout()
    auth.login(world.other_participant)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Dagordning träff 1.exe.pdf" in page
    download = client.get(f"/material/{stored.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "no-store" in download.headers["Cache-Control"]


def test_a_pdf_name_holding_an_executable_is_refused_and_nothing_is_kept(app, client, auth, world):
    meeting = make_meeting(world.network, day=date(2026, 3, 10))
    db.session.commit()
    auth.login(world.leader)
    page = _upload(client, meeting, EXECUTABLE, name="dagordning.pdf").get_data(as_text=True)
    assert "Det är innehållet som avgör, inte filens namn." in page
    assert _materials() == [] and _files(app) == []


def test_a_file_of_20_mb_and_one_byte_is_refused_and_nothing_is_kept(app, client, auth, world):
    meeting = make_meeting(world.network, day=date(2026, 3, 10))
    db.session.commit()
    auth.login(world.leader)
    too_large = PDF + b"0" * (material.MAX_BYTES + 1 - len(PDF))
    page = _upload(client, meeting, too_large).get_data(as_text=True)
    assert "Filen är större än 20 MB." in page
    assert _materials() == [] and _files(app) == []
    just_right = PDF + b"0" * (material.MAX_BYTES - len(PDF))
    assert _upload(client, meeting, just_right).status_code == 302


def test_a_participant_of_another_network_can_neither_download_nor_upload(app, client, auth, world):
    meeting = make_meeting(world.network, day=date(2026, 3, 10))
    stored = material.add_material(
        meeting,
        data=PDF,
        filename="a.pdf",
        kind=MaterialKind.MINUTES,
        by=world.leader,
        folder=app.config["MATERIAL_FOLDER"],
        now=NOW,
    )
    elsewhere = factories.make_participation(
        factories.make_network(name="Annat nätverk"), factories.make_organisation("Främmande")
    )
    stranger = factories.make_user(
        Role.PARTICIPANT, email="frammande@example.se", organisation=elsewhere.organisation
    )
    db.session.commit()
    auth.login(stranger)
    assert client.get(f"/material/{stored.id}").status_code == 403
    assert _upload(client, meeting, PDF).status_code == 403
    assert client.post(f"/material/{stored.id}/delete").status_code == 403
    assert len(_materials()) == 1


def test_the_group_uploads_to_its_own_workshop_but_not_to_a_network_meeting(
    app, client, auth, world
):
    workshop = make_meeting(
        world.network, day=date(2026, 3, 10), kind=MeetingKind.WORKSHOP, host=world.own
    )
    network_meeting = make_meeting(world.network, day=date(2026, 3, 20))
    db.session.commit()
    auth.login(world.participant)
    assert _upload(client, workshop, _office("ppt/p.xml"), name="bilder.pptx").status_code == 302
    assert _upload(client, network_meeting, PDF).status_code == 403
    auth.logout()
    auth.login(world.other_participant)  # another organisation: not its workshop
    [stored] = _materials()
    assert client.get(f"/material/{stored.id}").status_code == 404


def test_deleting_goes_through_the_confirmation_and_removes_the_file(app, client, auth, world):
    meeting = make_meeting(world.network, day=date(2026, 3, 10))
    db.session.commit()
    auth.login(world.leader)
    _upload(client, meeting, PDF)
    [stored] = _materials()
    page = client.get(f"/material/{stored.id}/delete").get_data(as_text=True)
    assert "går inte att få tillbaka" in page and len(_materials()) == 1
    assert client.post(f"/material/{stored.id}/delete").status_code == 302
    assert _materials() == [] and _files(app) == []


def test_retention_removes_the_material_of_networks_closed_long_ago(app, runner, world):
    meeting = make_meeting(world.network, day=date(2026, 3, 10))
    material.add_material(
        meeting,
        data=PDF,
        filename="minnesanteckningar.pdf",
        kind=MaterialKind.MINUTES,
        by=world.leader,
        folder=app.config["MATERIAL_FOLDER"],
        now=NOW,
    )
    world.network.closed_at = datetime.now(UTC) - timedelta(days=731)
    db.session.commit()
    result = runner.invoke(args=["remove-closed-networks-material"])
    assert "Removed 1 files" in result.output
    assert _materials() == [] and _files(app) == []
    assert runner.invoke(args=["remove-closed-networks-material"]).output.startswith("Removed 0")


def test_the_meeting_page_lists_material_by_kind_then_as_uploaded(client, auth, world):
    meeting = make_meeting(world.network, day=date(2026, 3, 10))
    db.session.commit()
    auth.login(world.leader)
    for name, kind in (
        ("ovrigt.pdf", "other"),
        ("minnesanteckningar.pdf", "minutes"),
        ("bilder-2.pdf", "presentation"),
        ("bilder-1.pdf", "presentation"),
        ("dagordning.pdf", "agenda"),
    ):
        assert _upload(client, meeting, PDF, name=name, kind=kind).status_code == 302
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    listed = [
        name
        for name in ("dagordning", "bilder-2", "bilder-1", "minnesanteckningar", "ovrigt")
        if f"{name}.pdf" in page
    ]
    assert listed == ["dagordning", "bilder-2", "bilder-1", "minnesanteckningar", "ovrigt"]
    positions = [page.index(f">{name}.pdf<") for name in listed]
    assert positions == sorted(positions)

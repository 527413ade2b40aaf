"""Material for each meeting: files recognised by their content (never by their name), at most
MAX_BYTES each, stored on disk under MATERIAL_FOLDER by a random key, their metadata in the
database. Removed with the network under the retention rule; in backup and restore."""

import io
import os
import re
import secrets
import unicodedata
import zipfile
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from network_app.extensions import db
from network_app.meetings.models import Meeting, MeetingMaterial
from network_app.meetings.services import MeetingRuleError
from network_app.networks.models import Network
from network_app.private_files import open_private_file, private_folder

# 20 MB as people count them: the multipart request around it stays under 20 MiB
# (UPLOAD_MAX_CONTENT_LENGTH), so a file just too large gets this message, not a 413.
MAX_BYTES = 20 * 1000 * 1000

# What a file may be: type -> (extension, MIME type), recognised by content in file_type_of.
FILE_TYPES = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pptx": (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "png": ("png", "image/png"),
    "jpeg": ("jpg", "image/jpeg"),
}
# The folder inside an Office Open XML package that tells Word, PowerPoint and Excel apart.
_OOXML_PARTS = {"word/": "docx", "ppt/": "pptx", "xl/": "xlsx"}


class MaterialRefused(MeetingRuleError):
    """A file that is not taken; the reason is its .reason ("type", "size" or "empty")."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def file_type_of(data):
    """The file's type from its first bytes (and, for Office files, the package's parts), or
    None: a name ending in .pdf says nothing."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = package.namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        for prefix, kind in _OOXML_PARTS.items():
            if any(name.startswith(prefix) for name in names):
                return kind
    return None


def clean_filename(name, file_type):
    """A download name from the uploaded one: letters, digits, spaces, dots, dashes; the
    extension of what the file holds."""
    stem = Path(unicodedata.normalize("NFC", name or "")).stem
    stem = re.sub(r"[^\w .-]+", "", stem, flags=re.UNICODE).strip(" .-")[:150]
    return f"{stem or 'material'}.{FILE_TYPES[file_type][0]}"


def read_limited(stream, limit=MAX_BYTES):
    """The upload's bytes, refused (size) past the limit without reading further."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise MaterialRefused("size")
    return data


def _path(folder, storage_key):
    return Path(folder) / storage_key


def add_material(meeting, *, data, filename, kind, by, folder, now):
    """Check the bytes, write them under a random key and record the file; nothing is kept when
    refused."""
    if not data:
        raise MaterialRefused("empty")
    if len(data) > MAX_BYTES:
        raise MaterialRefused("size")
    file_type = file_type_of(data)
    if file_type is None:
        raise MaterialRefused("type")
    private_folder(folder)
    storage_key = secrets.token_hex(32)
    with open_private_file(_path(folder, storage_key)) as out:
        out.write(data)
    material = MeetingMaterial(
        meeting=meeting,
        kind=kind,
        filename=clean_filename(filename, file_type),
        file_type=file_type,
        size=len(data),
        storage_key=storage_key,
        uploaded_by_id=by.id,
        uploaded_at=now,
    )
    db.session.add(material)
    try:
        db.session.flush()
    except Exception:
        remove_file(folder, storage_key)
        raise
    return material


def read_material(material, folder):
    return _path(folder, material.storage_key).read_bytes()


def mime_type(material):
    return FILE_TYPES[material.file_type][1]


def remove_file(folder, storage_key):
    try:
        os.remove(_path(folder, storage_key))
    except FileNotFoundError:
        pass


def delete_material(material, folder):
    """The row now, the file once the row is gone (a file without a row is never served)."""
    storage_key = material.storage_key
    db.session.delete(material)
    db.session.flush()
    remove_file(folder, storage_key)


def remove_material_of_closed_networks(*, older_than_days, now):
    """The retention rule: the records of the material of networks closed longer than the given
    time (minutes and slides may name people) are deleted; returns the storage keys, whose files
    the caller removes with remove_files once the deletion is committed."""
    closed = sa.select(Network.id).where(
        Network.closed_at.is_not(None), Network.closed_at < now - timedelta(days=older_than_days)
    )
    old = db.session.scalars(
        sa.select(MeetingMaterial)
        .join(Meeting, Meeting.id == MeetingMaterial.meeting_id)
        .where(Meeting.network_id.in_(closed))
    ).all()
    keys = [m.storage_key for m in old]
    for material in old:
        db.session.delete(material)
    db.session.flush()
    return keys


def remove_files(folder, keys):
    for key in keys:
        remove_file(folder, key)

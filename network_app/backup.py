"""A portable backup of every table: a zip of JSON lines, restorable on SQLite or PostgreSQL.

The tables come from db.metadata in dependency order, so a table added by a later package is
backed up and restored without a change here. The meetings' material files (MATERIAL_FOLDER) go
into the same zip under material/.
"""

import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app

from network_app import json_values
from network_app.extensions import db
from network_app.private_files import open_private_file, private_folder

FORMAT = "network-app-backup/1"
BATCH = 1000
# Tables the migrations fill (the register of municipalities and regions): a freshly migrated
# database already has their rows, so they do not make it "not empty"; a restore replaces them
# with the backup's.
FILLED_BY_MIGRATIONS = frozenset({"register"})


class RestoreRefused(Exception):
    """The target database cannot take this backup; the message says why and what to do."""


def _revision(connection):
    """The Alembic revision of the database, or None when it was not built by the migrations."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def write_backup(engine, path, material_folder=None):
    """Write every row of every table to a zip at path, and the meetings' material files from
    material_folder; returns {table name: row count}."""
    counts = {}
    with (
        engine.connect() as connection,
        open_private_file(path) as out,  # the zip holds personal data: 0600
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf,
    ):
        for table in db.metadata.sorted_tables:
            counts[table.name] = _write_table(connection, table, zf)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "revision": _revision(connection),
            "tables": [
                {"name": t.name, "columns": [c.name for c in t.columns], "rows": counts[t.name]}
                for t in db.metadata.sorted_tables
            ],
        }
        if material_folder:
            manifest["material_files"] = _write_material(connection, zf, material_folder)
        zf.writestr("manifest.json", json.dumps(manifest, indent=2))
    return counts


def _write_material(connection, zf, folder):
    """The files the meeting_materials rows name, as material/<key> (a missing one is skipped:
    its row alone is restored, and its download answers 404)."""
    table = db.metadata.tables["meeting_materials"]
    written = 0
    for (key,) in connection.execute(sa.select(table.c.storage_key).order_by(table.c.id)):
        source = Path(folder) / key
        if source.is_file():
            zf.write(source, f"material/{key}")
            written += 1
    return written


def _restore_material(zf, folder):
    names = [n for n in zf.namelist() if n.startswith("material/")]
    if not names:
        return
    private_folder(folder)
    for name in names:
        key = name.removeprefix("material/")
        if not key or "/" in key or key.startswith("."):
            continue  # only the flat, random keys the app writes
        with zf.open(name) as source, open_private_file(Path(folder) / key) as out:
            shutil.copyfileobj(source, out)


def _write_table(connection, table, zf):
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
        sa.select(table).order_by(*order)
    )
    count = 0
    with zf.open(f"tables/{table.name}.jsonl", "w") as out:
        for row in result:
            record = {c.name: json_values.encode(row._mapping[c]) for c in table.columns}
            out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
            count += 1
    return count


def _check_target(connection, manifest):
    inspector = sa.inspect(connection)
    missing = [t.name for t in db.metadata.sorted_tables if not inspector.has_table(t.name)]
    if missing:
        raise RestoreRefused(
            f"The database has no table {missing[0]!r}: run `flask --app wsgi db upgrade` on an "
            "empty database first, then restore."
        )
    known = {t.name for t in db.metadata.sorted_tables}
    unknown = [t["name"] for t in manifest["tables"] if t["name"] not in known]
    if unknown:
        raise RestoreRefused(
            f"The backup holds tables this version of the app does not know ({', '.join(unknown)})"
            ": restore it with the version that made it."
        )
    revision = _revision(connection)
    if manifest.get("revision") and revision and manifest["revision"] != revision:
        raise RestoreRefused(
            f"The backup was made at schema revision {manifest['revision']} and the database is "
            f"at {revision}: migrate the database to the backup's revision, restore, then upgrade."
        )
    for table in db.metadata.sorted_tables:
        if table.name in FILLED_BY_MIGRATIONS:
            continue
        if connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
            raise RestoreRefused(
                f"The database is not empty (table {table.name!r} has rows): restore only into an "
                "empty, migrated database."
            )


def restore_backup(engine, path, material_folder=None):
    """Load a backup into an empty, migrated database in one transaction, and the meetings'
    material files into material_folder; returns row counts."""
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise RestoreRefused(f"{path} is not a backup made by `flask --app wsgi backup`.")
        counts = {}
        with engine.begin() as connection:
            _check_target(connection, manifest)
            listed = {t["name"] for t in manifest["tables"]}
            for table in db.metadata.sorted_tables:
                if table.name in FILLED_BY_MIGRATIONS and table.name in listed:
                    connection.execute(table.delete())
            for table in db.metadata.sorted_tables:
                if table.name in listed:
                    counts[table.name] = _restore_table(connection, table, zf)
            if connection.dialect.name == "postgresql":
                reset_sequences(connection)
        if material_folder:
            _restore_material(zf, material_folder)
    return counts


def _restore_table(connection, table, zf):
    count, batch = 0, []
    with zf.open(f"tables/{table.name}.jsonl") as lines:
        for line in lines:
            record = json.loads(line)
            batch.append(
                {c.name: json_values.decode(record.get(c.name), c.type) for c in table.columns}
            )
            if len(batch) >= BATCH:
                connection.execute(table.insert(), batch)
                count, batch = count + len(batch), []
    if batch:
        connection.execute(table.insert(), batch)
        count += len(batch)
    return count


def reset_sequences(connection):
    """Rows came in with their ids: move each id sequence past the largest, or new rows clash."""
    for table in db.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, sa.Integer):
            continue
        column = key[0]
        largest = sa.select(sa.func.max(column)).scalar_subquery()
        # setval is strict: a column without a sequence gives NULL here, not an error.
        connection.execute(
            sa.select(
                sa.func.setval(
                    sa.func.pg_get_serial_sequence(table.name, column.name),
                    sa.func.coalesce(largest, 1),
                    largest.is_not(None),
                )
            )
        )


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup_command(path):
    """Write every table to PATH (a zip of JSON lines) for `restore`."""
    counts = write_backup(db.engine, path, current_app.config["MATERIAL_FOLDER"])
    click.echo(f"Backed up {sum(counts.values())} rows of {len(counts)} tables to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def restore_command(path):
    """Load a backup made by `backup` into an empty, migrated database."""
    try:
        counts = restore_backup(db.engine, path, current_app.config["MATERIAL_FOLDER"])
    except (RestoreRefused, zipfile.BadZipFile, KeyError) as error:
        message = (
            str(error)
            if isinstance(error, RestoreRefused)
            else (f"{path} is not a readable backup ({error}).")
        )
        raise click.ClickException(message) from None
    click.echo(f"Restored {sum(counts.values())} rows of {len(counts)} tables from {path}.")

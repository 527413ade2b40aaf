"""Files that hold personal data or secrets (the SQLite database, backups, the development key):
readable and writable by the app's own user only, whatever the process's umask."""

import logging
import os
from pathlib import Path

from sqlalchemy.engine import make_url

FILE_MODE = 0o600
FOLDER_MODE = 0o700

log = logging.getLogger(__name__)


def private_folder(path):
    """Create the folder if needed and make it 0700."""
    path = Path(path)
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    _tighten(path, FOLDER_MODE)


def open_private_file(path, *, text=False):
    """A file opened for writing (truncated) that nobody but the owner could read at any moment:
    created 0600 rather than created by the umask and narrowed afterwards."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)  # a file that existed keeps its mode through O_CREAT
    return os.fdopen(descriptor, "w" if text else "wb")


def sqlite_file(uri):
    """The file an SQLite URI names, or None for another database or an in-memory one."""
    url = make_url(uri)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.database.startswith("file:"):
        return None  # a URI filename with its own options: left to whoever wrote it
    return Path(url.database)


def private_sqlite_database(uri):
    """Create the SQLite file 0600 before SQLite does (it would follow the umask); its -wal and
    -shm files then take the same mode, since SQLite copies the database file's."""
    path = sqlite_file(uri)
    if path is None or not path.parent.is_dir():
        return
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE))
    _tighten(path, FILE_MODE)


def _tighten(path, mode):
    try:
        os.chmod(path, mode)
    except OSError as error:  # not the owner: say so, but run
        log.warning("could not make %s mode %o: %s", path, mode, error.strerror)

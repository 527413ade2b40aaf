"""Statements that select columns, not mapped objects, run on the session's connection.

The ORM's execution layer has nothing to do for such rows but still cost 0.1 ms a statement
(a fifth of a short statement's time on the pages of bench/run.py), so the pages' lists read
them here. The session's transaction is the same; what the ORM would have flushed first is
flushed first here too.
"""

from network_app.extensions import db


def plain_rows(statement, parameters=None):
    """The statement's result (rows of columns) in the session's transaction."""
    if db.session.autoflush:
        db.session.flush()  # as the ORM's autoflush: nothing to do when nothing is pending
    return db.session.connection().execute(statement, parameters or {})

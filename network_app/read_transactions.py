"""On PostgreSQL, a request that only read ends its transaction with COMMIT, not ROLLBACK.

psycopg prepares a statement on the server after five runs of it on a connection, and forgets
every prepared statement at a ROLLBACK (a rollback may undo a PREPARE). Flask-SQLAlchemy ends
every request's session with a rollback, so no statement stayed prepared and PostgreSQL planned
each one again on every request: 1.5 ms for the leader's overview alone. A transaction that
has only read ends the same way whether committed or rolled back; committing it lets psycopg
keep its prepared statements for the next request on the connection.

Anything else still ends in a rollback, as before: a request that wrote through any statement
that is not a SELECT (its own commits are its business), left objects pending in the session, or
failed."""

import re

from flask import g, has_app_context
from sqlalchemy import event

from network_app.extensions import db

# A statement that only reads: SELECT without a row lock (a lock is released either way, but
# the rule stays simple to check), or a WITH … SELECT. Matched on the statement in capitals,
# the lock by its literal start: a case-insensitive search with a look-ahead over the whole
# statement took 70 µs for the overview's 5 kB, on every execution.
_READ_START = re.compile(r"\s*(?:SELECT|WITH)\b")
_ROW_LOCK = re.compile(r"FOR\s+(?:NO\s+KEY\s+)?UPDATE\b")


def only_reads(statement):
    upper = statement.upper()
    return bool(_READ_START.match(upper)) and not any(
        _starts_a_word(upper, found.start()) for found in _ROW_LOCK.finditer(upper)
    )


def _starts_a_word(text, index):
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] == "_")


def install(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _note(_connection, _cursor, statement, _parameters, _context, _executemany):
        if not has_app_context():  # a script's own use of the engine
            return
        g.database_read = True
        if not only_reads(statement):
            g.database_wrote = True

    # Registered after Flask-SQLAlchemy's teardown, so it runs before it (Flask runs them in
    # reverse): the session is still open here.
    @app.teardown_appcontext
    def _end_read_only_transaction(error):
        if error is not None or not g.get("database_read") or g.get("database_wrote"):
            return
        session = db.session()  # the request's own session, not the registry
        if not session.in_transaction() or session.new or session.dirty or session.deleted:
            return
        session.commit()

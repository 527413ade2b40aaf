"""Keep personal values out of the application log, also when the database reports an error."""

import logging
import traceback

import sqlalchemy as sa


class RedactDatabaseValues(logging.Filter):
    """PostgreSQL's message for a failed write repeats the row's values ("Key (email)=(…) already
    exists"): log the kind of error, the constraint and the stack, never the message itself."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, sa.exc.DBAPIError):
            original = error.orig
            constraint = getattr(getattr(original, "diag", None), "constraint_name", None)
            summary = f"database error {type(error).__name__} ({type(original).__name__})"
            if constraint:
                summary += f" on constraint {constraint}"
            stack = "".join(traceback.format_tb(error.__traceback__))
            record.msg = f"{record.getMessage()}: {summary}\n{stack}"
            record.args = ()
            record.exc_info, record.exc_text = None, None
        return True


def install(logger):
    if not any(isinstance(f, RedactDatabaseValues) for f in logger.filters):
        logger.addFilter(RedactDatabaseValues())

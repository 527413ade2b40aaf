"""The name an erased person is stored under, shown in the reader's language.

Erasure (privacy.services) overwrites the name with a fixed Swedish marker, so that the row stays
and the organisation's figures do not change. The marker is data, not interface text: it is
translated where names are displayed, never rewritten in the database.
"""

from flask_babel import gettext as _

ANONYMISED_NAME = "Tidigare gruppmedlem"


def display_name(value):
    """The erasure marker in the current language; any other value unchanged.

    Also the Jinja environment's `finalize`, so that every `{{ person.name }}` gets it without a
    filter in each template (a plain string comparison per printed value)."""
    # Only a string can be the stored marker: a lazily translated label would otherwise be
    # translated once more just to be compared.
    if isinstance(value, str) and value == ANONYMISED_NAME:
        return _("Tidigare gruppmedlem")
    return value

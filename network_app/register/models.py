"""The register in the database: one row per municipality and region, keyed by its official code."""

from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from network_app.db_types import enum_column_type
from network_app.extensions import db


class EntryKind(StrEnum):
    """The values of register.entries.Kind and networks.models.OrganisationKind."""

    MUNICIPALITY = "municipality"
    REGION = "region"


class RegisterEntry(db.Model):
    """A municipality (kommunkod, 4 digits) or a region (länskod, 2 digits), as in the data file.

    Codes of the two kinds never collide, so the code alone identifies an entry: Region Gotland is
    two entries, the municipality 0980 and the region 09.
    """

    __tablename__ = "register"

    code: Mapped[str] = mapped_column(sa.String(4), primary_key=True)
    kind: Mapped[EntryKind] = mapped_column(enum_column_type(EntryKind))
    name: Mapped[str] = mapped_column(sa.String(100))
    long_name: Mapped[str] = mapped_column(sa.String(100))
    county_code: Mapped[str] = mapped_column(sa.String(2), index=True)
    county_name: Mapped[str] = mapped_column(sa.String(100))

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


KIND_LABELS = {EntryKind.MUNICIPALITY: _l("Kommun"), EntryKind.REGION: _l("Region")}

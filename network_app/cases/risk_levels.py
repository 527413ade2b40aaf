"""A risk's level (likelihood × consequence, 1-16), its band, and the 4×4 risk matrix the case
page and the Word reports show."""

from network_app.i18n import gettext as _


def level_band(level):
    """The band of a risk level (likelihood x consequence, 1-16) and its Swedish name."""
    if level >= 12:
        return "very_high", _("Mycket hög")
    if level >= 8:
        return "high", _("Hög")
    if level >= 4:
        return "medium", _("Medel")
    return "low", _("Låg")


def risk_matrix(risks):
    """Rows from likelihood 4 down to 1, each a list of (consequence, level, band, risk numbers)."""
    numbered = list(enumerate(risks, start=1))
    return [
        (
            likelihood,
            [
                (
                    c,
                    likelihood * c,
                    level_band(likelihood * c),
                    [n for n, r in numbered if r.likelihood == likelihood and r.consequence == c],
                )
                for c in range(1, 5)
            ],
        )
        for likelihood in range(4, 0, -1)
    ]

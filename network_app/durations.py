"""Durations: stored and passed between packages as integer minutes, shown as hours."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def hours(minutes):
    """Minutes as hours with two decimals; quarter hours are exact."""
    return (Decimal(int(minutes or 0)) / 60).quantize(CENT, ROUND_HALF_UP)

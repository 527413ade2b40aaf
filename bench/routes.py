"""The measured pages. To measure a new page, add a line (meetings and hours pages on merge)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    name: str
    path: str  # formatted with the ids of bench.routes.url_values
    signed_in: bool  # as the project leader, who sees every network


FLOOR = Route("floor (layout, no query)", "/_bench/floor", signed_in=False)

# The same page behind the session lookup every signed-in page pays: it separates the page's
# own cost from the login's.
SIGNED_IN_FLOOR = Route("floor, signed in", "/_bench/floor", signed_in=True)

ROUTES = [
    FLOOR,
    SIGNED_IN_FLOOR,
    Route("login page", "/login", signed_in=False),
    Route("leader's dashboard", "/", signed_in=True),
    Route("network page", "/networks/{network_id}", signed_in=True),
    Route("organisation page", "/organisations/{organisation_id}", signed_in=True),
    Route("project group page", "/participations/{participation_id}", signed_in=True),
]


def url_values(world):
    """Ids in the data set: the newest (open) network, its first participation and organisation."""
    participation_id, network_id, organisation_id = min(
        world.participations, key=lambda p: (-p[1], p[0])
    )
    return {
        "network_id": network_id,
        "participation_id": participation_id,
        "organisation_id": organisation_id,
    }


def paths(world, routes=ROUTES):
    values = url_values(world)
    return [(route, route.path.format(**values)) for route in routes]

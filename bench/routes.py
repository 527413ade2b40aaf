"""The measured pages. To measure a new page, add a line."""

from dataclasses import dataclass

from bench import dataset

TARGET_RATIO = 3.0  # a page's median within 3× the floor's
CONDITIONAL_TARGET_RATIO = 1.5  # a 304 within 1.5×: a calendar client's poll must be cheap
# Issue 14: every signed-in page within 3× the signed-in floor (the login's cost set apart).
SIGNED_IN_TARGET_RATIO = 3.0


@dataclass(frozen=True)
class Route:
    name: str
    path: str  # formatted with the ids of bench.routes.url_values
    signed_in: bool  # as the project leader, who sees every network
    # Signed in as the participant of the measured organisation instead (their dashboard).
    as_participant: bool = False
    # Sent with If-None-Match: the ETag of a first, unconditional request; answered 304.
    conditional: bool = False

    @property
    def expected_status(self):
        return 304 if self.conditional else 200

    @property
    def target(self):
        return CONDITIONAL_TARGET_RATIO if self.conditional else TARGET_RATIO


FLOOR = Route("floor (layout, no query)", "/_bench/floor", signed_in=False)

# The same page behind the session lookup every signed-in page pays: it separates the page's
# own cost from the login's.
SIGNED_IN_FLOOR = Route("floor, signed in", "/_bench/floor", signed_in=True)

ROUTES = [
    FLOOR,
    SIGNED_IN_FLOOR,
    Route("login page", "/login", signed_in=False),
    Route("leader's dashboard", "/", signed_in=True),
    Route("participant's dashboard", "/", signed_in=True, as_participant=True),
    Route("leader's overview", "/networks/{network_id}/overview", signed_in=True),
    Route("network page", "/networks/{network_id}", signed_in=True),
    Route("network progress (hours)", "/networks/{network_id}/hours", signed_in=True),
    Route("meetings schedule", "/networks/{network_id}/meetings", signed_in=True),
    Route("meeting page", "/meetings/{meeting_id}", signed_in=True),
    Route("meeting's registrations", "/meetings/{meeting_id}/registrations", signed_in=True),
    Route("goals page", "/networks/{network_id}/goals", signed_in=True),
    Route("network assignments", "/networks/{network_id}/assignments", signed_in=True),
    Route(
        "learning examples of the network",
        "/networks/{network_id}/learning-examples",
        signed_in=True,
    ),
    Route("organisation page", "/organisations/{organisation_id}", signed_in=True),
    Route("project group page", "/participations/{participation_id}", signed_in=True),
    Route("recruitment (every application)", "/networks/{network_id}/recruitment", signed_in=True),
    Route("network ICS", "/networks/{network_id}/calendar.ics", signed_in=True),
    Route("Lärande exempel library", "/library", signed_in=True),
    Route("audit log", "/audit", signed_in=True),
    Route("audit log, one organisation", "/audit?organisation={organisation_id}", signed_in=True),
    Route("accounts", "/accounts", signed_in=True),
    Route("training queue", "/training", signed_in=True),
    Route("training report", "/training/report", signed_in=True),
    Route("training request form (public)", "/training/request", signed_in=False),
    # The feeds need no login: the token in the URL is the key.
    Route("leader's feed (200 meetings)", "/calendar/feed/{leader_feed}", signed_in=False),
    Route(
        "leader's feed, 304",
        "/calendar/feed/{leader_feed}",
        signed_in=False,
        conditional=True,
    ),
    Route("participant's feed", "/calendar/feed/{participant_feed}", signed_in=False),
]


def feed_token(user_id, secret_key=dataset.SECRET_KEY):
    """The user's subscription token, made as network_app.meetings.feeds makes it."""
    from network_app.meetings.feeds import _mac

    return f"{user_id}-{_mac(user_id, dataset.FEED_SECRET, secret_key)}"


def url_values(world, secret_key=dataset.SECRET_KEY):
    """Ids in the data set: the newest (open) network, its first participation and organisation;
    the feed tokens of the leader and of that organisation's participant."""
    participation_id, network_id, organisation_id = min(
        world.participations, key=lambda p: (-p[1], p[0])
    )
    return {
        "network_id": network_id,
        "meeting_id": world.first_meetings.get(network_id, 0),
        "participation_id": participation_id,
        "organisation_id": organisation_id,
        "leader_feed": feed_token(dataset.LEADER_ID, secret_key),
        "participant_feed": feed_token(dataset.participant_user_id(organisation_id), secret_key),
    }


def participant_email(world, secret_key=dataset.SECRET_KEY):
    """The account of the measured organisation's participant (bench.dataset makes one each)."""
    return f"deltagare{url_values(world, secret_key)['organisation_id']:03d}@bench.example"


def session_key(route):
    """Which signed-in session a route is measured with: False, True (the leader) or
    'participant'."""
    return "participant" if route.as_participant else route.signed_in


def paths(world, routes=ROUTES, secret_key=dataset.SECRET_KEY):
    values = url_values(world, secret_key)
    return [(route, route.path.format(**values)) for route in routes]

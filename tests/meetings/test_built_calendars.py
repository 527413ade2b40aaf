"""The store of written calendars: bounded in bytes, the least recently used out first."""

from network_app.meetings.built_calendars import BuiltCalendars


def test_a_kept_calendar_is_returned_without_building_it_again():
    store, built = BuiltCalendars(max_bytes=100), []

    def build():
        built.append(1)
        return b"BEGIN:VCALENDAR"

    assert store.get_or_build("a", build) == b"BEGIN:VCALENDAR"
    assert store.get_or_build("a", build) == b"BEGIN:VCALENDAR"
    assert built == [1]


def test_the_least_recently_used_calendar_goes_when_the_store_is_full():
    store = BuiltCalendars(max_bytes=25)
    store.get_or_build("a", lambda: b"x" * 10)
    store.get_or_build("b", lambda: b"y" * 10)
    store.get_or_build("a", lambda: b"never built")  # a is now the most recently used
    store.get_or_build("c", lambda: b"z" * 10)
    assert len(store) == 2
    assert store.get_or_build("a", lambda: b"rebuilt") == b"x" * 10
    assert store.get_or_build("b", lambda: b"rebuilt") == b"rebuilt"


def test_a_calendar_larger_than_the_store_is_served_but_not_kept():
    store = BuiltCalendars(max_bytes=5)
    assert store.get_or_build("big", lambda: b"x" * 10) == b"x" * 10
    assert len(store) == 0

"""network_app.links: a list's links equal url_for's, row by row."""

from flask import url_for

from network_app.links import id_link


def test_id_link_gives_what_url_for_gives(app):
    with app.test_request_context("/"):
        for endpoint, argument, values in (
            ("auth.edit_account", "user_id", {}),
            ("audit.log", "person", {}),
            ("audit.log", "page", {"person": 3, "since": "2026-01-01"}),
            ("networks.participation", "participation_id", {}),
        ):
            link = id_link(endpoint, argument, **values)
            for value in (1, 7, 42, 1234567):
                assert link(value) == url_for(endpoint, **{argument: value}, **values)


def test_an_id_that_is_not_a_number_is_refused(app):
    with app.test_request_context("/"):
        link = id_link("auth.edit_account", "user_id")
        try:
            link("1/../2")
        except ValueError:
            return
        raise AssertionError("a text reached the URL")

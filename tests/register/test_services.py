"""register.services.get_entry: an entry by its code; what cannot be a code is no entry, and
the database is not asked (a form passes on what was submitted)."""

import pytest

from network_app.register import services


@pytest.fixture
def register_loaded(app):
    services.load_register()


def test_a_code_gives_its_entry(register_loaded):
    assert services.get_entry("1280").long_name == "Malmö stad"
    assert services.get_entry("12").long_name == "Region Skåne"


@pytest.mark.parametrize(
    "code", ["\x00", "12\x0080", "9999", "128", "12800", " 1280", "12a0", "", None, 1280]
)
def test_anything_else_is_no_entry(register_loaded, count_queries, code):
    with count_queries() as counter:
        found = services.get_entry(code)
    assert found is None
    if code != "9999":  # a well-formed code is looked up, and is not in the register
        assert counter.count == 0

import pytest

from tests.training.helpers import load_register


@pytest.fixture
def register_loaded(app):
    load_register()

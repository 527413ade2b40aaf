"""The password rules: length, the shipped list of common passwords, repetition, own details."""

import gzip

import pytest

from network_app.auth import passwords
from network_app.auth.passwords import (
    COMMON_MESSAGE,
    LENGTH_MESSAGE,
    PERSONAL_MESSAGE,
    REPEATED_MESSAGE,
    refusal,
)

EVA = {"name": "Eva Exempel", "email": "eva.exempel@kommun.example"}


def test_the_shipped_list_is_djangos_20000_common_passwords_with_its_notice():
    with gzip.open(passwords.COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        assert sum(1 for _ in lines) == 19_640  # 20,000 unhexed, lowercased, deduplicated
    assert {"password", "qwerty123456", "1qaz2wsx3edc"} <= passwords.common_passwords()
    notice = passwords.COMMON_PASSWORDS.with_name("common-passwords.NOTICE").read_text()
    assert "Royce Williams" in notice and "Django Software Foundation" in notice


@pytest.mark.parametrize(
    "password", ["password1234", "PASSWORD1234", "PassWord1234", " password1234 ", "1q2w3e4r5t6y"]
)
def test_a_common_password_is_refused_whatever_its_case(password):
    assert refusal(password, **EVA) == COMMON_MESSAGE


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "ööööööööööööööö", "            ", "abababababab", "123412341234"]
)
def test_one_character_or_a_short_group_repeated_is_refused(password):
    assert refusal(password, **EVA) == REPEATED_MESSAGE


@pytest.mark.parametrize(
    "password",
    [
        "evaexempel12",
        "Eva.Exempel2026",
        "Exempel-Eva-1",
        "eva.exempel@kommun.example",
        "eva.exempel@kommu",  # a large part of the address
        "EVA EXEMPEL!!!",
        "exempel-2026-eva",
    ],
)
def test_the_persons_own_name_or_email_is_refused(password):
    assert refusal(password, **EVA) == PERSONAL_MESSAGE


@pytest.mark.parametrize(
    "password",
    [
        "ett-langt-testlosenord",
        "min-katt-heter-eva",  # a first name among other words is not the person's name
        "correct horse battery staple",
        "sommarstuga-i-dalarna",
        "tolv-tecken!",
    ],
)
def test_ordinary_long_passwords_are_accepted(password):
    assert refusal(password, **EVA) is None


@pytest.mark.parametrize("password", ["elva-tecken", "x" * 257, ""])
def test_the_length_is_12_to_256(password):
    assert refusal(password, **EVA) == LENGTH_MESSAGE


def test_without_personal_details_only_the_other_rules_apply():
    assert refusal("evaexempel12") is None
    assert refusal("evaexempel12", name="", email=None) is None

"""Builders for the recruitment tests: an open application period and a valid application."""

from datetime import timedelta

from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks.services import local_today
from tests import factories


def open_period(network, *, days_left=10):
    today = local_today(network)
    network.applications_open_on = today - timedelta(days=5)
    network.application_deadline = today + timedelta(days=days_left)
    network.decision_on = today + timedelta(days=days_left + 14)
    db.session.commit()
    return network


def close_period(network):
    today = local_today(network)
    network.applications_open_on = today - timedelta(days=30)
    network.application_deadline = today - timedelta(days=1)
    network.decision_on = today + timedelta(days=14)
    db.session.commit()
    return network


def form_data(code="0862", **overrides):
    data = {
        "register_code": code,
        "contact_name": "Lina Sökande",
        "contact_title": "Säkerhetssamordnare",
        "contact_email": "lina.sokande@example.se",
        "contact_phone": "070-123 45 67",
        "background": "Flera av våra förtroendevalda har fått hot.",
        "members-0-name": "Per Politiker",
        "members-0-title": "Kommunalråd",
        "members-0-role": "elected_official",
        "members-1-name": "Sara Säker",
        "members-1-title": "Säkerhetschef",
        "members-1-role": "civil_servant",
        "decision_state": "taken",
        "decision_body": "Kommunstyrelsen",
        "decision_date": "2026-11-20",
        "decision_reference": "KS 2026/123",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def register_codes(*codes):
    for code in codes:
        factories.register_entry(code)
    db.session.commit()


def now():
    return utcnow()

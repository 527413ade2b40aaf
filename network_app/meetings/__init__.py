"""Meetings of a network, registrations and attendance, and their calendars."""

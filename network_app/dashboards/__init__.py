"""Dashboards that say what to do next: the participant's own groups and the leader's overview."""

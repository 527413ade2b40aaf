"""Recruiting a network's organisations: the application period, invitations, applications by
the organisations themselves, the telephone follow-up and the selection."""

"""Coaching between the meetings: the coach's notes with an organisation, and the comment
threads on a group's case, risk analysis and checklist."""

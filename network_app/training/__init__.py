"""The training offer for elected assemblies (seed 003): requests, the leader's queue, scheduling,
the confirmation with a calendar file, and what the training has reached."""

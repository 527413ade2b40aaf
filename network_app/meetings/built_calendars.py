"""Calendars already written, kept by their validator (ETag) in this process.

Writing the ICS of a leader's 200 meetings with icalendar takes about 150 ms; the validator is
one aggregate query. A calendar is a pure function of what its validator is computed from, so a
copy kept under the validator can never be stale: a change gives a new validator, and the old
copy simply ages out. Nothing depends on the copy being here, so every process (and machine)
may hold its own; the app stays stateless.
"""

import threading
from collections import OrderedDict

# The leader's 200-meeting feed is about 90 kB: a few megabytes per process at most.
MAX_BYTES = 8 * 1024 * 1024


class BuiltCalendars:
    def __init__(self, max_bytes=MAX_BYTES):
        self.max_bytes = max_bytes
        self._calendars = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get_or_build(self, validator, build):
        """The calendar kept under validator, or build() kept there (newest used last out)."""
        with self._lock:
            data = self._calendars.get(validator)
            if data is not None:
                self._calendars.move_to_end(validator)
                return data
        data = build()
        self._keep(validator, data)
        return data

    def _keep(self, validator, data):
        if len(data) > self.max_bytes:
            return
        with self._lock:
            if validator in self._calendars:
                return
            self._calendars[validator] = data
            self._bytes += len(data)
            while self._bytes > self.max_bytes:
                _oldest, dropped = self._calendars.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self):
        with self._lock:
            self._calendars.clear()
            self._bytes = 0

    def __len__(self):
        return len(self._calendars)

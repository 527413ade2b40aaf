"""A quick run of the fault test (bench/faults.py): gunicorn workers killed with SIGKILL while
participants log hours leave every entry whole or absent, never half-written."""

import shutil
import sys
from pathlib import Path

import pytest

from bench import faults, serve

pytestmark = pytest.mark.skipif(
    not Path(serve.GUNICORN).exists() or not sys.platform.startswith("linux"),
    reason="needs gunicorn and /proc (Linux) to find and kill workers",
)


def test_killed_workers_leave_no_half_written_hour_entries():
    assert shutil.which(serve.GUNICORN)
    result = faults.run("sqlite", duration=5, clients=4)
    assert result["kills"] >= 3
    assert result["acknowledged"] > 0, "no entry was saved while workers were being killed"
    assert result["violations"] == {}
    assert result["refused"] == {}
    # Every acknowledged entry is stored; a cut-off one is either whole or absent (checked in
    # violations); nothing else is stored.
    assert result["stored"] == result["acknowledged"] + result["cut off and stored whole"]

"""bandit finds nothing of medium or higher severity in network_app/."""

import subprocess
import sys

from tests.conftest import PROJECT_ROOT


def run_bandit(target):
    return subprocess.run(  # noqa: S603 - a fixed command line, no shell
        [sys.executable, "-m", "bandit", "-r", str(target), "-ll", "-q"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_bandit_finds_nothing_of_medium_or_higher_severity():
    result = run_bandit("network_app")
    assert result.returncode == 0, result.stdout + result.stderr


def test_bandit_would_fail_on_a_real_finding(tmp_path):
    """The control: the same command does report a medium-severity problem."""
    (tmp_path / "bad.py").write_text(
        "import subprocess\n\ndef run(name):\n    subprocess.call('ls ' + name, shell=True)\n"
    )
    result = run_bandit(tmp_path)
    assert result.returncode != 0
    assert "B602" in result.stdout

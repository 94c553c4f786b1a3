import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = ["load-framework", "generate-demo", "create-demo-accounts", "export-answers"]


def clusterbench(*args) -> subprocess.CompletedProcess:
    executable = shutil.which("clusterbench", path=str(Path(sys.executable).parent))
    assert executable, "the clusterbench entry point is not installed"
    return subprocess.run(
        [executable, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DEBUG": "1"},
    )


class TestTheCommandLine:
    @pytest.mark.parametrize("command", COMMANDS)
    def test_every_command_has_help_under_its_hyphenated_name(self, command):
        result = clusterbench(command, "--help")
        assert result.returncode == 0, result.stderr
        assert f"usage: clusterbench {command.replace('-', '_')}" in result.stdout

    def test_an_unknown_command_is_named(self):
        result = clusterbench("make-coffee")
        assert result.returncode != 0
        assert "Unknown command: 'make_coffee'" in result.stderr

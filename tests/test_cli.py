import os
import re
import shlex
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

    def test_missing_settings_are_one_clear_line_not_a_traceback(self, tmp_path):
        executable = shutil.which("clusterbench", path=str(Path(sys.executable).parent))
        env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
        result = subprocess.run(
            [executable, "check"],
            capture_output=True,
            text=True,
            check=False,
            env={**env, "LOCAL_ENV_FILE": str(tmp_path / "none.env")},
        )
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("clusterbench: SECRET_KEY must be set")
        assert "make demo" in line

    def test_a_command_that_succeeds_writes_nothing_to_stderr(self):
        # Start-up chatter (a library announcing itself) would read as a warning to a user
        # and mix with the output of a command piped elsewhere.
        result = clusterbench("check")
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""

    def test_an_unknown_command_is_named(self):
        result = clusterbench("make-coffee")
        assert result.returncode != 0
        assert "Unknown command: 'make_coffee'" in result.stderr


PROJECT = Path(__file__).resolve().parent.parent
SHOWCASE = "1233"  # the README's engagement number, that of the default population


def demo_set_up_commands() -> list[str]:
    """The Makefile's `demo` recipe up to the servers, as shell lines."""
    recipe: list[str] = []
    inside = False
    for line in PROJECT.joinpath("Makefile").read_text().splitlines():
        if line.startswith("demo:"):
            inside, recipe = True, []  # the rule (again): its recipe follows
        elif inside and line.startswith("\t"):
            recipe.append(line.strip())
        elif recipe:
            break
    lines = [line for line in recipe if not line.startswith("@")]
    return lines[: next(i for i, line in enumerate(lines) if "db_worker" in line)]


def readme_commands() -> list[str]:
    """The shell block of the README's "After `make demo`" paragraph."""
    readme = PROJECT.joinpath("README.md").read_text()
    block = readme.split("After `make demo` every command works", 1)[1]
    return block.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    """A plain shell after `make demo`: no DEBUG, no SECRET_KEY, nothing the test suite
    sets; the embedded database. The set-up is the Makefile's, on a small population."""
    home = tmp_path_factory.mktemp("plain-shell")
    suite_only = ("DEBUG", "SECRET_KEY", "SITE_URL", "DATABASE_URL")
    suite_only += ("TASKS_BACKEND", "SECURE_SSL_REDIRECT")
    env = {k: v for k, v in os.environ.items() if k not in suite_only}
    env.update(
        # Where this checkout keeps its demo (var/...), moved aside for the test.
        LOCAL_ENV_FILE=str(home / "local.env"),
        SQLITE_PATH=str(home / "clusterbench.sqlite3"),
        MEDIA_ROOT=str(home / "media"),
    )
    venv = Path(sys.executable).parent

    def run(line: str) -> subprocess.CompletedProcess:
        program, *words = shlex.split(line)
        for prefix in ("$(VENV)/bin/", ".venv/bin/"):
            program = program.removeprefix(prefix)
        program = str(venv / ("clusterbench" if program == "$(RUN)" else program))
        words = [{"$(HOST)": "127.0.0.1", "$(PORT)": "8013"}.get(w, w) for w in words]
        if words == ["generate_demo"]:
            words += ["--clusters", "80"]  # small and quick; the same code as the full one
        return subprocess.run(
            [program, *words], cwd=home, env=env, capture_output=True, text=True, check=False
        )

    set_up = {line: run(line) for line in demo_set_up_commands()}
    return run, set_up, home


class TestTheReadmeCommandsAfterTheDemoSetUp:
    def test_the_demo_set_up_runs_without_debug_or_secret_key_exported(self, shell):
        _run, set_up, _home = shell
        assert any("generate_demo" in line for line in set_up)
        for line, result in set_up.items():
            assert result.returncode == 0, f"{line}\n{result.stderr}"

    def test_the_printed_links_follow_the_port(self, shell):
        _run, set_up, _home = shell
        [accounts] = [r for line, r in set_up.items() if "create_demo_accounts" in line]
        assert "log in at http://127.0.0.1:8013/accounts/login/" in accounts.stdout
        assert "8000" not in accounts.stdout
        assert re.search(
            r"manager .* for .*\(a quote to accept\) and .*\(a released report\)", accounts.stdout
        )

    def test_every_readme_command_works_as_printed(self, shell):
        run, set_up, home = shell
        [accounts] = [r for line, r in set_up.items() if "create_demo_accounts" in line]
        showcase = re.search(r"render (\d+) --language en -o report.pdf", accounts.stdout)[1]
        commands = readme_commands()
        assert len(commands) >= 5
        for line in commands:
            result = run(line.replace(SHOWCASE, showcase))
            assert result.returncode == 0, f"{line}\n{result.stderr}"
        assert (home / "report.pdf").read_bytes().startswith(b"%PDF")
        assert (home / "answers.csv").read_text().startswith("benchmarking_id")

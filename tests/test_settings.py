import os
import subprocess
import sys

import pytest
from django.db import connection


def start(**env) -> subprocess.CompletedProcess:
    """Start Django in a fresh interpreter with the given environment."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "EMAIL_PORT", "SITE_URL")
    }
    code = "import django; django.setup(); " + env.pop("PYTHONCODE", "")
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "clusterbench.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


class TestBadSettingsStopStartUp:
    @pytest.mark.parametrize(
        "env,named",
        [
            ({"DEBUG": "maybe"}, "DEBUG must be one of"),
            ({"DEBUG": "0"}, "SECRET_KEY must be set"),
            ({"DEBUG": "1", "EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number"),
            ({"DEBUG": "1", "DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL must point"),
            ({"DEBUG": "1", "DATABASE_URL": "not a url"}, "DATABASE_URL"),
            ({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "SITE_URL must be set"),
            ({"DEBUG": "1", "SITE_URL": "bench.example.org"}, "SITE_URL must be an address"),
            ({"DEBUG": "1", "LOCAL_ENV_FILE": __file__}, "expected KEY=value"),
        ],
    )
    def test_it_names_the_variable(self, env, named):
        result = start(**env)
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert named in result.stderr

    def test_good_settings_start(self):
        result = start(DEBUG="0", SECRET_KEY="x" * 50, SITE_URL="https://bench.example.org")
        assert result.returncode == 0, result.stderr


def setting(name: str, **env) -> str:
    """One setting's value as a fresh interpreter sees it with the given environment."""
    result = start(**env, PYTHONCODE=f"from django.conf import settings; print(settings.{name})")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


class TestTheDemonstrationsLocalSettings:
    def write(self, tmp_path, port=8013, host="127.0.0.1", *more):
        path = tmp_path / "local.env"
        result = subprocess.run(
            [
                sys.executable,
                *("-m", "clusterbench.localenv", "--host", host, "--port", str(port), *more),
            ],
            env={**os.environ, "LOCAL_ENV_FILE": str(path)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return path

    def test_commands_start_with_neither_debug_nor_secret_key_in_the_environment(self, tmp_path):
        path = self.write(tmp_path)
        assert start(LOCAL_ENV_FILE=str(path)).returncode == 0
        assert setting("DEBUG", LOCAL_ENV_FILE=str(path)) == "True"

    def test_the_public_address_follows_host_and_port(self, tmp_path):
        path = self.write(tmp_path, port=8013, host="10.0.0.7")
        assert setting("SITE_URL", LOCAL_ENV_FILE=str(path)) == "http://10.0.0.7:8013"
        assert "10.0.0.7" in setting("ALLOWED_HOSTS", LOCAL_ENV_FILE=str(path))

    def test_the_secret_key_is_generated_once_and_kept(self, tmp_path):
        path = self.write(tmp_path, port=8013)
        first = setting("SECRET_KEY", LOCAL_ENV_FILE=str(path))
        self.write(tmp_path, port=8014)
        assert setting("SECRET_KEY", LOCAL_ENV_FILE=str(path)) == first
        assert len(first) >= 50 and "insecure" not in first
        assert path.stat().st_mode & 0o077 == 0  # readable by its owner only

    def test_the_install_for_development_writes_them_only_when_missing(self, tmp_path):
        """`make install-dev` (and so `make test`) leaves a checkout whose commands work;
        it never changes the file `make demo` wrote (its port, its key)."""
        path = self.write(tmp_path, 8013, "127.0.0.1", "--if-missing")
        assert setting("SITE_URL", LOCAL_ENV_FILE=str(path)) == "http://127.0.0.1:8013"
        before = path.read_text()
        self.write(tmp_path, 8000, "127.0.0.1", "--if-missing")
        assert path.read_text() == before

    def test_the_environment_wins_over_the_file(self, tmp_path):
        path = self.write(tmp_path)
        shown = setting("SITE_URL", LOCAL_ENV_FILE=str(path), SITE_URL="https://b.example.org")
        assert shown == "https://b.example.org"

    def test_production_without_the_file_still_needs_a_secret_key(self, tmp_path):
        result = start(LOCAL_ENV_FILE=str(tmp_path / "none.env"))
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded default only")
def test_the_embedded_database_runs_in_wal_mode():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_the_embedded_database_connection_outlives_a_request(tmp_path):
    """Opening an SQLite connection (its pragmas, Django's functions) took 1-1.7 ms, more
    than a kept public page costs: a server process keeps it, as it does PostgreSQL's."""
    code = (
        "from django.core.signals import request_finished, request_started; "
        "from django.db import connection; "
        "request_started.send(None); connection.ensure_connection(); "
        "first = connection.connection; request_finished.send(None); "
        "request_started.send(None); connection.ensure_connection(); "
        "print(connection.connection is first)"
    )
    result = start(DEBUG="1", SQLITE_PATH=str(tmp_path / "db.sqlite3"), PYTHONCODE=code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"

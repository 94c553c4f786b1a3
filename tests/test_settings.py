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
        if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "EMAIL_PORT")
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
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
        ],
    )
    def test_it_names_the_variable(self, env, named):
        result = start(**env)
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert named in result.stderr

    def test_good_settings_start(self):
        result = start(DEBUG="0", SECRET_KEY="x" * 50)
        assert result.returncode == 0, result.stderr


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded default only")
def test_the_embedded_database_runs_in_wal_mode():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"

"""The local settings file of a demonstration checkout (`var/local.env` by default).

`make demo` writes it: a generated SECRET_KEY (kept from one run to the next), DEBUG=1,
the public address SITE_URL (following HOST and PORT) and ALLOWED_HOSTS. The settings
read it after the environment, so every `clusterbench` command works from a plain shell
after `make demo`, and a variable set in the environment still wins. Production has no
such file (or sets LOCAL_ENV_FILE to an empty value) and configures its environment.

No Django here: the settings module imports it, and `make demo` runs it before Django
can start (`python -m clusterbench.localenv --host H --port P`).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
from pathlib import Path

from clusterbench.files import open_atomically
from clusterbench.text import shown

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
DEFAULT_PATH = PROJECT_DIR / "var" / "local.env"
_LINE = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")
_HEADER = (
    "# Written by `make demo` for this checkout only: a demonstration server with DEBUG on.\n"
    "# Never use it in production. Variables set in the environment take precedence.\n"
)


class LocalEnvError(ValueError):
    """The file cannot be read as KEY=value lines; the message names the line."""


def local_env_path() -> Path | None:
    """LOCAL_ENV_FILE names the file; empty switches it off; unset is var/local.env."""
    raw = os.environ.get("LOCAL_ENV_FILE")
    if raw is None:
        return DEFAULT_PATH
    return Path(raw) if raw.strip() else None


def local_env_read(path: Path | None) -> dict[str, str]:
    """KEY=value lines; blank lines and # comments are skipped. A missing file is empty."""
    if path is None or not path.exists():
        return {}
    values = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise LocalEnvError(f"{path}, line {number}: expected KEY=value, got “{shown(line)}”")
        values[match[1]] = match[2]
    return values


def local_env_write_demo(path: Path, *, host: str, port: int) -> dict[str, str]:
    """Write the demonstration settings, keeping the SECRET_KEY of an earlier run so that
    sessions and signed links survive a restart. Written whole, readable by its owner only."""
    previous = local_env_read(path)
    hosts = ["127.0.0.1", "localhost"] + ([host] if host not in ("127.0.0.1", "localhost") else [])
    values = {
        "SECRET_KEY": previous.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "DEBUG": "1",
        "SITE_URL": f"http://{host}:{port}",
        "ALLOWED_HOSTS": ",".join(hosts),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_atomically(path, "w", private=True, encoding="utf-8") as out:
        out.write(_HEADER + "".join(f"{key}={value}\n" for key, value in values.items()))
    return values


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m clusterbench.localenv",
        description="Write the local settings of a demonstration server (var/local.env).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--file", type=Path, default=None, help="default: LOCAL_ENV_FILE")
    parser.add_argument(
        "--if-missing",
        action="store_true",
        help="leave an existing file as it is (the install for development uses this)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65535:
        parser.error(f"--port must be between 1 and 65535; got {args.port}")
    path = args.file or local_env_path()
    if path is None:
        parser.error("LOCAL_ENV_FILE is empty: say where to write with --file")
    if args.if_missing and path.exists():
        return
    values = local_env_write_demo(path, host=args.host, port=args.port)
    print(f"Local settings in {path}: DEBUG=1, SITE_URL={values['SITE_URL']}")


if __name__ == "__main__":
    main()

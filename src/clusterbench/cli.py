"""The `clusterbench` command: Django's management commands under the project's name.

`clusterbench export-answers out.csv` and `clusterbench export_answers out.csv` are the
same command; the hyphenated form is the one the docs use.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbench.settings")
    argv = list(sys.argv)
    argv[0] = "clusterbench"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        # A setting is missing or wrong: its message says which and what to do.
        sys.stderr.write(f"clusterbench: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()

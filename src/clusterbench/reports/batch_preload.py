"""Imported once by the batch's fork server (multiprocessing's "forkserver"), before it
forks any worker: Django set up and the report's modules imported there, so that every
worker starts with them instead of paying for them again (about 0.3 s of CPU a worker).
Nothing here reads the database or touches Typst: the server only forks, and a copy of a
process that holds Typst's threads or a database connection is not safe to use."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbench.settings")

import django

django.setup()

from clusterbench.peers import analysis  # noqa: E402, F401
from clusterbench.reports import build, inputs  # noqa: E402, F401

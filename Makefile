# The two commands of the README: `make demo` and `make test`. Everything they need is
# installed here: a pinned uv in .tools/, then the locked environment in .venv/.
PYTHON ?= python3.11
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
RUN := $(VENV)/bin/clusterbench
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
# Bytecode compiled once at install (the dependencies by uv, the project's own sources by
# compileall): a machine that sets PYTHONDONTWRITEBYTECODE=1 would otherwise compile every
# module again at every start, seconds per command.
export UV_COMPILE_BYTECODE := 1

.PHONY: demo install install-dev serve test lint ci clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --locked --no-dev --python $(PYTHON)
	$(VENV)/bin/python -m compileall -q src

# A developer's checkout gets the local settings too (kept if `make demo` wrote them), so
# the `clusterbench` commands work after `make test` alone.
install-dev: $(UV)
	$(UV) sync --locked --python $(PYTHON)
	$(VENV)/bin/python -m compileall -q src
	$(VENV)/bin/python -m clusterbench.localenv --if-missing --host $(HOST) --port $(PORT)

# The demonstration's local settings (a generated secret key, DEBUG, the public address
# from HOST and PORT) go to var/local.env, which every later command reads, so the
# README's commands work from a plain shell; production sets its own environment.
demo: install
	$(VENV)/bin/python -m clusterbench.localenv --host $(HOST) --port $(PORT)
	$(RUN) migrate --no-input
	$(RUN) load_framework
	$(RUN) generate_demo
	$(RUN) create_demo_accounts
	@# The task worker drafts reports in the background; it stops with the server.
	$(RUN) db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(RUN) runserver $(HOST):$(PORT)

test: install-dev
	$(VENV)/bin/pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) .tools var

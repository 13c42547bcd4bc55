# Two commands: `make run` serves the portal on http://127.0.0.1:8000 with the
# five standards and demo accounts; `make test` runs the whole suite
# (SQLite by default, PostgreSQL when DATABASE_URL is set).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint format messages bench bench-skala clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Letters are signed with a self-signed demo certificate unless PORTAL_PKCS12 names a real one.
run: export PORTAL_PKCS12 ?= $(CURDIR)/.sertifikat/portal-demo.p12
run: export PORTAL_PKCS12_PASSPHRASE_FILE ?= $(CURDIR)/.sertifikat/portal-demo.p12.pass
run: $(STAMP)
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py buat_sertifikat_demo --keluar .sertifikat/portal-demo.p12
	DEBUG=true $(BIN)/python manage.py muat_standar
	DEBUG=true $(BIN)/python manage.py buat_akun_demo
	DEBUG=true $(BIN)/python manage.py buat_data_demo
	# A task worker and the scheduler run in the background and stop with the server;
	# notifications are written to this terminal by the log channel.
	DEBUG=true $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	DEBUG=true $(BIN)/python manage.py jadwal & jadwal=$$!; \
	trap 'kill $$worker $$jadwal 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

# The suite runs on every core (pytest-xdist; each worker has its own test
# database and media folder); `make test PYTEST_WORKERS=0` runs it in one process.
PYTEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The same checks run before each commit once `$(BIN)/pre-commit install` is done
# (.pre-commit-config.yaml): style, layering, types (mypy, [tool.mypy] in
# pyproject.toml), dead code (vulture, reviewed exceptions in vulture_whitelist.py)
# and complete migrations.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/vulture
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The scale benchmark (issue 13): PostgreSQL filled with 100,000 cases, gunicorn, wrk.
# Needs `apt-get install wrk`; options: $(BIN)/python bench/skala.py --help
bench-skala: $(STAMP)
	$(BIN)/python bench/skala.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media .test-media staticfiles

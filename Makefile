# Chibo: `make run` to try it, `make test` before you push. See docs/operations.md.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# `make run` and `make demo` work on the local SQLite file var/chibo.sqlite3, whatever
# DATABASE_URL the shell has; DEBUG is on (the settings then accept the dev secret key).
LOCAL := env -u DATABASE_URL DEBUG=true

.PHONY: help setup system-deps runtime-deps run demo test bench bench-load lint

help:
	@echo "make setup        .venv with the app and its dev tools (quick when up to date)"
	@echo "make system-deps  the Debian packages the app and tests need (apt, when missing)"
	@echo "make run          migrate, load the demo if empty, serve http://$(HOST):$(PORT) with the task worker"
	@echo "make demo         reload the demo data (erases var/chibo.sqlite3's data)"
	@echo "make test         the suite on SQLite, on PostgreSQL, and in Chromium"
	@echo "make bench        benchmarks (bench/run.py; BENCH_ARGS=\"--runs 5\")"
	@echo "make bench-load   a meeting day on gunicorn + PostgreSQL (bench/load.py; LOAD_ARGS=\"--users 50 --duration 60\")"
	@echo "make lint         ruff check ."

setup: $(STAMP)

# Reinstalled only when pyproject.toml changes (or the venv is missing).
$(STAMP): pyproject.toml
	@if [ ! -x $(PY) ]; then \
		command -v $(PYTHON) >/dev/null || { \
			echo "$(PYTHON) is missing: apt-get install python3.11 python3.11-venv"; exit 1; }; \
		echo "Creating $(VENV) with $(PYTHON)"; \
		$(PYTHON) -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

system-deps:
	@bash scripts/system-deps.sh test

runtime-deps:
	@bash scripts/system-deps.sh runtime

var:
	@mkdir -p var

run: runtime-deps setup var
	$(LOCAL) $(PY) manage.py migrate --no-input
	@has_data=$$($(LOCAL) $(PY) manage.py shell --no-imports -c \
		'from chibo.organizations.models import Organization; print(Organization.objects.exists())' \
		| tail -n 1); \
	if [ "$$has_data" = False ]; then \
		echo "Empty database: loading the demo data"; \
		$(LOCAL) $(PY) manage.py load_demo; \
	elif [ "$$has_data" != True ]; then \
		echo "Could not tell whether the database has data (got '$$has_data')"; exit 1; \
	fi
	$(LOCAL) $(PY) manage.py collectstatic --no-input --verbosity 0
	@echo
	@echo "Chibo: http://$(HOST):$(PORT)/"
	@echo "Tài khoản demo (chỉ dùng để thử, mật khẩu: chibo-demo):"
	@echo "  demo-admin      quản trị hệ thống"
	@echo "  demo-city       cán bộ Thành ủy (toàn thành phố)"
	@echo "  demo-ward       cán bộ Đảng ủy phường"
	@echo "  demo-secretary  bí thư chi bộ"
	@echo "  demo-member     đảng viên"
	@echo
	@echo "Việc nền (báo cáo, sổ biên bản, danh sách dài): manage.py db_worker chạy cùng máy chủ."
	@echo "Ctrl-C dừng cả hai."
	$(LOCAL) bash scripts/serve.sh $(PY) $(HOST):$(PORT)

demo: setup var
	$(LOCAL) $(PY) manage.py migrate --no-input
	$(LOCAL) $(PY) manage.py load_demo --force

test: system-deps setup
	bash scripts/test.sh

bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

bench-load: setup
	$(PY) bench/load.py $(LOAD_ARGS)

lint: setup
	$(VENV)/bin/ruff check .

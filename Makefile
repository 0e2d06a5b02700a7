# The two set-up commands of the README: `make run` and `make test`.
# Packages go into a project virtual environment (.venv): Debian's own python3 refuses `pip install` (PEP 668),
# and nothing is ever installed into a system Python. A python3 that is already a venv is used as it is.
PYTHON ?= python3
APT := $(shell command -v apt-get 2>/dev/null)
IN_VENV := $(shell $(PYTHON) -c 'import sys; print(int(sys.prefix != sys.base_prefix))')
ifeq ($(IN_VENV),1)
PY := $(PYTHON)
else
PY := .venv/bin/python
endif

.PHONY: run test system-deps venv catalog

# Debian's Chromium and a CJK font: static chart export (kaleido) and the browser test need them;
# python3-venv: a stock Debian python3 cannot create a virtual environment without it
system-deps:
ifdef APT
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi wenquanyi \
	    || ! $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		chromium fonts-wqy-microhei python3-venv; fi
endif

venv: system-deps
ifneq ($(IN_VENV),1)
	@test -x .venv/bin/python || $(PYTHON) -m venv .venv
endif

run: venv
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m indicators init --demo
	$(PY) -m streamlit run app.py

test: venv
	$(PY) -m pip install -q -r requirements-dev.txt
	$(PY) -m pytest -q

catalog:
	$(PY) -m indicators build-catalog

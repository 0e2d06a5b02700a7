# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
APT := $(shell command -v apt-get 2>/dev/null)

.PHONY: run test system-deps catalog

# Debian's Chromium and a CJK font: static chart export (kaleido) and the browser test need them
system-deps:
ifdef APT
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi wenquanyi; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei; fi
endif

run: system-deps
	$(PYTHON) -m pip install -q -r requirements.txt
	$(PYTHON) -m indicators init --demo
	$(PYTHON) -m streamlit run app.py

test: system-deps
	$(PYTHON) -m pip install -q -r requirements-dev.txt
	$(PYTHON) -m pytest -q

catalog:
	$(PYTHON) -m indicators build-catalog

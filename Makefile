# Guichet: two commands on a fresh Debian 12 machine.
#   make demo   installs everything and starts the application in demo mode
#   make test   installs everything and runs the whole test suite
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEB_PACKAGES := pcscd vsmartcard-vpcd swig libpcsclite-dev gcc python3-dev python3-venv \
	poppler-utils zbar-tools xvfb xauth fonts-dejavu-core postgresql \
	libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test deps system venv lint bench screenshots clean

demo: venv
	@if [ -z "$$DISPLAY" ]; then \
		echo "Pas d'écran : démarrage sous Xvfb (DISPLAY=:99)"; \
		Xvfb :99 -screen 0 1366x900x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$$!; sleep 1; \
		DISPLAY=:99 $(BIN)/guichet --demo $(ARGS); rc=$$?; kill $$xvfb; exit $$rc; \
	else $(BIN)/guichet --demo $(ARGS); fi

test: venv
	bash .ci/test

deps: system venv

system: .make/system
.make/system:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Paquets Debian à installer :$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@mkdir -p .make && touch $@

venv: .make/venv
.make/venv: .make/system pyproject.toml
	[ -x $(BIN)/python ] || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@mkdir -p .make && touch $@

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy desktop central

bench: venv
	for b in bench/*.py; do echo "== $$b"; QT_QPA_PLATFORM=offscreen $(BIN)/python $$b || exit 1; done

screenshots: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m desktop --demo --screenshot docs/screenshots/main-window.png

clean:
	rm -rf .make $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

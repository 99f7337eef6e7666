# Guichet: two commands on a fresh Debian 12 machine.
#   make demo   installs everything and starts the application in demo mode
#   make test   installs everything and runs the whole test suite
#   make test-dates  runs a sample of the suite with the clock moved ahead (+180, +400, +800 days): no test may
#               depend on the day it runs (tools/dates_check.sh)
#   make installers  builds dist/guichet_*.deb and dist/guichet-central_*.deb (Linux)
#   make lock   regenerates the hash-locked requirements/*.txt from pyproject.toml
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEB_PACKAGES := pcscd vsmartcard-vpcd swig libpcsclite-dev gcc python3-dev python3-venv \
	poppler-utils zbar-tools xvfb xauth fonts-dejavu-core postgresql iso-codes openssl \
	libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 \
	dpkg-dev fakeroot lintian binutils patchelf appstream desktop-file-utils librsvg2-bin systemd \
	python3.11 fontconfig libwayland-client0 libwayland-cursor0 libwayland-egl1 libdrm2 libpcsclite1 adduser \
	chromium chromium-driver faketime \
	at-spi2-core dbus-daemon python3-gi gir1.2-atspi-2.0 python3-pyatspi xdotool x11-apps \
	x11-xkb-utils x11-xserver-utils xclip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-dates deps system venv lint bench screenshots clean lock installers i18n

demo: venv
	@if [ -z "$$DISPLAY" ]; then \
		echo "Pas d'écran : démarrage sous Xvfb (DISPLAY=:99)"; \
		Xvfb :99 -screen 0 1366x900x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$$!; sleep 1; \
		DISPLAY=:99 $(BIN)/guichet --demo $(ARGS); rc=$$?; kill $$xvfb; exit $$rc; \
	else $(BIN)/guichet --demo $(ARGS); fi

test: venv
	bash .ci/test

test-dates: venv
	bash tools/dates_check.sh

deps: system venv

system: .make/system
.make/system: Makefile
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Paquets Debian à installer :$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@mkdir -p .make && touch $@

# The compiled translations follow their sources: the screens' .qm from their .ts (tools/i18n_qt.py), the gettext .mo
# of messages built outside Qt from their .po (tools/i18n_gettext.py). They are committed, so that a wheel or an sdist
# built from a clean clone ships them (session 29: one built so fell back to French); both tools' `check` fails when a
# compiled catalog differs from what its source compiles to (the compilers are deterministic).
QM := desktop/resources/i18n/guichet_en.qm desktop/resources/i18n/guichet_fr.qm
MO := desktop/resources/locale/en/LC_MESSAGES/guichet.mo
venv: .make/venv $(QM) $(MO)
$(QM) &: $(QM:.qm=.ts) .make/venv
	$(BIN)/python tools/i18n_qt.py compile
$(MO) &: $(MO:.mo=.po) .make/venv
	$(BIN)/python tools/i18n_gettext.py compile

.make/venv: .make/system pyproject.toml requirements/pip.txt requirements/dev.txt
	[ -x $(BIN)/python ] || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r requirements/pip.txt
	$(BIN)/pip install -q --require-hashes -r requirements/dev.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	$(BIN)/python tools/i18n_qt.py compile
	$(BIN)/python tools/i18n_gettext.py compile
	@mkdir -p .make && touch $@

# The screens' translations: .ts regenerated from the code (then translate what is new), .qm compiled, drift checked.
i18n: venv
	$(BIN)/python tools/i18n_qt.py update
	$(BIN)/python tools/i18n_qt.py compile
	$(BIN)/python tools/i18n_qt.py check

# Hash-locked requirements (uv pip compile: universal, so one file serves Linux, Windows and macOS builds).
#   counter.txt  the desk application's runtime        central.txt  runtime + the central store's server stack
#   dev.txt      everything for tests and tooling       build.txt    PyInstaller, pinned compatibly with counter.txt
#   pip.txt      the installer make venv upgrades to before dev.txt (requirements/pip.in says why)
UV_COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes --no-header \
	--annotation-style line $(LOCK_ARGS)
lock: venv
	$(UV_COMPILE) pyproject.toml -o requirements/counter.txt
	$(UV_COMPILE) pyproject.toml --extra central -o requirements/central.txt
	$(UV_COMPILE) pyproject.toml --extra dev -o requirements/dev.txt
	$(UV_COMPILE) requirements/build.in -c requirements/counter.txt -o requirements/build.txt
	$(UV_COMPILE) requirements/pip.in -o requirements/pip.txt

# Both Linux packages, into dist/ (installers/linux/README.md). DEB_VERSION overrides the package version.
installers: venv
	$(BIN)/python installers/linux/build.py --out dist $(if $(DEB_VERSION),--version $(DEB_VERSION))

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy desktop central

bench: venv
	for b in bench/[!_]*.py; do echo "== $$b"; QT_QPA_PLATFORM=offscreen $(BIN)/python $$b || exit 1; done

screenshots: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m desktop --demo --screenshot docs/screenshots/main-window.png

clean:
	rm -rf .make $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

# Kith: `make run` serves the demo; `make test` runs every test. Both set everything up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STATIC := build/static
HOST ?= 127.0.0.1
PORT ?= 8000
# An example of a real-world messy ORUK feed, imported into the demo (a second import changes nothing).
DEMO_FEED := Example: a neighbouring directory's ORUK feed

.PHONY: run test setup static demo clean check-deploy bench

setup: $(VENV)/.installed static

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static: $(STATIC)/css/kith.css

$(STATIC)/css/kith.css: node_modules/.installed static_src/kith.scss
	mkdir -p $(STATIC)/css $(STATIC)/govuk
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(STATIC)/govuk/
	rm -rf $(STATIC)/govuk/assets && cp -r node_modules/govuk-frontend/dist/govuk/assets $(STATIC)/govuk/assets
	node_modules/.bin/sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps static_src/kith.scss $@

demo: setup
	mkdir -p var
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_areas
	$(PY) manage.py load_demo_indicators
	$(PY) manage.py load_demo_recorded_needs
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py load_demo_referrals
	$(PY) manage.py load_demo_assessment
	$(PY) manage.py import_oruk kith/interchange/data/messy_feed_example.json --name "$(DEMO_FEED)" --quiet -v 0

# Links in emails (the demo referrals' too) and on the referral confirmation point at this server, whatever PORT is.
run: demo
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

check-deploy: setup
	KITH_ENV=production SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  KITH_REFERRAL_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	  KITH_REFERRAL_LOOKUP_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  ALLOWED_HOSTS=kith.example.org $(PY) manage.py check --deploy --fail-level WARNING

bench: setup
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules build var

# The two commands a newcomer needs:
#   make run    create .venv, migrate the SQLite database, ingest seeds/, serve http://127.0.0.1:8000/
#   make test   the whole test suite, on SQLite and on a throwaway PostgreSQL 15
.PHONY: run test setup migrate ingest serve check-deploy

PYTHON := .venv/bin/python

run: setup migrate ingest serve

setup:
	@scripts/bootstrap.sh

migrate:
	$(PYTHON) manage.py migrate --noinput

ingest:
	$(PYTHON) manage.py ingest seeds/

serve:
	$(PYTHON) manage.py runserver 127.0.0.1:8000

test:
	scripts/test.sh

check-deploy: setup
	DJANGO_ENV=production ALLOWED_HOSTS=timeline.example.org \
	SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	$(PYTHON) manage.py check --deploy --fail-level WARNING

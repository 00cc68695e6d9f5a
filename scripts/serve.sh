#!/usr/bin/env bash
# The production start command (the Docker image's CMD): apply migrations, then gunicorn.
# Needs DJANGO_ENV=production, SECRET_KEY, ALLOWED_HOSTS and usually DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python}
[ -x .venv/bin/python ] && python=.venv/bin/python
"$python" manage.py migrate --noinput
# 2 x cores + 1 workers: 5 on the 2-core machines this is sized for.
exec "$python" -m gunicorn config.wsgi:application \
  --bind "${BIND:-0.0.0.0:${PORT:-8000}}" \
  --workers "${WEB_CONCURRENCY:-5}" \
  --access-logfile - --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"

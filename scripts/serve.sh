#!/usr/bin/env bash
# The production start command (the Docker image's CMD): apply migrations, then gunicorn.
# Needs DJANGO_ENV=production, SECRET_KEY, ALLOWED_HOSTS and usually DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python}
[ -x .venv/bin/python ] && python=.venv/bin/python
"$python" manage.py migrate --noinput
# 2 x cores + 1 workers: 5 on the 2-core machines this is sized for, each with threads
# (gthread): a request waiting on the database or for a slot of an expensive pool
# (timeline/admission.py) holds a thread, not a whole process, and no request is cut off by
# the worker timeout, which here watches the process, not its requests.
exec "$python" -m gunicorn config.wsgi:application \
  --bind "${BIND:-0.0.0.0:${PORT:-8000}}" \
  --workers "${WEB_CONCURRENCY:-5}" --worker-class gthread --threads "${WEB_THREADS:-4}" \
  --access-logfile - --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"

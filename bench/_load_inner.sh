#!/usr/bin/env bash
# Runs inside scripts/with-postgres.sh (DATABASE_URL is set): see bench/load_test.sh.
set -euo pipefail
EVENTS=${EVENTS:-100000}; DURATION=${DURATION:-60s}; CONNECTIONS=${CONNECTIONS:-16}; WORKERS=${WEB_CONCURRENCY:-5}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
export DJANGO_ENV=production ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 STATIC_ROOT="$work/static" LOG_LEVEL=ERROR
export SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py generate_events --events "$EVENTS" --seed 1 >/dev/null
# what autovacuum does soon after a bulk load, at once so that every run measures the same state
.venv/bin/python -c 'import os, sys; sys.path.insert(0, "bench"); os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings"); import django; django.setup(); from _site import vacuum; vacuum()'
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python - "$work/paths.txt" <<'PY'
import os, sys, random
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django; django.setup()
from timeline.models import Actor, Event
rng = random.Random(1)
ids = list(Event.objects.visible().order_by("?").values_list("public_id", "slug")[:400])
actors = list(Actor.objects.filter(kind="person").values_list("slug", flat=True))
paths = []
for i in range(400):
    kind = i % 20
    if kind < 6:  # full pages
        paths.append(rng.choice(["/", "/?order=newest", f"/actors/{rng.choice(actors)}/", "/?type=visit", "/?status=planned",
                                 "/?start=2012&end=2014", "/topics/energy/"]))
    elif kind < 12:  # htmx fragments
        paths.append("HX " + rng.choice([f"/?actor={rng.choice(actors)}", "/?type=meeting", "/?topic=defence",
                                         "/?country=PAK&status=occurred", "/?start=2015&end=2015", "/?order=newest&type=summit"]))
    elif kind < 17:  # permalinks
        public_id, slug = rng.choice(ids)
        paths.append(f"/events/{public_id}/{slug}/")
    else:  # search
        paths.append(rng.choice(["/?q=pipeline", "/?q=exercises", "/?q=vaccine", "HX /?q=corridor", "/?q=memorandum"]))
open(sys.argv[1], "w").write("\n".join(paths) + "\n")
PY
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BIND="127.0.0.1:$port" WEB_CONCURRENCY="$WORKERS" scripts/serve.sh >"$work/gunicorn.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
# warm every worker's caches once, as a running site would have them
for _ in 1 2; do
  while read -r line; do
    if [ "${line:0:3}" = "HX " ]; then curl -s -o /dev/null -H "HX-Request: true" "http://127.0.0.1:$port${line:3}"
    else curl -s -o /dev/null "http://127.0.0.1:$port$line"; fi
  done < "$work/paths.txt"
done
echo "load test: gunicorn $WORKERS workers, PostgreSQL 15, $EVENTS events, $CONNECTIONS connections for $DURATION on 127.0.0.1"
PATHS_FILE="$work/paths.txt" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/mix.lua "http://127.0.0.1:$port"
echo "reproduce: bench/load_test.sh  (EVENTS=$EVENTS DURATION=$DURATION CONNECTIONS=$CONNECTIONS WEB_CONCURRENCY=$WORKERS)"

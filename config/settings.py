"""Settings for the diplomatic timeline, read from the environment.

Development is the default: ``make run`` needs no configuration at all. Production is
``DJANGO_ENV=production``; it refuses to start without a real ``SECRET_KEY`` and
``ALLOWED_HOSTS`` and turns on every ``check --deploy`` protection.

Environment variables:
    DJANGO_ENV      development (default) | production
    DATABASE_URL    default: sqlite:///<project>/db.sqlite3 (git-ignored)
    SECRET_KEY      required in production (50+ characters, not the development key)
    DEBUG           1/0; default 1 in development, always 0 in production
    ALLOWED_HOSTS   comma-separated; required in production
    CSRF_TRUSTED_ORIGINS  comma-separated origins (https://timeline.example.org)
    SECURE_SSL_REDIRECT   1/0, production default 1 (set 0 when a proxy terminates TLS
                          and already redirects)
    REQUEST_QUERY_SECONDS the longest a web request's query may run (default 5; 0 for none):
                          PostgreSQL's statement_timeout, SQLite's progress handler
    INGEST_SECONDS_PER_DOCUMENT  understanding one document may take this long before it is
                          reported and skipped (default 120; 0 for no limit)
    INGEST_TRIES          tries of a document while the database does not answer (default 10)
    EXPENSIVE_AT_ONCE / EXPENSIVE_PER_CLIENT  how many axis and map pages run at once on this
                          machine (default 4) and for one client address (default 2); past
                          them a request waits up to EXPENSIVE_WAIT_SECONDS (default 2), then
                          is answered 429 (timeline/admission.py)
    EXPORTS_AT_ONCE / EXPORTS_PER_CLIENT  the same for exports being written (default 2 and 1)
    FORWARDED_ALLOW_IPS   the proxies whose X-Forwarded-For names the client (default
                          127.0.0.1; gunicorn reads the same variable in scripts/serve.sh)
    ADMISSION_DIR         where the slots' lock files live (default: a folder in the system's
                          temporary folder, one per site)
    EXPORT_DIR            where exports are written before they are sent (the same default);
                          EXPORT_FILE_SECONDS (3600) and EXPORT_FILES_KEPT (40) bound them
    FETCH_USER_AGENT, FETCH_CONNECT_TIMEOUT (5), FETCH_READ_TIMEOUT (15), FETCH_MAX_BYTES (5 MiB),
    FETCH_MAX_REDIRECTS (5), FETCH_PER_HOST_SECONDS (1), FETCH_TRIES (3), FETCH_LONGEST_WAIT (30)
                          how web pages and feeds are fetched (timeline/ingestion/fetch.py)
    FETCH_ALLOWED_NETWORKS  comma-separated private networks that may be fetched all the same
                          (default none: loopback, private and link-local addresses are refused)
    FETCH_HONOUR_ROBOTS   1/0 (default 1)
    FEED_POLL_MINUTES     how often the Celery beat schedule polls the followed feeds
                          (default 30; 0 for never: poll with `manage.py poll_feeds`)
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = os.environ.get("DJANGO_ENV", "development").strip().lower()
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV={ENVIRONMENT!r} is not understood: set it to 'development' or 'production'."
    )
PRODUCTION = ENVIRONMENT == "production"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_flag(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value: set it to 1 or 0.")


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-never-use-in-production"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if PRODUCTION:
    if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY is missing: production (DJANGO_ENV=production) needs a random secret of 50+ "
            "characters, e.g. SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak for production: use 50+ random characters, e.g. "
            "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
elif not SECRET_KEY:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

DEBUG = False if PRODUCTION else env_flag("DEBUG", True)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is missing: production needs the host names the site answers to, "
        "e.g. ALLOWED_HOSTS=timeline.example.org"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "axes",
    "timeline",
]

MIDDLEWARE = [
    # first, so that every response has the policy, the refusals of the layers below included
    # (a request for an unknown host is a 400 page with it too)
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # every request's queries get a time limit; a database error is a page, never a 500
    "timeline.web.guards.QueryGuard",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # last, as django-axes asks: locks out repeated failed logins
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for one user name from one address lock them out for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

# Which event reader turns a Doc's sentences into events: "parse" (spaCy's parse of the
# sentences that may tell of one) or "pattern" (surface patterns, the earlier reader).
EVENT_READER = os.environ.get("EVENT_READER", "parse").strip() or "parse"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


REQUEST_QUERY_SECONDS = float(os.environ.get("REQUEST_QUERY_SECONDS", 5))
# How long a page's results region and chart are cached per data version; 0 turns that cache
# off (rows of events are still cached per version of their event).
# Admission control (timeline/admission.py): expensive anonymous work at once, per machine and
# per client address.
ADMISSION = {
    "expensive": {"at_once": int(os.environ.get("EXPENSIVE_AT_ONCE", 4)),
                  "per_client": int(os.environ.get("EXPENSIVE_PER_CLIENT", 2)),
                  "wait": float(os.environ.get("EXPENSIVE_WAIT_SECONDS", 2)), "retry_after": 5},
    "export": {"at_once": int(os.environ.get("EXPORTS_AT_ONCE", 2)),
               "per_client": int(os.environ.get("EXPORTS_PER_CLIENT", 1)),
               "wait": float(os.environ.get("EXPORTS_WAIT_SECONDS", 2)), "retry_after": 15},
}
ADMISSION_DIR = os.environ.get("ADMISSION_DIR", "").strip()
# Exports are written whole to files here before they are sent (timeline/export_files.py), kept
# for the same filters and data at most this long, the newest few.
EXPORT_DIR = os.environ.get("EXPORT_DIR", "").strip()
EXPORT_FILE_SECONDS = int(os.environ.get("EXPORT_FILE_SECONDS", 3600))
EXPORT_FILES_KEPT = int(os.environ.get("EXPORT_FILES_KEPT", 40))
# how long a request for a file another request is writing waits for it
EXPORT_WAIT_SECONDS = float(os.environ.get("EXPORT_WAIT_SECONDS", 300))
TRUSTED_PROXIES = frozenset(env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1"]))
RESULTS_CACHE_SECONDS = int(os.environ.get("RESULTS_CACHE_SECONDS", 3600))
# The numbers beside the filter form's options are counted at most this often for one set of
# filters, whatever changes in between (like the list of countries the form offers).
FACET_COUNTS_SECONDS = int(os.environ.get("FACET_COUNTS_SECONDS", 60))
INGEST_SECONDS_PER_DOCUMENT = float(os.environ.get("INGEST_SECONDS_PER_DOCUMENT", 120))
# How many times a document is tried while the database does not answer (waiting 1, 2, 4 ... 60
# seconds in between: about six minutes for 10 tries), locally and on the queue.
INGEST_TRIES = int(os.environ.get("INGEST_TRIES", 10))

# Redis, when there is one: the results cache that several app servers share, and the broker of
# `manage.py ingest --queue` (Celery workers: `celery -A config worker`). Without it the cache is
# per process and ingestion stays local, as the embedded default needs no Redis.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# Two caches: "default" for pages' results, charts and filter choices, and "rows" for the
# rendered row of each version of each event (many small entries, which must not push the
# pages' results out of a per-process cache).
# The cache is an optimisation: with Redis down, pages are computed without it (a warning a
# minute in the log), never an error; short timeouts keep a dead Redis from slowing requests.
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", 0.25))
if REDIS_URL:
    _prefix = os.environ.get("CACHE_KEY_PREFIX", "timeline")
    _redis_options = {"socket_connect_timeout": CACHE_TIMEOUT_SECONDS, "socket_timeout": CACHE_TIMEOUT_SECONDS,
                      "retry_on_timeout": False}
    CACHES = {
        "default": {"BACKEND": "config.cache.ForgivingRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": _prefix,
                    "OPTIONS": _redis_options},
        "rows": {"BACKEND": "config.cache.ForgivingRedisCache", "LOCATION": REDIS_URL,
                 "KEY_PREFIX": _prefix + "-rows", "OPTIONS": _redis_options},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "timeline",
                    "OPTIONS": {"MAX_ENTRIES": 3000}},
        "rows": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "timeline-rows",
                 "OPTIONS": {"MAX_ENTRIES": 20000}},
    }
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip() or REDIS_URL
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "").strip() or CELERY_BROKER_URL
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "timeline")
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A document's task is acknowledged when it is stored, not when it is taken: a worker killed
# mid-document leaves it to another, and storing it twice is harmless (same text: unchanged).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# An unacknowledged task goes back to the queue after this many seconds (a worker machine that
# died whole cannot say so); it must exceed the longest document's budget.
# Live workers sweep for such tasks every CELERY_RESTORE_SWEEP_SECONDS.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", INGEST_SECONDS_PER_DOCUMENT * 3 or 3600)),
    "unacked_restore_interval": int(os.environ.get("CELERY_RESTORE_SWEEP_SECONDS", 30)),
    "unacked_restore_throttle": 1,
}
CELERY_RESULT_EXPIRES = 24 * 60 * 60
# Following feeds: `celery -A config beat` (beside the workers) polls them this often.
FEED_POLL_MINUTES = float(os.environ.get("FEED_POLL_MINUTES", 30))
CELERY_BEAT_SCHEDULE = {
    "poll-feeds": {"task": "timeline.poll_feeds", "schedule": FEED_POLL_MINUTES * 60},
} if FEED_POLL_MINUTES > 0 else {}

# Fetching web pages and feeds (timeline/ingestion/fetch.py).
FETCH_USER_AGENT = os.environ.get(
    "FETCH_USER_AGENT", "diplomatic-timeline/1.0 (news reader; +https://github.com/diplomatic-timeline)")
FETCH_CONNECT_TIMEOUT = float(os.environ.get("FETCH_CONNECT_TIMEOUT", 5))
FETCH_READ_TIMEOUT = float(os.environ.get("FETCH_READ_TIMEOUT", 15))
FETCH_MAX_BYTES = int(os.environ.get("FETCH_MAX_BYTES", 5 * 1024 * 1024))
FETCH_MAX_REDIRECTS = int(os.environ.get("FETCH_MAX_REDIRECTS", 5))
FETCH_PER_HOST_SECONDS = float(os.environ.get("FETCH_PER_HOST_SECONDS", 1))
FETCH_TRIES = int(os.environ.get("FETCH_TRIES", 3))
FETCH_LONGEST_WAIT = float(os.environ.get("FETCH_LONGEST_WAIT", 30))
FETCH_ALLOWED_NETWORKS = env_list("FETCH_ALLOWED_NETWORKS", [])
FETCH_HONOUR_ROBOTS = env_flag("FETCH_HONOUR_ROBOTS", True)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# SQLite: a writer takes the write lock when its transaction begins (two writers queue instead
# of one failing with "database is locked" on upgrading its lock) and waits up to 30 s for it.
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 30}


def database_from_environment():
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3", "OPTIONS": SQLITE_OPTIONS}
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # dj-database-url raises ValueError/KeyError on odd URLs
        raise ImproperlyConfigured(
            f"DATABASE_URL could not be read ({error}). Set it to a URL such as "
            "postgres://user:password@localhost:5432/timeline or sqlite:////absolute/path/db.sqlite3, "
            "or unset it to use the embedded SQLite file."
        ) from error
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.postgresql":
        # a database that does not answer is known in seconds: the pages say "try again" (503)
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", 3)))
    if engine not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL names an unsupported database ({engine or 'none'}): use postgres://... or sqlite:///..."
        )
    if engine == "django.db.backends.postgresql" and not config.get("NAME"):
        raise ImproperlyConfigured(
            "DATABASE_URL has no database name: use postgres://user:password@host:5432/DBNAME"
        )
    if engine == "django.db.backends.sqlite3":
        config.pop("CONN_MAX_AGE", None)
        config.pop("CONN_HEALTH_CHECKS", None)
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


DATABASES = {"default": database_from_environment()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["config.formats"]  # ISO dates in the admin's date boxes
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves the collected files; development serves straight from static/ through
# the finders, so there is nothing to collect.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles")) if PRODUCTION or "STATIC_ROOT" in os.environ else None
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG and not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Content Security Policy: only our own scripts and styles, inline ones need the nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The container health check asks over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

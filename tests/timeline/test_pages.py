"""The site's pages answer, with CSP nonces, and nothing in them is writable by the public."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_has_navigation_and_csp_nonce(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    header = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", header).group(1)
    assert f'nonce="{nonce}"' in html
    assert "/static/vendor/htmx-2.0.11.min.js" in html
    assert 'aria-label="Site"' in html
    assert "'unsafe-inline'" not in header


def test_each_response_gets_a_fresh_nonce(client):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert first != second


def test_sources_page_lists_seed_documents_with_their_dates(client, seeded):
    html = client.get("/documents/").content.decode()
    assert "about 14 May 2015" in html
    assert "published 22 Feb 2022" in html


def test_document_page_escapes_text(client):
    from timeline.ingestion.writer import ingest_text

    result = ingest_text("<script>alert(1)</script> Talks in Moscow.\n", origin="evil.txt")
    html = client.get(f"/documents/{result.document.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "unknown: its relative dates stay unresolved" in html


def test_public_pages_refuse_writes(client, seeded):
    assert client.post("/").status_code == 405
    assert client.post("/documents/").status_code == 405


def test_admin_needs_a_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_healthz(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.content.decode().startswith("database: ok\ncache: ")
    assert client.get("/livez").content == b"ok"

"""Web pages, saved pages and feeds through `manage.py ingest` and `poll_feeds`, against the
tests' own server on loopback: publication dates from the pages, clear lines for what fails,
one document per article, feeds followed with conditional GET, and the pages that show where
a document came from."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from werkzeug import Response

from tests.timeline import web_site
from timeline.ingestion import following
from timeline.models import Document, Event, Feed, FeedState

pytestmark = pytest.mark.django_db
HTML = "text/html; charset=utf-8"


@pytest.fixture
def site(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    return httpserver


def ingest(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_a_page_by_address_is_stored_with_the_date_the_page_gives(site):
    site.expect_request("/world/chile-norway").respond_with_data(web_site.wire_story(day="2019-03-04"),
                                                                 content_type=HTML)
    url = site.url_for("/world/chile-norway")
    code, out, err = ingest("--url", url)
    assert code == 0, err
    assert "documents: 1 new" in out
    document = Document.objects.get()
    assert (document.publication_date, document.date_found_in) == (
        datetime.date(2019, 3, 4), 'the page\'s <meta property="article:published_time">')
    assert (document.url, document.outlet, document.author, document.title) == (
        url, "The Southern Ledger", "Ana Pereira", "Chile and Norway agree on salmon standards")
    assert Event.objects.filter(evidence__document=document).exists()
    # "on Monday" counts from the page's date, not today's
    assert Event.objects.filter(date_start=datetime.date(2019, 3, 4)).exists()


def test_the_source_page_and_the_permalink_say_where_the_document_came_from(client, site):
    site.expect_request("/world/chile-norway").respond_with_data(web_site.wire_story(day="2019-03-04"),
                                                                 content_type=HTML)
    url = site.url_for("/world/chile-norway")
    ingest("--url", url)
    document = Document.objects.get()
    page = client.get(document.get_absolute_url()).content.decode()
    assert f'<a href="{url}" rel="noopener noreferrer nofollow">' in page
    assert "from the page&#x27;s &lt;meta property=&quot;article:published_time&quot;&gt;" in page
    assert "The Southern Ledger" in page
    event = Event.objects.filter(evidence__document=document).first()
    permalink = client.get(event.get_absolute_url()).content.decode()
    assert f'<a href="{url}" rel="noopener noreferrer nofollow">original</a>' in permalink
    assert "(from the page&#x27;s &lt;meta property=&quot;article:published_time&quot;&gt;)" in permalink


def test_a_page_without_a_date_is_undated_never_today(site):
    site.expect_request("/world/undated").respond_with_data(web_site.undated(), content_type=HTML)
    code, out, err = ingest("--url", site.url_for("/world/undated"))
    assert code == 0
    assert "has no publication date; relative dates stay unresolved" in err
    document = Document.objects.get()
    assert document.publication_date is None and document.date_found_in == ""
    assert not Event.objects.filter(date_start__year=datetime.date.today().year).exists()


def test_each_failing_address_is_one_clear_line_and_the_others_are_stored(site):
    site.expect_request("/ok").respond_with_data(web_site.json_ld_only(), content_type=HTML)
    site.expect_request("/missing").respond_with_data("no", status=404, content_type=HTML)
    site.expect_request("/broken").respond_with_data("no", status=500, content_type=HTML)
    site.expect_request("/report.pdf").respond_with_data(b"%PDF-1.7", content_type="application/pdf")
    site.expect_request("/menu").respond_with_data("<html><body><nav>Home</nav></body></html>", content_type=HTML)
    site.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    addresses = [site.url_for(p) for p in ("/missing", "/broken", "/report.pdf", "/menu", "/loop", "/ok")]
    code, out, err = ingest("--url", *addresses)
    assert code == 1
    assert "documents: 1 new, 0 unchanged, 0 updated, 5 failed" in out
    lines = [line for line in err.splitlines() if line.startswith("skipped:")]
    assert lines == [
        f"skipped: {addresses[0]}: 404 Not Found",
        f"skipped: {addresses[1]}: 500 Internal Server Error",
        f"skipped: {addresses[2]}: not a web page (application/pdf)",
        f"skipped: {addresses[3]}: no main text found in the page (1 word)",
        f"skipped: {addresses[4]}: a redirect loop ({addresses[4]} -> {addresses[4]})",
    ]
    assert Document.objects.count() == 1


def test_a_refused_address_is_a_clear_line(settings, site):
    settings.FETCH_ALLOWED_NETWORKS = []
    code, out, err = ingest("--url", site.url_for("/a"))
    assert code == 1 and "is a loopback address" in err and not Document.objects.exists()


def test_the_same_article_reached_twice_is_one_document(site):
    page = web_site.wire_story().replace(
        "<head>", f'<head><link rel="canonical" href="{site.url_for("/world/talks")}">')
    site.expect_request("/world/talks").respond_with_data(page, content_type=HTML)
    site.expect_request("/world/talks/").respond_with_data(page, content_type=HTML)
    with_tracking = site.url_for("/world/talks") + "?utm_source=rss&utm_medium=feed"
    code, out, err = ingest("--url", site.url_for("/world/talks"), with_tracking, site.url_for("/world/talks/"))
    assert code == 0 and "documents: 1 new, 2 unchanged" in out, err
    assert Document.objects.get().url == site.url_for("/world/talks")
    # the same text under another address entirely: one document too (its text's fingerprint)
    site.expect_request("/mirror/copy").respond_with_data(page, content_type=HTML)
    code, out, err = ingest("--url", site.url_for("/mirror/copy"))
    assert "documents: 0 new, 1 unchanged" in out and Document.objects.count() == 1


def test_a_page_that_changed_is_updated_in_place_and_curators_work_kept(site):
    site.expect_oneshot_request("/world/talks").respond_with_data(web_site.wire_story(), content_type=HTML)
    ingest("--url", site.url_for("/world/talks"))
    document = Document.objects.get()
    Document.objects.filter(pk=document.pk).update(title="Chile–Norway talks (curated)")
    document.refresh_from_db()
    changed = web_site.page("Chile and Norway agree on salmon standards", web_site.BODY + [
        "A correction was added: the working group will report in the autumn."],
        head='<meta property="article:published_time" content="2019-03-04">')
    site.expect_oneshot_request("/world/talks").respond_with_data(changed, content_type=HTML)
    code, out, err = ingest("--url", site.url_for("/world/talks"))
    assert "documents: 0 new, 0 unchanged, 1 updated" in out
    document.refresh_from_db()
    assert "A correction was added" in document.raw_text
    assert document.title == "Chile–Norway talks (curated)"  # the curator's, not the page's
    assert Document.objects.count() == 1


def test_saved_pages_in_a_folder_are_read_like_files(tmp_path):
    (tmp_path / "wire.html").write_text(web_site.wire_story(day="2019-03-04"))
    (tmp_path / "old.htm").write_bytes(web_site.cp1252_page())
    (tmp_path / "note.txt").write_text("Chile and Norway held talks in Santiago on Monday.\n")
    code, out, err = ingest(str(tmp_path), "--published", "2020-01-01")
    assert code == 0 and "documents: 3 new" in out
    by_name = {d.origin.rsplit("/", 1)[-1]: d for d in Document.objects.all()}
    assert by_name["wire.html"].publication_date == datetime.date(2019, 3, 4)
    assert by_name["old.htm"].publication_date == datetime.date(1998, 11, 12)
    assert "Côte d’Ivoire" in by_name["old.htm"].raw_text
    assert (by_name["note.txt"].publication_date, by_name["note.txt"].date_found_in) == (
        datetime.date(2020, 1, 1), "--published")


def feed_of(site, count, *, dated=True, missing=()):
    entries = []
    for number in range(count):
        path = f"/news/{number}"
        day = f"{1 + number % 28:02d} Mar 2021"
        if number not in missing:
            site.expect_request(path).respond_with_data(
                web_site.page(f"Ministers meet, report {number}", head="", paragraphs=web_site.BODY + [
                    f"This is report number {number} of the series on the talks."]), content_type=HTML)
        else:
            site.expect_request(path).respond_with_data("gone", status=404, content_type=HTML)
        entries.append((site.url_for(path), f"Report {number}",
                        f"Mon, {day} 10:00:00 +0000" if dated else None,
                        f"<p>Summary {number}: the foreign ministers of Chile and Norway met in Santiago "
                        f"on Monday and agreed to set up a joint working group.</p>"))
    return web_site.rss(entries)


def test_a_feed_of_fifty_entries_each_read_from_its_page_with_the_entry_date(site):
    site.expect_request("/feed.xml").respond_with_data(feed_of(site, 50, missing={7}),
                                                       content_type="application/rss+xml")
    code, out, err = ingest("--feed", site.url_for("/feed.xml"))
    assert code == 0, err
    assert "documents: 50 new" in out
    page = Document.objects.get(url=site.url_for("/news/3"))
    # the page gives no date: the entry's is the publication date, and the document says so
    assert (page.publication_date, page.date_found_in) == (datetime.date(2021, 3, 4), "the feed entry's published date")
    assert page.outlet == "The Southern Ledger" and page.text_from == "the page"
    fallback = Document.objects.get(url=site.url_for("/news/7"))
    assert fallback.text_from == "the feed entry's summary: the page could not be read (404 Not Found)"
    assert "Summary 7" in fallback.raw_text


def test_feed_entries_without_dates_and_a_feed_file(site, tmp_path):
    feed = tmp_path / "saved.rss"
    feed.write_text(feed_of(site, 3, dated=False))
    code, out, err = ingest("--feed", str(feed))
    assert code == 0 and "documents: 3 new" in out
    assert err.count("has no publication date") == 3
    assert not Document.objects.exclude(publication_date=None).exists()


def test_a_malformed_feed_is_one_clear_line(site):
    site.expect_request("/bad.xml").respond_with_data("<rss><channel><title>Broken</ti",
                                                      content_type="application/rss+xml")
    site.expect_request("/gone.xml").respond_with_data("", status=404)
    code, out, err = ingest("--feed", site.url_for("/bad.xml"), "--feed", site.url_for("/gone.xml"))
    assert code == 1 and "documents: 0 new, 0 unchanged, 0 updated, 2 failed" in out
    assert f"skipped: {site.url_for('/bad.xml')}: not a well-formed RSS or Atom feed" in err
    assert f"skipped: {site.url_for('/gone.xml')}: 404 Not Found" in err


def test_a_followed_feed_is_polled_with_conditional_get(site):
    body = feed_of(site, 4, missing={3})

    def answer(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(body, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    site.expect_request("/feed.xml").respond_with_handler(answer)
    feed = Feed.objects.create(url=site.url_for("/feed.xml"), outlet="Southern Ledger")
    out = io.StringIO()
    call_command("poll_feeds", stdout=out, stderr=io.StringIO())
    assert f"{feed.url}: 4 documents new or updated, 0 unchanged, 0 seen before, 0 failed" in out.getvalue()
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.documents_stored == 4 and feed.last_error == ""
    # a page's own name for its outlet wins; the feed's names the entry read from its summary
    assert sorted(Document.objects.values_list("outlet", flat=True)) == ["Southern Ledger"] + ["The Southern Ledger"] * 3
    site.clear_log()
    out = io.StringIO()
    call_command("poll_feeds", stdout=out, stderr=io.StringIO())
    assert f"{feed.url}: not modified since the last poll" in out.getvalue()
    assert [r.path for r, _ in site.log if r.path != "/robots.txt"] == ["/feed.xml"]  # no page fetched again
    Feed.objects.filter(pk=feed.pk).update(state=FeedState.PAUSED)
    site.clear_log()
    out = io.StringIO()
    call_command("poll_feeds", stdout=out, stderr=io.StringIO())
    assert "no feeds are followed" in out.getvalue() and site.log == []


def test_a_changed_feed_fetches_only_new_entries_and_a_failed_one_again(site):
    first = feed_of(site, 2, missing=())
    site.expect_oneshot_request("/feed.xml").respond_with_data(first, content_type="application/rss+xml")
    feed = Feed.objects.create(url=site.url_for("/feed.xml"))
    (polled,) = following.poll_feeds()
    assert polled.stored == 2
    site.clear_log()
    second = first.replace("<item>", "<item><title>New</title><link>%s</link><guid>new</guid>"
                           "<description></description></item><item>" % site.url_for("/news/new"), 1)
    site.expect_request("/news/new").respond_with_data("down", status=503, headers={"Retry-After": "0"})
    site.expect_oneshot_request("/feed.xml").respond_with_data(second, content_type="application/rss+xml")
    (polled,) = following.poll_feeds()
    fetched = [request.path for request, _ in site.log]
    assert "/news/0" not in fetched and "/news/1" not in fetched
    assert polled.stored == 0 and len(polled.failures) == 1
    feed.refresh_from_db()
    assert "503 Service Unavailable" in feed.last_error
    assert "new" not in feed.seen  # tried again at the next poll


def test_a_feed_that_cannot_be_fetched_keeps_its_error_and_the_others_go_on(site):
    site.expect_request("/down.xml").respond_with_data("", status=500)
    site.expect_request("/up.xml").respond_with_data(feed_of(site, 1), content_type="application/rss+xml")
    Feed.objects.create(url=site.url_for("/down.xml"))
    Feed.objects.create(url=site.url_for("/up.xml"))
    results = {p.feed.url: p for p in following.poll_feeds()}
    assert results[site.url_for("/up.xml")].stored == 1
    assert Feed.objects.get(url=site.url_for("/down.xml")).last_error == "500 Internal Server Error"


def test_the_beat_schedule_polls_the_feeds(settings):
    from config.celery import app

    app.loader.import_default_modules()
    assert "timeline.poll_feeds" in app.tasks
    assert settings.CELERY_BEAT_SCHEDULE["poll-feeds"] == {"task": "timeline.poll_feeds", "schedule": 30 * 60}


def test_curators_follow_and_pause_feeds_in_the_admin(client, site):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("root", password="x-long-password-1"))
    answer = client.post(reverse("admin:timeline_feed_add"),
                         {"url": "https://ledger.example/feed.xml", "outlet": "Ledger", "state": "active"})
    assert answer.status_code == 302
    feed = Feed.objects.get()
    answer = client.post(reverse("admin:timeline_feed_changelist"),
                         {"action": "pause", "_selected_action": [feed.pk]}, follow=True)
    assert "1 feed(s) paused" in answer.content.decode()
    feed.refresh_from_db()
    assert feed.state == FeedState.PAUSED
    assert client.get(reverse("admin:timeline_feed_changelist")).status_code == 200


def test_a_curator_who_fixes_the_date_is_named_as_its_source(client, site):
    from django.contrib.auth.models import User

    site.expect_request("/world/talks").respond_with_data(web_site.wire_story(day="2019-03-04"), content_type=HTML)
    ingest("--url", site.url_for("/world/talks"))
    document = Document.objects.get()
    client.force_login(User.objects.create_superuser("root", password="x-long-password-1"))
    answer = client.post(reverse("admin:timeline_document_change", args=[document.pk]), {
        "origin": document.origin, "title": document.title, "outlet": document.outlet, "url": document.url,
        "publication_date": "2019-03-05", "publication_date_certainty": "exact", "publication_date_note": ""})
    assert answer.status_code == 302
    document.refresh_from_db()
    assert (document.publication_date, document.date_found_in) == (datetime.date(2019, 3, 5), "a curator")
    assert "from a curator" in client.get(document.get_absolute_url()).content.decode()
    # the page, read again, leaves the curator's date alone
    ingest("--url", site.url_for("/world/talks"))
    document.refresh_from_db()
    assert (document.publication_date, document.date_found_in) == (datetime.date(2019, 3, 5), "a curator")


def test_an_entry_whose_stamp_changed_is_read_again_and_updated_in_place(site):
    def feed(stamp, words):
        site.expect_oneshot_request("/story").respond_with_data(web_site.page(
            "Ministers meet", web_site.BODY + [words], head='<meta name="date" content="2021-03-01">'),
            content_type=HTML)
        return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title><link>https://l.example/</link>'
                f"<description>x</description><item><title>Ministers meet</title><link>{site.url_for('/story')}</link>"
                f"<guid>story-1</guid><pubDate>{stamp}</pubDate></item></channel></rss>")

    site.expect_oneshot_request("/feed.xml").respond_with_data(
        feed("Mon, 01 Mar 2021 10:00:00 +0000", "First version of the story."), content_type="application/rss+xml")
    Feed.objects.create(url=site.url_for("/feed.xml"))
    assert [p.stored for p in following.poll_feeds()] == [1]
    site.expect_oneshot_request("/feed.xml").respond_with_data(
        feed("Mon, 01 Mar 2021 18:00:00 +0000", "Second version, with a correction."),
        content_type="application/rss+xml")
    assert [p.stored for p in following.poll_feeds()] == [1]
    document = Document.objects.get()
    assert "Second version, with a correction." in document.raw_text


def test_a_page_in_another_language_is_stored_with_a_note(site):
    site.expect_request("/fr").respond_with_data(web_site.page("Le Chili et la Norvège", lang="fr"), content_type=HTML)
    code, out, err = ingest("--url", site.url_for("/fr"))
    assert code == 0 and "documents: 1 new" in out
    assert f"note: {site.url_for('/fr')} says it is in 'fr'; events are read in English only" in err
    assert Document.objects.get().language == "fr"

"""Reading pages and feeds, with no network: main text, metadata, the publication date and
where the page states it, encodings, and feeds of every kind."""

import datetime

import pytest

from tests.timeline import web_site
from timeline.ingestion.feeds import read_feed
from timeline.ingestion.pages import canonical_key, decode_page, read_page
from timeline.ingestion.sources import SourceError

URL = "https://ledger.example/world/chile-norway-salmon"


def read(page, url=URL):
    return read_page(page.encode() if isinstance(page, str) else page, url=url)


def test_a_wire_story_gives_its_text_headline_first_and_its_metadata():
    source = read(web_site.wire_story())
    blocks = source.text.strip().split("\n\n")
    assert blocks[0] == "Chile and Norway agree on salmon standards"
    assert blocks[1:] == web_site.BODY
    metadata = source.metadata
    assert (metadata.title, metadata.outlet, metadata.author, metadata.language) == (
        "Chile and Norway agree on salmon standards", "The Southern Ledger", "Ana Pereira", "en")
    assert metadata.url == metadata.canonical_url == URL


def test_the_original_date_not_the_modified_one_and_where_it_was_found():
    metadata = read(web_site.wire_story(day="2019-03-04")).metadata
    assert metadata.published == datetime.date(2019, 3, 4)
    assert metadata.published_certainty == "exact"
    assert metadata.origin_of_date == 'the page\'s <meta property="article:published_time">'


@pytest.mark.parametrize("page, url, day, where", [
    (web_site.json_ld_only(day="2018-05-17"), URL, datetime.date(2018, 5, 17), "the page's JSON-LD datePublished"),
    (web_site.undated(), "https://ledger.example/2016/04/21/ministers-meet", datetime.date(2016, 4, 21),
     "the page's address"),
    (web_site.press_release(day="2019-10-08"), URL, datetime.date(2019, 10, 8), 'the page\'s <meta name="date">'),
    (web_site.live_blog(day="2023-09-06"), URL, datetime.date(2023, 9, 6), "the page's JSON-LD datePublished"),
    (web_site.forum_repost(), URL, datetime.date(2006, 2, 14), "the page's text (a date line near the headline)"),
])
def test_dates_stated_in_every_place_a_page_states_them(page, url, day, where):
    metadata = read(page, url).metadata
    assert (metadata.published, metadata.origin_of_date) == (day, where)


def test_a_page_without_a_date_has_none():
    metadata = read(web_site.undated()).metadata
    assert metadata.published is None and metadata.published_certainty == "unknown"
    assert metadata.origin_of_date == ""


def test_comments_navigation_and_related_stories_are_left_out():
    text = read(web_site.comments_page()).text
    for chrome in ("disgrace", "change nothing", "Related stories", "Markets close", "Copyright", "Sport"):
        assert chrome not in text
    assert web_site.BODY[2] in text


def test_a_windows_1252_page_declared_in_its_meta_tag():
    source = read(web_site.cp1252_page())
    assert source.encoding == "cp1252"
    assert "Belgium and Côte d’Ivoire signed a cultural cooperation agreement" in source.text
    assert source.metadata.published == datetime.date(1998, 11, 12)


def test_the_http_charset_wins_and_bytes_are_never_guessed():
    assert decode_page("<p>café".encode("cp1252"), charset="windows-1252") == ("<p>café", "cp1252")
    assert decode_page("<p>café".encode("utf-8")) == ("<p>café", "utf-8")
    assert decode_page(b"<p>caf\xe9") == ("<p>café", "cp1252")  # not UTF-8: the HTML standard's default
    with pytest.raises(SourceError, match="binary content"):
        decode_page(b"\x00\x01\x02PK")


def test_a_page_with_no_main_text_is_refused():
    with pytest.raises(SourceError, match="no main text found in the page"):
        read("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(SourceError, match="no main text found in the page"):
        read("<html><body><p>Subscribe to read this article.</p></body></html>")


def test_a_javascript_canonical_address_is_never_kept():
    page = web_site.page("Talks", head='<link rel="canonical" href="javascript:alert(1)">')
    metadata = read(page).metadata
    assert metadata.canonical_url == metadata.url == URL


@pytest.mark.parametrize("address", [
    "http://ledger.example/world/talks", "https://www.ledger.example/world/talks/",
    "https://ledger.example/world/talks?utm_source=rss&utm_medium=feed", "https://LEDGER.example/world/talks#top",
])
def test_one_article_whatever_address_it_is_reached_by(address):
    assert canonical_key(address) == "https://ledger.example/world/talks"


def test_query_parameters_that_name_the_article_are_kept():
    assert canonical_key("https://ledger.example/story?id=7&utm_campaign=x") == "https://ledger.example/story?id=7"
    assert canonical_key("https://ledger.example/story?id=7") != canonical_key("https://ledger.example/story?id=8")


def test_an_rss_feed_gives_its_entries_with_their_own_dates():
    feed = read_feed(web_site.rss([
        ("https://ledger.example/a", "A", "Mon, 06 Sep 2021 23:45:00 -0500", "<p>First &amp; best.</p>"),
        ("https://ledger.example/b", "B", None, "Undated."),
    ]).encode())
    assert feed.title == "The Southern Ledger: World" and feed.fault == ""
    first, second = feed.entries
    # the date the feed's own time zone gives (UTC would say the 7th)
    assert (first.link, first.published, first.date_from, first.content) == (
        "https://ledger.example/a", datetime.date(2021, 9, 6), "published", "First & best.")
    assert second.published is None and second.date_from == ""


def test_an_atom_feed_gives_its_content():
    feed = read_feed(web_site.atom([
        ("https://mfa.example/news/1", "Minister visits Oslo", "2020-02-03T10:00:00+01:00", "<p>The minister arrived.</p>"),
    ]).encode())
    (entry,) = feed.entries
    assert (entry.published, entry.content, entry.content_from) == (
        datetime.date(2020, 2, 3), "The minister arrived.", "content")


def test_malformed_xml_that_is_no_feed_is_refused_and_a_fault_read_past_is_reported():
    with pytest.raises(SourceError, match="not a well-formed RSS or Atom feed"):
        read_feed(b"<rss><channel><title>Broken</ti")
    with pytest.raises(SourceError, match="not a well-formed RSS or Atom feed"):
        read_feed(b"%PDF-1.4 not a feed at all")
    half = web_site.rss([("https://ledger.example/a", "A", None, "x")]).replace("</channel></rss>", "<item><title>cut")
    feed = read_feed(half.encode())
    assert feed.fault and feed.entries[0].link == "https://ledger.example/a"


@pytest.mark.parametrize("module", ["fetch", "pages", "feeds"])
def test_the_examples_in_the_modules_hold(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"timeline.ingestion.{module}"), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0

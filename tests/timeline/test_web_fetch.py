"""The fetcher against a real HTTP server on loopback: redirects, loops, errors, slow and huge
answers, the wrong kind of content, robots.txt, turns per host, Retry-After, conditional GET,
and addresses it must refuse."""

import time

import pytest
from werkzeug import Response

from timeline.ingestion.fetch import Fetcher, FetchError, FetchPolicy, refused_address, retry_after

LOOPBACK = ("127.0.0.0/8", "::1/128")
PAGE = "<html><body><p>An article.</p></body></html>"


@pytest.fixture
def site(httpserver):
    """The test server, with no robots.txt (which allows everything)."""
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    return httpserver


def fetcher(**policy):
    waits = []
    client = Fetcher(FetchPolicy(**{"allowed_networks": LOOPBACK, "per_host_interval": 0, **policy}),
                     sleep=waits.append)
    client.waits = waits
    return client


def test_a_page_is_fetched_with_a_clear_user_agent(site):
    site.expect_request("/a", headers={"User-Agent": FetchPolicy().user_agent}).respond_with_data(
        PAGE, content_type="text/html; charset=windows-1252")
    fetched = fetcher().page(site.url_for("/a"))
    assert (fetched.status, fetched.content, fetched.content_type, fetched.charset) == (
        200, PAGE.encode(), "text/html", "windows-1252")


def test_redirects_are_followed_and_the_final_address_kept(site):
    site.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/middle"})
    site.expect_request("/middle").respond_with_data("", status=302, headers={"Location": site.url_for("/new")})
    site.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    fetched = fetcher().page(site.url_for("/old"))
    assert fetched.final_url == site.url_for("/new") and fetched.url == site.url_for("/old")


def test_a_redirect_loop_and_too_many_redirects_are_named(site):
    site.expect_request("/ping").respond_with_data("", status=302, headers={"Location": "/pong"})
    site.expect_request("/pong").respond_with_data("", status=302, headers={"Location": "/ping"})
    with pytest.raises(FetchError, match="a redirect loop"):
        fetcher().page(site.url_for("/ping"))
    for number in range(6):
        site.expect_request(f"/hop{number}").respond_with_data("", status=307, headers={"Location": f"/hop{number + 1}"})
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetcher(max_redirects=3).page(site.url_for("/hop0"))


@pytest.mark.parametrize("status, words", [(404, "404 Not Found"), (500, "500 Internal Server Error"),
                                           (410, "410 Gone")])
def test_an_error_answer_is_one_clear_line(site, status, words):
    site.expect_request("/gone").respond_with_data("nothing here", status=status, content_type="text/html")
    with pytest.raises(FetchError) as raised:
        fetcher().page(site.url_for("/gone"))
    assert str(raised.value) == f"{site.url_for('/gone')}: {words}"


def test_a_slow_answer_times_out(site):
    def slow(request):
        time.sleep(1.5)
        return Response(PAGE, content_type="text/html")

    site.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(FetchError, match="timed out waiting for the answer"):
        fetcher(read_timeout=0.3).page(site.url_for("/slow"))


def test_a_huge_page_is_refused_whether_or_not_it_says_its_size(site):
    site.expect_request("/huge").respond_with_data("x" * 50_000, content_type="text/html")
    with pytest.raises(FetchError, match="larger than the limit of 10,000 bytes"):
        fetcher(max_bytes=10_000).page(site.url_for("/huge"))

    def streamed(request):  # no Content-Length: the cap applies as the bytes arrive
        return Response((b"y" * 4096 for _ in range(20)), content_type="text/html", direct_passthrough=True)

    site.expect_request("/stream").respond_with_handler(streamed)
    with pytest.raises(FetchError, match="larger than the limit of 10,000 bytes"):
        fetcher(max_bytes=10_000).page(site.url_for("/stream"))


def test_a_pdf_is_not_a_web_page_nor_a_feed(site):
    site.expect_request("/report.pdf").respond_with_data(b"%PDF-1.7 ...", content_type="application/pdf")
    with pytest.raises(FetchError, match=r"not a web page \(application/pdf\)"):
        fetcher().page(site.url_for("/report.pdf"))
    with pytest.raises(FetchError, match=r"not a feed \(application/pdf\)"):
        fetcher().feed(site.url_for("/report.pdf"))


@pytest.mark.parametrize("kind", ["application/rss+xml", "application/x-rss+xml", "application/atom+xml",
                                  "text/xml", "text/html", "application/octet-stream"])
def test_feeds_are_taken_under_any_of_their_names(site, kind):
    site.expect_request("/feed").respond_with_data("<rss/>", content_type=kind)
    assert fetcher().feed(site.url_for("/feed")).status == 200


def test_a_closed_port_is_named_as_the_reason(site):
    closed = site.url_for("/a").replace(f":{site.port}/", ":9/")  # the discard port: nothing listens
    with pytest.raises(FetchError, match=r"could not be read \(ConnectError"):
        fetcher().page(closed)


def test_robots_txt_is_honoured(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    httpserver.expect_request("/public").respond_with_data(PAGE, content_type="text/html")
    client = fetcher()
    assert client.page(httpserver.url_for("/public")).status == 200
    with pytest.raises(FetchError, match="robots.txt of .* does not allow fetching"):
        client.page(httpserver.url_for("/private/a"))
    assert [r.path for r, _ in httpserver.log].count("/robots.txt") == 1  # asked once per site


def test_a_site_whose_robots_txt_fails_is_not_fetched(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=503, headers={"Retry-After": "0"})
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    with pytest.raises(FetchError, match=r"robots.txt .* could not be read \(503 Service Unavailable\)"):
        fetcher().page(httpserver.url_for("/a"))
    assert "/a" not in [r.path for r, _ in httpserver.log]


def test_one_request_per_interval_to_a_host(site):
    site.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    # the waits are recorded, not slept: a long turn costs the test nothing and leaves room for a busy machine
    client = fetcher(per_host_interval=60.0, honour_robots=False)
    client.page(site.url_for("/a"))
    assert client.waits == []
    client.page(site.url_for("/a"))
    assert len(client.waits) == 1 and 50 < client.waits[0] <= 60.0
    client.page(site.url_for("/a").replace("localhost", "127.0.0.1"))  # another host: its own turn
    assert len(client.waits) == 1


def test_429_and_503_are_tried_again_after_what_the_server_asks(site):
    site.expect_oneshot_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "7"})
    site.expect_oneshot_request("/busy").respond_with_data("", status=503)
    site.expect_oneshot_request("/busy").respond_with_data(PAGE, content_type="text/html")
    client = fetcher()
    assert client.page(site.url_for("/busy")).status == 200
    assert client.waits == [7.0, 2.0]  # as asked, then backing off (1, 2, 4 ...)


def test_a_retry_after_longer_than_we_wait_gives_up_at_once(site):
    site.expect_request("/later").respond_with_data("", status=503, headers={"Retry-After": "3600"})
    client = fetcher()
    with pytest.raises(FetchError, match="asks to wait 3600 s, longer than 30 s"):
        client.page(site.url_for("/later"))
    assert client.waits == []


def test_a_conditional_get_is_answered_304(site):
    site.expect_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    fetched = fetcher().feed(site.url_for("/feed"), etag='"v1"')
    assert fetched.not_modified and fetched.content == b""


def test_loopback_and_private_addresses_are_refused_unless_allowed(site):
    site.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    strict = Fetcher(FetchPolicy(per_host_interval=0))
    with pytest.raises(FetchError, match="refused: (127.0.0.1|::1) is a loopback address"):
        strict.page(site.url_for("/a"))
    assert [r.path for r, _ in site.log] == []  # refused before any connection
    assert refused_address("10.0.0.7") == "refused: 10.0.0.7 is a private address (FETCH_ALLOWED_NETWORKS can allow it)"
    assert refused_address("169.254.169.254").startswith("refused: 169.254.169.254 is a link-local address")


def test_a_redirect_to_a_private_address_is_refused(site):
    site.expect_request("/out").respond_with_data("", status=302, headers={"Location": "http://10.0.0.7/admin"})
    with pytest.raises(FetchError, match="redirected to http://10.0.0.7/admin: refused: 10.0.0.7 is a private address"):
        fetcher().page(site.url_for("/out"))


def test_only_web_addresses_are_fetched():
    with pytest.raises(FetchError, match="not an http"):
        fetcher().page("file:///etc/passwd")


def test_retry_after_reads_seconds_and_dates():
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now=1445412485) == 0.0
    assert retry_after("soon") is None

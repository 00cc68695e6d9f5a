"""Fetching web pages and feeds politely and safely: plain Python (httpx), no Django.

One ``Fetcher`` per run. Every request:
- goes only to addresses that are public, or in the networks the policy allows (tests allow
  loopback), checked for the first address and again after every redirect, which are followed
  by hand (at most ``max_redirects``; a loop is named as one);
- asks robots.txt first (once per host and run; RFC 9309: a missing file allows all, a server
  that fails forbids all) and waits its turn: at most one request per ``per_host_interval``
  seconds to a host;
- has connect and read timeouts and a size cap, read as it streams;
- is tried again on 429 and 503, after the ``Retry-After`` the server asks for (seconds or a
  date) or 1, 2, 4 seconds, unless it asks for longer than ``longest_wait``;
- can be conditional (ETag, Last-Modified): a 304 answer is a ``Fetched`` with ``status`` 304.

Failures are ``FetchError`` with a line a person can act on ("404 Not Found", "not a web page
(application/pdf)", "larger than 5,242,880 bytes", "refused: 10.0.0.7 is a private address").
"""

import email.utils
import ipaddress
import socket
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

PAGE_TYPES = ("text/html", "application/xhtml+xml")


def is_page_type(kind):
    return kind in PAGE_TYPES


def is_feed_type(kind):
    """Feeds come under many names (``application/rss+xml``, ``application/x-rss+xml``,
    ``text/xml``, ``text/html``, ``application/octet-stream`` ...): anything but a document,
    picture or sound is read, and feedparser says whether it is a feed.

    >>> [is_feed_type(k) for k in ("application/x-rss+xml", "text/html", "application/pdf", "image/png")]
    [True, True, False, False]
    """
    return not (kind.startswith(("image/", "audio/", "video/", "font/"))
                or kind in ("application/pdf", "application/zip", "application/msword")
                or kind.startswith("application/vnd."))


REDIRECTS = {301, 302, 303, 307, 308}
TRY_AGAIN = {429, 503}


class FetchError(Exception):
    """A URL that could not be fetched, with the reason as one readable line."""

    def __init__(self, url, reason):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


@dataclass
class FetchPolicy:
    user_agent: str = "diplomatic-timeline/1.0 (+https://example.org/diplomatic-timeline)"
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    per_host_interval: float = 1.0
    tries: int = 3  # on 429 and 503
    longest_wait: float = 30.0  # a Retry-After longer than this is not waited for
    allowed_networks: tuple = ()  # private networks allowed all the same, e.g. ("127.0.0.0/8",)
    honour_robots: bool = True


@dataclass
class Fetched:
    url: str  # asked for
    final_url: str  # after redirects
    status: int
    content: bytes = b""
    content_type: str = ""
    charset: str = ""
    headers: dict = field(default_factory=dict)

    @property
    def not_modified(self):
        return self.status == 304


def refused_address(host, allowed_networks=(), port=80):
    """Why ``host`` may not be fetched (an address that is not public and not allowed), or None.
    Every address the name resolves to must be acceptable.

    >>> refused_address("10.1.2.3")
    'refused: 10.1.2.3 is a private address (FETCH_ALLOWED_NETWORKS can allow it)'
    >>> refused_address("127.0.0.1", ("127.0.0.0/8",)) is None
    True
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        return f"the host {host} cannot be found ({error})"
    networks = [ipaddress.ip_network(n, strict=False) for n in allowed_networks]
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if getattr(address, "ipv4_mapped", None):
            address = address.ipv4_mapped
        if any(address in network for network in networks):
            continue
        if not address.is_global:
            kind = ("loopback" if address.is_loopback else "link-local" if address.is_link_local
                    else "private" if address.is_private else "reserved")
            return f"refused: {address} is a {kind} address (FETCH_ALLOWED_NETWORKS can allow it)"
    return None


def retry_after(value, *, now=None):
    """Seconds a ``Retry-After`` header asks to wait (a number of seconds or an HTTP date).

    >>> retry_after("5"), retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now=1445412480)
    (5.0, 5.0)
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment - (time.time() if now is None else now))


class Fetcher:
    def __init__(self, policy=None, *, sleep=time.sleep):
        self.policy = policy or FetchPolicy()
        self.sleep = sleep
        self.client = httpx.Client(
            follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(self.policy.read_timeout, connect=self.policy.connect_timeout),
            headers={"User-Agent": self.policy.user_agent},
        )
        self._last = {}  # host -> monotonic time of the last request
        self._robots = {}  # scheme://host -> RobotFileParser | None (allows all)

    def close(self):
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def page(self, url, **conditions):
        return self.get(url, accept=is_page_type, what="a web page", **conditions)

    def feed(self, url, **conditions):
        return self.get(url, accept=is_feed_type, what="a feed", **conditions)

    def get(self, url, *, accept=is_page_type, what="a web page", etag=None, last_modified=None):
        """The answer to GET ``url`` (after redirects), or FetchError."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        fetched = self._follow(url, headers, self._request, robots=self.policy.honour_robots)
        if fetched.status == 304:
            return fetched
        if fetched.status >= 400:
            raise FetchError(url, f"{fetched.status} {httpx.codes.get_reason_phrase(fetched.status)}".strip())
        if fetched.content_type and not accept(fetched.content_type):
            raise FetchError(url, f"not {what} ({fetched.content_type})")
        return fetched

    def _follow(self, url, headers, send, *, robots, stop_at_limit=False):
        """The answer at the end of ``url``'s redirects, each address checked before it is asked
        (and, with ``robots``, its site's robots.txt), each request made by ``send``. A loop or
        too many redirects (or one without a Location) is a FetchError, or with ``stop_at_limit`` the
        last redirect's answer."""
        seen = [url]
        current = url
        while True:
            self._check_url(url, current)
            if robots and (refusal := self._robots_refusal(current)):
                raise FetchError(url, refusal)
            fetched = send(url, current, headers)
            if fetched.status not in REDIRECTS:
                return fetched
            target = fetched.headers.get("location")
            if not target:
                if stop_at_limit:
                    return fetched
                raise FetchError(url, f"{fetched.status} redirect without a Location")
            target = urljoin(current, target)
            if target in seen or len(seen) > self.policy.max_redirects:
                if stop_at_limit:
                    return fetched
                if target in seen:
                    raise FetchError(url, f"a redirect loop ({' -> '.join(seen + [target])})")
                raise FetchError(url, f"more than {self.policy.max_redirects} redirects")
            seen.append(target)
            current = target

    def _check_url(self, url, current):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, f"not an http(s) address: {current}")
        problem = refused_address(parts.hostname, self.policy.allowed_networks,
                                  parts.port or (443 if parts.scheme == "https" else 80))
        if problem:
            raise FetchError(url, problem if current == url else f"redirected to {current}: {problem}")

    def _wait_turn(self, host):
        last = self._last.get(host)
        now = time.monotonic()
        wait = 0.0 if last is None else last + self.policy.per_host_interval - now
        self._last[host] = now + max(wait, 0.0)
        if wait > 0:
            self.sleep(wait)

    def _request(self, url, current, headers):
        for attempt in range(self.policy.tries + 1):
            self._wait_turn(urlsplit(current).netloc)
            fetched = self._once(url, current, headers)
            if fetched.status not in TRY_AGAIN:
                return fetched
            wait = retry_after(fetched.headers.get("retry-after"))
            wait = 2.0 ** attempt if wait is None else wait
            if attempt == self.policy.tries or wait > self.policy.longest_wait:
                reason = f"{fetched.status} {httpx.codes.get_reason_phrase(fetched.status)}"
                if wait > self.policy.longest_wait:
                    raise FetchError(url, f"{reason}; the server asks to wait {wait:.0f} s, "
                                          f"longer than {self.policy.longest_wait:.0f} s")
                raise FetchError(url, f"{reason} after {attempt + 1} tries")
            self.sleep(wait)
        raise AssertionError("unreachable")

    def _once(self, url, current, headers):
        limit = self.policy.max_bytes
        try:
            with self.client.stream("GET", current, headers=headers) as answer:
                declared = answer.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(url, f"larger than the limit of {limit:,} bytes ({int(declared):,} bytes)")
                content = bytearray()
                if answer.status_code < 300:
                    for chunk in answer.iter_bytes():
                        content += chunk
                        if len(content) > limit:
                            raise FetchError(url, f"larger than the limit of {limit:,} bytes")
                kind, _, parameters = answer.headers.get("content-type", "").partition(";")
                charset = ""
                for parameter in parameters.split(";"):
                    name, _, value = parameter.partition("=")
                    if name.strip().lower() == "charset":
                        charset = value.strip().strip("\"'")
                return Fetched(url=url, final_url=current, status=answer.status_code, content=bytes(content),
                               content_type=kind.strip().lower(), charset=charset,
                               headers={k.lower(): v for k, v in answer.headers.items()})
        except httpx.TimeoutException as error:
            phase = "connecting" if isinstance(error, httpx.ConnectTimeout) else "waiting for the answer"
            raise FetchError(url, f"timed out {phase} ({type(error).__name__})") from error
        except httpx.HTTPError as error:
            raise FetchError(url, f"{type(error).__name__}: {error}") from error

    def _robots_refusal(self, current):
        """Why the site's robots.txt keeps us from ``current``, or None."""
        parts = urlsplit(current)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            self._robots[site] = self._read_robots(site)
        rules = self._robots[site]
        if rules is None or rules.can_fetch(self.policy.user_agent, current):
            return None
        if rules.disallow_all:
            return f"robots.txt of {parts.netloc} could not be read ({rules.failure}), so nothing is fetched there"
        return f"robots.txt of {parts.netloc} does not allow fetching {current}"

    def _read_robots(self, site):
        """The site's robots.txt rules; None allows everything (RFC 9309: no file, or a 4xx)."""
        robots_url = site + "/robots.txt"
        # robots.txt is asked once per site and run, outside the host's turns: the request it
        # precedes goes at once
        try:
            fetched = self._follow(robots_url, {}, self._once, robots=False, stop_at_limit=True)
        except FetchError as error:
            fetched, failure = None, error.reason
        else:
            failure = f"{fetched.status} {httpx.codes.get_reason_phrase(fetched.status)}"
        rules = urllib.robotparser.RobotFileParser(robots_url)
        if fetched is None or fetched.status >= 500:
            rules.disallow_all = True  # unreachable: assume complete disallow
            rules.failure = failure
            return rules
        if fetched.status >= 400 or fetched.status in REDIRECTS:
            return None
        rules.parse(fetched.content.decode("utf-8", errors="replace").splitlines())
        return rules

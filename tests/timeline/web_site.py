"""Pages and feeds the web tests serve from their own loopback server (pytest-httpserver).

The pages are written for these tests in the styles analysts meet: a wire story, a ministry's
press release, a live blog, a forum repost, a page with readers' comments, pages dated only in
their JSON-LD, only in their address, or not at all. People and outlets are made up.
"""

import html

BODY = [
    "The foreign ministers of Chile and Norway met in Santiago on Monday to discuss a new agreement "
    "on salmon farming standards and the protection of coastal waters, officials said.",
    "The two ministers agreed to set up a joint working group that will report before the end of the "
    "year, and Norway's minister invited her Chilean counterpart to visit Oslo in the spring.",
    "Trade between the two countries has grown steadily over the past decade, and both governments "
    "have said they want closer cooperation on fisheries research and ocean monitoring.",
]

CHROME = """
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/business">Business</a></li></ul></nav></header>"""

FOOTER = """
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Markets close higher</a></li>
<li><a href="/b">Weather warning for the coast</a></li></ul></aside>
<footer><p>Copyright The Southern Ledger. All rights reserved.</p><a href="/privacy">Privacy</a></footer>"""


def page(title, paragraphs=BODY, *, head="", before="", after="", charset="utf-8", lang="en"):
    """An article page: chrome, a headline, the paragraphs, and what comes after them."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}"><title>{html.escape(title)} | The Southern Ledger</title>
<meta property="og:site_name" content="The Southern Ledger">{head}</head>
<body>{CHROME}
<main><article><h1>{html.escape(title)}</h1>{before}
<div class="article-body">{body}</div></article>{after}</main>{FOOTER}
</body></html>"""


def wire_story(title="Chile and Norway agree on salmon standards", day="2019-03-04"):
    head = (f'<meta property="article:published_time" content="{day}T09:30:00+00:00">'
            '<meta property="article:modified_time" content="2021-08-30T10:00:00+00:00">')
    return page(title, head=head, before='<p class="byline">By Ana Pereira</p>')


def json_ld_only(day="2018-05-17"):
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
            f'"headline": "Ministers meet in Santiago", "datePublished": "{day}T08:00:00Z", '
            '"dateModified": "2022-01-01T08:00:00Z"}</script>')
    return page("Ministers meet in Santiago", head=head)


def undated():
    return page("Ministers meet in Santiago")


def comments_page(day="2017-05-22"):
    comments = """<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Reader99: This agreement is a disgrace and the president should resign at once.</p></div>
<div class="comment"><p>Observer: Another summit that will change nothing for the fishermen of the south.</p></div></section>"""
    return page("Chile and Norway agree on salmon standards", after=comments,
                head=f'<meta property="article:published_time" content="{day}">')


def press_release(day="2019-10-08"):
    head = f'<meta name="date" content="{day}">'
    return page("Foreign Minister receives Norwegian counterpart", head=head,
                after="<p class='contact'>Inquiries: press office, +00 000 000</p>")


def live_blog(day="2023-09-06"):
    entries = "".join(
        f'<div class="entry"><time>{hour}:00</time><p>{html.escape(text)}</p></div>'
        for hour, text in zip((14, 12, 10), BODY))
    head = ('<script type="application/ld+json">{"@type": "LiveBlogPosting", '
            f'"datePublished": "{day}T07:00:00Z"}}</script>')
    return page("Live: Chile and Norway ministers meet", paragraphs=[], head=head, before=entries)


def forum_repost():
    post = "".join(f"<p>{html.escape(p)}</p>" for p in BODY)
    return f"""<!DOCTYPE html><html><head><title>Diplomacy Talk :: View topic</title></head><body>
<div class="navbar"><a href="/">Forum index</a> &gt; <a href="/f/3">World affairs</a></div>
<table class="forumline"><tr><td class="row1"><b>kestrel</b><br>Joined: 12 Jan 2004<br>Posts: 512</td>
<td class="row1"><span class="postdetails">Posted: Tue Feb 14, 2006 9:12 am</span>
<div class="postbody">{post}</div><span class="signature">-- peace through trade</span></td></tr></table>
</body></html>"""


def cp1252_page():
    """A page in windows-1252, declared in its meta tag (curly quotes and accents as single bytes)."""
    paragraphs = [
        "Belgium and Côte d’Ivoire signed a cultural cooperation agreement in Brussels on Thursday, "
        "opening the way for exchanges of artists, museum staff and students.",
        "The agreement was signed at the Egmont Palace by the Belgian minister and his Ivorian counterpart, "
        "who is on a three-day working visit to Belgium.",
        "Officials said the accord would be reviewed by a joint commission every two years.",
    ]
    text = page("Belgium and Côte d’Ivoire sign cultural accord", paragraphs=paragraphs, charset="windows-1252",
                head='<meta name="pubdate" content="1998-11-12">')
    return text.encode("cp1252")


def rss(entries, *, title="The Southern Ledger: World"):
    """An RSS 2.0 feed: ``entries`` are (link, title, date in RFC 822 or None, summary)."""
    items = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link><guid>{html.escape(link)}</guid>"
        + (f"<pubDate>{d}</pubDate>" if d else "")
        + f"<description>{html.escape(s)}</description></item>"
        for link, t, d, s in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{html.escape(title)}</title>'
            f"<link>https://ledger.example/</link><description>World news</description>{items}</channel></rss>")


def atom(entries, *, title="Ministry news"):
    """An Atom feed: ``entries`` are (link, title, ISO date or None, content)."""
    items = "".join(
        f'<entry><title>{html.escape(t)}</title><link href="{html.escape(link)}"/><id>{html.escape(link)}</id>'
        + (f"<published>{d}</published><updated>{d}</updated>" if d else "")
        + f'<content type="html">{html.escape(c)}</content></entry>'
        for link, t, d, c in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{html.escape(title)}</title><id>urn:ministry</id><updated>2020-01-01T00:00:00Z</updated>"
            f"{items}</feed>")

"""A generated corpus of diplomatic news in the seeds' genre, for benchmarks and load tests.

Plain Python, no Django; deterministic for a given seed. Each article pairs two countries
and their leaders, tells a visit or a meeting with dates of every kind (weekday, "last
month", "in October 2012", "the 1990s"), and sometimes comes wrapped as a forum repost with
chrome, a doubled body and readers' comments, as scraped news does.

>>> articles = list(generate_articles(2, seed=7))
>>> len(articles), articles[0].published.year >= 2005
(2, True)
"""

import datetime
import random
from dataclasses import dataclass

COUNTRIES = [
    # (country, adjective, capital, head of government title, head, foreign minister)
    ("Pakistan", "Pakistani", "Islamabad", "Prime Minister", "Shehbaz Sharif", "Ishaq Dar"),
    ("Russia", "Russian", "Moscow", "President", "Vladimir Putin", "Sergey Lavrov"),
    ("China", "Chinese", "Beijing", "President", "Xi Jinping", "Wang Yi"),
    ("India", "Indian", "New Delhi", "Prime Minister", "Narendra Modi", "S. Jaishankar"),
    ("Turkey", "Turkish", "Ankara", "President", "Recep Tayyip Erdogan", "Hakan Fidan"),
    ("Iran", "Iranian", "Tehran", "President", "Masoud Pezeshkian", "Abbas Araghchi"),
    ("Kazakhstan", "Kazakh", "Astana", "President", "Kassym-Jomart Tokayev", "Murat Nurtleu"),
    ("Uzbekistan", "Uzbek", "Tashkent", "President", "Shavkat Mirziyoyev", "Bakhtiyor Saidov"),
    ("Japan", "Japanese", "Tokyo", "Prime Minister", "Fumio Kishida", "Yoko Kamikawa"),
    ("France", "French", "Paris", "President", "Emmanuel Macron", "Jean-Noel Barrot"),
    ("Germany", "German", "Berlin", "Chancellor", "Olaf Scholz", "Annalena Baerbock"),
    ("Azerbaijan", "Azerbaijani", "Baku", "President", "Ilham Aliyev", "Jeyhun Bayramov"),
    ("Egypt", "Egyptian", "Cairo", "President", "Abdel Fattah el-Sisi", "Badr Abdelatty"),
    ("Brazil", "Brazilian", "Brasilia", "President", "Luiz Inacio Lula da Silva", "Mauro Vieira"),
]
TOPICS = [
    "defence cooperation and the supply of helicopters", "trade, investment and a new rail corridor",
    "energy, including a gas pipeline and LNG deliveries", "the situation in Afghanistan and counter-terrorism",
    "health cooperation and vaccine production", "agriculture and food security", "regional connectivity and transit trade",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


@dataclass
class GeneratedArticle:
    name: str
    text: str
    published: datetime.date
    outlet: str


def _forum_wrap(body, rng):
    chrome = (f"{rng.choice(['Vanguard', 'Haider', 'Caspian_Watcher', 'Falcon', 'Steppe_Eagle'])}{rng.randint(1, 999)}\n"
              f"{rng.choice(['ELITE MEMBER', 'FULL MEMBER', 'SENIOR MEMBER'])}\n- Joined\n"
              f"- {rng.choice(['Jan', 'Mar', 'May', 'Oct'])} {rng.randint(1, 28)}, {rng.randint(2006, 2020)}\n"
              f"- Messages\n- {rng.randint(10, 40000):,}\n- Reaction score\n- {rng.randint(-5, 90)}\n- Country\n- Location\n")
    paragraphs = body.split("\n")
    comments = rng.sample(["Good news for the region.", "I hope to visit there one day.", "About time!",
                           "Let us see if anything comes of it?"], 2)
    doubled = "\n".join(paragraphs[1:])
    return chrome + body + "\n" + doubled + "\nwww.example-news.com\n" + "\n".join(comments) + "\n"


def _article(index, rng):
    host, guest = rng.sample(COUNTRIES, 2)
    published = datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randint(0, 7300))
    weekday = rng.choice(WEEKDAYS)
    past_year = rng.randint(1995, published.year - 1)
    month = datetime.date(2000, rng.randint(1, 12), 1).strftime("%B")
    topic, other_topic = rng.sample(TOPICS, 2)
    kind = rng.random()
    lede_place = host[2].upper()
    if kind < 0.4:
        lede = (f"{lede_place} - {guest[1]} Foreign Minister {guest[5]} arrived in {host[2]} on {weekday} for a two-day "
                f"visit, the foreign office said, the first such visit in {rng.randint(2, 12)} years.")
    elif kind < 0.7:
        lede = (f"{lede_place} - {host[3]} {host[4]} and {guest[1]} {guest[3]} {guest[4]} on {weekday} agreed to "
                f"further strengthen bilateral relations and deepen cooperation in {topic}.")
    else:
        lede = (f"{lede_place} - {host[1]} {host[3]} {host[4]} will visit {guest[2]} later this year, officials said "
                f"on {weekday}, as the two countries prepare to sign agreements on {topic}.")
    body = [
        lede,
        f"The two sides discussed {topic} and {other_topic}, according to a statement.",
        f"{guest[4]} had visited {host[2]} in {month} {past_year}, when the two countries signed a memorandum of "
        f"understanding on {other_topic}.",
        f"Last month, {host[0]} and {guest[0]} agreed to hold joint military exercises, officials said.",
        f"Relations between the two countries go back to the {rng.choice(['1950s', '1960s', '1970s', '1990s'])}.",
        f"{host[4]} is expected to attend a regional summit in {rng.choice(COUNTRIES)[2]} in {month}.",
    ]
    if rng.random() < 0.25:
        body.append(f"A planned trip by {guest[5]} to {host[2]} was postponed last week, diplomatic sources said.")
    text = "\n".join(body)
    if rng.random() < 0.3:
        text = _forum_wrap(text, rng)
    return GeneratedArticle(f"{index:06d}.txt", text + "\n", published, rng.choice(["Example Wire", "The Daily Example"]))


def generate_articles(count, *, seed=1):
    """``count`` articles, the same ones for the same seed."""
    rng = random.Random(seed)
    for index in range(count):
        yield _article(index, rng)


def write_corpus(folder, count, *, seed=1):
    """Write ``count`` articles and their ``manifest.csv`` into ``folder``; return the folder."""
    import csv
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "published", "source", "title", "url"])
        for article in generate_articles(count, seed=seed):
            (folder / article.name).write_text(article.text, encoding="utf-8")
            writer.writerow([article.name, article.published.isoformat(), article.outlet, "", ""])
    return folder

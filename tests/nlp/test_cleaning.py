"""Cleaning scraped articles: forum chrome, doubled bodies, comments, links; labelled blocks."""

from nlp.cleaning import BODY, CAPTION, HEADING, SUMMARY, clean

FORUM_POST = """Caspian_Watcher
SENIOR MEMBER
- Joined
- Mar 3, 2017
- Messages
- 4,512
- Reaction score
- 9
- Country
- Location
ANKARA - Turkish Foreign Minister Hakan Fidan arrived in Baku on Monday for a two-day visit.
Fidan met Azerbaijani President Ilham Aliyev on Monday evening.
Fidan met Azerbaijani President Ilham Aliyev on Monday evening.
www.example-news.com
Nice, I hope to visit Baku one day myself.
"""


def test_forum_chrome_is_dropped_and_the_joined_date_with_it():
    cleaned = clean(FORUM_POST)
    assert "Joined" not in cleaned.text and "2017" not in cleaned.text and "4,512" not in cleaned.text
    assert "Caspian_Watcher" not in cleaned.text and "SENIOR MEMBER" not in cleaned.text
    assert cleaned.text.startswith("ANKARA - Turkish Foreign Minister")
    assert cleaned.dropped["forum chrome"] == 10


def test_doubled_body_link_line_and_comments_are_dropped():
    cleaned = clean(FORUM_POST)
    assert cleaned.text.count("Fidan met Azerbaijani President") == 1
    assert "www.example-news.com" not in cleaned.text
    assert "I hope to visit Baku" not in cleaned.text
    assert cleaned.dropped == {"forum chrome": 10, "duplicate": 1, "comment": 1, "link": 1}


def test_comment_before_the_second_copy_is_dropped_too(seeds_dir):
    # A forum page shows readers' comments after the article and again after its repeat.
    cleaned = clean((seeds_dir / "003_cbbb931ec3b5e21e.txt").read_text())
    assert "Indian cow has run dry" not in cleaned.text
    assert "more Russian than the Russians" not in cleaned.text
    assert "www.dawn.com" not in cleaned.text
    assert cleaned.text.count("Sergey Lavrov’s two-day trip to Pakistan") == 1
    assert "Lavrov planted a tree at the FO lawn" in cleaned.text


def test_a_reply_in_the_thread_is_a_comment():
    text = FORUM_POST.replace("www.example-news.com\n", "") + "Reader2\nMEMBER\n- Joined\n- Jan 1, 2020\n- Messages\n- 3\nThis is great news for the region.\n"
    cleaned = clean(text)
    assert "great news for the region" not in cleaned.text
    assert "2020" not in cleaned.text


def test_headings_captions_and_summaries_are_kept_and_labelled():
    raw = (
        "Pakistan’s Imran Khan Heads to Russia Amid Ukraine Invasion Fears\n\n"
        "Prime Minister of Pakistan Imran Khan at an expanded meeting of the SCO Heads of State Council, June 13, 2019.\n\n"
        "Credit: Russian Presidential Press and Information Office\n\n"
        "  • Shehbaz accepts invitation to attend SCO Heads of Government Summit in November\n\n"
        "The Pulse | Diplomacy | South Asia\n\n"
        "Pakistan’s prime minister will meet with Russian President Vladimir Putin this week, authorities said Tuesday.\n"
    )
    cleaned = clean(raw)
    kinds = [(block.kind, cleaned.text[block.start:block.end][:20]) for block in cleaned.blocks]
    assert kinds == [
        (HEADING, "Pakistan’s Imran Kha"),
        (CAPTION, "Prime Minister of Pa"),
        (SUMMARY, "• Shehbaz accepts in"),
        (BODY, "Pakistan’s prime min"),
    ]
    assert "Credit:" not in cleaned.text and "The Pulse | Diplomacy" not in cleaned.text


def test_hard_wrapped_paragraphs_are_joined():
    raw = ("Pakistan’s Prime Minister Imran Khan was\nseen informally interacting with Russian president Vladimir Putin on several\n"
           "occasions during the Shanghai Cooperation Organization (SCO) leaders’ summit in\nBishkek, Kyrgyzstan. Both leaders smiled.\n"
           "This prompted the Foreign Minister to share with the media that the talks were warm and useful for both sides.\n")
    cleaned = clean(raw)
    assert cleaned.text.startswith("Pakistan’s Prime Minister Imran Khan was seen informally interacting")
    assert len(cleaned.blocks) == 2


def test_block_offsets_point_into_the_cleaned_text():
    cleaned = clean(FORUM_POST)
    for block in cleaned.blocks:
        assert cleaned.text[block.start:block.end].strip() == cleaned.text[block.start:block.end]
        assert cleaned.kind_at(block.start) == block.kind


def test_a_plain_article_is_left_as_it_is():
    raw = "Talks were held in Islamabad on Tuesday.\n\nBoth sides agreed to meet again.\n"
    assert clean(raw).text == raw

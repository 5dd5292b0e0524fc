"""web/js/render.js in the browser: citations, volume numerals, editorial marks, escaping."""

from __future__ import annotations

import pytest

CALL = """async ([name, args]) => {
  const m = await import('/js/render.js');
  const out = m[name](...args);
  if (out instanceof Node) {
    const box = document.createElement('div');
    box.append(out);
    return box.innerHTML;
  }
  return out;
}"""


@pytest.fixture(scope="module")
def call(live_server, browser):
    """``render.js``'s function ``name`` on ``args``, in one page for the module: what the
    tests call builds its result from its arguments (and the speakers' names the page sets
    once, on loading), never from an earlier call, so the page need not be new for each test
    (a context and page each, the instructor page loaded, was 1.0-1.9 s of every test's
    setup, load ~8 on 2 cores, 12 tests)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(live_server.url + "/instructor.html")

    def run(name: str, *args):
        return page.evaluate(CALL, [name, list(args)])

    yield run
    context.close()


@pytest.mark.parametrize(
    ("volume", "series", "numeral"),
    [
        ("frus1969-76v39", "1969–1976", "XXXIX"),
        ("frus1969-76v12", "1969–1976", "XII"),
        ("frus1969-76v14", "1969–1976", "XIV"),
        ("frus1969-76ve15p2", "1969–1976", "E–15, Part 2"),
        ("frus1977-80v06", "1977–1980", "VI"),
    ],
)
def test_parse_volume_gives_series_and_roman_numeral(call, volume, series, numeral):
    assert call("parseVolume", volume) == {"series": series, "volume": numeral}


def test_places_are_said_as_a_reader_says_them(call):
    assert call("documentPlace", "frus1969-76v13/d284") == "vol. XIII, doc. 284"
    assert call("linePlace", "frus1969-76v39/d107", 0) == "vol. XXXIX, doc. 107, line 1"
    # with the pages the line is printed on (the live feed's matched line)
    assert (
        call("linePlace", "frus1969-76v12/d188", 15, [580]) == "vol. XII, doc. 188, p. 580, line 16"
    )


def test_citation_line_names_volume_document_page_and_source(call):
    html = call(
        "citationLine",
        {
            "document": "frus1969-76v39/d107",
            "number": 107,
            "pages": [328, 327],
            "date": "1972-08-22",
            "url": "https://history.state.gov/historicaldocuments/frus1969-76v39/d107",
            "source": "Source: National Archives, Nixon Presidential Materials, Box 27.",
            "excerpt": True,
        },
    )
    assert '<a href="https://history.state.gov/historicaldocuments/frus1969-76v39/d107"' in html
    assert ">FRUS 1969–1976, vol. XXXIX, doc. 107, pp. 327–328</a>" in html
    assert "August 22, 1972" in html
    assert (
        '<span class="source">National Archives, Nixon Presidential Materials, Box 27.</span>'
        in html
    )
    assert ">excerpt</span>" in html


def test_record_text_marks_editorial_spans_and_escapes_markup(call):
    text = "a <b>multilateral</b> [omission in original transcript] conference (laughter)"
    html = call(
        "recordText",
        text,
        [
            {"start": 22, "end": 55, "kind": "bracket"},
            {"start": 67, "end": 77, "kind": "stage"},
        ],
    )
    assert html == (
        "a &lt;b&gt;multilateral&lt;/b&gt; "
        '<span class="editorial editorial-bracket" title="editorial note, not speech">'
        "[omission in original transcript]</span> conference "
        '<span class="editorial editorial-stage" title="stage note, not speech">(laughter)</span>'
    )


def test_record_date_is_shown_as_printed(call):
    assert call("formatRecordDate", "1970-07-27T08:45:00-04:00") == "July 27, 1970, 8:45 a.m."
    assert call("formatRecordDate", "1972-08-22") == "August 22, 1972"


def test_citation_with_a_script_url_is_not_a_link(call):
    html = call(
        "citationLine",
        {
            "document": "frus1969-76v39/d107",
            "number": 107,
            "pages": [327],
            "url": "javascript:alert(1)",
        },
    )
    assert "<a" not in html
    assert "FRUS 1969–1976, vol. XXXIX, doc. 107, p. 327" in html


def test_reply_turns_show_an_omission_before_the_reply_as_an_editorial_note(call):
    html = call(
        "replyTurns",
        [
            {
                "index": 3,
                "speaker": "dobrynin",
                "label": "D",
                "text": "Yes, tomorrow.",
                "clean_text": "Yes, tomorrow.",
                "pages": [12],
                "editorial": [],
                "editorial_before": ["[Omitted here is discussion of the <b>grain</b> sale.]"],
            }
        ],
    )
    note, turn = html.split("</p>", 1)
    assert note == (
        '<p class="record-note"><span class="editorial editorial-segment" title="editorial note, '
        'not speech">[Omitted here is discussion of the &lt;b&gt;grain&lt;/b&gt; sale.]</span>'
    )
    assert 'class="record-turn"' in turn and "Yes, tomorrow." in turn
    assert call("replyTurns", None) == ""


def test_reply_turns_show_the_note_after_the_last_turn_as_an_editorial_note(call):
    """v39 d107's last reply, as the server sends it: the editors' note printed after
    Dobrynin's words follows them, marked as the note before a turn is, never as speech."""
    note = (
        "[Omitted here is discussion of matters other than a European security conference or MBFR.]"
    )
    words = "I don’t want to interfere in your domestic affairs."
    html = call(
        "replyTurns",
        [
            {
                "index": 55,
                "speaker": "dobrynin",
                "label": "AD",
                "text": words,
                "clean_text": words,
                "pages": [329],
                "editorial": [],
                "editorial_before": [],
                "editorial_after": [note],
            }
        ],
    )
    turn, after = html.split("</p>", 1)
    assert turn == (
        '<p class="record-turn" data-turn="55"><span class="speaker" title="printed as “AD:”">'
        f'Dobrynin:</span> <span class="words">{words}</span>'
    )
    assert after == (
        '<p class="record-note"><span class="editorial editorial-segment" title="editorial note, '
        f'not speech">{note}</span></p>'
    )


QUOTED = """async ([text]) => {
  const m = await import('/js/render.js');
  const q = m.quotedRecord(text, []);
  document.body.append(q);
  // the marks ::before and ::after draw (content: open-quote, close-quote) come from `quotes`
  const drawn = [getComputedStyle(q).quotes, q.textContent];
  q.remove();
  return drawn;
}"""


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        # vol. XIII, doc. 305, Kissinger reading his cable aloud: the line opens with a quote
        (
            "“It seems significant that Brezhnev asked the President to be informed.” "
            "I don’t care much as long as you understand it.",
            '"‘" "’" "“" "”"',
        ),
        ("Anatol, how are you. You know our Ambassador . . .", "auto"),  # the language's “ ”
        ("’Tis so.", "auto"),  # a single mark: the double ones do not double it
        # vol. XIII, doc. 159: a phrase quoted inside the line (its end as ”” before)
        ("We don’t like the phrase “far enough.” We don’t know what it means.", '"‘" "’" "“" "”"'),
    ],
)
def test_a_recorded_line_holding_a_quotation_is_set_in_single_outer_marks(
    live_server, open_page, text, quotes
):
    """On the student's page (its style sheet), the page's own marks around a recorded line
    that begins with one of its own are single: ‘“It seems…” I don’t care…’, not ““It seems…”;
    the recorded words between them are as printed."""
    page = open_page().page
    page.goto(live_server.url + "/")
    assert page.evaluate(QUOTED, [text]) == [quotes, text]


def test_reply_turns_name_only_who_the_head_does_not(call):
    """The speaker the entry's head names is not named again before his words; a turn of
    someone else's inside the reply is, and every turn after it (unnamed, Dobrynin's next
    line would read as Nixon's)."""
    turns = [
        {"index": 3, "speaker": "dobrynin", "clean_text": "Dobrynin: as printed.", "editorial": []},
        {"index": 4, "speaker": "nixon", "clean_text": "Hello.", "editorial": []},
        {"index": 5, "speaker": "dobrynin", "clean_text": "Yes.", "editorial": []},
    ]
    html = call("replyTurns", turns, {"named": "dobrynin"})
    assert html == (
        '<p class="record-turn" data-turn="3"><span class="words">Dobrynin: as printed.</span></p>'
        '<p class="record-turn" data-turn="4"><span class="speaker">Nixon:</span> '
        '<span class="words">Hello.</span></p>'
        '<p class="record-turn" data-turn="5"><span class="speaker">Dobrynin:</span> '
        '<span class="words">Yes.</span></p>'
    )
    # no head naming anyone: each turn named, as before
    assert call("replyTurns", turns[:1]).startswith(
        '<p class="record-turn" data-turn="3"><span class="speaker">Dobrynin:</span> '
    )


@pytest.mark.parametrize(
    ("score", "word", "shown"),
    [
        (0.5499, "loosely related", "loosely related (similarity 54%)"),
        (0.55, "close", "close (similarity 55%)"),
        (0.57, "close", "close (similarity 57%)"),
        (0.7499, "close", "close (similarity 74%)"),
        (0.3999, "distant", "distant (similarity 39%)"),
        (1.0, "very close", "very close (similarity 100%)"),
    ],
)
def test_a_similarity_never_reads_as_the_bar_its_word_is_under(call, score, word, shown):
    """The percentage is rounded down, as the CLI's (server.closeness.percent): 0.5499 read
    "loosely related (similarity 55%)" beside "close (similarity 55%)" of 0.55."""
    from server.cli.ask import closeness
    from server.closeness import closeness_word

    assert closeness_word(score) == word
    assert call("closeness", score, word) == shown == closeness(score)

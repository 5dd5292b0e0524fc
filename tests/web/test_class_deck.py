"""The class's Anki deck from the instructor page: the button says why there is none yet, then
downloads a real .apkg whose card is the exchange the class met, verbatim and cited.

The class is a new instructor's own (IR190), so the other browser tests' class is untouched.
"""

from __future__ import annotations

import html

from server.anki import MARKS_KEY
from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.server.test_anki import notes
from tests.server.test_instructor import CITATION
from tests.web.flows import SEED, SEED_LINE, open_class
from tests.web.test_live_history import refused_lines

CLASS = "IR190"


def test_the_class_deck_button_downloads_the_exchanges_the_class_met(
    live_server, open_page, tmp_path, classroom
):
    token = classroom.teacher("Prof. Anand", CLASS)
    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    status = page.locator("#class-status")
    page.get_by_role("button", name="Anki deck").click()
    status.filter(has_text="No deck").wait_for()
    assert status.text_content() == (
        f"No deck for class {CLASS} yet: its students have not been answered from the record "
        "nor missed a quiz item. Export it after they have played."
    )

    # SEED_LINE is answered by the seed's first exchange
    classroom.student("Dara", CLASS, SEED_LINE)

    with page.expect_download() as download:
        page.get_by_role("button", name="Anki deck").click()
    assert download.value.suggested_filename == f"{CLASS}.apkg"
    saved = tmp_path / "deck.apkg"
    download.value.save_as(saved)
    status.filter(has_text="Downloaded").wait_for()
    assert status.text_content() == (
        f"Downloaded {CLASS}.apkg: the quiz items the class missed most, then every recorded "
        "exchange its role-plays were answered with, each card cited (open it in Anki to import)."
    )
    seed = live_server.get_json(f"/api/documents/{SEED}")["turns"]
    assert [fields for _, fields in notes(saved.read_bytes(), tmp_path)] == [
        [
            '<p class="ask">What did Dobrynin say next?</p>'
            f"<p><b>Henry Kissinger:</b> {html.escape(seed[0]['clean_text'])}</p>",
            # the editors' mark inside Dobrynin's reply is wrapped as theirs
            "<p><b>Anatoly Dobrynin:</b> What about the conference—this was a multilateral "
            '<span class="editorial">[omission in original transcript]</span> conference.</p>',
            CITATION.format(pages="p. 327") + MARKS_KEY,  # what the grey italic is
            f"https://history.state.gov/historicaldocuments/{SEED}",
        ]
    ]
    assert watched.errors == []


def test_the_page_says_which_exchanges_met_are_left_out_of_the_deck(
    live_server, open_page, classroom
):
    """An exchange the class met at a line the index holds no more (built since from a
    shorter copy of the conversation: line 60 of the seed's 56) was left out of the deck
    unsaid; the page now says which, why and how to card it, with the download."""
    token = classroom.teacher("Prof. Okonkwo-Lindqvist", "IR191")
    classroom.student("Dara", "IR191", SEED_LINE)
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    session = refused_lines(store, "Emeric", "IR191", 0)
    match = {
        "prompt": {"speaker": "kissinger", "text": "Gone.", "document": SEED, "turn": 59},
        "reply": {"speaker": "dobrynin", "text": "Gone too.", "turns": [{"index": 60}]},
    }
    store.record(session.id, "line", {"text": "Gone."})
    store.record(session.id, "reply", {"query": "Gone.", "status": "match", "matches": [match]})
    store.close()
    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, "IR191")
    status = page.locator("#class-status")
    with page.expect_download() as download:
        page.get_by_role("button", name="Anki deck").click()
    assert download.value.suggested_filename == "IR191.apkg"
    status.filter(has_text="Downloaded").wait_for()
    assert status.text_content() == (
        "Downloaded IR191.apkg: the quiz items the class missed most, then every recorded "
        "exchange its role-plays were answered with, each card cited (open it in Anki to "
        "import). The card of the class's exchange at line 60 of vol. XXXIX, doc. 107 "
        f"({SEED}) is left out of the deck: the conversation ends at line 56 in this server's "
        "index, built from another copy of it than the class's role-plays were answered from. "
        "To card it, serve that copy again (backchannel serve --transcripts PATH) and download "
        "the deck again."
    )
    assert watched.errors == []

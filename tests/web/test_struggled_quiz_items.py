"""*What the class struggled with* lists the quiz items most missed as the students were asked
them. It quoted the line asked about alone ("“Well, try us. We may fool you.” missed 1 of 1 ·
What came next? · right: …"): of a "What came next?" the teacher saw neither the recorded line
the question showed before it nor who said either, so could not tell what had been asked. Now
the item says it as the live feed and the transcript card do, every line verbatim (the
transcriber's "(laughter)" shown as theirs), then the answers, cited as the card cites it,
each wrong answer quoted as the live feed quotes it: run together with "; ", recorded lines
with stops and semicolons of their own read as one ("I was intending to call you. You are
first.; No, I understand. So you will arrive tomorrow but . . .; Perhaps …", in a class of 35).

The class is a new instructor's own (SQI329), so the other browser tests' classes are
untouched.
"""

from __future__ import annotations

from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.web.flows import open_class
from tests.web.test_live_feed_as_card import ASKED, BEFORE, LAUGHTER, REPLY, WHO, WRONG, _quiz

CLASS = "SQI329"


def test_a_missed_what_came_next_item_shows_the_line_before_it(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Nwachukwu", CLASS)
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    learner = store.create_learner(name="Femi", class_code=CLASS, token_hash="sqi329-t")
    session = store.create_session(learner=learner.id, token_hash="sqi329-t-session")
    _quiz(store, session.id)  # a "What came next?" missed, a "Who said it?" answered right
    store.close()

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    item = page.locator("#missed li")
    item.wait_for()
    assert item.count() == 1  # the "Who said it?" was answered right: not missed
    cited = "FRUS 1969–1976, vol. XXXIX, doc. 107, p. 329"
    assert item.locator(".asked").text_content() == (
        f"What did Dobrynin say next after Dobrynin: “{LAUGHTER}”, then Kissinger: “{ASKED}”"
    )
    assert item.text_content().startswith(
        f"What did Dobrynin say next after Dobrynin: “{LAUGHTER}”, then Kissinger: “{ASKED}” — "
        f"missed 1 of 1 · right: {REPLY} · answered instead: “{WRONG}”{cited}"
    )
    # the transcriber's "(laughter)" is shown as theirs, not as Dobrynin's words
    mark = item.locator(".asked .editorial")
    assert (mark.text_content(), mark.get_attribute("title")) == (
        "(laughter)",
        "stage note, not speech",
    )
    link = item.get_by_role("link", name=cited)
    assert link.get_attribute("href") == (
        "https://history.state.gov/historicaldocuments/frus1969-76v39/d107"
    )
    assert WHO not in item.text_content() and BEFORE not in item.text_content()
    assert watched.errors == []


def test_a_missed_who_said_it_item_names_the_answers_without_quotation_marks(
    live_server, open_page, classroom
):
    """A "Who said it?" is answered with a name: the list named the wrong one in quotation
    marks as if it were recorded words ("answered instead: “Anatoly Dobrynin”"), where the
    right one, the transcript card and the student's review give it as it is."""
    token = classroom.teacher("Prof. Nwachukwu-Who", "SQI330")
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    learner = store.create_learner(name="Ife", class_code="SQI330", token_hash="sqi330-t")
    session = store.create_session(learner=learner.id, token_hash="sqi330-t-session")
    _quiz(store, session.id, who_given="dobrynin")
    store.close()

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, "SQI330")
    item = page.locator('#missed li[data-mode="who_said"]')
    item.wait_for()
    assert item.text_content().startswith(
        f"Who said it? (the line before: “{BEFORE}”) “{WHO}” — missed 1 of 1 · right: Henry "
        "Kissinger · answered instead: Anatoly DobryninFRUS 1969–1976"
    )
    assert watched.errors == []

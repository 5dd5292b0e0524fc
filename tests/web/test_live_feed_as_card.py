"""The live feed says what the transcript card says, for the same exchange or quiz answer.

A quiz answer's entry showed the line asked about alone, where the card shows the question as
the student read it: after the recorded line it showed before (unattributed in a "Who said
it?", with its speaker in a "What came next?"), and a "What came next?" line after its
speaker. A teacher watching live could not see what had made the question answerable.

An answer's entry cited the page of the reply alone ("p. 581"), where the card cites the pages
of the recorded line matched and of the reply ("pp. 580–581"): two citations of one exchange.
And it placed the recorded line matched as "(vol. XII, doc. 188, line 16)", without the page
it is printed on (p. 580), which the exchange's "pp. 580–581" does not say.

The classes are new instructors' own (LFC581, LFC582), so the other browser tests' classes
are untouched.
"""

from __future__ import annotations

from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.web.flows import hold_live, live_feed, open_class, say, wait_for_seen, wait_until

CLASS = "LFC581"
SEED = "frus1969-76v39/d107"
CITED = {
    "document": SEED,
    "title": "…",
    "volume_title": "European Security",
    "number": 107,
    "pages": [327],
    "date": None,
    "source": "…",
    "url": f"https://history.state.gov/historicaldocuments/{SEED}",
    "excerpt": False,
}
# Vol. XXXIX, doc. 107, turns 53 (Dobrynin, p. 329, with the transcriber's "(laughter)") and
# 54 (Kissinger), a "What came next?" about turn 54, as docs/protocol.md gives it.
LAUGHTER = (
    "This is so, they will and you will make a statement—if not you, but maybe some other "
    "person will tell it—it’s a dirty trick. (laughter)"
)
ASKED = "Well, try us. We may fool you."
REPLY = "I don’t want to interfere in your domestic affairs."
WRONG = "I didn’t want to bother you."
# Turns 9 (Dobrynin) and 10 (Kissinger), a "Who said it?" about turn 10: the line before
# unattributed, as the question showed it.
BEFORE = "Yeah, nothing specifically. This is exactly what you meant—so what is new?"
WHO = (
    "Well, what is new is that we are willing to do it in a parallel way with the exploratory "
    "talks. I mean, as by the same procedures."
)


def _turn(index: int, speaker: str, text: str, page: int, editorial: list) -> dict:
    return {
        "index": index,
        "speaker": speaker,
        "label": {"kissinger": "HK", "dobrynin": "AD", "": ""}[speaker],
        "text": text,
        "clean_text": text,
        "pages": [page],
        "editorial": editorial,
        "editorial_before": [],
        "editorial_after": [],
    }


def _kept(answer: str, explanation: str, page: int) -> dict:
    """What a stored question keeps beside what it sent: its answer and explanation."""
    return {
        "answer": answer,
        "explanation": explanation,
        "result_citation": {**CITED, "pages": [page]},
    }


def _quiz(store: SQLiteStore, session: str, who_given: str = "kissinger") -> None:
    """A quiz of two questions, as the server stores them: a "What came next?" missed and a
    "Who said it?" answered ``who_given`` (right: Kissinger), each after the line before the
    one it asks about."""
    start = {"quiz": "z1", "mode": "what_next", "count": 2, "total": 2, "seed": 7}
    store.record(session, "quiz.start", {**start, "document": None, "volume": None})
    laughter = [{"start": 125, "end": 135, "kind": "stage", "text": "(laughter)"}]
    choices = [(REPLY, "b"), (WRONG, "c")]
    asked = {
        "speaker": "kissinger",
        "text": ASKED,
        "document": SEED,
        "turn": 54,
        "editorial": [],
    }
    store.record(
        session,
        "quiz.question",
        {
            "quiz": "z1",
            "id": "q1",
            "number": 1,
            "total": 2,
            "mode": "what_next",
            "prompt": asked,
            "context": [_turn(53, "dobrynin", LAUGHTER, 329, laughter)],
            "choices": [
                {"id": i, "speaker": "dobrynin", "text": t, "editorial": []} for t, i in choices
            ],
            "citation": {**CITED, "pages": [329]},
            "item": f"{SEED}#55",
            **_kept("b", f"Anatoly Dobrynin answered: “{REPLY}”", 329),
        },
    )
    store.record(
        session,
        "quiz.result",
        {
            "quiz": "z1",
            "id": "q1",
            "correct": False,
            "given": "c",
            "answer": "b",
            "explanation": f"Anatoly Dobrynin answered: “{REPLY}”",
            "citation": {**CITED, "pages": [329]},
            "score": 0,
            "answered": 1,
            "prompt": asked,
        },
    )
    names = [("Henry Kissinger", "kissinger"), ("Anatoly Dobrynin", "dobrynin")]
    who = {"text": WHO, "document": SEED, "turn": 10, "editorial": []}
    store.record(
        session,
        "quiz.question",
        {
            "quiz": "z1",
            "id": "q2",
            "number": 2,
            "total": 2,
            "mode": "who_said",
            "prompt": who,
            "context": [_turn(9, "", BEFORE, 327, [])],
            "choices": [{"id": i, "speaker": None, "text": t, "editorial": []} for t, i in names],
            "citation": CITED,
            "item": f"{SEED}#10",
            "level": "subtle",  # its difficulty, as the student's page said it
            **_kept("kissinger", "Henry Kissinger said it.", 327),
        },
    )
    store.record(
        session,
        "quiz.result",
        {
            "quiz": "z1",
            "id": "q2",
            "correct": who_given == "kissinger",
            "given": who_given,
            "answer": "kissinger",
            "explanation": "Henry Kissinger said it.",
            "citation": CITED,
            "score": int(who_given == "kissinger"),
            "answered": 2,
            "prompt": who,
        },
    )


def test_a_quiz_answer_in_the_feed_shows_the_line_before_as_its_card_does(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Ilunga", CLASS)
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    learner = store.create_learner(name="Zuri", class_code=CLASS, token_hash="lfc581-t")
    session = store.create_session(learner=learner.id, token_hash="lfc581-t-session")
    _quiz(store, session.id)
    # then a "Who said it?" of one question begun at a difficulty: the feed and the marker
    # said neither, and the marker said "1 questions"
    subtle = {"quiz": "z2", "mode": "who_said", "count": 1, "total": 1, "seed": 8}
    store.record(
        session.id, "quiz.start", {**subtle, "level": "subtle", "document": None, "volume": None}
    )
    store.close()

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    wait_until(page, "document.querySelectorAll('#live-feed li').length === 4")
    assert live_feed(page) == [
        ("quiz.start", "Zuri started a quiz: Who said it?, 1 question, difficulty: Subtle"),
        (
            "quiz.result",
            f"Zuri got right Who said it? (the line before: “{BEFORE}”) “{WHO}” "
            # a name, not recorded words: no quotation marks; the line cited as its card cites it
            "(answered Henry Kissinger; FRUS 1969–1976, vol. XXXIX, doc. 107, p. 327)",
        ),
        (
            "quiz.result",
            f"Zuri missed What did Dobrynin say next after Dobrynin: “{LAUGHTER}”, then Kissinger: "
            f"“{ASKED}” (answered “{WRONG}” — right answer: “{REPLY}”; "
            "FRUS 1969–1976, vol. XXXIX, doc. 107, p. 329)",
        ),
        ("quiz.start", "Zuri started a quiz: What came next?, 2 questions"),
    ]
    # each answer's citation links to the document, as a reply's does
    links = page.locator('#live-feed li[data-kind="quiz.result"] a')
    assert links.evaluate_all("els => els.map(e => e.getAttribute('href'))") == [CITED["url"]] * 2
    # the transcriber's "(laughter)" in the line before is shown as theirs, not Dobrynin's
    mark = page.locator("#live-feed li").nth(2).locator(".editorial")
    assert (mark.text_content(), mark.get_attribute("title")) == (
        "(laughter)",
        "stage note, not speech",
    )

    # the card shows the same lines before, in its own layout
    page.locator("#sessions tbody tr", has_text="Zuri").get_by_role("button").click()
    cards = page.locator('#transcript li[data-kind="quiz"]')
    cards.nth(1).wait_for()
    assert [cards.nth(n).locator(".context-line").all_text_contents() for n in (0, 1)] == [
        [f"Dobrynin: {LAUGHTER}"],
        [f"The line before: {BEFORE}"],
    ]
    assert cards.nth(0).locator(".student-line").text_content() == f"Kissinger: “{ASKED}”"
    # the "Who said it?" line's difficulty as the student was told it; none of a "What came
    # next?", which has none to choose
    assert [cards.nth(n).locator(".level").all_text_contents() for n in (0, 1)] == [
        [],
        ["Difficulty: Subtle"],
    ]
    markers = page.locator('#transcript li.marker[data-kind="quiz.start"]').all_text_contents()
    named = (
        "Quiz: What came next? — 2 questions",
        "Quiz: Who said it? — 1 question, difficulty: Subtle",
    )
    assert len(markers) == 2  # each after its time, as the feed names it
    assert all(m.endswith(n) for m, n in zip(markers, named, strict=True))
    assert watched.errors == []


# Kissinger's line of vol. XII, doc. 188 on p. 580 (turn 15); Dobrynin's reply is on p. 581.
ACROSS = "No, except we are going to try to apply them in a constructive spirit."
ACROSS_REPLY = "If you have anything to tell me I will be here till Wednesday."


def test_an_answer_in_the_feed_cites_the_pages_its_card_cites(live_server, open_page, classroom):
    """The student's line is said while the page's live socket is held back, the transcript
    open: the page reads it when the socket is ready (a transcript opened before, or during a
    drop, showed nothing of it until the class's next event)."""
    token = classroom.teacher("Prof. Osei", "LFC582")
    student = classroom.student("Kojo", "LFC582")

    watched = open_page()
    page = watched.page
    held = hold_live(page)
    open_class(page, live_server.url, token, "LFC582")
    page.locator("#sessions tbody tr", has_text="Kojo").get_by_role("button").click()
    page.locator("#session-title", has_text="Transcript: Kojo").wait_for()
    wait_for_seen(page, lambda: held, "the page's live socket, held back")
    say(student, ACROSS)  # stored before the student's page is answered
    held[0].close()  # a drop: the page reconnects, and its socket is let through
    card = page.locator('#transcript li[data-kind="exchange"]')
    card.wait_for()
    assert card.locator(".student-line").text_content() == ACROSS
    entry = page.locator('#live-feed li[data-kind="reply"]')
    entry.wait_for()
    cited = "FRUS 1969–1976, vol. XII, doc. 188, pp. 580–581"
    assert live_feed(page)[0] == (
        "reply",
        f"Kojo → “{ACROSS}” matched Kissinger’s recorded line “{ACROSS}” (vol. XII, doc. 188, "
        f"p. 580, line 16). Dobrynin replied: “{ACROSS_REPLY}” ({cited})",
    )
    link = entry.get_by_role("link", name=cited)
    assert link.get_attribute("href") == (
        "https://history.state.gov/historicaldocuments/frus1969-76v12/d188"
    )

    assert card.locator(".citation a").text_content() == cited
    assert watched.errors == []

"""A transcript's tiers in a teacher's words, and the closeness beside them not read as how
sure the answer is: a walk-through found "MATCH score 0.44" on one card beside "AMBIGUOUS score
0.62" on another, which read as if the lower score were the surer answer, where the tier is
judged on more evidence than the score. The class is the test's own (TIER534), its work
written to the store as the server writes it."""

from __future__ import annotations

from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.web.flows import cited, open_class

CLASS = "TIER534"


DOCUMENT = "frus1969-76v39/d107"
CITED = {
    "document": DOCUMENT,
    "title": "Conversation",
    "volume_title": None,
    "number": 107,
    "pages": [329],
    "date": None,
    "source": None,
    "url": "https://history.state.gov/historicaldocuments/frus1969-76v39/d107",
    "excerpt": False,
}


# Where a line shown beside an answer is printed: the card cites it as the student read it.
SOURCE = "National Archives, Nixon Presidential Materials, Box 27."
CITED_BESIDE = {**CITED, "pages": [331], "date": "1973-06-08", "source": f"Source: {SOURCE}"}


def _match(text: str, turn: int, score: float, citation: dict = CITED) -> dict:
    """A recorded line matched as the server stores it (its reply's words left out)."""
    prompt = {"speaker": "kissinger", "text": text, "document": DOCUMENT, "turn": turn}
    reply = {"speaker": "dobrynin", "text": "They will.", "turns": []}
    return {"prompt": prompt, "reply": reply, "score": score, "citation": citation}


def _replied(store: SQLiteStore, session: str, line: str, matches: list[dict], status: str) -> None:
    """The student's ``line`` and the reply the search gave it, stored as the server stores them."""
    store.record(session, "line", {"text": line, "position": None})
    reply = {"query": line, "status": status, "score": matches[0]["score"], "matches": matches}
    store.record(session, "reply", reply)


def _played(live_server, class_code: str, student: str) -> tuple[SQLiteStore, str]:
    """A role-play session of ``student`` in ``class_code``, begun as Kissinger: the store, open,
    and the session's id."""
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    key = class_code.lower()
    learner = store.create_learner(name=student, class_code=class_code, token_hash=f"{key}-l")
    played = store.create_session(learner=learner.id, token_hash=f"{key}-session")
    store.record(played.id, "roleplay.start", {"as": "kissinger", "document": None})
    return store, played.id


def test_a_cards_tier_is_said_in_words_and_its_closeness_is_not_sureness(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Tier534 Adeyemi", CLASS)
    store, played = _played(live_server, CLASS, "Tamsin")
    protest = [_match("The Chinese will protest.", 52, 0.44)]
    _replied(store, played, "The Chinese will make a fuss about it.", protest, "match")
    fits = [_match("Yes.", 20, 0.62), _match("Yes.", 31, 0.61, CITED_BESIDE)]
    _replied(store, played, "Yes, I agree.", fits, "ambiguous")
    store.close()

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    page.locator("#sessions tbody tr", has_text="Tamsin").get_by_role("button").click()
    cards = page.locator('#transcript li[data-kind="exchange"]')
    cards.nth(1).wait_for()
    heads = [
        (
            card.locator(".tier").text_content(),
            card.locator(".tier").get_attribute("title"),
            card.locator(".score").text_content(),
        )
        for card in cards.all()
    ]
    assert heads == [
        (
            "answered",
            "The search judged that this recorded line answers the student’s, and gave its reply.",
            "closeness 0.44",
        ),
        (
            "answered: several fit",
            "Several recorded lines answered the student’s about equally well: the search gave "
            "the first one’s reply and showed the others beside it to pick from.",
            "closeness 0.62",
        ),
    ]
    assert cards.first.locator(".score").get_attribute("title") == (
        "How close in meaning the student’s line is to the recorded line matched to it (0 to "
        "1). It is not how sure the answer is: whether the record answers a line is judged on "
        "more than closeness."
    )
    legend = " ".join(page.locator("#transcript-legend").text_content().split())
    assert legend == (
        "Answered: the search judged that the recorded line answers the student’s and gave its "
        "reply; answered: several fit: other recorded lines answered it about as well, shown "
        "beside it to pick from; no match: nothing was given as the answer. Closeness, 0 to 1, "
        "is how close in meaning the student’s line is to the recorded line, not how sure the "
        "answer is: whether the record answers a line is judged on more than closeness (the "
        "line’s rarer words and names in the conversation, how far ahead of other lines it "
        "came), so an answered line may be less close than one where several fit."
    )
    assert page.locator("#transcript-legend").is_visible()
    # the line shown beside the answer with the citation the student read under it, not
    # "(vol. XXXIX, doc. 107, line 32)" alone
    beside = cards.nth(1).locator(".suggestions > li")
    assert beside.locator(".record-line").text_content() == (
        "Kissinger: “Yes.” (vol. XXXIX, doc. 107, line 32)"
    )
    assert cited(beside.locator(".citation")) == (
        f"FRUS 1969–1976, vol. XXXIX, doc. 107, p. 331 · June 8, 1973 · {SOURCE}",
        CITED["url"],
    )
    assert watched.errors == []


def test_a_cards_closeness_reads_as_its_word_does_at_the_bar(live_server, open_page, classroom):
    """0.5499 is "loosely related (similarity 54%)" to the student (server.closeness.percent):
    the card's head said "closeness 0.55", at the bar its word is under."""
    token = classroom.teacher("Prof. Tier535 Okafor", "TIER535")
    store, played = _played(live_server, "TIER535", "Ulla")
    protest = [_match("The Chinese will protest.", 52, 0.5499)]
    _replied(store, played, "The Chinese will make a fuss about it.", protest, "match")
    store.close()

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, "TIER535")
    page.locator("#sessions tbody tr", has_text="Ulla").get_by_role("button").click()
    card = page.locator('#transcript li[data-kind="exchange"]').first
    card.wait_for()
    assert card.locator(".score").text_content() == "closeness 0.54"
    assert watched.errors == []

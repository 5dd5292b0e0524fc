"""Learners on a real server: remembered by their token, never merged by name."""

from __future__ import annotations

from importlib import resources
from typing import Any

from tests.server.conftest import LiveServer, Student


def join(live: LiveServer, name: str, code: str | None, learner: str | None = None) -> Any:
    student = Student(live.url)
    message: dict[str, Any] = {"type": "hello", "student": name, "class": code}
    if learner is not None:
        message["learner"] = learner
    welcome = student.ask(message)
    return student, welcome


def test_a_same_name_without_the_token_is_a_new_learner(live: LiveServer) -> None:
    first, ada = join(live, "Ada", "IR101")
    second, other = join(live, "ada", "IR101")
    third, back = join(live, "Ada", "IR101", ada["learner"])
    for student in (first, second, third):
        student.close()
    assert ada["learner"].startswith("bcl_") and other["learner"] != ada["learner"]
    assert (ada["student"], other["student"], back["student"]) == ("Ada", "ada (2)", "Ada")
    assert back["learner"] == ada["learner"] and back["session"] != ada["session"]
    assert ada["due"] == 0
    store = live.services.store
    names = [(s.student, s.sessions) for s in store.class_students("IR101")]
    assert names == [("Ada", 2), ("ada (2)", 1)]


def test_solo_learners_work_the_same_way(live: LiveServer) -> None:
    one, solo = join(live, "Grace", None)
    two, again = join(live, "Grace", None, solo["learner"])
    three, other = join(live, "Grace", None)
    for student in (one, two, three):
        student.close()
    assert (solo["class"], again["student"], other["student"]) == (None, "Grace", "Grace (2)")
    assert again["learner"] == solo["learner"] != other["learner"]


def test_a_learner_token_of_another_class_is_refused(live: LiveServer) -> None:
    one, ada = join(live, "Lin", "IR101")
    two, refused = join(live, "Lin", "HIST210", ada["learner"])
    one.close()
    two.close()
    assert refused["type"] == "error" and refused["code"] == "learner_elsewhere"
    assert refused["message"] == (
        "This learner token belongs to class IR101; join with that class code, or without the "
        "token to start as a new learner."
    )


def test_an_unknown_learner_token_starts_a_new_learner(live: LiveServer) -> None:
    student, welcome = join(live, "Mo", None, "bcl_from-another-server")
    student.close()
    assert welcome["type"] == "welcome" and welcome["learner"] != "bcl_from-another-server"
    assert welcome["learner"].startswith("bcl_")


def test_resume_carries_no_learner_token(live: LiveServer) -> None:
    student, welcome = join(live, "Noor", None)
    student.close()
    again = Student(live.url)
    resumed = again.ask({"type": "hello", "resume": welcome["resume"]})
    again.close()
    assert resumed["resumed"] is True and resumed["learner"] is None


def test_progress_and_missed_deck_need_the_learner_token(client: Any) -> None:
    import io
    import zipfile
    from datetime import UTC, datetime, timedelta

    from server.review import Answered, answer_card, iso
    from server.store import hash_token

    store = client.app.state.services.store
    ada = store.create_learner(name="Ada", class_code="HIST210", token_hash=hash_token("bcl_a"))
    day1 = datetime(2026, 11, 28, 9, tzinfo=UTC)
    day2 = day1 + timedelta(days=3)
    for item, mode, when, correct in [
        ("frus1969-76v39/d107#4", "who_said", day1, False),
        ("frus1969-76v39/d107#1", "what_next", day1, True),
        ("frus1969-76v13/d161#2", "who_said", day2, True),
    ]:
        card = answer_card(None, item, mode, correct, when)
        volume = item.split("/")[0]
        store.save_answer(ada.id, card, Answered(item, mode, volume, iso(when), correct))
    assert client.get("/api/learner").status_code == 401
    wrong = client.get("/api/learner", headers={"Authorization": "Bearer bcl_nobody"})
    assert wrong.status_code == 401
    auth = {"Authorization": "Bearer bcl_a"}
    body = client.get("/api/learner", headers=auth).json()
    assert (body["name"], body["class"], body["answered"], body["correct"]) == (
        "Ada",
        "HIST210",
        3,
        2,
    )
    # all three due now (the two right ones' 10 minutes long past): none waits
    assert body["items"] == {"seen": 3, "learned": 0, "due": 3, "missed": 1, "next_due": None}
    assert body["days"] == [
        {"date": "2026-11-28", "answered": 2, "correct": 1},
        {"date": "2026-12-01", "answered": 1, "correct": 1},
    ]
    assert [(v["volume"], v["answered"], v["correct"]) for v in body["volumes"]] == [
        ("frus1969-76v13", 1, 1),
        ("frus1969-76v39", 2, 1),
    ]
    deck = client.get("/api/learner/missed.apkg", headers=auth)
    assert deck.status_code == 200 and deck.headers["content-type"] == "application/apkg"
    assert zipfile.ZipFile(io.BytesIO(deck.content)).testzip() is None
    conversation = client.get("/api/documents/frus1969-76v39/d107/deck.apkg")
    assert conversation.headers["content-disposition"] == (
        'attachment; filename="frus1969-76v39-d107.apkg"'
    )
    assert client.get("/api/documents/frus1969-76v12/d95/deck.apkg").status_code == 404


def test_the_conversation_deck_is_named_as_the_pages_cite_it(client: Any, tmp_path: Any) -> None:
    """Anki lists a deck by its name: it read "Backchannel — frus1969-76v39 Document 107", the
    volume's id, where every card of it cites "FRUS 1969–1976, vol. XXXIX, doc. 107"."""
    import io
    import json
    import sqlite3
    import zipfile

    deck = client.get("/api/documents/frus1969-76v39/d107/deck.apkg")
    assert deck.status_code == 200
    with zipfile.ZipFile(io.BytesIO(deck.content)) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    try:
        (decks,) = db.execute("SELECT decks FROM col").fetchone()
        citations = {flds.split("\x1f")[2] for (flds,) in db.execute("SELECT flds FROM notes")}
    finally:
        db.close()
    names = sorted(d["name"] for d in json.loads(decks).values())
    assert names == ["Backchannel — FRUS 1969–1976, vol. XXXIX, doc. 107", "Default"]
    assert citations and all(
        c.startswith("FRUS 1969–1976, vol. XXXIX, doc. 107, p") for c in citations
    )


def test_the_missed_deck_reads_in_the_records_order(client: Any, tmp_path: Any) -> None:
    import html
    from datetime import UTC, datetime, timedelta

    from server.review import Answered, answer_card, iso
    from server.store import hash_token
    from tests.server.test_anki import notes

    store = client.app.state.services.store
    bo = store.create_learner(name="Bo", class_code="HIST210", token_hash=hash_token("bcl_bo"))
    missed = [  # missed in this order; sorted as text they read d161#12, d161#2, d63#3, v39
        "frus1969-76v39/d107#4",
        "frus1969-76v13/d161#12",
        "frus1969-76v13/d63#3",
        "frus1969-76v13/d161#2",
    ]
    when = datetime(2026, 11, 28, 9, tzinfo=UTC)
    for n, item in enumerate(missed):
        at = when + timedelta(minutes=n)
        card = answer_card(None, item, "who_said", False, at)
        volume = item.split("/")[0]
        store.save_answer(bo.id, card, Answered(item, "who_said", volume, iso(at), False))
    deck = client.get("/api/learner/missed.apkg", headers={"Authorization": "Bearer bcl_bo"})
    index = client.app.state.services.index
    quoted = []
    for document, turn in [("frus1969-76v13/d63", 3), ("frus1969-76v13/d161", 2)]:
        quoted.append(index.turn(document, turn).clean_text)
    quoted += [
        index.turn("frus1969-76v13/d161", 12).clean_text,
        index.turn("frus1969-76v39/d107", 4).clean_text,
    ]
    assert [fields[0] for _, fields in notes(deck.content, tmp_path)] == [
        f'<p class="ask">Who said this?</p><p>“{html.escape(text)}”</p>' for text in quoted
    ]


def test_progress_says_when_the_next_review_is() -> None:
    """With nothing due, Progress said "Due for review 0" and no more: an item answered right
    once is due again 10 minutes later (FSRS's learning step), the earliest of them here."""
    from datetime import UTC, datetime, timedelta

    from server import progress
    from server.review import answer_card
    from server.store import Learner

    t0 = datetime(2026, 12, 4, 9, tzinfo=UTC)
    cards = [
        answer_card(None, "frus1969-76v39/d107#4", "who_said", True, t0 + timedelta(minutes=3)),
        answer_card(None, "frus1969-76v39/d107#6", "who_said", True, t0),
    ]
    ada = Learner(id=1, name="Ada", class_code=None)
    items = progress.summary(ada, cards, [], t0 + timedelta(minutes=5), {}).items
    assert (items.due, items.next_due) == (0, "2026-12-04T09:10:00.000Z")
    items = progress.summary(ada, cards, [], t0 + timedelta(minutes=11), {}).items
    assert (items.due, items.next_due) == (1, "2026-12-04T09:13:00.000Z")


def test_the_progress_counts_the_learners_own_days(client: Any) -> None:
    """Counted in UTC, an evening's answers in the Americas fell on the next day, beside that
    day's own: the chart showed Monday evening's quiz as Tuesday's. With the learner's zone
    (the page sends the browser's) the days are theirs; unset or unknown, UTC."""
    from datetime import UTC, datetime

    from server.review import Answered, answer_card, iso
    from server.store import hash_token

    store = client.app.state.services.store
    cy = store.create_learner(name="Cy", class_code="HIST210", token_hash=hash_token("bcl_cy"))
    monday_evening = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # Nov 23, 9:30 PM in New York
    tuesday_noon = datetime(2026, 11, 24, 17, tzinfo=UTC)
    for item, when, correct in [
        ("frus1969-76v39/d107#4", monday_evening, False),
        ("frus1969-76v39/d107#1", tuesday_noon, True),
    ]:
        card = answer_card(None, item, "who_said", correct, when)
        store.save_answer(
            cy.id, card, Answered(item, "who_said", "frus1969-76v39", iso(when), correct)
        )
    auth = {"Authorization": "Bearer bcl_cy"}

    def days(query: str = "") -> list[tuple[str, int, int]]:
        body = client.get(f"/api/learner{query}", headers=auth).json()
        assert body["volumes"][0]["days"] == body["days"]  # one volume: the same days
        return [(d["date"], d["answered"], d["correct"]) for d in body["days"]]

    assert days("?zone=America/New_York") == [("2026-11-23", 1, 0), ("2026-11-24", 1, 1)]
    assert days("?zone=Asia/Tokyo") == [("2026-11-24", 1, 0), ("2026-11-25", 1, 1)]
    utc = [("2026-11-24", 2, 1)]
    assert days() == days("?zone=UTC") == utc
    for unknown in ("Mars/Olympus_Mons", "../etc/passwd", "zone.tab"):  # not a zone here
        assert days(f"?zone={unknown}") == utc
    # a stored time edited by hand into no time keeps the date it begins with, not a 500
    from zoneinfo import ZoneInfo

    from server.progress import summary

    odd = Answered("frus1969-76v39/d107#4", "who_said", "frus1969-76v39", "2026-11-24 late", True)
    body = summary(cy, [], [odd], tuesday_noon, {}, zone=ZoneInfo("America/New_York"))
    assert [(d.date, d.answered) for d in body.days] == [("2026-11-24", 1)]


def test_the_zones_come_with_the_install() -> None:
    """The Progress tab counts a learner's days in their zone; on a system without the IANA
    zones (a slim container image, Windows) every zone read as unknown and the days fell back
    to UTC's without a word. The ``tzdata`` package, a dependency, ships them."""
    zone = resources.files("tzdata.zoneinfo") / "America" / "Los_Angeles"
    assert zone.read_bytes()[:4] == b"TZif"

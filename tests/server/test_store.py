"""Every store (SQLite and PostgreSQL): what it keeps, what it refuses, and that it survives a
reopen. The ``store`` fixture runs each test once per database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.errors import ConfigError, Displaced, NotFound
from server.review import Answered, answer_card, iso
from server.store import Store, hash_token, new_token
from server.store_postgres import PostgresStore
from server.store_sqlite import SQLiteStore
from tests.server.conftest import start


def reopen(store: Store) -> Store:
    """A second store on the same database, as after a restart (or in another process)."""
    if isinstance(store, SQLiteStore):
        return SQLiteStore(store.path)
    assert isinstance(store, PostgresStore)
    return PostgresStore(store.url)


def test_add_instructor_finds_them_by_token_hash(store: Store) -> None:
    token = new_token("bci")
    ruiz = store.add_instructor("Prof. Ruiz", hash_token(token), ["HIST210", "HIST300"])
    assert ruiz.classes == ("HIST210", "HIST300")
    assert store.instructor_by_token(hash_token(token)) == ruiz
    assert store.instructor_by_token(token) is None


def test_add_instructor_refuses_duplicate_name(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    with pytest.raises(ConfigError) as err:
        store.add_instructor("ruiz", hash_token("b"), ["HIST300"])
    assert str(err.value) == (
        "An instructor named 'ruiz' already exists; `backchannel instructor classes ruiz "
        "--class CODE` gives them another class, `backchannel instructor token ruiz` prints a "
        "new token."
    )


def test_add_classes_refuses_class_of_other_instructor(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    store.add_instructor("Okafor", hash_token("b"), [])
    with pytest.raises(ConfigError) as err:
        store.add_classes("Okafor", ["hist210"])
    assert str(err.value) == (
        "Class 'hist210' already belongs to instructor 'Ruiz'; choose another class code, or "
        "ask that instructor to share it with you (`backchannel instructor share hist210 NAME`)."
    )
    assert store.add_classes("Okafor", ["IR101"]).classes == ("IR101",)


def test_a_shared_class_is_each_teachers_until_taken_from_them(store: Store) -> None:
    ruiz = store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    okafor = store.add_instructor("Okafor", hash_token("b"), ["IR101"])
    store.add_instructor("Lin", hash_token("c"), [])
    teachers = store.share_class("hist210", "okafor")
    assert [(t.id, t.name) for t in teachers] == [(ruiz.id, "Ruiz"), (okafor.id, "Okafor")]
    assert store.share_class("HIST210", "Okafor") == teachers  # already shared: no change
    found = store.instructor_by_token(hash_token("b"))
    assert found is not None and found.classes == ("HIST210", "IR101")
    assert [(c.code, c.instructors) for c in store.classes(okafor.id)] == [
        ("HIST210", ("Ruiz", "Okafor")),
        ("IR101", ("Okafor",)),
    ]
    assert [(c.code, c.instructors) for c in store.classes(ruiz.id)] == [
        ("HIST210", ("Ruiz", "Okafor"))
    ]
    # a colleague may give the class its creator's code again: it is theirs now
    assert store.add_classes("Okafor", ["HIST210"]).classes == ("HIST210", "IR101")
    # the creator may leave it; the colleague keeps it
    assert [t.name for t in store.unshare_class("HIST210", "RUIZ")] == ["Okafor"]
    assert store.instructors()[2].classes == ()  # Ruiz; sorted Lin, Okafor, Ruiz
    assert [i.name for i in store.instructors()] == ["Lin", "Okafor", "Ruiz"]
    with pytest.raises(ConfigError) as taken:
        store.add_classes("Ruiz", ["HIST210"])
    assert str(taken.value).startswith("Class 'HIST210' already belongs to instructor 'Okafor';")


def test_sharing_with_an_instructors_name_spelled_otherwise_names_them(store: Store) -> None:
    """ "Mr Chen" for "Mr. Chen": told to have the name added, a teacher would have a second
    account made for a colleague who has one; the refusal names the colleague instead."""
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    store.add_instructor("Mr. Chen", hash_token("b"), [])
    store.add_instructor("Mr. Cheng", hash_token("c"), [])
    with pytest.raises(NotFound) as near:
        store.share_class("HIST210", "mr chen")
    assert str(near.value) == (
        "No instructor named 'mr chen' on this server; did you mean 'Mr. Chen'? Share the class "
        "with the name as the instructor has it."
    )
    assert [t.name for t in store.class_teachers("HIST210")] == ["Ruiz"]
    assert [t.name for t in store.share_class("HIST210", "mr. chen")] == ["Ruiz", "Mr. Chen"]


def test_sharing_refuses_what_cannot_be_done_saying_why(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    store.add_instructor("Okafor", hash_token("b"), ["IR101"])
    with pytest.raises(NotFound) as nobody:
        store.share_class("HIST210", "Ms. Ortiz")
    assert str(nobody.value) == (
        "No instructor named 'Ms. Ortiz' on this server. Your school's administrator adds "
        "instructors with `backchannel instructor add 'Ms. Ortiz'`; then share the class again."
    )
    with pytest.raises(NotFound) as no_such:
        store.share_class("NOPE", "Okafor")
    assert str(no_such.value).startswith("No class 'NOPE';")
    with pytest.raises(NotFound) as not_one:
        store.unshare_class("hist210", "Okafor")
    assert str(not_one.value) == (
        "'Okafor' is not an instructor of class 'HIST210'; nothing was changed."
    )
    with pytest.raises(ConfigError) as last:
        store.unshare_class("hist210", "ruiz")
    assert str(last.value) == (
        "'Ruiz' is the only instructor of class 'HIST210', and a class keeps at least one: "
        "share it with another instructor first (`backchannel instructor share HIST210 NAME`)."
    )
    store.share_class("HIST210", "Okafor")
    with pytest.raises(ConfigError) as taken:
        store.add_instructor("Lin", hash_token("c"), ["hist210"])
    assert str(taken.value) == (
        "Class 'hist210' already belongs to instructors 'Ruiz' and 'Okafor'; choose another "
        "class code, or ask one of them to share it with you "
        "(`backchannel instructor share hist210 NAME`)."
    )
    assert [t.name for t in store.class_teachers("HIST210")] == ["Ruiz", "Okafor"]
    assert store.class_teachers("NOPE") == []


def test_replace_token_revokes_old_one(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("old"), ["HIST210"])
    store.replace_token("Ruiz", hash_token("new"))
    assert store.instructor_by_token(hash_token("old")) is None
    assert store.instructor_by_token(hash_token("new")).name == "Ruiz"


def test_create_session_refuses_unknown_class(store: Store) -> None:
    with pytest.raises(NotFound) as err:
        start(store, "Ada", "NOPE", "t")
    assert str(err.value) == "No class 'NOPE'; ask your instructor for the code."


def test_record_events_in_order_with_state(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    session = start(store, "Ada", "hist210", "r")
    assert session.class_code == "HIST210"
    store.record(session.id, "line", {"text": "Anatol, two things."})
    store.record(session.id, "reply", {"status": "match"}, state={"activity": {"kind": "x"}})
    assert [(e.seq, e.kind) for e in store.events(session.id)] == [(1, "line"), (2, "reply")]
    assert store.session_by_token(hash_token("r")).state == {"activity": {"kind": "x"}}


def test_reopen_store_keeps_everything(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    session = start(store, "Ada", "HIST210", "r")
    store.record(session.id, "line", {"text": "Don’t you pull any of these Brezhnev tricks"})
    store.close()
    again = reopen(store)
    assert again.events(session.id)[0].data == {
        "text": "Don’t you pull any of these Brezhnev tricks"
    }
    assert again.instructors()[0].classes == ("HIST210",)
    again.close()


def test_class_summaries_count_lines_and_quiz(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    ada = start(store, "Ada", "HIST210", "1")
    ada2 = store.create_session(learner=ada.learner, token_hash=hash_token("2"))
    bo = start(store, "Bo", "HIST210", "3")
    store.record(ada.id, "line", {"text": "a"})
    store.record(ada.id, "reply", {"script": {"closeness": 0.5}})
    store.record(ada2.id, "line", {"text": "b"})
    store.record(ada2.id, "reply", {"script": {"closeness": 0.75}})
    store.record(bo.id, "quiz.result", {"correct": True})
    store.record(bo.id, "quiz.result", {"correct": False})
    # A refused line and the student's did-you-mean pick: one line, not two.
    store.record(bo.id, "line", {"text": "c"})
    store.record(bo.id, "reply", {"status": "no_match", "matches": []})
    store.record(bo.id, "pick", {"suggestion": 1})
    store.record(bo.id, "reply", {"status": "picked", "matches": []})
    store.set_ended(bo.id, "2026-11-28T20:00:00.000Z")
    sessions = {s.id: s for s in store.class_sessions("HIST210")}
    assert (sessions[ada.id].lines, sessions[ada.id].quiz_total) == (1, 0)
    assert sessions[bo.id].lines == 1
    assert store.session_summary(bo.id).lines == 1
    assert (sessions[bo.id].quiz_score, sessions[bo.id].quiz_total) == (1, 2)
    assert sessions[bo.id].ended == "2026-11-28T20:00:00.000Z"
    students = store.class_students("HIST210")
    assert [(s.student, s.sessions, s.lines, s.closeness_mean) for s in students] == [
        ("Ada", 2, 2, 0.625),
        ("Bo", 1, 1, None),
    ]
    assert store.classes(store.class_teachers("HIST210")[0].id)[0].sessions == 3


def test_strict_answers_are_set_per_class_and_kept(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210", "HIST300"])
    ruiz = store.class_teachers("HIST210")[0].id
    assert (store.class_strict("HIST210"), store.class_strict("NOPE")) == (False, False)
    store.set_class_strict("hist210", True)  # a code compares without case
    assert store.class_strict("Hist210") is True
    assert [(c.code, c.strict) for c in store.classes(ruiz)] == [
        ("HIST210", True),
        ("HIST300", False),
    ]
    store.set_class_strict("HIST300", True)
    store.set_class_strict("HIST210", False)
    with pytest.raises(NotFound):
        store.set_class_strict("NOPE", True)
    store.close()
    again = reopen(store)
    assert [(c.code, c.strict) for c in again.classes(ruiz)] == [
        ("HIST210", False),
        ("HIST300", True),
    ]
    assert again.class_strict("hist300") is True
    again.close()


def test_a_class_scenario_is_set_cleared_and_kept(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210", "HIST300"])
    ruiz = store.class_teachers("HIST210")[0].id
    assert store.class_scenario("HIST210") is None
    store.set_class_scenario("hist210", "topic:war-1973")  # a code compares without case
    assert store.class_scenario("Hist210") == "topic:war-1973"
    assert [(c.code, c.scenario) for c in store.classes(ruiz)] == [
        ("HIST210", "topic:war-1973"),
        ("HIST300", None),
    ]
    store.set_class_scenario("HIST300", "conversation:frus1969-76v25/d172")
    store.set_class_scenario("HIST210", None)
    store.close()
    again = reopen(store)
    assert [(c.code, c.scenario) for c in again.classes(ruiz)] == [
        ("HIST210", None),
        ("HIST300", "conversation:frus1969-76v25/d172"),
    ]
    with pytest.raises(NotFound) as err:
        again.set_class_scenario("NOPE", "topic:salt")
    assert str(err.value) == (
        "No class 'NOPE'; `backchannel instructor list` shows every instructor's classes."
    )
    assert again.class_scenario("NOPE") is None
    again.close()


def test_events_read_back_exactly_as_written(store: Store) -> None:
    session = start(store, "Ada", None, "r")
    odd = {"text": "Nul \x00, tab \t, 'quotes' \"and\" \\ — Громыко 🙂", "z": 1, "a": [None, 2.5]}
    store.record(session.id, "line", odd, state={"activity": {"kind": "roleplay", "b": 1, "a": 2}})
    (event,) = store.events(session.id)
    assert event.data == odd
    assert list(event.data) == ["text", "z", "a"]  # key order as written, for exports
    assert list(store.session(session.id).state["activity"]) == ["kind", "b", "a"]


def test_a_same_name_is_a_new_learner_and_class_codes_ignore_case(store: Store) -> None:
    store.add_instructor("ruiz", hash_token("a"), ["hist300", "HIST210", "Ir101"])
    assert store.instructors()[0].classes == ("HIST210", "hist300", "Ir101")
    first = start(store, "Ada", "HIST210", "1")
    again = start(store, "ADA", "hist210", "2")
    third = start(store, "Ada", "HIST210", "3")
    alone = start(store, "ada", None, "4")
    alone2 = start(store, "Ada", None, "5")
    back = store.create_session(learner=first.learner, token_hash=hash_token("6"))
    start(store, "Bo", "hist210", "7")
    assert (first.student, again.student, again.class_code) == ("Ada", "ADA (2)", "HIST210")
    assert third.student == "Ada (3)" and back.student == "Ada"
    assert (alone.student, alone.class_code, alone2.student) == ("ada", None, "Ada (2)")
    assert len({first.learner, again.learner, third.learner, alone.learner}) == 4
    assert [(s.student, s.sessions) for s in store.class_students("HIST210")] == [
        ("Ada", 2),
        ("ADA (2)", 1),
        ("Ada (3)", 1),
        ("Bo", 1),
    ]
    assert [c.students for c in store.classes(store.class_teachers("HIST210")[0].id)] == [4, 0, 0]
    learner = store.learner_by_token(hash_token("learner-3"))
    assert (learner.id, learner.name, learner.class_code) == (third.learner, "Ada (3)", "HIST210")
    assert store.learner_by_token(hash_token("nobody")) is None


def test_cards_and_answers_survive_a_reopen(store: Store) -> None:
    ada = start(store, "Ada", None, "r")
    bo = start(store, "Bo", None, "s")
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    item = "frus1969-76v39/d107#4"
    card = answer_card(None, item, "who_said", False, now)
    store.save_answer(
        ada.learner, card, Answered(item, "who_said", "frus1969-76v39", iso(now), False)
    )
    later = now + timedelta(minutes=3)
    card = answer_card(card, item, "who_said", True, later)
    store.save_answer(
        ada.learner, card, Answered(item, "who_said", "frus1969-76v39", iso(later), True)
    )
    other = answer_card(None, item, "what_next", True, now)
    store.save_answer(
        ada.learner, other, Answered(item, "what_next", "frus1969-76v39", iso(now), True)
    )
    store.close()
    again = reopen(store)
    try:
        assert again.cards(ada.learner) == [other, card]
        assert again.cards(bo.learner) == []
        assert [(a.mode, a.correct) for a in again.answers(ada.learner)] == [
            ("who_said", False),
            ("what_next", True),
            ("who_said", True),
        ]
        assert again.cards(ada.learner)[1].reviews == 2
    finally:
        again.close()


def test_card_is_the_one_of_that_learner_item_and_mode(store: Store) -> None:
    ada = start(store, "Ada", None, "r")
    bo = start(store, "Bo", None, "s")
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    first, second = "frus1969-76v39/d107#4", "frus1969-76v39/d107#6"
    saved = {}
    for learner, item, mode, correct in [
        (ada.learner, first, "who_said", False),
        (ada.learner, first, "what_next", True),
        (ada.learner, second, "who_said", True),
        (bo.learner, first, "who_said", True),
    ]:
        card = answer_card(None, item, mode, correct, now)
        store.save_answer(learner, card, Answered(item, mode, "frus1969-76v39", iso(now), correct))
        saved[learner, item, mode] = card
    for (learner, item, mode), card in saved.items():
        assert store.card(learner, item, mode) == card
    assert store.card(ada.learner, first, "who_said").missed is not None
    assert store.card(bo.learner, first, "who_said").missed is None
    assert store.card(bo.learner, second, "who_said") is None
    assert store.card(bo.learner, first, "what_next") is None


def test_state_is_kept_when_an_event_brings_none(store: Store) -> None:
    session = start(store, "Ada", None, "r")
    store.record(session.id, "quiz.start", {}, state={"activity": {"kind": "quiz"}})
    assert store.record(session.id, "disconnect", {}).seq == 2
    store.set_ended(session.id, "2026-11-28T20:00:00.000Z")
    resumed = store.session_by_token(hash_token("r"))
    assert resumed.state == {"activity": {"kind": "quiz"}}
    assert resumed.ended == "2026-11-28T20:00:00.000Z"
    assert store.session("nope") is None and store.session_summary("nope") is None


def test_only_the_connection_holding_a_session_writes_to_it(store: Store) -> None:
    """The fence is the store's: after a second connection claims the session, the first one's
    event, state and end are refused whole, and the second one writes on."""
    session = start(store, "Ada", None, "r")
    store.claim(session.id, "conn-1")
    store.record(session.id, "line", {"text": "a"}, state={"activity": None}, holder="conn-1")
    store.claim(session.id, "conn-2")
    late = {"activity": {"kind": "quiz"}}
    with pytest.raises(Displaced):
        store.record(session.id, "reply", {"text": "late"}, state=late, holder="conn-1")
    with pytest.raises(Displaced):
        store.set_ended(session.id, "2026-11-28T20:00:00.000Z", holder="conn-1")
    store.record(session.id, "connect", {"resumed": True}, holder="conn-2")
    assert [e.kind for e in store.events(session.id)] == ["line", "connect"]
    after = store.session(session.id)
    assert after is not None and after.state == {"activity": None} and after.ended is None
    store.set_ended(session.id, "2026-11-28T20:01:00.000Z", holder="conn-2")
    assert store.session(session.id).ended == "2026-11-28T20:01:00.000Z"
    store.claim(session.id, "conn-3")  # a resume makes the session live again
    assert store.session(session.id).ended is None
    with pytest.raises(NotFound):
        store.record("nope", "line", {}, holder="conn-1")


def test_close_stale_ends_only_sessions_whose_holder_went_silent(store: Store) -> None:
    held, silent, ended = (start(store, name, None, name) for name in ("Ada", "Bo", "Cy"))
    store.record(silent.id, "connect", {"resumed": False})
    store.set_ended(ended.id, "2026-01-01T00:00:00.00Z")
    store.heartbeat([held.id], "2999-01-01T00:00:00.00Z")  # a live process says it holds it
    assert store.close_stale("2998-01-01T00:00:00.00Z") == 1
    assert store.session(held.id).ended is None
    assert store.session(silent.id).ended == store.events(silent.id)[-1].at  # last sign of life
    assert store.session(ended.id).ended == "2026-01-01T00:00:00.00Z"
    assert store.close_stale("2998-01-01T00:00:00.00Z") == 0
    store.heartbeat([held.id], "2999-01-01T00:00:01.00Z")  # a second beat updates the first
    assert store.close_stale("2999-01-01T00:00:00.50Z") == 0


def _offered(turn: int, text: str, reply: str) -> dict:
    """An offered line in the shape a reply stores it: the recorded line, its reply, a place."""
    document = "frus1969-76v39/d107"
    return {
        "prompt": {"speaker": "kissinger", "text": text, "document": document, "turn": turn},
        "reply": {"speaker": "dobrynin", "text": reply, "turns": []},
        "score": 0.4,
        "citation": {"document": document},
    }


def test_every_pick_of_one_offer_is_kept_in_order_with_its_time(store: Store) -> None:
    """Two lines picked in turn from one refusal's offer: both kept, with when each was made,
    and read back (after a reopen, as by another process) as the exchange's picks in order."""
    from server.session_read import read_session

    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    ada = start(store, "Ada", "HIST210", "1")
    offered = [_offered(4, "Yes.", "Good."), _offered(8, "No.", "Then we wait.")]
    store.record(ada.id, "roleplay.start", {"as": "kissinger", "document": None})
    store.record(ada.id, "line", {"text": "whats new", "position": 0})
    store.record(
        ada.id, "reply", {"query": "whats new", "status": "no_match", "suggestions": offered}
    )
    made = []
    for n in (1, 0):
        pick = store.record(ada.id, "pick", {"suggestion": n, "query": "whats new"})
        reply = store.record(
            ada.id,
            "reply",
            {"query": "whats new", "status": "picked", "matches": [offered[n]], "picked": n},
        )
        made.append((reply.seq, pick.at, n, offered[n]["prompt"]["text"]))
    again = reopen(store)
    try:
        events = again.events(ada.id)
    finally:
        again.close()
    assert [e.kind for e in events] == [
        *("roleplay.start", "line", "reply"),
        *("pick", "reply", "pick", "reply"),
    ]
    [exchange] = read_session(ada.id, "Ada", events).exchanges
    assert [(p.seq, p.at, p.picked, (p.matched or {})["text"]) for p in exchange.picks] == made
    assert (exchange.picked, (exchange.reply or {})["text"]) == (0, "Good.")

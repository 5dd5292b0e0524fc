"""What the instructor's review keeps in every store (SQLite and PostgreSQL): corrections, the
key that signs live tickets, and the per-session heads the live feed follows."""

from __future__ import annotations

from server.live import recent
from server.store import FeedItem, Store, hash_token
from tests.server.conftest import start, two_classes


def test_corrections_are_per_class_newest_first_and_undone(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210", "HIST300"])
    first = store.add_correction(
        "hist210", line="Beijing will object.", document="v/d1", turn=4, speaker="kissinger"
    )
    second = store.add_correction(
        "HIST210", line="Stop the tanks.", document="v/d2", turn=0, speaker="dobrynin"
    )
    store.add_correction("HIST300", line="Other.", document="v/d3", turn=2, speaker="kissinger")
    assert first.class_code == "HIST210"  # as the instructor spelled it
    assert (first.line, first.document, first.turn, first.speaker) == (
        "Beijing will object.",
        "v/d1",
        4,
        "kissinger",
    )
    assert store.corrections("HIST210") == [second, first]
    assert store.delete_correction("HIST300", first.id) is False  # not that class's
    assert store.delete_correction("HIST210", first.id) is True
    assert store.delete_correction("HIST210", first.id) is False
    assert store.corrections("hist210") == [second]


def test_correction_ids_beyond_a_row_id_delete_nothing(store: Store) -> None:
    """An id no 64-bit row id can be (any integer reaches the DELETE route) is no correction:
    SQLite raised OverflowError for one, and the API answered 500."""
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    kept = store.add_correction(
        "HIST210", line="Stop the tanks.", document="v/d2", turn=0, speaker="dobrynin"
    )
    for wild in (81033850728020380786496634880, 2**63, -(2**63) - 1, 0, -1):
        assert store.delete_correction("HIST210", wild) is False
    assert store.corrections("HIST210") == [kept]


def test_instructor_key_is_the_token_hash(store: Store) -> None:
    ruiz = store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    assert store.instructor_key(ruiz.id) == (ruiz, hash_token("a"))
    assert store.instructor_key(ruiz.id + 100) is None


def test_class_heads_and_events_after_follow_each_session(store: Store) -> None:
    ada, kim = two_classes(store)
    start(store, "Solo", None, "r3")
    for text in ("one", "two", "three"):
        store.record(ada.id, "line", {"text": text})
    store.record(kim.id, "line", {"text": "elsewhere"})
    heads = {h.session: h for h in store.class_heads(["HIST210"])}
    assert list(heads) == [ada.id]
    assert (heads[ada.id].class_code, heads[ada.id].student, heads[ada.id].last_seq) == (
        "HIST210",
        "Ada",
        3,
    )
    both = {(h.student, h.last_seq) for h in store.class_heads(["HIST210", "IR101"])}
    assert both == {("Ada", 3), ("Kim", 1)}
    assert [e.data["text"] for e in store.events_after(ada.id, 1)] == ["two", "three"]
    assert store.events_after(ada.id, 3) == []
    assert store.class_heads([]) == []


def test_class_recent_is_the_newest_events_of_the_kinds_asked_oldest_first(
    store: Store,
) -> None:
    ada, kim = two_classes(store)
    for text in ("one", "two", "three"):
        store.record(ada.id, "line", {"text": text})
    store.record(ada.id, "quiz.question", {"quiz": "z1", "id": "q1"})
    store.record(ada.id, "quiz.result", {"quiz": "z1", "id": "q1", "correct": True})
    store.record(kim.id, "line", {"text": "elsewhere"})

    def told(items: list[FeedItem]) -> list[tuple[str, str, str, int, str]]:
        return [(i.class_code, i.session, i.student, i.event.seq, i.event.kind) for i in items]

    recent = store.class_recent("hist210", ("line", "quiz.result"), 3)
    assert told(recent) == [
        ("HIST210", ada.id, "Ada", 2, "line"),
        ("HIST210", ada.id, "Ada", 3, "line"),
        ("HIST210", ada.id, "Ada", 5, "quiz.result"),
    ]
    assert [i.event.data for i in recent] == [
        {"text": "two"},
        {"text": "three"},
        {"quiz": "z1", "id": "q1", "correct": True},
    ]
    assert recent[0].event == store.events(ada.id)[1]  # the event as stored, its time too
    assert told(store.class_recent("IR101", ("line",), 50)) == [("IR101", kim.id, "Kim", 1, "line")]
    assert store.class_recent("HIST210", ("reply",), 50) == []


def test_live_history_counts_what_a_teacher_reads_and_names_the_scope_of_a_refusal(
    store: Store,
) -> None:
    """The history's limit counts lines, replies and quiz answers: a student who reloaded the
    page thirty times before a word does not push the lines out, and only the joins and leaves
    among the lines come with them. A refusal names the scenario its role-play answered from,
    though the role-play's start lies before the history, a conversation played through within
    it too (its student's words are searched within the scenario, since 9733147)."""
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    ada = start(store, "Ada", "HIST210", "r1")
    for _ in range(30):  # seqs 1-60
        store.record(ada.id, "connect", {"resumed": True})
        store.record(ada.id, "disconnect", {})
    war = {"as": "kissinger", "document": None, "scenario": "topic:war-1973"}
    refused = {"status": "no_match", "matches": [], "reason": "weak"}
    store.record(ada.id, "roleplay.start", war)  # 61
    store.record(ada.id, "line", {"text": "one"})
    store.record(ada.id, "reply", {"query": "one", **refused})
    store.record(ada.id, "disconnect", {})  # 64
    store.record(ada.id, "connect", {"resumed": True})
    store.record(ada.id, "line", {"text": "two"})  # 66
    store.record(ada.id, "reply", {"query": "two", **refused})
    played = {"as": "dobrynin", "document": "frus1969-76v39/d107", "scenario": "topic:war-1973"}
    store.record(ada.id, "roleplay.start", played)  # 68
    store.record(ada.id, "line", {"text": "three"})
    store.record(ada.id, "reply", {"query": "three", **refused})  # 70

    history = recent(store, "hist210", 3)
    assert [(m["seq"], m["kind"]) for m in history] == [
        (67, "reply"),
        (68, "roleplay.start"),
        (69, "line"),
        (70, "reply"),
    ]
    wider = recent(store, "HIST210", 5)
    assert [(m["seq"], m["kind"]) for m in wider] == [
        (63, "reply"),
        (64, "disconnect"),
        (65, "connect"),
        (66, "line"),
        *[(m["seq"], m["kind"]) for m in history],
    ]
    replies = [m for m in wider if m["kind"] == "reply"]
    assert [(m["exchange"]["line"], m["exchange"]["as"], m["scenario"]) for m in replies] == [
        ("one", "kissinger", "topic:war-1973"),
        ("two", "kissinger", "topic:war-1973"),
        ("three", "dobrynin", "topic:war-1973"),
    ]
    # further back, from the oldest event of the history: what came before it, without a gap
    back = recent(store, "HIST210", 2, (ada.id, 67))
    assert [(m["seq"], m["kind"]) for m in back] == [
        (63, "reply"),
        (64, "disconnect"),
        (65, "connect"),
        (66, "line"),
    ]
    back = recent(store, "HIST210", 2, (ada.id, 63))  # one line left: two moments before it
    assert [(m["seq"], m["kind"]) for m in back] == [
        (60, "disconnect"),
        (61, "roleplay.start"),
        (62, "line"),
    ]
    assert recent(store, "HIST210", 2, (ada.id, 1)) == []
    # fewer lines than the limit: the moments before them too, as many as the limit at most
    whole = recent(store, "HIST210", 50)
    assert len(whole) == 56  # 6 lines and replies, and the newest 50 of 64 others
    assert [(m["seq"], m["kind"]) for m in whole[:2]] == [(15, "connect"), (16, "disconnect")]

"""What the class struggled with, as a pure function of stored events: each refused line is
listed once, a line refused for what it names under what it names and nowhere else (a teacher
found every such line twice, under its topic and again among the unanswered lines). The
``unheld`` refusals are told by the topics the index lacks now: one it holds since is apart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from embeddings import Index, RolePlay, build_index
from embeddings.evidence import unheld_topics
from server.app import create_app
from server.store import Event, SessionSummary
from server.struggles import struggles
from tests.embeddings.helpers import small_corpus
from tests.server.conftest import TEACHER_TOKEN, make_services, start

JORDAN = "Jordan, September 1970: Syrian tanks and the fedayeen"
CUBA = "The Cienfuegos submarine base, Cuba (1970)"
JORDAN_ROW = {"name": JORDAN, "topic": True, "held": False}
CUBA_ROW = {"name": CUBA, "topic": True, "held": False}
OFFERED = {
    "prompt": {"speaker": "kissinger", "text": "The Chinese will protest.", "document": "v/d1"},
    "reply": {"speaker": "dobrynin", "text": "They will.", "turns": []},
    "score": 0.41,
}


def refused(line: str, reason: str, *names: str) -> tuple[str, dict[str, Any]]:
    """A line and its stored refusal, with the lines offered instead."""
    data = {"query": line, "status": "no_match", "reason": reason, "names": list(names)}
    return line, {**data, "matches": [OFFERED]}


def session(id_: str, student: str, *said: tuple[str, dict[str, Any]]) -> tuple[Any, ...]:
    """A free play of lines, each with its stored reply, one second apart; a `pick` reply
    follows the line before it."""
    events = [Event(1, f"2026-12-02T17:{id_}:00.000Z", "roleplay.start", {"as": "kissinger"})]
    for second, (kind, data) in enumerate(said, start=1):
        at = f"2026-12-02T17:{id_}:{second:02d}.000Z"
        if kind == "pick":
            events.append(Event(len(events) + 1, at, "pick", {"suggestion": 0}))
            events.append(Event(len(events) + 1, at, "reply", data))
            continue
        events.append(Event(len(events) + 1, at, "line", {"text": kind}))
        events.append(Event(len(events) + 1, at, "reply", data))
    summary = SessionSummary(f"s{id_}", student, events[0].at, None, len(said), 0, 0)
    return summary, events


def test_a_line_refused_for_what_it_names_is_listed_once_under_what_it_names() -> None:
    picked = {"query": "", "status": "picked", "matches": [OFFERED]}
    ada = session(
        "10",
        "Ada",
        refused("whats for lunch", "chatter"),
        refused("What about Jordan and Cuba?", "unheld", "Jordan", "Cuba"),
        refused("Putin will protest.", "anachronism", "Putin"),
        refused("Anatol, about the grain?", "weak"),
    )
    bo = session(
        "20",
        "Bo",
        refused("The fedayeen will protest.", "unheld", "fedayeen"),
        ("pick", picked),  # a pick after it: still counted under Jordan, once
        refused("putin again", "anachronism", "putin"),
    )
    found = struggles([ada, bo], unheld_topics([]))  # an index that speaks of no topic
    assert [(u.student, u.line, u.reason, u.seq) for u in found.unanswered] == [
        ("Ada", "Anatol, about the grain?", "weak", 9),
        ("Ada", "whats for lunch", "chatter", 3),
    ]
    assert [u.model_dump() for u in found.unheld] == [
        {**JORDAN_ROW, "students": 2, "lines": 2, "typed": ["fedayeen", "Jordan"]},
        {**CUBA_ROW, "students": 1, "lines": 1, "typed": ["Cuba"]},
    ]
    assert found.held_now == []
    assert [a.model_dump() for a in found.anachronisms] == [
        {"name": "Putin", "students": 2, "lines": 2}
    ]
    # each refused line once in the students' counts too: Bo's picked line was answered
    assert [(p.student, p.lines, p.answered, p.refused) for p in found.students] == [
        ("Ada", 4, 0, 4),
        ("Bo", 2, 1, 1),
    ]


def test_a_topic_the_index_now_speaks_of_is_told_apart_as_held_now() -> None:
    """Refused while no turn said Jordan; the index has since had a turn that does (a volume
    added with ``--transcripts``): Jordan is no longer what the record never speaks of, but
    apart, held now, with its lines and words; Cuba, still unsaid, stays. A line naming both
    counts under each."""
    ada = session(
        "10",
        "Ada",
        refused("What about Jordan and Cuba?", "unheld", "Jordan", "Cuba"),
        refused("King Hussein?", "unheld", "Hussein"),
    )
    bo = session("20", "Bo", refused("The fedayeen will protest.", "unheld", "fedayeen"))
    lacking = unheld_topics(["We spoke of Jordan's King yesterday."])
    found = struggles([ada, bo], lacking)
    assert [u.model_dump() for u in found.unheld] == [
        {**CUBA_ROW, "students": 1, "lines": 1, "typed": ["Cuba"]},
    ]
    assert [u.model_dump() for u in found.held_now] == [
        {
            **JORDAN_ROW,
            "held": True,
            "students": 2,
            "lines": 3,
            "typed": ["fedayeen", "Hussein", "Jordan"],
        },
    ]


def test_the_struggles_api_tells_topics_by_the_index_the_server_serves(
    tmp_path: Path, roleplay: Any, encoder: Any, chatter_vectors: Callable[[Path], Path]
) -> None:
    """The same stored refusals, read by a server over the fixture index (no turn says Cuba)
    and by one over an index whose call says "Cuba": on the first, Cuba is what the record
    never speaks of, as GET /api/unheld lists it; on the second it is held now, and Jordan,
    which neither speaks of, is unheld on both."""
    build_index(small_corpus(), chatter_vectors(tmp_path / "index"), encoder=encoder)
    cuba = RolePlay(Index.load(tmp_path / "index"), encoder, cached=True)
    served = {"fixture": roleplay, "cuba": cuba}
    found = {}
    for name, over in served.items():
        (tmp_path / name).mkdir()
        services = make_services(tmp_path / name, over)
        for student, line, names in [
            ("Ada", "What about Jordan and Cuba?", ["Jordan", "Cuba"]),
            ("Bo", "And Castro?", ["Castro"]),
        ]:
            played = start(services.store, student, "HIST210", f"{name}-{student}")
            reply = {"query": line, "status": "no_match", "reason": "unheld", "names": names}
            services.store.record(played.id, "line", {"text": line})
            services.store.record(played.id, "reply", {**reply, "matches": []})
        client = TestClient(create_app(services))
        teacher = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
        body = client.get("/api/classes/HIST210/struggles", headers=teacher).json()
        listed = [t["title"] for t in client.get("/api/unheld").json()]
        found[name] = (body["unheld"], body["held_now"], CUBA in listed, JORDAN in listed)
        services.store.close()
    cuba = {**CUBA_ROW, "students": 2, "lines": 2, "typed": ["Castro", "Cuba"]}
    jordan = {**JORDAN_ROW, "students": 1, "lines": 1, "typed": ["Jordan"]}
    assert found["fixture"] == ([cuba, jordan], [], True, True)
    assert found["cuba"] == ([jordan], [{**cuba, "held": True}], False, True)


def test_a_line_refused_within_a_scenario_keeps_what_the_rest_of_the_record_holds() -> None:
    """The reply named the conversation outside the scenario that answers the line: the teacher
    reads it beside the line, as the student was told; a line with none has none."""
    cite = {
        "document": "v/d2",
        "title": "Telcon",
        "volume_title": "European Security",
        "number": 2,
        "pages": [327],
        "date": None,
        "source": "Source: …",
        "url": "https://history.state.gov/historicaldocuments/v/d2",
        "excerpt": False,
    }
    found_there = {"document": "v/d2", "topic": "MBFR talks", "editorial": True, "citation": cite}
    line, data = refused("On the MBFR conference, say in Geneva.", "weak")
    noor = session(
        "30",
        "Noor",
        (line, {**data, "elsewhere": found_there}),
        refused("What is the capital of Australia?", "weak"),
    )
    found = struggles([noor], unheld_topics([]))
    assert [(u.line, u.elsewhere and u.elsewhere.model_dump()) for u in found.unanswered] == [
        ("What is the capital of Australia?", None),
        ("On the MBFR conference, say in Geneva.", found_there),
    ]


def test_a_refusal_stored_before_the_rest_of_the_record_was_searched_is_not_said_to_be() -> None:
    """A refusal within a scenario stored before 4 December 2026 (1046d2d) was never searched
    over the rest of the record, and carries no `elsewhere`, as one searched in vain does: only
    `searched_outside`, kept since, tells them apart. The page said "(nothing outside it was
    found to answer it)" of both, false of the first."""
    old_line, old_data = refused("What about the Egyptian army?", "weak")
    new_line, new_data = refused("What is the capital of Australia?", "weak")
    lin = session(
        "31",
        "Lin",
        (old_line, old_data),  # as stored then: no elsewhere, no searched_outside
        (new_line, {**new_data, "searched_outside": True}),
    )
    found = struggles([lin], unheld_topics([]))
    assert [(u.line, u.elsewhere, u.searched_outside) for u in found.unanswered] == [
        ("What is the capital of Australia?", None, True),
        ("What about the Egyptian army?", None, False),
    ]


def test_a_line_given_an_answer_since_says_the_correction_that_answers_it(
    tmp_path: Path, roleplay: Any
) -> None:
    """The list asks the teacher to give a line an answer from its transcript; given one, the
    line went on being listed as the record could not answer it, nothing beside it, as if the
    correction had not taken. It is still listed (the student was refused), with the correction
    that answers it, and a paraphrase of it too; a line no correction answers has none, nor one
    a correction refuses."""
    services = make_services(tmp_path, roleplay)
    played = start(services.store, "Ada", "HIST210", "answered-now")
    services.store.record(played.id, "roleplay.start", {"as": "kissinger", "document": None})
    lines = [
        "when are you back from moscow?",
        "When will you be back from Moscow?",
        "What is the capital of Australia?",
        "How was your vacation, Anatoly?",
    ]
    for line in lines:
        services.store.record(played.id, "line", {"text": line})
        refused = {"query": line, "status": "no_match", "matches": [], "reason": "weak"}
        services.store.record(played.id, "reply", refused)
    kept = {"line": lines[0], "document": "frus1969-76v12/d188", "turn": 13}
    made = services.store.add_correction("HIST210", **kept, speaker="kissinger")
    services.store.add_correction(
        "HIST210", line=lines[3], document=None, turn=None, speaker="kissinger"
    )
    teacher = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
    body = TestClient(create_app(services)).get("/api/classes/HIST210/struggles", headers=teacher)
    assert sorted((u["line"], u["answered_now"]) for u in body.json()["unanswered"]) == [
        ("How was your vacation, Anatoly?", None),
        ("What is the capital of Australia?", None),
        ("When will you be back from Moscow?", made.id),
        ("when are you back from moscow?", made.id),
    ]
    services.store.close()


# Vol. XXXIX, doc. 107: Dobrynin's turn 53 (with the transcriber's "(laughter)"), then the line
# asked about, Kissinger's turn 54; the answer is Dobrynin's turn 55.
BEFORE_53 = {
    "index": 53,
    "speaker": "dobrynin",
    "clean_text": "This is so, they will and you will make a statement—if not you, but maybe "
    "some other person will tell it—it’s a dirty trick. (laughter)",
    "editorial": [{"start": 125, "end": 135, "kind": "stage", "text": "(laughter)"}],
}
ASKED_54 = {
    "speaker": "kissinger",
    "text": "Well, try us. We may fool you.",
    "document": "frus1969-76v39/d107",
    "turn": 54,
    "editorial": [],
}
CITED_329 = {"document": "frus1969-76v39/d107", "pages": [329], "url": "https://example.test"}


def _missed_what_next(id_: str, student: str, context: list[dict[str, Any]]) -> tuple[Any, ...]:
    """A session of one "What came next?" about turn 54, answered wrong; ``context``: the line
    before as its quiz.question kept it (none for one stored before it was kept)."""
    choices = [
        {"id": "b", "text": "I don’t want to interfere in your domestic affairs."},
        {"id": "c", "text": "I didn’t want to bother you."},
    ]
    question = {"quiz": "z", "id": "q1", "mode": "what_next", "prompt": ASKED_54}
    result = {"quiz": "z", "id": "q1", "correct": False, "given": "c", "answer": "b"}
    at = f"2026-12-02T18:{id_}:00.000Z"
    events = [
        Event(1, at, "quiz.question", {**question, "context": context, "choices": choices}),
        Event(2, at, "quiz.result", {**result, "citation": CITED_329, "prompt": ASKED_54}),
    ]
    return SessionSummary(f"q{id_}", student, at, None, 0, 0, 1), events


def test_a_missed_what_came_next_item_keeps_the_line_before_it_and_its_speaker() -> None:
    """The list gave the line asked about alone ("Well, try us. …"), not the line before it nor
    who said either: the teacher could not tell what the students had been asked. An answer
    stored before the line before was kept lends none: the item takes it from one that has it."""
    found = struggles(
        [_missed_what_next("01", "Ada", []), _missed_what_next("02", "Kim", [BEFORE_53])], ()
    )
    [item] = found.missed
    assert (item.mode, item.question, item.question_speaker, item.asked, item.missed) == (
        "what_next",
        "Well, try us. We may fool you.",
        "kissinger",
        2,
        2,
    )
    assert item.context == [BEFORE_53]
    assert item.citation == CITED_329
    assert (item.right_answer, item.wrong_answers) == (
        "I don’t want to interfere in your domestic affairs.",
        ["I didn’t want to bother you."],
    )


def test_the_lists_say_how_many_they_leave_out() -> None:
    """A class of 32 refused lines and 32 missed items listed 30 of each, the newest lines and
    the items missed most, and nothing said there were more: the page's "Lines the record
    could not answer" read as every one, beside a progress table counting 32 refused."""
    sessions = []
    for n in range(10, 42):
        sessions.append(session(str(n), f"Student {n}", refused(f"Line {n}?", "weak")))
        summary, events = _missed_what_next(str(n), f"Student {n}", [])
        asked = {**ASKED_54, "turn": n}  # 32 items, each missed once
        events = [Event(e.seq, e.at, e.kind, {**e.data, "prompt": asked}) for e in events]
        sessions.append((summary, events))
    found = struggles(sessions, ())
    assert (len(found.unanswered), found.unanswered_total) == (30, 32)
    assert [u.line for u in found.unanswered[:2]] == ["Line 41?", "Line 40?"]
    assert (len(found.missed), found.missed_total) == (30, 32)
    assert sum(p.refused for p in found.students) == 32


def test_one_line_typed_by_five_students_is_one_entry_with_their_names() -> None:
    """A new user's walk found "How was your vacation, Anatoly?" from five students listed five
    times: the teacher reads one line the class could not get answered, typed by five. Their
    wordings differ as corrections allow an exact repeat to (shorthand, stops, case); the
    first typed is shown as typed. A different line, and the same line as the other side, stay
    apart."""
    typed = [
        ("11", "Ada", "How was your vacation, Anatoly?"),
        ("12", "Bo", "how was ur vacation anatoly"),
        ("13", "Cy", "HOW WAS YOUR VACATION ANATOLY!!"),
        ("14", "Di", "How was your vacation Anatoly"),
        ("15", "Ed", "how was your vacation, anatoly?"),
    ]
    sessions = [session(n, who, refused(line, "chatter")) for n, who, line in typed]
    sessions.append(session("16", "Fay", refused("What did you eat in Moscow?", "chatter")))
    summary, events = session("17", "Gus", refused("How was your vacation, Anatoly?", "chatter"))
    events[0] = Event(1, events[0].at, "roleplay.start", {"as": "dobrynin"})
    found = struggles([*sessions, (summary, events)], ())
    assert [(u.line, u.as_, u.students, u.count) for u in found.unanswered] == [
        ("How was your vacation, Anatoly?", "dobrynin", ["Gus"], 1),
        ("What did you eat in Moscow?", "kissinger", ["Fay"], 1),
        ("How was your vacation, Anatoly?", "kissinger", ["Ada", "Bo", "Cy", "Di", "Ed"], 5),
    ]
    assert (found.unanswered[2].student, found.unanswered[2].session) == ("Ada", "s11")
    assert found.unanswered_total == 3
    assert sum(p.refused for p in found.students) == 7


def test_a_line_one_student_typed_twice_is_one_entry_counted_twice() -> None:
    ada = session(
        "10", "Ada", refused("whats for lunch", "chatter"), refused("Whats for lunch?", "chatter")
    )
    [entry] = struggles([ada], ()).unanswered
    assert (entry.line, entry.seq, entry.students, entry.count) == (
        "whats for lunch",
        3,
        ["Ada"],
        2,
    )


def test_a_line_typed_again_counts_every_pick_and_every_reason() -> None:
    """A line typed five times was one entry that kept its first line's pick and reason alone:
    never picked from, refused by the search, when the last four were picked from twice and
    the teacher's correction refused the last two."""
    picked = {"query": "", "status": "picked", "matches": [OFFERED]}
    ada = session("10", "Ada", refused("How was your vacation, Anatoly?", "weak"))
    bo = session("11", "Bo", refused("how was ur vacation anatoly", "weak"), ("pick", picked))
    cy = session("12", "Cy", refused("How was your vacation Anatoly", "weak"))
    di = session(
        "13", "Di", refused("How was your vacation, Anatoly?", "instructor"), ("pick", picked)
    )
    ed = session("14", "Ed", refused("how was your vacation anatoly", "instructor"))
    [entry] = struggles([ada, bo, cy, di, ed], ()).unanswered
    assert (entry.line, entry.reason, entry.count) == ("How was your vacation, Anatoly?", "weak", 5)
    assert (entry.picked, entry.picked_count) == (True, 2)
    assert [(r.reason, r.count) for r in entry.reasons] == [("weak", 3), ("instructor", 2)]
    assert entry.wordings == [
        "How was your vacation, Anatoly?",
        "how was ur vacation anatoly",
        "How was your vacation Anatoly",
        "how was your vacation anatoly",
    ]


def test_the_struggles_api_says_what_is_true_of_every_line_of_an_entry(
    tmp_path: Path, roleplay: Any
) -> None:
    """The API's entry for a line three students typed: every pick after it, every reason,
    every wording, and the correction made since for a later wording than the first."""
    services = make_services(tmp_path, roleplay)
    typed = [
        ("Ada", "When will you be back from Moscow?", "weak", False),
        ("Bo", "when will u be back from moscow", "weak", True),
        ("Cy", "When will you be back from Moscow", "chatter", False),
    ]
    for who, line, reason, then_picked in typed:
        played = start(services.store, who, "HIST210", f"entry-{who}")
        services.store.record(played.id, "roleplay.start", {"as": "kissinger", "document": None})
        services.store.record(played.id, "line", {"text": line})
        refusal = {"query": line, "status": "no_match", "matches": [OFFERED], "reason": reason}
        services.store.record(played.id, "reply", refusal)
        if then_picked:
            services.store.record(played.id, "pick", {"suggestion": 0})
            chosen = {"query": line, "status": "picked", "matches": [OFFERED], "picked": 0}
            services.store.record(played.id, "reply", chosen)
    made = services.store.add_correction(
        "HIST210", line=typed[1][1], document="frus1969-76v12/d188", turn=13, speaker="kissinger"
    )
    teacher = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
    body = TestClient(create_app(services)).get("/api/classes/HIST210/struggles", headers=teacher)
    [entry] = body.json()["unanswered"]
    # the store writes to the millisecond: the three sessions' lines may tie, and their order
    # (first typed first) is then the sessions' ids'
    assert entry["line"] == entry["wordings"][0]
    assert sorted(entry["wordings"]) == sorted(line for _, line, _, _ in typed)
    assert sorted(entry["students"]) == ["Ada", "Bo", "Cy"]
    assert (entry["count"], entry["picked"], entry["picked_count"]) == (3, True, 1)
    assert sorted(entry["reasons"], key=lambda r: r["reason"]) == [
        {"reason": "chatter", "count": 1},
        {"reason": "weak", "count": 2},
    ]
    assert entry["answered_now"] == made.id
    services.store.close()

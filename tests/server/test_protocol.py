"""The protocol models and frame parser, and their agreement with docs/protocol.md."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import server.routers
from server.client_frames import parse_client_message
from server.client_messages import CLIENT_MESSAGES, Hello, QuizStart
from server.errors import ProtocolError
from server.protocol import SERVER_MESSAGES, Error, Reply, Welcome
from transcripts import Turn, load_corpus

DOC = (Path(__file__).parents[2] / "docs" / "protocol.md").read_text(encoding="utf-8")


def refusal(frame: str | bytes) -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        parse_client_message(frame)
    return caught.value


def test_parse_hello_with_class_alias() -> None:
    hello = parse_client_message(
        '{"type": "hello", "student": " Ada ", "class": "HIST210", "seq": 1}'
    )
    assert hello == Hello(type="hello", student="Ada", class_="HIST210", seq=1)


def test_parse_quiz_start_defaults() -> None:
    quiz = parse_client_message('{"type": "quiz.start", "mode": "what_next"}')
    assert isinstance(quiz, QuizStart)
    assert (quiz.count, quiz.seed, quiz.document, quiz.volume) == (10, None, None, None)


def test_parse_hello_refuses_resume_with_student() -> None:
    error = refusal('{"type": "hello", "resume": "bcr_x", "student": "Ada"}')
    assert (error.code, error.field) == ("invalid_field", None)
    assert error.message == (
        "`hello` takes either 'resume' alone or 'student', 'class' and 'learner', not both; "
        "see docs/protocol.md."
    )


@pytest.mark.parametrize(
    "seq",
    ["007", " a ", "", "x" * 64, "ü✓", 0, -(2**53) + 1, 2**53 - 1, 7],
)
def test_seq_is_echoed_exactly(seq: int | str) -> None:
    message = parse_client_message(json.dumps({"type": "ping", "seq": seq}))
    assert message.seq == seq and type(message.seq) is type(seq)


@pytest.mark.parametrize(
    "frame",
    [
        '{"type": "ping", "seq": true}',
        '{"type": "ping", "seq": 5.0}',
        '{"type": "ping", "seq": 9007199254740992}',
        '{"type": "ping", "seq": -9007199254740992}',
        '{"type": "ping", "seq": "\\ud800"}',
        '{"type": "ping", "seq": [1]}',
        '{"type": "ping", "seq": {"a": 1}}',
        '{"type": "ping", "seq": NaN}',
        json.dumps({"type": "ping", "seq": "x" * 65}),
    ],
)
def test_seq_out_of_bounds_is_invalid_field(frame: str) -> None:
    error = refusal(frame)
    assert (error.code, error.field, error.seq) == ("invalid_field", "seq", None)
    assert error.message.startswith("Field 'seq' must be an integer between -(2^53) and 2^53")


@pytest.mark.parametrize(
    ("frame", "kind"),
    [("null", "null"), ("true", "true"), ("NaN", "number"), ('"hi"', "string"), ("[]", "array")],
)
def test_json_that_is_not_an_object_is_named_as_json_names_it(frame: str, kind: str) -> None:
    error = refusal(frame)
    assert (error.code, error.message) == (
        "not_an_object",
        f'The message is a JSON {kind}, not an object; send an object such as {{"type": "ping"}}.',
    )


def test_huge_integer_is_bad_json_not_a_crash() -> None:
    error = refusal('{"type": "ping", "seq": ' + "9" * 5000 + "}")
    assert error.code == "bad_json"
    assert "number too long" in error.message


@pytest.mark.parametrize(
    ("frame", "field"),
    [
        ('{"type": "say", "text": "a\\udc00b", "seq": 3}', "text"),
        ('{"type": "hello", "student": "\\ud83d", "seq": 3}', "student"),
        ('{"type": "say", "text": "x", "\\ud800": 1, "seq": 3}', "?"),
        ('{"type": "quiz.start", "mode": "who_said", "volume": ["\\ud800"], "seq": 3}', "volume"),
    ],
)
def test_lone_surrogate_anywhere_is_invalid_field_with_seq(frame: str, field: str) -> None:
    error = refusal(frame)
    assert (error.code, error.field, error.seq) == ("invalid_field", field, 3)
    json.dumps(Error.from_exception(error).dump(), ensure_ascii=False).encode("utf-8")


def test_parse_refuses_unknown_field_naming_the_right_ones() -> None:
    error = refusal('{"type": "roleplay.start", "as": "kissinger", "documnet": "x", "seq": 4}')
    assert (error.code, error.field, error.seq) == ("invalid_field", "documnet", 4)
    assert (
        error.message
        == "'documnet' is not a field of `roleplay.start`; its fields are: as, document, "
        "scenario."
    )


def test_parse_refuses_wrong_value_naming_it() -> None:
    error = refusal('{"type": "quiz.start", "mode": "who_said", "count": 500}')
    assert error.message == (
        "Field 'count' of `quiz.start` is wrong: input should be less than or equal to 50 "
        "(got 500); see docs/protocol.md."
    )


@pytest.mark.parametrize(
    ("frame", "field", "got"),
    [
        ('{"type": "pick", "suggestion": "0", "seq": 5}', "suggestion", 'the string "0"'),
        ('{"type": "pick", "suggestion": true, "seq": 5}', "suggestion", "true"),
        ('{"type": "pick", "suggestion": 1.0, "seq": 5}', "suggestion", "the number 1.0"),
        (
            '{"type": "quiz.start", "mode": "who_said", "count": "5", "seq": 5}',
            "count",
            'the string "5"',
        ),
        ('{"type": "quiz.start", "mode": "who_said", "seed": false, "seq": 5}', "seed", "false"),
    ],
)
def test_an_integer_field_takes_only_an_integer(frame: str, field: str, got: str) -> None:
    """pydantic's lax mode read "0", true and 1.0 as a line's number: a page sending a string
    picked line 0 without a word; now each is refused naming the field."""
    error = refusal(frame)
    assert (error.code, error.field, error.seq) == ("invalid_field", field, 5)
    kind = json.loads(frame)["type"]
    assert error.message == (
        f'Field {field!r} of `{kind}` must be an integer written as one (3, not "3", 3.0 or '
        f"true); got {got}. See docs/protocol.md."
    )
    assert parse_client_message('{"type": "pick", "suggestion": 2}').suggestion == 2


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("\u200b\u200b", "U+200B ZERO WIDTH SPACE"),
        (" \u2060\ufeff ", "U+2060 WORD JOINER"),
        ("\u3164", "U+3164 HANGUL FILLER"),
        ("\u2800\u034f", "U+2800 BRAILLE PATTERN BLANK"),
    ],
)
def test_a_student_name_of_invisible_characters_is_refused_as_an_empty_one(
    name: str, first: str
) -> None:
    """Such a name was taken: the teacher's list showed an empty row."""
    error = refusal(json.dumps({"type": "hello", "student": name, "class": None, "seq": 2}))
    assert (error.code, error.field, error.seq) == ("invalid_field", "student", 2)
    assert error.message == (
        "Field 'student' of `hello` is wrong: the name holds no visible character, only "
        f"invisible ones such as {first}; type the name itself (got {name!r})."
    )
    assert parse_client_message('{"type": "hello", "student": "Zo\u00eb\u200b"}').student


def test_parse_refuses_unknown_type_listing_known_ones() -> None:
    error = refusal('{"type": "shout"}')
    assert error.message == (
        "Unknown message type 'shout'; the client messages are: hello, roleplay.start, say, "
        "pick, quiz.start, quiz.answer, review.due, ping."
    )


def test_parse_refuses_bad_json_saying_where() -> None:
    error = refusal('{"type": "say", "text": "hi",}')
    assert (error.code, error.message) == (
        "bad_json",
        "The message is not valid JSON: Expecting property name enclosed in double quotes at "
        "line 1, column 30. Send one JSON object per frame.",
    )


def test_parse_refuses_deeply_nested_json() -> None:
    error = refusal('{"type": "say", "text": %s}' % ("[" * 8000 + "]" * 8000))
    assert (error.code, error.message) == (
        "bad_json",
        "The message nests arrays or objects too deeply to be read; send one flat JSON object "
        'per frame, such as {"type": "ping"}.',
    )


def test_parse_counts_line_length_after_trimming() -> None:
    assert parse_client_message('{"type": "say", "text": "%s  "}' % ("x" * 2000)).text == "x" * 2000
    assert refusal('{"type": "say", "text": "%s"}' % ("x" * 2001)).code == "line_too_long"


def test_parse_refuses_binary_frame() -> None:
    assert refusal(b'{"type": "ping"}').code == "bad_json"


def test_dump_welcome_uses_wire_names() -> None:
    welcome = Welcome(
        seq="a", session="s1", resume="bcr_t", resumed=False, student="Ada", class_=None, state={}
    )
    assert list(welcome.dump()) == [
        "type",
        "seq",
        "protocol",
        "session",
        "resume",
        "resumed",
        "student",
        "class",
        "state",
        "learner",
        "due",
        "next_due",
        "limits",
        "names",
        "scenario",
        "strict",
    ]
    assert welcome.dump()["state"] == {"activity": None}
    assert welcome.dump()["limits"] == {
        "line_chars": 2000,
        "frame_bytes": 16384,
        "quiz_questions": 50,
        "messages_per_second": 10.0,
        "burst": 20,
        "session_moved_code": 4000,
    }
    assert welcome.dump()["names"]["dobrynin"] == "Dobrynin"


def test_dump_error_omits_empty_optionals() -> None:
    assert Error(code="no_quiz", message="No quiz.").dump() == {
        "type": "error",
        "code": "no_quiz",
        "message": "No quiz.",
    }


def test_the_text_sent_is_the_object_kept_key_for_key() -> None:
    """The wire's JSON text (pydantic's serialiser) and the dict the store keeps agree, in
    the same order, with the same fields left off while None."""
    messages = [
        Welcome(
            seq=3, session="s1", resume="bcr_t", resumed=True, student="Ada", class_=None, state={}
        ),
        Reply(query="hello", status="no_match", matches=[]),
        Reply(seq="x", query="hello", status="picked", matches=[], picked=0),
        Error(code="rate_limited", message="Slow down.", retry_after=0.5),
        Error(seq=1, code="bad_json", message="Not JSON.", field="text"),
    ]
    for message in messages:
        sent = json.loads(message.dump_json())
        assert sent == message.dump()
        assert list(sent) == list(message.dump())
        assert next(iter(sent)) == "type"
    assert list(messages[1].dump()) == [
        "type",
        "query",
        "status",
        "matches",
        "suggestions",
        "script",
    ]
    assert messages[2].dump()["picked"] == 0 and messages[2].dump()["seq"] == "x"
    assert "field" not in messages[3].dump() and messages[3].dump()["retry_after"] == 0.5


def test_protocol_doc_lists_every_message_and_error_code() -> None:
    headings = set(re.findall(r"^### `([a-z.]+)`", DOC, flags=re.M))
    server_types = {m.model_fields["type"].default for m in SERVER_MESSAGES}
    assert set(CLIENT_MESSAGES) | server_types <= headings
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", DOC, flags=re.M))
    source = "".join(
        p.read_text(encoding="utf-8") for p in (Path(__file__).parents[2] / "server").rglob("*.py")
    )
    raised = set(re.findall(r'ProtocolError\(\s*"([a-z_]+)"', source))
    raised |= set(re.findall(r'\bcode="([a-z_]+)"', source))  # Error(code=...) sent directly
    assert raised == documented
    assert "version 1" in DOC.splitlines()[0]


def _doc_examples() -> list[dict]:
    examples = []
    for block in re.findall(r"```json\n(.*?)```", DOC, flags=re.S):
        try:
            example = json.loads(block)
        except json.JSONDecodeError:
            continue  # a fragment (one field of a message), shown for its shape
        if isinstance(example, dict) and "type" in example:
            examples.append(example)
    return examples


def test_protocol_doc_examples_are_valid_messages() -> None:
    examples = _doc_examples()
    server_models = {m.model_fields["type"].default: m for m in SERVER_MESSAGES}
    kinds = set()
    for example in examples:
        kind = example["type"]
        kinds.add(kind)
        if kind in CLIENT_MESSAGES:
            assert parse_client_message(json.dumps(example)).type == kind
        else:
            server_models[kind].model_validate(example)
    assert kinds == set(CLIENT_MESSAGES) | set(server_models)


def _doc_json() -> list[Any]:
    """Every JSON value the page shows: whole blocks, one message a line (the live feed's),
    and fragments of one field (`"prompt": {...}`)."""
    found = []
    for block in re.findall(r"```json\n(.*?)```", DOC, flags=re.S):
        for text in (block, "{" + block.strip().rstrip(",") + "}"):
            try:
                found.append(json.loads(text))
                break
            except json.JSONDecodeError:
                continue
        else:
            for line in block.splitlines():
                try:
                    found.append(json.loads(line))
                except json.JSONDecodeError:
                    continue  # a line of a block shown in part ("…")
    return found


def _objects(
    value: Any, document: str | None = None
) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Each JSON object with the document it is of: its own `document` (or its citation's, or
    its `id` for a document), else its parent's (a turn object names none)."""
    if isinstance(value, dict):
        own = value.get("document") or (value.get("citation") or {}).get("document")
        if not isinstance(own, str) and str(value.get("id", "")).startswith("frus"):
            own = value["id"]
        document = own if isinstance(own, str) else document
        yield value, document
        for child in value.values():
            yield from _objects(child, document)
    elif isinstance(value, list):
        for child in value:
            yield from _objects(child, document)


def _quotes(shown: str, recorded: str) -> bool:
    """The record's words as an example shows them: whole, or cut short where it says "…"."""
    return shown == recorded or (shown.endswith("…") and recorded.startswith(shown[:-1].rstrip()))


def _turns() -> dict[tuple[str, int], Turn]:
    return {(d.id, t.index): t for d in load_corpus().documents for t in d.turns}


def test_protocol_doc_examples_quote_the_record_where_they_cite_it() -> None:
    """An example's recorded line is the one at the place it names, word for word, by its
    speaker; a quoted turn's `text` is as printed. Before: the what_next question quoted
    turns 47 and 48 of v39 d107 as 43 and 44, and the correction example named Dobrynin's
    "He already said it." (v13 d63, turn 12) as a Kissinger line "Well, Anatol, …"."""
    turns = _turns()
    checked = 0
    for example in _doc_json():
        for obj, document in _objects(example):
            if isinstance(obj.get("turn"), int) and isinstance(document, str):
                turn = turns[(document, obj["turn"])]
                for field in ("text", "question", "recorded"):
                    if isinstance(obj.get(field), str):
                        assert _quotes(obj[field], turn.clean_text), (document, obj)
                        checked += 1
                if obj.get("speaker"):
                    assert obj["speaker"] == turn.speaker, (document, obj)
            if isinstance(obj.get("index"), int) and "clean_text" in obj and document:
                turn = turns[(document, obj["index"])]
                assert _quotes(obj["clean_text"], turn.clean_text), (document, obj)
                assert _quotes(obj.get("text", "…"), turn.printed), (document, obj)
                assert obj["speaker"] in ("", turn.speaker), (document, obj)  # "": unattributed
                assert obj["pages"] == list(turn.pages), (document, obj)
                checked += 1
    assert checked >= 20


def test_protocol_doc_editorial_spans_index_their_texts() -> None:
    """`text[start:end] == span.text` wherever an example shows a whole text with its spans
    (the reply example's turn had 51..84 where the mark is 50..83)."""
    spans = 0
    for example in _doc_json():
        for obj, _ in _objects(example):
            pairs = [("editorial", obj.get("clean_text", obj.get("text")))]
            pairs.append(("explanation_editorial", obj.get("explanation")))
            for field, text in pairs:
                marks = obj.get(field)
                if not isinstance(marks, list) or not isinstance(text, str) or "…" in text:
                    continue
                for mark in marks:
                    if isinstance(mark, dict):
                        assert text[mark["start"] : mark["end"]] == mark["text"], obj
                        spans += 1
    assert spans >= 4


def test_protocol_doc_quiz_examples_are_questions_the_quiz_draws() -> None:
    """A question's `item` is its quoted line (who_said) or the line that followed it
    (what_next), that line is among the choices, and the `quiz.result` of the same question
    names the choice it is. Before: the what_next question named item #45 after turn 44 and
    offered neither, and its result's answer `a` was another choice's line."""
    turns = _turns()
    examples = [e for e in _doc_json() if isinstance(e, dict)]
    questions = {e["id"]: e for e in examples if e.get("type") == "quiz.question"}
    assert {q["mode"] for q in questions.values()} == {"who_said", "what_next"}
    for question in questions.values():
        document, turn = question["prompt"]["document"], question["prompt"]["turn"]
        if question["mode"] == "who_said":
            assert question["item"] == f"{document}#{turn}"
            assert turns[(document, turn)].speaker in {c["id"] for c in question["choices"]}
            continue
        assert question["item"] == f"{document}#{turn + 1}"
        right = turns[(document, turn + 1)].clean_text
        assert [c["text"] for c in question["choices"]].count(right) == 1
    results = [e for e in examples if e.get("type") == "quiz.result" and e["id"] in questions]
    assert results
    for result in results:
        question = questions[result["id"]]
        assert result["item"] == question["item"]
        document, turn = question["item"].split("#")
        answer = next(c for c in question["choices"] if c["id"] == result["answer"])
        assert answer["text"] == turns[(document, int(turn))].clean_text


def _routes() -> set[str]:
    """Every route the routers serve, `METHOD /path` (`WS` for a socket), parameters as `{}`."""
    found = set()
    for module in pkgutil.iter_modules(server.routers.__path__):
        router = importlib.import_module(f"server.routers.{module.name}").router
        for route in router.routes:
            path = re.sub(r"\{[^}]*\}", "{}", route.path)
            methods = getattr(route, "methods", None) or {"WS"}
            found |= {f"{method} {path}" for method in methods - {"HEAD"}}
    return found


def test_protocol_doc_names_every_route_and_no_other() -> None:
    """Each REST route and socket has its heading in docs/protocol.md (`/ws` its own page),
    and each heading names a route the server has."""
    headings = {
        f"{m.group(1) or 'WS'} {re.sub(r'{[^}]*}', '{}', m.group(2))}"
        for m in re.finditer(
            r"^#{3,4} (?:WebSocket )?`(?:(GET|POST|PUT|DELETE) )?(/[^`?]*)", DOC, flags=re.M
        )
    }
    assert headings | {"WS /ws"} == _routes()


def test_protocol_doc_resume_states_show_every_field_the_server_sends() -> None:
    """`welcome.state`'s examples are valid states with each field the server sends (before,
    the role-play's left out `scenario`, which a resumed welcome carries)."""
    from server.activity import QuizActivity, RoleplayActivity
    from server.protocol import WelcomeState

    states = [e for e in _doc_json() if isinstance(e, dict) and set(e) == {"activity"}]
    kinds = {"roleplay": RoleplayActivity, "quiz": QuizActivity}
    assert sorted(s["activity"]["kind"] for s in states) == ["quiz", "roleplay"]
    for state in states:
        WelcomeState.model_validate(state)
        model = kinds[state["activity"]["kind"]]
        fields = {f.alias or name for name, f in model.model_fields.items()}
        assert set(state["activity"]) == fields


def _left_out(shown: Any, sent: Any, path: str = "") -> list[str]:
    """The fields ``sent`` has that ``shown`` leaves out, by path; an object shown as
    ``{"…": "…"}`` (cut short on purpose) is not looked into."""
    if isinstance(shown, dict) and isinstance(sent, dict):
        if any("…" in key for key in shown):
            return []
        missing = [f"{path}{key}" for key in sent if key not in shown]
        for key in shown.keys() & sent.keys():
            missing += _left_out(shown[key], sent[key], f"{path}{key}.")
        return missing
    if isinstance(shown, list) and isinstance(sent, list):
        return [m for a, b in zip(shown, sent, strict=False) for m in _left_out(a, b, f"{path}[].")]
    return []


def test_protocol_doc_server_examples_show_every_field_the_server_sends() -> None:
    """Each server message's example holds every field its model sends (the error example
    aside: its optional fields are sent only when set). Before, the `quiz.summary` example left
    out each question's `context`, `editorial_after`, `prompt.editorial` and its answers'
    `speaker` (and the second's `editorial`), and said the first question's `context` was `[]`
    where its `quiz.question` showed the line before."""
    models = {m.model_fields["type"].default: m for m in SERVER_MESSAGES}
    missing = {}
    for example in _doc_examples():
        model = models.get(example["type"])
        if model is not None:
            sent = model.model_validate(example).dump()
            if _left_out(example, sent):
                missing[example["type"]] = _left_out(example, sent)
    assert missing == {}

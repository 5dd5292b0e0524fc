from pathlib import Path

import pytest

from embeddings import Context, Encoder, Filters, RolePlay
from embeddings.suggestions import SUGGESTION_FLOOR
from server.wire import answer_out, match_out

SEED = "frus1969-76v39/d107"
SEED_URL = "https://history.state.gov/historicaldocuments/frus1969-76v39/d107"


def _wire(answer):
    """The answer as a client receives it (``ask --json``, a ``reply`` message)."""
    return answer_out(answer).model_dump(mode="json")


def _top(answer):
    """The answer, or with no_match the first "did you mean" suggestion."""
    data = _wire(answer)
    return (data["matches"] or data["suggestions"])[0]


@pytest.mark.parametrize(
    ("line", "reply_start", "turn", "pages"),
    [
        ("The Chinese will protest.", "This is so, they will and you will make", 52, [329]),
        ("Beijing is going to object.", "This is so, they will and you will make", 52, [329]),
        ("Peking will complain about it", "This is so, they will and you will make", 52, [329]),
        (
            "My idea is that these MBFR discussions will take 2 or 3 years.",
            "Yeah, I understand. But the conference",
            30,
            [328],
        ),
        (
            "I expect the troop cut negotiations to last a couple of years.",
            "Yeah, I understand. But the conference",
            30,
            [328],
        ),
        ("Don't you pull any of these Brezhnev tricks on me.", "It was my words.", 4, [327]),
        ("Don't try Brezhnev's tricks on me, I never said February!", "It was my words.", 4, [327]),
        (
            "For us a body and a conference are not obviously different.",
            "No, but it is because it was a body",
            12,
            [328],
        ),
    ],
)
def test_seed_lines_get_the_recorded_reply_with_citation(roleplay, line, reply_start, turn, pages):
    answer = roleplay.respond(line)
    assert answer.status == "match"
    top = _top(answer)
    assert top["prompt"] == {
        "speaker": "kissinger",
        "text": roleplay.index.turn(SEED, turn).clean_text,
        "document": SEED,
        "turn": turn,
        "editorial": [],
    }
    assert top["reply"]["speaker"] == "dobrynin"
    assert top["reply"]["text"].startswith(reply_start)
    assert [t["index"] for t in top["reply"]["turns"]] == [turn + 1]
    cite = top["citation"]
    assert (cite["document"], cite["url"], cite["pages"], cite["number"]) == (
        SEED,
        SEED_URL,
        pages,
        107,
    )
    assert cite["title"].startswith("Transcript of Telephone Conversation Between")
    assert cite["volume_title"] == "European Security"
    assert cite["source"].startswith("Source: National Archives, Nixon Presidential Materials")
    assert cite["excerpt"] is False
    assert 0.3 < top["score"] <= 1.0


LOOSE_LINES = [
    # one clause of a longer turn, other words: "Of course if you unilaterally withdraw your
    # troops, there doesn't have to be a conference."
    (
        "If you bring your soldiers home by yourselves, there's no need for a conference.",
        SEED,
        48,
        "match",
    ),
    # "I am pressing them and they will call me back in three hours." (the British, named in
    # the turn before); two turns on, "We will still press the British to . . ." is near
    # enough (fit 0.95 against 0.99) to be shown beside it, second
    (
        "I'm leaning on the Brits; they'll get back to me in a few hours.",
        "frus1969-76v25/d172",
        3,
        "ambiguous",
    ),
]


@pytest.mark.parametrize(("line", "document", "turn", "status"), LOOSE_LINES)
def test_loose_lines_get_the_recorded_reply(roleplay, line, document, turn, status):
    answer = roleplay.respond(line)
    top = _top(answer)
    assert answer.status == status
    assert (top["prompt"]["document"], top["prompt"]["turn"]) == (document, turn)
    recorded = [t.clean_text for t in roleplay.index.reply(roleplay.index.row(document, turn))]
    assert top["reply"]["text"] == "\n\n".join(recorded)
    assert top["citation"]["url"].endswith(document)


def test_word_by_word_rerank_finds_what_sentence_vectors_miss(roleplay, monkeypatch):
    line, document, turn, _ = LOOSE_LINES[1]
    top = _top(roleplay.respond(line))
    assert (top["prompt"]["document"], top["prompt"]["turn"]) == (document, turn)
    # by sentence vectors alone, "We will still press the British to . . ." (turn 5) ranks first
    monkeypatch.setattr("embeddings.ranking.WORDS_WEIGHT", 0.0)
    _, rows, _ = roleplay.candidates(line)
    first = roleplay.index.records[rows[0]]
    assert (first.document, first.index) == (document, 5)


def test_reply_keeps_editorial_marks_flagged(roleplay):
    top = _top(roleplay.respond("Just try us, we will accept it."))
    reply = top["reply"]["turns"][0]
    assert reply["clean_text"].startswith("But really I am afraid you will not. (laughter)")
    assert reply["editorial"] == [{"start": 37, "end": 47, "kind": "stage", "text": "(laughter)"}]
    assert reply["speaker"] == "dobrynin" and reply["label"] == "AD"


# The source prints the editors' note on the line of Dobrynin's last words, the call's end.
LAST_WORDS = "I don’t want to interfere in your domestic affairs."
CLOSING_NOTE = (
    "[Omitted here is discussion of matters other than a European security conference or MBFR.]"
)


def test_the_last_reply_of_a_call_ends_with_the_editors_note_printed_after_it(
    roleplay, fixture_corpus
):
    """v39 d107, as parsed from the shipped source: Dobrynin's last line is followed by the
    editors' note, so the reply built from it is not shown as the end of the conversation."""
    source = Path(fixture_corpus.document(SEED).path).read_text(encoding="utf-8")
    assert f"AD: {LAST_WORDS} {CLOSING_NOTE}\n" in source
    answer = roleplay.respond("Well, try us. We may fool you.")
    assert answer.status == "match"
    top = _wire(answer)["matches"][0]
    assert top["prompt"] == {
        "speaker": "kissinger",
        "text": "Well, try us. We may fool you.",
        "document": SEED,
        "turn": 54,
        "editorial": [],
    }
    assert top["reply"] == {
        "speaker": "dobrynin",
        "text": f"{LAST_WORDS}\n\n{CLOSING_NOTE}",
        "turns": [
            {
                "index": 55,
                "speaker": "dobrynin",
                "label": "AD",
                "text": LAST_WORDS,
                "clean_text": LAST_WORDS,
                "pages": [329],
                "editorial": [],
                "editorial_before": [],
                "editorial_after": [CLOSING_NOTE],
            }
        ],
    }
    assert top["citation"]["pages"] == [329]
    assert (top["citation"]["document"], top["citation"]["url"]) == (SEED, SEED_URL)
    assert top["citation"]["source"] == (
        "Source: National Archives, Nixon Presidential Materials, Kissinger Telephone "
        "Conversations, Box 27, Anatoli Dobrynin File. No classification marking."
    )
    # the words matched and scored are Dobrynin's alone: the note is no part of them
    assert answer.matches[0].reply[0].spoken_text == LAST_WORDS


@pytest.mark.parametrize(
    ("line", "reason"),
    [("What is the capital of Australia?", "weak"), ("asdf qwer", "chatter"), ("x" * 1200, "weak")],
)
def test_off_topic_lines_get_no_match_and_no_lines_offered(roleplay, line, reason):
    """Nothing recorded comes near these (every candidate's fit probability is under 0.03):
    offering the nearest lines anyway ("Right.", "Exactly." for 1,200 x's) would pretend the
    record holds something close."""
    answer = roleplay.respond(line)
    assert answer.status == "no_match"
    data = _wire(answer)
    assert (data["status"], data["matches"], data["suggestions"]) == ("no_match", [], [])
    assert answer.confidence < SUGGESTION_FLOOR and answer.reason == reason


def test_a_refused_line_is_offered_the_recorded_line_that_fits_it(roleplay):
    """A line of ``free_dev`` (whose judged fit is v12 d188 turn 13): the tier model gives it
    0.59, under the threshold, so it is refused, and the line it fits is offered. v25 d172 turn
    3 ("... they will call me back in three hours.", 0.80) is offered before it, but is never
    shown as the answer: the line asks when, and its reply names no time (asked_when)."""
    answer = roleplay.respond("when are you back from moscow?")
    assert (answer.status, answer.reason) == ("no_match", "weak")
    offered = [(m.prompt.document, m.prompt.index) for m in answer.suggestions]
    assert offered == [("frus1969-76v25/d172", 3), ("frus1969-76v12/d188", 13)]
    fitting = answer.suggestions[1]
    assert fitting.prompt.clean_text == "I appreciate all of this—how long will you be gone?"
    assert fitting.reply[0].clean_text.startswith("I don't know—maybe two to three weeks.")


def test_a_line_refused_for_what_it_names_is_offered_only_what_would_answer_the_rest(roleplay):
    """Naming Cuba, which the record never speaks of, the same line's nearest line (fit 0.33)
    is not offered: the refusal says nothing here is about Cuba, and a line offered would say
    otherwise. The seed's line still is for "The Chinese will protest about Cuba." (fit 1.0)."""
    answer = roleplay.respond("when are you back from cuba?")
    assert (answer.status, answer.reason, answer.names) == ("no_match", "unheld", ("cuba",))
    assert SUGGESTION_FLOOR < answer.confidence < roleplay.threshold
    assert answer.suggestions == ()
    answer = roleplay.respond("The Chinese will protest about Cuba.")
    offered = [(m.prompt.document, m.prompt.index) for m in answer.suggestions]
    assert (answer.reason, offered) == ("unheld", [(SEED, 52)])


@pytest.mark.parametrize(
    ("line", "as_", "offered"),
    [
        # by fit: "That’s right." (turn 34; turn 32 reads the same), "That is essentially
        # right.", "Right."
        (
            "that's right, isn't it",
            "kissinger",
            [
                (SEED, 34, "That’s right."),
                (SEED, 44, "That is essentially right."),
                (SEED, 42, "Right."),
            ],
        ),
        # by fit: "Yes." (v39 d107; v12 d188's reads the same), "No. Well, you said, ...",
        # "Yeah. No, what I mean—"
        (
            "yes indeed",
            "dobrynin",
            [
                (SEED, 27, "Yes."),
                (
                    SEED,
                    19,
                    "No. Well, you said, the preliminary discussions will be according to your "
                    "plans to go there January, yes?",
                ),
                (SEED, 47, "Yeah. No, what I mean—"),
            ],
        ),
    ],
)
def test_a_refusal_never_offers_the_same_line_twice(roleplay, line, as_, offered):
    """Two calls' "That’s right." differ in their replies, but as buttons to pick they would
    read the same: the better-ranked one is offered, and the next line that reads otherwise.
    Refused at a bar no line reaches (a fit probability of 0.99999999: the tier model puts a
    short turn the line says all of, "That’s right.", at 0.9998), with near lines to offer."""
    answer = roleplay.respond(line, as_=as_, threshold=0.99999999)
    assert answer.status == "no_match"
    shown = [(m.prompt.document, m.prompt.index, m.prompt.clean_text) for m in answer.suggestions]
    assert shown == offered


def test_short_recurring_line_without_context_is_ambiguous(roleplay):
    answer = roleplay.respond("Yes.")
    assert answer.status == "ambiguous"
    replies = [match_out(m).reply.text for m in answer.matches]
    assert len(replies) >= 2 and len(set(replies)) == len(replies)
    assert {m.prompt.spoken_text for m in answer.matches} == {"Yes."}


@pytest.mark.parametrize(
    ("position", "turn", "reply_start"),
    [(19, 20, "What sort of development will be?"), (39, 40, "I mean this difference of timing.")],
)
def test_context_resolves_a_short_recurring_line(roleplay, position, turn, reply_start):
    answer = roleplay.respond("Yes.", context=Context(SEED, position))
    assert answer.status == "match"
    top = _top(answer)
    assert (top["prompt"]["document"], top["prompt"]["turn"]) == (SEED, turn)
    assert top["reply"]["text"] == reply_start


def test_reverse_role_returns_kissingers_reply(roleplay):
    answer = roleplay.respond("Those were my own words, not yours.", as_="dobrynin")
    assert answer.status == "match"
    top = _top(answer)
    assert (top["prompt"]["speaker"], top["prompt"]["turn"]) == ("dobrynin", 5)
    assert top["reply"]["speaker"] == "kissinger"
    assert top["reply"]["text"] == "I said January—it was a major concession."


def test_same_call_printed_twice_is_offered_once(roleplay):
    answer = roleplay.respond("You and I are going steady; we should swap phone numbers.")
    assert answer.status == "match"
    docs = [m.prompt.document for m in answer.matches]
    assert docs[0] in {"frus1969-76v13/d161", "frus1969-76v32/d143"}
    assert not {"frus1969-76v13/d161", "frus1969-76v32/d143"} <= set(docs)


def test_narrative_records_never_supply_replies(roleplay):
    assert roleplay.index.documents["frus1969-76v12/d95"].dialogue is False
    answer = roleplay.respond("Dobrynin wanted to check on the date of the meeting.", k=10)
    assert all(m.prompt.document != "frus1969-76v12/d95" for m in answer.matches)


def test_answer_json_has_exactly_the_agreed_shape(roleplay):
    data = _wire(roleplay.respond("The Chinese will protest."))
    assert set(data) == {"query", "status", "matches", "suggestions"}
    assert data["suggestions"] == []
    match = data["matches"][0]
    # the similarity, its word as the page shows it (server/closeness.py), and the fit
    assert set(match) == {"prompt", "reply", "score", "closeness_word", "fit", "citation"}
    assert set(match["reply"]) == {"speaker", "text", "turns"}
    assert set(match["reply"]["turns"][0]) == {
        "index",
        "speaker",
        "label",
        "text",
        "clean_text",
        "pages",
        "editorial",
        "editorial_before",
        "editorial_after",
    }
    assert set(match["citation"]) == {
        "document",
        "title",
        "volume_title",
        "number",
        "pages",
        "date",
        "source",
        "url",
        "excerpt",
    }


def test_empty_line_is_refused_with_a_clear_message(roleplay):
    with pytest.raises(ValueError, match="The line is empty"):
        roleplay.respond("   ")


def test_unknown_role_is_refused_with_the_roles_on_offer(roleplay):
    with pytest.raises(ValueError, match=r"Unknown role 'brezhnev': .*dobrynin, kissinger"):
        roleplay.respond("Hello", as_="brezhnev")


def test_filters_restrict_the_search(roleplay):
    line = "You and I are going steady; we should swap phone numbers."
    answer = roleplay.respond(line, filters=Filters(volume="frus1969-76v32"))
    assert {m.prompt.document for m in answer.matches} == {"frus1969-76v32/d143"}
    answer = roleplay.respond(line, filters=Filters(document=SEED))
    assert answer.status == "no_match"
    assert {m.prompt.document for m in answer.suggestions} == {SEED}


def test_scope_restricts_the_search_to_a_scenarios_documents(roleplay):
    line = "You and I are going steady; we should swap phone numbers."
    everywhere = roleplay.respond(line)
    assert everywhere.matches[0].prompt.document in {"frus1969-76v13/d161", "frus1969-76v32/d143"}
    scoped = roleplay.respond(line, scope={"frus1969-76v32/d143", "frus1969-76v25/d172"})
    assert (scoped.matches[0].prompt.document, scoped.matches[0].prompt.index) == (
        "frus1969-76v32/d143",
        0,
    )
    elsewhere = roleplay.respond(line, scope={SEED, "frus1969-76v25/d172"})
    shown = {m.prompt.document for m in elsewhere.matches + elsewhere.suggestions}
    assert shown == {SEED, "frus1969-76v25/d172"}
    with pytest.raises(ValueError, match=r"None of the scope's documents \(frus1969-76v99/d1\)"):
        roleplay.respond(line, scope={"frus1969-76v99/d1"})


def test_roleplay_refuses_an_encoder_of_another_model(roleplay):
    other = object.__new__(Encoder)
    other.model_id, other.dimension = "other-model", 384
    with pytest.raises(ValueError, match=r"built with the model 'all-MiniLM-L6-v2'.*'other-model'"):
        RolePlay(roleplay.index, other)


class _Counting:
    """The encoder, recording the texts each ``encode_tokens`` call encodes."""

    def __init__(self, encoder):
        self._encoder = encoder
        self.encoded: list[list[str]] = []

    def encode_tokens(self, texts, prefixes=None):
        self.encoded.append(list(texts))
        return self._encoder.encode_tokens(texts, prefixes)

    def __getattr__(self, name):
        return getattr(self._encoder, name)


def test_a_refusal_searched_again_over_the_whole_record_encodes_the_line_once(
    roleplay, monkeypatch
):
    """A line refused within a scenario is searched again over the whole record
    (server.elsewhere): the second search reads the line as the first did, from the same one
    encoding, and answers exactly as a search of its own would; another role, or another
    line, is read anew."""
    from server.elsewhere import elsewhere
    from transcripts import scenario

    war = scenario("topic:war-1973", roleplay.index.documents.values()).documents
    # refused within the war (0.25), answered by v39 d107 turn 30 over the whole record
    line = "These MBFR discussions could drag on for years."

    def alone(**kwargs):  # each search with nothing kept from the one before
        roleplay.reader.forget()
        return _wire(roleplay.respond(line, **kwargs))

    scoped, whole, reverse = alone(scope=war), alone(), alone(as_="dobrynin")
    assert (scoped["status"], scoped["reason"]) == ("no_match", "weak")
    assert (whole["matches"][0]["prompt"]["document"], whole["matches"][0]["prompt"]["turn"]) == (
        SEED,
        30,
    )
    counting = _Counting(roleplay.encoder)
    monkeypatch.setattr(roleplay.reader, "encoder", counting)
    roleplay.reader.forget()
    refused = answer_out(roleplay.respond(line, scope=war))
    found = elsewhere(roleplay, refused, as_="kissinger", scope=war)
    assert found.elsewhere is not None and found.elsewhere.document == SEED
    labelled = f"{line} (MBFR, mutual and balanced force reductions, troop cuts)"
    assert counting.encoded == [[labelled]]
    assert refused.model_dump(mode="json") == scoped
    assert _wire(roleplay.respond(line)) == whole
    assert counting.encoded == [[labelled]]
    assert _wire(roleplay.respond(line, as_="dobrynin")) == reverse
    assert counting.encoded == [[labelled], [labelled]]

"""`backchannel build / ask / eval`, run in-process with the session's model (loaded once)."""

import json
import shutil

import pytest

from embeddings.tiers import FEATURES, TIERS
from server.cli import main

SEED = "frus1969-76v39/d107"
WEAK = "What is the capital of Australia?"  # no recorded line fits it well enough
NEAR = "when are you back from moscow?"  # refused, the line it fits offered second (fit 0.59)


def test_ask_json_gives_the_recorded_reply_and_citation(fixture_index_dir, same_model, capsys):
    code = main(["ask", "Beijing will object.", "--index", str(fixture_index_dir), "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "Beijing will object." and data["status"] == "match"
    top = data["matches"][0]
    assert top["reply"]["text"].startswith("This is so, they will and you will make a statement")
    assert top["citation"]["url"] == (
        "https://history.state.gov/historicaldocuments/frus1969-76v39/d107"
    )
    assert len(data["matches"]) == 5


def test_ask_prints_reply_and_citation_for_people(fixture_index_dir, same_model, capsys):
    assert (
        main(["ask", "The Chinese will protest.", "--k", "1", "--index", str(fixture_index_dir)])
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("Closest line in the record:")
    assert "kissinger: The Chinese will protest." in out
    assert "dobrynin: This is so, they will" in out
    assert "frus1969-76v39/d107, p. 329" in out


def test_ask_prints_the_editors_note_after_the_call_s_last_reply(
    fixture_index_dir, same_model, capsys
):
    line = "Well, try us. We may fool you."
    assert main(["ask", line, "--k", "1", "--index", str(fixture_index_dir)]) == 0
    out = capsys.readouterr().out
    assert out.split("\n")[3:8] == [
        "1. [fit 1.00] kissinger: Well, try us. We may fool you.",
        "   very close (similarity 97%)",
        "   dobrynin: I don’t want to interfere in your domestic affairs.",
        "   (editors' note) [Omitted here is discussion of matters other than a European "
        "security conference or MBFR.]",
        "   — frus1969-76v39/d107, p. 329, date not in our copy",
    ]


def test_ask_off_topic_offers_nothing_and_says_what_the_record_holds(
    fixture_index_dir, same_model, capsys
):
    """Nothing recorded comes near the line: no line is offered as if it did, and the refusal
    leads to the topics the (fixture) record holds."""
    assert main(["ask", WEAK, "--index", str(fixture_index_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Nothing in the record comes near this line: try other words, or one of the topics "
        "below.\n\nWhat the record holds (topics written by the project; --scenario ID searches "
        "one):\n"
    )
    assert "  topic:war-1973: The October 1973 war (1 conversation)\n" in out
    assert "\n1. [" not in out


def test_ask_refusing_a_line_on_a_held_topic_lists_that_topic(
    fixture_index_dir, same_model, capsys
):
    """The record holds the Middle East (1970–1971 and the 1973 war), but no turn that answers
    this line: the refusal names the topics the line names, not every topic, and says the
    record holds them ("Nothing in the record comes near this line" read as if it held nothing
    on the topics listed under it)."""
    line = "What about the war in the Middle East?"
    assert main(["ask", line, "--index", str(fixture_index_dir)]) == 0
    out = capsys.readouterr().out
    assert out == (
        "No close match in the record. It holds the topics this line names (below), but none "
        "of Kissinger's recorded lines comes near this one: say what you would tell Dobrynin "
        "about them.\n\nThe record's topics your line names (topics written by the project; "
        "--scenario ID searches one):\n"
        "  topic:war-1973: The October 1973 war (1 conversation)\n"
        "  topic:middle-east: The Middle East, 1970–1971 (1 conversation)\n"
    )
    assert (
        main(["ask", "tell me about SALT", "--as", "dobrynin", "--index", str(fixture_index_dir)])
        == 0
    )
    assert capsys.readouterr().out.startswith(
        "No close match in the record. It holds the topic this line names (below), but none "
        "of Dobrynin's recorded lines comes near this one: say what you would tell Kissinger "
        "about it.\n"
    )
    assert main(["ask", line, "--index", str(fixture_index_dir), "--json"]) == 0
    sent = json.loads(capsys.readouterr().out)
    assert (sent["status"], sent["reason"], sent["suggestions"]) == ("no_match", "weak", [])
    assert sent["topics"] == [
        {"id": "topic:war-1973", "title": "The October 1973 war", "editorial": True},
        {"id": "topic:middle-east", "title": "The Middle East, 1970–1971", "editorial": True},
    ]


def test_ask_refused_near_a_recorded_line_offers_it(fixture_index_dir, same_model, capsys):
    assert main(["ask", NEAR, "--index", str(fixture_index_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "No close match in the record. Did you mean one of these?\nListed by fit, best first: "
        "the tier model's probability that the reply answers your line. Similarity: how close "
        "your line came to the recorded one, as the student page says it.\n\n1. [fit 0.80] "
        "kissinger: I am pressing them and they will call me back in three hours.\n"
        "   distant (similarity 37%)\n"
    )
    assert "What the record holds" in out


def test_ask_refused_within_a_scenario_names_it(fixture_index_dir, same_model, capsys):
    """Within a scenario only its conversations answer: the refusal says so, not that the
    record holds nothing. The topic's title is the project's, marked so as the page marks it;
    a volume's is the record's. The rest of the record was searched too, and nothing there
    answers the line: said so, as the page says it, where "without --scenario, the whole
    record is" sent the reader to a second refusal (issue #11); --json says
    ``searched_outside``."""
    where = ["--index", str(fixture_index_dir), "--scenario", "topic:war-1973"]
    assert main(["ask", WEAK, *where]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Nothing within “The October 1973 war” (our summary) comes near this line: try other "
        "words, or one of the topics below.\n"
    )
    where = ["--index", str(fixture_index_dir), "--scenario", "volume:frus1969-76v39"]
    assert main(["ask", WEAK, *where]) == 0
    assert capsys.readouterr().out.startswith(
        "Nothing within “FRUS 1969–1976, vol. XXXIX: European Security” comes near this line: "
    )
    assert (
        "\nThe rest of the record was searched too: nothing there answers this either.\n"
    ) in out
    assert "Only the scenario's conversations were searched" not in out
    assert main(["ask", WEAK, "--json", *where]) == 0
    sent = json.loads(capsys.readouterr().out)
    assert (sent["status"], sent["searched_outside"], "elsewhere" in sent) == (
        "no_match",
        True,
        False,
    )


def test_ask_refused_within_a_scenario_names_the_conversation_that_answers_outside_it(
    fixture_index_dir, same_model, capsys
):
    """Refused within the 1973 war, answered by the whole record (issue #11): the refusal names
    the conversation outside the scenario that answers the line, as the page does, without its
    words; --json carries it as ``elsewhere``."""
    line = (
        "Anatol, two things about our discussions this morning. First on the MBFR Conference, "
        "we might be prepared to have just an exploratory meeting by ambassadors"
    )
    where = ["--index", str(fixture_index_dir), "--scenario", "topic:war-1973"]
    assert main(["ask", line, *where]) == 0
    out = capsys.readouterr().out
    assert (
        "\nOnly the scenario's conversations were searched; without --scenario, the whole "
        "record is.\n"
        "Outside the scenario, the record has a conversation that answers this line: European "
        "security and troop cuts: talks on MBFR in parallel with the security conference (our "
        "summary), date not in our copy, frus1969-76v39/d107, p. 327\n"
        "  https://history.state.gov/historicaldocuments/frus1969-76v39/d107\n\n"
    ) in out
    assert "exploratory meeting by ambassadors" not in out.split("Outside the scenario")[1]
    assert main(["ask", line, "--json", *where]) == 0
    sent = json.loads(capsys.readouterr().out)
    assert (sent["status"], sent["elsewhere"]["document"]) == ("no_match", SEED)
    assert sent["searched_outside"] is True  # searched, and answered there
    assert sent["elsewhere"]["editorial"] is True
    # the printed words are the page's; --json keeps the date as the wire has it: null
    assert sent["elsewhere"]["citation"]["date"] is None


def test_ask_reverse_role(fixture_index_dir, same_model, capsys):
    args = ["ask", "Those were my own words.", "--as", "dobrynin", "--json"]
    assert main([*args, "--index", str(fixture_index_dir)]) == 0
    top = json.loads(capsys.readouterr().out)["matches"][0]
    assert top["reply"]["speaker"] == "kissinger"
    assert top["reply"]["text"] == "I said January—it was a major concession."


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--document", "frus1969-76v39/d1070"], "No document 'frus1969-76v39/d1070' in the index"),
        (["--document", SEED, "--position", "56"], f"{SEED} has turns 0 to 55: --position 56 is"),
        (["--position", "3"], "--position needs --document: the conversation it is a turn of."),
    ],
)
def test_ask_names_a_context_it_cannot_use(fixture_index_dir, same_model, capsys, flags, said):
    """An unknown document, or a turn past its end, was ignored: answered from no context."""
    assert main(["ask", "Beijing will object.", *flags, "--index", str(fixture_index_dir)]) == 2
    out, err = capsys.readouterr()
    assert (out, err.startswith(f"backchannel ask: {said}")) == ("", True)


def test_ask_refuses_no_matches(fixture_index_dir, capsys):
    """--k 0 printed an answer's heading and no line under it."""
    with pytest.raises(SystemExit) as exited:
        main(["ask", "Beijing will object.", "--k", "0", "--index", str(fixture_index_dir)])
    assert exited.value.code == 2
    assert "argument --k: '0' is not a number of matches: give 1 or more" in capsys.readouterr().err


def test_ask_without_an_index_says_how_to_build_one(tmp_path, capsys):
    assert main(["ask", "Hello", "--index", str(tmp_path / "none")]) == 2
    assert "No index in" in capsys.readouterr().err


def test_eval_reports_recall_and_no_match(fixture_index_dir, same_model, tmp_path, capsys):
    data = tmp_path / "set.jsonl"
    data.write_text(
        "\n".join(
            json.dumps(x)
            for x in (
                {"query": "Peking will complain.", "expect": "This is so, they will"},
                {"query": "I never said February, no tricks please.", "expect": "It was my words."},
                {"query": "What is the capital of Australia?", "expect": None},
            )
        )
    )
    assert main(["eval", str(data), "--index", str(fixture_index_dir), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)[str(data)]
    assert figures["recall@1"] == 1.0 and figures["mrr"] == 1.0
    assert figures["no_match_off_topic"] == 1.0 and figures["no_match_on_topic"] == 0.0
    assert (figures["on_topic"], figures["off_topic"]) == (2, 1)


def test_eval_calibrate_refits_the_no_match_rule(fixture_index_dir, same_model, tmp_path, capsys):
    data = tmp_path / "set.jsonl"
    lines = [
        {"query": "Peking will complain.", "expect": "This is so, they will"},
        {"query": "I never said February, no tricks please.", "expect": "It was my words."},
        {"query": "The grain deal can go ahead.", "expect": "x"},
        {"query": "What is the capital of Australia?", "expect": None},
        {"query": "asdf qwer", "expect": None},
        {"query": "How do I roast a chicken?", "expect": None},
    ]
    data.write_text("\n".join(json.dumps(x) for x in lines))
    args = ["eval", str(data), "--index", str(fixture_index_dir), "--calibrate", "--json"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    fit = out["calibration"]
    names = list(FEATURES)
    assert len(fit["weights"]) == len(names) and fit["threshold"] == TIERS.threshold
    # the candidates that answer score higher word by word than those that do not
    assert fit["weights"][names.index("words")] > 0
    # and the same fit, scored on lines it was not fitted on: each line is an adequate reply,
    # an honest refusal, an on-topic refusal or nonsense, nothing else
    held = out["calibration_held_out"][str(data)]
    refused_on = held["no_match_on_topic"] * 3 / 6
    assert held["fit"] + held["nonsense"] + refused_on == pytest.approx(1.0)
    assert held["fit"] == pytest.approx((held["recall@1"] * 3 + held["no_match_off_topic"] * 3) / 6)


def test_eval_calibrate_needs_off_topic_lines(fixture_index_dir, same_model, tmp_path, capsys):
    data = tmp_path / "set.jsonl"
    data.write_text(json.dumps({"query": "Peking will complain.", "expect": "This is so"}))
    assert main(["eval", str(data), "--index", str(fixture_index_dir), "--calibrate"]) == 2
    out, err = capsys.readouterr()
    assert "needs lines the record answers and lines it does not" in err and "error:" not in out


def test_eval_names_the_bad_line(fixture_index_dir, same_model, tmp_path, capsys):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"query": "fine", "expect": "x"}\nnot json\n')
    assert main(["eval", str(data), "--index", str(fixture_index_dir)]) == 2
    assert f'{data}:2: expected a JSON object with a "query"' in capsys.readouterr().err


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ('{"query": 5, "fits": []}', '"query" must be the line, as non-empty text'),
        ('{"query": " ", "expect": ""}', '"query" must be the line, as non-empty text'),
        ('{"query": "a\\ud800", "fits": []}', '"query" holds a lone UTF-16 surrogate'),
        ('{"query": "a", "fits": [], "as": "nixon"}', "\"as\" is 'nixon'; it must be"),
        ('{"query": "a", "fist": []}', 'it has neither "fits" nor "expect"'),
        ('{"query": "a", "fits": null}', '"fits" must be a list of'),
        ('{"query": "a", "fits": [{"document": "v/d1", "turn": -1}]}', '"fits" must be a list'),
        ('{"query": "a", "expect": "", "context": {"document": "v/d1"}}', '"context" must be'),
        ("[1, 2]", "a JSON list, not an object"),
    ],
)
def test_eval_names_the_bad_line_and_what_is_wrong_before_any_report(
    fixture_index_dir, same_model, tmp_path, capsys, line, why
):
    """Each of these went on to a traceback in the search (a number for a query, an unknown
    role, a lone surrogate, an empty line) or was scored as an off-topic line (a typo for
    "fits"); and a bad line in the second set came after the first set's report."""
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"query": "Peking will complain.", "expect": "This is so"}))
    data = tmp_path / "bad.jsonl"
    data.write_text('{"query": "fine", "expect": "x"}\n' + line + "\n", encoding="utf-8")
    assert main(["eval", str(good), str(data), "--index", str(fixture_index_dir)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f'backchannel eval: {data}:2: expected a JSON object with a "query"')
    assert f"({why}" in err


@pytest.mark.parametrize(
    ("fit", "found"),
    [
        (
            {"document": "frus1969-76v39/d107", "turn": 9999},
            "'frus1969-76v39/d107' holds turns 0 to ",
        ),
        (
            {"document": "frus1969-76v39/d9999", "turn": 0},
            "no document 'frus1969-76v39/d9999' is in it",
        ),
    ],
)
def test_eval_names_a_fit_the_index_does_not_hold_before_any_report(
    fixture_index_dir, same_model, tmp_path, capsys, fit, found
):
    """Such a line was scored a miss without a word: a typo in an id read as a retrieval fault."""
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"query": "Peking will complain.", "expect": "This is so"}))
    data = tmp_path / "fits.jsonl"
    lines = [{"query": "Geneva, then?", "fits": [{"document": "frus1969-76v39/d107", "turn": 0}]}]
    lines.append({"query": "An exploratory meeting in Geneva.", "fits": [fit]})
    data.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert main(["eval", str(good), str(data), "--index", str(fixture_index_dir)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(
        f'backchannel eval: {data}:2: "fits" names turn {fit["turn"]} of {fit["document"]!r}, '
        f"which the index in {fixture_index_dir} does not hold ({found}"
    )


def test_eval_names_the_file_of_bytes_that_are_not_text_or_json(
    fixture_index_dir, same_model, tmp_path, capsys
):
    """Before: "'utf-8' codec can't decode byte 0xff in position 0" and "Expecting ','
    delimiter: line 1 column 3 (char 2)", naming no file."""
    data = tmp_path / "bad.jsonl"
    data.write_bytes(b'{"query": "a", "expect": ""}\n\xff{"query"\n')
    fixes = tmp_path / "fixes.json"
    fixes.write_text("[1")
    for path, told in (
        (data, f"{data}:2: expected a JSON object"),
        (fixes, f"{fixes}:1: not JSON (Expecting ',' delimiter at column 3)"),
    ):
        assert main(["eval", str(path), "--index", str(fixture_index_dir)]) == 2
        assert told in capsys.readouterr().err


def test_eval_names_a_missing_set_before_scoring_any(tmp_path, capsys, monkeypatch):
    """A mistyped second path printed the first set's report, then only "[Errno 2]"."""
    data = tmp_path / "set.jsonl"
    data.write_text(json.dumps({"query": "Peking will complain.", "expect": "This is so"}))
    missing = tmp_path / "sets" / "dev_lose.jsonl"

    def no_model(args):
        raise AssertionError("the model was loaded for a set that is not there")

    monkeypatch.setattr("server.cli.evaluation.load_roleplay", no_model)
    assert main(["eval", str(data), str(missing), "--index", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"backchannel eval: No evaluation set at {missing}. Give JSON-lines sets")
    assert "tests/data/*.jsonl" in err and "instructor page (.json)" in err


def test_build_then_rebuild_encodes_nothing_new(fixture_paths, same_model, tmp_path, capsys):
    sources = tmp_path / "sources"
    sources.mkdir()
    for path in fixture_paths[:2]:
        shutil.copy(path, sources / path.name)
    index = tmp_path / "index"
    args = ["build", "--transcripts", str(sources), "--index", str(index), "--quiet"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "2 documents, 73 turns, 219 texts:" in first
    assert main(args) == 0
    assert "219 texts: 0 encoded, 219 from the cache." in capsys.readouterr().out


def test_build_reports_a_missing_folder(tmp_path, capsys):
    assert main(["build", "--transcripts", str(tmp_path / "nope"), "--index", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert err.startswith("backchannel build: ") and "nope" in err and out == ""


def test_eval_judged_free_lines_fit_nonsense_hubs_and_baseline(
    fixture_index_dir, same_model, tmp_path, capsys
):
    data = tmp_path / "free.jsonl"
    lines = [
        {"query": "peking is going to protest", "fits": [{"document": SEED, "turn": 52}]},
        {
            "query": "so you're not even going to give me your moscow number?",
            "fits": [{"document": "frus1969-76v13/d161", "turn": 0}],
        },
        {"query": "what would putin make of all this", "fits": []},
        {"query": "henry, did you sleep well in moscow?", "fits": [], "as": "dobrynin"},
    ]
    data.write_text("\n".join(json.dumps(x) for x in lines))
    assert main(["eval", str(data), "--index", str(fixture_index_dir), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)[str(data)]
    assert (figures["on_topic"], figures["off_topic"]) == (2, 2)
    assert figures["no_match_off_topic"] >= 0.5  # Putin cannot be in the record
    assert figures["baseline"]["no_match_off_topic"] == 0.0  # the baseline never refuses
    assert figures["baseline"]["nonsense"] >= 0.5
    assert figures["fit"] == pytest.approx(
        (figures["recall@1"] * 2 + figures["no_match_off_topic"] * 2) / 4
    )
    assert isinstance(figures["hubs"], list)


def test_eval_rejects_a_malformed_fits_line(fixture_index_dir, same_model, tmp_path, capsys):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"query": "hello", "fits": [{"document": "x"}]}\n')
    assert main(["eval", str(data), "--index", str(fixture_index_dir)]) == 2
    err = capsys.readouterr().err  # errors go to stderr
    assert f"{data}:1: expected a JSON object" in err and '"fits"' in err


def test_ask_says_why_a_line_is_refused(fixture_index_dir, same_model, capsys):
    """A line naming what no recorded conversation speaks of is refused saying so, in text and
    in JSON (``reason``, and the student's ``names`` as typed); widening a scenario would not
    help, so it is not suggested. A line in another language is asked for in English."""
    where = ["--index", str(fixture_index_dir)]
    line = "The Chinese will protest about Cuba."
    assert main(["ask", line, "--json", *where]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["status"], data["reason"], data["names"]) == ("no_match", "unheld", ["Cuba"])
    assert (
        data["suggestions"][0]["prompt"]["document"],
        data["suggestions"][0]["prompt"]["turn"],
    ) == (SEED, 52)

    assert main(["ask", line, "--scenario", "topic:war-1973", *where]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "No recorded conversation here speaks of “Cuba”. Nothing within “The October 1973 war” "
        "(our summary) comes near this line: try other words, or one of the topics below.\n"
    )
    assert "Only the scenario's conversations were searched" not in out
    assert "What the record holds" in out

    assert main(["ask", "Putin will protest about the conference.", *where]) == 0
    assert capsys.readouterr().out.startswith(
        "Putin belongs to a later time: this record ends in 1976. Did you mean one of these?"
    )
    # besides the later name the line says only "send", which more than a third of the test
    # corpus's calls say: "I will send Colonel Kennedy again." (fit 0.93) is no longer offered
    assert main(["ask", "send it by e-mail, Anatol", *where]) == 0
    assert capsys.readouterr().out.startswith(
        "E-mail belongs to a later time: this record ends in 1976. Nothing in the record comes "
        "near this line: try other words, or one of the topics below.\n"
    )
    assert main(["ask", "asdf qwer", "--as", "dobrynin", *where]) == 0
    assert capsys.readouterr().out.startswith(
        "That does not sound like a line for Kissinger. Speak to Kissinger as Dobrynin would: "
        "the record holds only what passed between them. Nothing in the record comes near this "
        "line: try other words, or one of the topics below.\n"
    )
    assert main(["ask", WEAK, "--json", *where]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["status"], data["reason"], data["names"]) == ("no_match", "weak", [])
    assert main(["ask", "Wann treffen wir uns in Berlin, Anatol?", *where]) == 0
    assert capsys.readouterr().out.startswith(
        "The record is in English: type your line in English. The recorded conversations are "
        "in English, and the search compares your words with theirs: a line in another "
        "language comes near none of them. Nothing in the record comes near this line: try "
        "other words, or one of the topics below.\n"
    )


def test_ask_with_a_higher_threshold_refuses_what_the_default_answers(
    fixture_index_dir, same_model, capsys
):
    """A school that would rather refuse than show a reply that may not answer raises the
    threshold: the line the default answers is refused, its recorded line offered to pick."""
    where = ["--index", str(fixture_index_dir), "--json"]
    line = "We could meet the ambassadors in Geneva."  # answered, at a fit probability of 0.94
    assert main(["ask", line, *where]) == 0
    answered = json.loads(capsys.readouterr().out)
    assert main(["ask", line, *where, "--threshold", "0.99"]) == 0
    refused = json.loads(capsys.readouterr().out)
    assert answered["status"] == "match"
    assert (refused["status"], refused["reason"], refused["matches"]) == ("no_match", "weak", [])
    assert refused["suggestions"][0]["prompt"] == answered["matches"][0]["prompt"]


def test_a_threshold_that_is_no_probability_is_an_error_saying_what_to_give(
    fixture_index_dir, same_model, capsys
):
    assert main(["ask", "Hello", "--index", str(fixture_index_dir), "--threshold", "1.5"]) == 2
    assert capsys.readouterr().err == (
        "backchannel ask: The threshold 1.5 is not a probability between 0 and 1: give one such "
        "as 0.7 (the tier model's own) or 0.8 (more lines refused, less shown that does not "
        "answer; README, Retrieval quality).\n"
    )


def test_build_says_once_that_it_encodes_on_torch_instead(tmp_path) -> None:
    """Where ONNX Runtime cannot run, `build` said so twice: the encoder's logged warning
    (printed bare, as Python prints a warning no handler takes) and "note:" with the same
    words. A process of its own, as a school runs it, with an onnxruntime that will not import."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from transcripts import shipped_corpus_dir

    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "onnxruntime.py").write_text('raise ImportError("not on this machine")\n')
    root = Path(__file__).resolve().parents[2]
    page = shipped_corpus_dir() / "frus-text" / "frus1969-76v13-d63.txt"
    build = ["build", "--quiet", "--transcripts", str(page), "--index", str(tmp_path / "index")]
    ran = subprocess.run(
        [sys.executable, "-m", "server.cli", *build],
        env={**os.environ, "PYTHONPATH": f"{stub}{os.pathsep}{root}"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    notice = (
        "ONNX Runtime not used for all-MiniLM-L6-v2, torch instead: onnxruntime is not "
        "installed (pip install onnxruntime)"
    )
    assert [line for line in ran.stderr.splitlines() if "torch instead" in line] == [notice]
    assert "(model all-MiniLM-L6-v2 on torch, dimension 384)" in ran.stdout


def test_eval_counts_a_refusal_that_offers_the_fitting_line_and_what_offering_costs(
    fixture_index_dir, same_model, tmp_path, capsys
):
    """A refusal offering the fitting turn to pick leaves the student one click from the
    record's answer: counted apart from a bare refusal. "when are you back from moscow?" is
    refused (its fitting turn at 0.59) and offered that turn, second; "... from cuba?" is
    refused for Cuba and offered nothing, its fit hidden; "peking is going to protest" is
    answered. Of the lines nothing answers, Dobrynin's "henry, did you sleep well in moscow?" is
    offered one line, the capital of Australia none: the cost a teacher sees. The baseline never
    refuses."""
    near = [{"document": "frus1969-76v12/d188", "turn": 13}]
    lines = [
        {"query": NEAR, "fits": near},
        {"query": "when are you back from cuba?", "fits": near},
        {"query": "peking is going to protest", "fits": [{"document": SEED, "turn": 52}]},
        {"query": WEAK, "fits": []},
        {"query": "henry, did you sleep well in moscow?", "fits": [], "as": "dobrynin"},
    ]
    data = tmp_path / "offers.jsonl"
    data.write_text("\n".join(json.dumps(x) for x in lines))
    where = ["--index", str(fixture_index_dir)]
    assert main(["eval", str(data), *where, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)[str(data)]
    assert (figures["no_match_on_topic"], figures["no_match_off_topic"]) == (2 / 3, 1.0)
    offers = (figures["offered_fit"], figures["off_topic_offered"], figures["offers_off_topic"])
    assert offers == (1 / 3, 0.5, 1)
    assert "offered_fit" not in figures["baseline"]
    assert main(["eval", str(data), *where]) == 0
    out = capsys.readouterr().out
    assert "  refused, a fitting turn offered to pick: 0.333 (plain —)\n" in out
    assert (
        "  off-topic refused 1.000 (plain 0.000)  refused yet offered lines to pick 0.500 "
        "(1 line offered in all; plain —)\n"
    ) in out

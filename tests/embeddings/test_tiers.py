"""Tiers: evidence beyond one score, the fit model, and what the student is (not) shown."""

import os
import subprocess
import sys

import numpy as np
import pytest

from embeddings.evidence import (
    ChatterModel,
    anachronisms,
    as_typed,
    chatter_lines,
    is_question,
    period_names,
    period_topics,
    topics_named,
    unheld_topics,
)
from embeddings.tiers import FEATURES, SCOPED_TIERS, THRESHOLD, TIERS, fit_model, held_out

SEED = "frus1969-76v39/d107"


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("what would Putin make of the troop cuts", ["putin"]),
        ("send it by e-mail, Anatol", ["e-mail"]),
        ("Is Gaza part of the ceasefire?", ["gaza"]),
        ("Putin's letter", ["putin"]),
        ("The Chinese will protest.", []),
        ("the President will be on television tonight", []),
    ],
)
def test_anachronisms(line, found):
    assert anachronisms(line) == found


@pytest.mark.parametrize(
    ("line", "quoted"),
    [
        ("syrian tanks are rolling into jordan", ["jordan"]),
        ("What did Castro’s men and CASTRO's brother say in Havana?", ["Castro", "Havana"]),
        ("The Chinese will protest.", []),
    ],
)
def test_a_refusal_quotes_the_names_as_typed(line, quoted):
    """The words behind a refusal come back as the student typed them, each once: the list's
    lower case is how they are found, not how they are shown."""
    assert as_typed(line, period_names()) == quoted


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("what time do u want to meet", True),
        ("Anatol, can you call Moscow", True),
        ("so is that your final word?", True),
        ("We will stand by the agreement.", False),
        ("Whatever happens, we stand firm.", False),
    ],
)
def test_is_question(text, asks):
    assert is_question(text) is asks


def test_support_weights_the_rare_words_of_the_line(roleplay):
    index = roleplay.index
    support = roleplay._support
    telling = support.telling(["chines", "protest", "the"])
    assert set(telling) <= {"chines", "protest"} and telling["chines"] > 0
    seed_row = index.row(SEED, 52)  # "The Chinese will protest."
    other = index.row("frus1969-76v25/d172", 3)
    assert support.conversation(telling, seed_row) == 1.0
    assert support.conversation(telling, other) < 1.0
    assert support.conversation({}, seed_row) == 0.0


_SUM_IN_A_NEW_PROCESS = """
from embeddings.evidence import Support
idf = {"big": 1e16, "one": 1.0, "two": 1.0, "six": 1.0}
support = Support(idf=idf, documents=("d",), whole={"d": frozenset({"one"})})
print(repr(support.conversation(support.telling(["big", "one", "two", "six", "one"]), 0)))
"""


def test_support_adds_the_weights_in_the_same_order_in_every_process():
    """Added in a set's order, these weights sum to 1e16 or to 1e16 + 4 as Python's string
    hashing (a new seed every process) orders them: a tier feature that moved between runs."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    found = {
        subprocess.run(
            [sys.executable, "-c", _SUM_IN_A_NEW_PROCESS],
            env={**env, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in range(6)
    }
    assert len(found) == 1


def test_chatter_model_tells_chatter_from_the_record(encoder):
    chatter = encoder.encode(list(chatter_lines()))
    record = encoder.encode(
        [
            "We are prepared to agree in principle to a separate ABM agreement.",
            "I will send a telegram to Moscow right away.",
            "The President wants a ceasefire and a return to the status quo ante.",
            "Gromyko will be in New York on Monday.",
        ]
    )
    model = ChatterModel.fit(chatter, record)
    unseen_chatter, unseen_record = encoder.encode(
        ["my phone battery is at two percent", "Tell your leaders we stand by the Berlin text."]
    )
    assert model.score(unseen_chatter) > 0 > model.score(unseen_record)


def test_fit_model_learns_which_evidence_separates(tmp_path):
    rng = np.random.default_rng(0)
    features = rng.normal(size=(200, len(FEATURES)))
    fits = (features[:, 0] + 0.1 * rng.normal(size=200) > 0).astype(int)
    model = fit_model(features, fits, np.arange(200) // 4, l2=0.1)
    assert model.weights[0] > 1 and max(abs(w) for w in model.weights[1:]) < model.weights[0]
    p = model.probability(features)
    assert ((p >= 0.5) == fits.astype(bool)).mean() > 0.9
    with pytest.raises(ValueError, match="lines some candidate answers and lines none does"):
        fit_model(features, np.zeros(200, dtype=int), np.arange(200))


def test_held_out_probabilities_never_see_their_own_line():
    rng = np.random.default_rng(1)
    features = rng.normal(size=(200, len(FEATURES)))
    fits = (features[:, 0] > 0).astype(int)
    line_of = np.arange(200) // 4
    first = held_out(features, fits, line_of, l2=0.1)
    assert ((first >= 0.5) == fits.astype(bool)).mean() > 0.9  # it still learns
    # relabel one line: its own held-out probabilities cannot change, the other folds' do
    flipped = fits.copy()
    flipped[line_of == 7] = 1 - flipped[line_of == 7]
    second = held_out(features, flipped, line_of, l2=0.1)
    assert np.array_equal(first[line_of == 7], second[line_of == 7])
    assert not np.allclose(first[line_of % 5 != 7 % 5], second[line_of % 5 != 7 % 5])
    # in its own fold, a line is scored as by a model fitted without it
    rest = line_of % 5 != 7 % 5
    alone = fit_model(features[rest], fits[rest], line_of[rest], l2=0.1)
    assert np.allclose(first[line_of == 7], alone.probability(features[line_of == 7]))


@pytest.mark.parametrize("model", [TIERS, SCOPED_TIERS])
def test_shipped_tier_model_has_one_weight_per_feature(model):
    assert len(model.weights) == len(model.mean) == len(model.scale) == len(FEATURES)
    assert model.threshold == THRESHOLD


def test_anachronism_is_refused_with_suggestions(roleplay):
    answer = roleplay.respond("Putin will protest about the conference.")
    assert (answer.status, answer.reason, answer.matches) == ("no_match", "anachronism", ())
    assert answer.names == ("Putin",)
    assert 0 < len(answer.suggestions) <= 3


@pytest.mark.parametrize(
    "line", ["my phone battery is at two percent", "lol this is so random", "who won the game"]
)
def test_classroom_chatter_is_refused(roleplay, line):
    """Refused as chatter (nearer a chatter example than any turn), whatever the tier model
    makes of its candidates: it would answer "who won the game" with the recorded "Who?"
    (fit 0.71, over the bar)."""
    answer = roleplay.respond(line)
    assert (answer.status, answer.reason, answer.matches) == ("no_match", "chatter", ())


def test_topics_the_record_never_speaks_of_are_unheld():
    """A topic counts against a line only while no recorded turn says one of its names: a
    volume added with ``--transcripts`` that speaks of Jordan makes Jordan answerable again,
    and one naming Cienfuegos makes the whole Cuban topic held, "Cuba" included."""
    assert {"cienfuegos", "cuba", "jordan", "watergate"} <= period_names()
    every = unheld_topics([])
    assert len(every) == len(period_topics())
    spoken = ["We spoke of Jordan's King yesterday.", "The Cienfuegos base is a fact."]
    titles = [t.title for t in unheld_topics(spoken)]
    assert "Watergate and the President’s fall (1973–1974)" in titles
    assert not any("Cienfuegos" in t or "Jordan" in t for t in titles)
    assert len(titles) == len(every) - 2


def test_a_name_as_typed_finds_the_topic_it_names():
    """The teacher's view gathers a refusal's names by topic: "fedayeen" and "Jordan" name one,
    in whatever case typed; a name no topic lists names none."""
    jordan = ["Jordan, September 1970: Syrian tanks and the fedayeen"]
    assert [t.title for t in topics_named("FEDAYEEN")] == jordan
    assert [t.title for t in topics_named("Jordan")] == jordan
    assert [t.title for t in topics_named("Castro")] == [
        "The Cienfuegos submarine base, Cuba (1970)"
    ]
    assert topics_named("Biafra") == []


def test_line_naming_what_the_record_never_speaks_of_is_refused(roleplay):
    """The seed line is answered; naming Cuba, which no turn of the record says, it is
    refused ("unheld") with the closest lines offered."""
    assert roleplay.respond("The Chinese will protest.").status == "match"
    assert roleplay.refusals.unheld("The Chinese will protest about Cuba.") == ["cuba"]
    answer = roleplay.respond("The Chinese will protest about Cuba.")
    assert (answer.status, answer.reason, answer.matches) == ("no_match", "unheld", ())
    assert answer.names == ("Cuba",)
    assert answer.suggestions[0].prompt.document == SEED
    assert answer.suggestions[0].prompt.index == 52


def test_weak_match_is_never_the_answer(roleplay):
    """Within a scope that does not hold it, the phone-number line finds only weak lines: they
    are offered as suggestions, not shown as Dobrynin's answer."""
    line = "You and I are going steady; we should swap phone numbers."
    answer = roleplay.respond(line, scope={SEED, "frus1969-76v25/d172"})
    assert answer.status == "no_match" and answer.matches == ()
    assert {m.prompt.document for m in answer.suggestions} <= {SEED, "frus1969-76v25/d172"}
    assert roleplay.respond(line).status == "match"


def test_a_search_within_a_scenario_is_weighed_by_the_scoped_model(roleplay, monkeypatch):
    """Within one conversation a line about another one finds only that conversation's turns:
    the whole record's model showed "The Chinese will protest." as the answer to a line on
    London and a veto (0.712, nonsense); the scenario's own model (``SCOPED_TIERS``,
    docs/quality.md, "The tier model within a scenario") refuses it, offering the turn. A
    search over the whole record is weighed by ``TIERS`` alone, whatever the scoped model."""
    line = (
        "London won't go ahead. Sadat told them he'd get Beijing to veto any resolution. "
        "Either you played us—"
    )
    scoped = roleplay.respond(line, scope={SEED})
    assert (scoped.status, scoped.reason, round(scoped.confidence, 4)) == (
        "no_match",
        "weak",
        0.6467,
    )
    assert [(m.prompt.document, m.prompt.index) for m in scoped.suggestions][:1] == [(SEED, 52)]
    whole = roleplay.respond(line)
    best = whole.matches[0]
    assert (whole.status, round(whole.confidence, 4)) == ("match", 0.9339)
    assert (best.prompt.document, best.prompt.index) == ("frus1969-76v25/d172", 7)
    monkeypatch.setattr(roleplay, "scoped_model", TIERS)
    before = roleplay.respond(line, scope={SEED})
    shown = before.matches[0].prompt
    assert (before.status, round(before.confidence, 4)) == ("match", 0.712)
    assert (shown.document, shown.index, shown.spoken_text) == (
        SEED,
        52,
        "The Chinese will protest.",
    )
    assert roleplay.respond(line) == whole

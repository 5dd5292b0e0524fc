"""A line that only raises a topic is answered only by a turn that opens it.

On the shipped corpus "can we talk about the summit" was answered, as a match (fit 0.79), from
Kissinger's long MBFR turn (v39 d107 turn 0, "Anatol, two things about our discussions this
morning. First on the MBFR Conference …") with "What about the conference …": the frame and
the topic's one word were matched to a turn that says them about something else. The rule
tried in session 35 read "can we talk tomorrow?" as raising "tomorrow", and "What about the
fighting in Lebanon?" (answered by a turn with content) as raising Lebanon: neither raises a
topic here (docs/quality.md).
"""

from __future__ import annotations

import pytest

from embeddings.openers import raised


@pytest.mark.parametrize(
    ("line", "topic"),
    [
        ("I want to talk about Berlin", "Berlin"),
        ("let's discuss the summit in Moscow", "the summit in Moscow"),
        ("can we talk about the summit", "the summit"),
        ("Anatol, I wanted to talk about the summit in Moscow.", "the summit in Moscow"),
        ("i want to discuss abm with you", "abm"),
        ("can we discuss brezhnevs visit to america", "brezhnevs visit to america"),
        ("I’d like to bring up China, Anatoly", "China"),
        ("lets speak about SALT", "SALT"),
    ],
)
def test_a_frame_and_a_short_topic_raise_the_topic(line, topic):
    assert raised(line) == topic


@pytest.mark.parametrize(
    "line",
    [
        "can we talk tomorrow?",  # "talk" without "about": a time, not a topic
        "what about the fighting in Lebanon?",  # a question a turn with content answers
        "what about berlin",
        "I need to talk about Patolichev, he is being really difficult",  # a second clause
        "I'd like to raise human rights in the soviet union",  # more than five words
        "the president asked me to talk about the olympics",  # not the student's frame
        "I want to ask you about Victor Louis, the journalist",
        "we want to discuss it and then decide",
        "I want to talk",
    ],
)
def test_a_line_that_does_more_or_less_raises_nothing(line):
    assert raised(line) is None


def _turns(matches):
    return [(m.prompt.document, m.prompt.index) for m in matches]


def test_a_topic_no_turn_opens_is_refused_and_named(shipped):
    """No recorded turn of Kissinger's raises the summit ("I think we have broken the back on
    the Summit idea." says it in passing): refused, the topic named, no line offered; it was
    answered from the MBFR turn with "What about the conference …"."""
    answer = shipped.respond("can we talk about the summit")
    assert (answer.status, answer.reason) == ("no_match", "weak")
    assert [t.id for t in answer.topics] == ["topic:summit"]
    assert answer.suggestions == ()


@pytest.mark.parametrize(
    ("line", "turn", "said", "reply"),
    [
        (
            "i want to discuss abm with you",
            ("frus1969-76v13/d321", 0),
            "I am calling you about that SALT situation.",
            "What about?",
        ),
        (
            "I want to talk about Berlin",
            ("frus1969-76v40/d300", 4),
            "That’s right. Uh, Anatole, we are having a slight bureaucratic problem with the "
            "Berlin thing that I wanted to discuss with you.",
            "Yes, I understand.",
        ),
    ],
)
def test_a_line_raising_a_topic_is_offered_the_turn_that_opens_it(shipped, line, turn, said, reply):
    """Weighed under the threshold, the turn that raises the topic is offered, and nothing
    else: "i want to discuss abm with you" was answered, as a match, from v13 d161's "Only
    involved the place? …" and "I want to talk about Berlin" offered nothing."""
    answer = shipped.respond(line)
    assert answer.status == "no_match"
    assert _turns(answer.suggestions) == [turn]
    offered = answer.suggestions[0]
    assert offered.prompt.spoken_text.startswith(said)
    assert offered.reply[0].spoken_text == reply

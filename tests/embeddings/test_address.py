"""The other side's names, as subjects, become "you" before a line is matched."""

from __future__ import annotations

import pytest

from embeddings.address import addressed


@pytest.mark.parametrize(
    ("line", "role", "expected"),
    [
        (
            "It would really help if Moscow held back.",
            "kissinger",
            "It would really help if you held back.",
        ),
        ("The Kremlin is furious.", "kissinger", "you are furious."),
        ("Well, the Soviets won't budge.", "kissinger", "Well, you won't budge."),
        ("Your government has been slow.", "dobrynin", "you have been slow."),
        ("Washington wants a deal.", "dobrynin", "you want a deal."),
        ("Bonn has been holding us up.", "kissinger", "the Germans have been holding us up."),
        ("But London won't go ahead.", "dobrynin", "But the British won't go ahead."),
    ],
)
def test_addressed_turns_the_listeners_name_to_you(line, role, expected):
    assert addressed(line, role) == expected


@pytest.mark.parametrize(
    "line",
    [
        "I am going to Moscow tomorrow.",
        "Moscow's answer came late.",
        "What will Moscow do?",
        "I flew to London and Bonn.",
        "A proposal from the Soviet Government is not treated lightly.",
    ],
)
def test_addressed_leaves_places_and_objects_alone(line):
    assert addressed(line, "kissinger") == line


def test_addressed_changes_only_the_other_sides_names():
    assert addressed("Washington wants a deal.", "kissinger") == "Washington wants a deal."
    assert addressed("Moscow will object.", "dobrynin") == "Moscow will object."
    assert addressed("Moscow will object.", "brezhnev") == "Moscow will object."

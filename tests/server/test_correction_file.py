"""A corrections file is read whole or refused with what is wrong and where."""

from __future__ import annotations

import pytest

from server.correction_file import read_file
from server.limits import MAX_LINE_CHARS


def a_file(*lines: str) -> dict[str, object]:
    return {
        "format": "backchannel-corrections",
        "version": 2,
        "corrections": [
            {"line": line, "document": "frus1969-76v39/d107", "turn": 0, "speaker": "kissinger"}
            for line in lines
        ],
    }


def test_a_line_no_student_could_say_is_refused_with_where_and_why():
    """A line past the longest a student may say could never be reached, and its numbers would
    be read for every close line said (a 5,000-digit number is more than Python reads)."""
    too_long = "1" * (MAX_LINE_CHARS + 1)
    with pytest.raises(ValueError) as refused:
        read_file(a_file("Will you limit ABM sites to two?", too_long), "fix.json")
    assert str(refused.value) == (
        "fix.json: corrections[1]: the line is 2,001 characters long, and a student's line is "
        "at most 2,000, so no line said could be it; shorten it or leave it out of the file."
    )
    longest = "a" * MAX_LINE_CHARS
    assert [item["line"] for item in read_file(a_file(f"  {longest} "), "fix.json")] == [longest]


@pytest.mark.parametrize("turn", [False, True, 0.0, "0"])
def test_a_turn_that_is_no_integer_is_refused_not_read_as_turn_0(turn: object):
    """Python takes false for 0 (bool is an int): a file's "turn": false corrected turn 0."""
    data = a_file("Will you limit ABM sites to two?")
    data["corrections"][0]["turn"] = turn
    with pytest.raises(ValueError) as refused:
        read_file(data, "fix.json")
    assert str(refused.value).startswith(
        'fix.json: corrections[0] needs "line" (text) and either "document" (an id) and "turn" '
        "(an integer)"
    )

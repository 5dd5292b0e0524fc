"""A correction answers its line written with or without a hyphen. Found by a teacher a week
into the course: "Goodbye" corrected, the next student's "Good-bye" was refused as before (as
words, "good bye" is not "goodbye", and the two lines' vectors are not close enough to count as
a paraphrase); the struggle view listed them as two lines."""

from __future__ import annotations

from server.corrections import Corrector, normalised
from tests.server.conftest import correction


def test_a_line_with_a_hyphen_is_the_same_line_without_it():
    assert normalised("Good-bye!") == normalised("goodbye") == "goodbye"
    assert normalised("a well-known line") == normalised("A wellknown line")
    # a dash between words is no hyphen inside one: the words stay apart
    assert normalised("Yes - tomorrow") == "yes tomorrow"


def test_a_correction_of_goodbye_answers_good_bye():
    made = correction("Goodbye")
    found, pending = Corrector._pending([made], [("Good-bye", "kissinger")])
    assert (found, pending) == ([(made, 1.0)], [])

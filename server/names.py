"""Whether a person's name shows anything: a student's on ``hello``, an instructor's on ``add``.

``str.strip`` removes spaces only, so a name made of zero-width characters (U+200B, U+2060,
U+FEFF), of blank "letters" (U+3164 HANGUL FILLER, U+2800 BRAILLE PATTERN BLANK) or of combining
marks alone was taken, and a teacher saw an empty row, a colleague could not type it, and two
such students looked alike. Such a name is refused as an empty one is.
"""

from __future__ import annotations

import unicodedata

# Format and control characters, separators, marks that only combine with a letter, and code
# points with no character: none shows on its own.
_UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp", "Mn", "Me"})
# Letters and symbols Unicode draws as blank space (the fillers of Hangul, the blank braille cell).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def unseen(char: str) -> bool:
    """Whether ``char`` draws nothing on its own."""
    return (
        char.isspace() or char in _BLANK_LETTERS or unicodedata.category(char) in _UNSEEN_CATEGORIES
    )


def blank_name_problem(name: str) -> str | None:
    """Why ``name`` (spaces around it already dropped) is no name, or None when it shows."""
    if not name or not all(unseen(char) for char in name):
        return None
    first = name[0]
    return (
        "the name holds no visible character, only invisible ones such as "
        f"U+{ord(first):04X} {unicodedata.name(first, 'with no name')}; type the name itself"
    )

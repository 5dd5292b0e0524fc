"""A line whose likeliest answer is set aside is refused, not answered by the next candidate.

The rules of :mod:`embeddings.set_aside` see what the tier model cannot: a turn that only
greets, a reply that only asks back, a time contradicted, a reply about a third man. When one of
them sets aside the very candidate the tier model found likeliest, the model's next candidate
was shown in its place: "how are the kids anatoly" lost "Anatole, how are you?" (fit 0.94, a
greeting only) and was answered, as a match, with Dobrynin's condolence for Ambassador Meloy
after "Anatol, how are you. You know our Ambassador . . ." (0.82); playing Dobrynin, "what about
the summit, henry?" lost "What about the conference—…" (1.00, a question back) and was answered
"Use what as a publicity stunt." (0.76).

The next candidate is not a second reading the record confirms: it won its fit on the same
evidence as the turn set aside (the frame "how are you", "what about"; the line's names and
topic words), and the tier model's figure for it says how near it is to the line, not that the
line is answerable once its best reading is known not to be. On the dev sets that was so every
time: of the 9 dev lines (of 872) answered after their likeliest candidate was set aside, none
was answered with a fitting turn, and 6 of them are lines nothing in the record answers
(docs/quality.md, "A line whose likeliest answer is set aside").

So such a line is refused (`no_match`, reason "weak"), and the candidates left near enough are
offered to pick, as for any weak line: a student who meant one of them is one click from it,
and no reply is shown as the answer to a line the record's best reading of it does not answer.
"""

from __future__ import annotations

import numpy as np


def first_set_aside(fit: np.ndarray, kept: np.ndarray) -> bool:
    """Whether the candidate with the highest ``fit`` (the tier model's probabilities, before
    any rule) was set aside: its probability in ``kept`` (the same candidates after the rules
    of :class:`embeddings.set_aside.SetAside`, ``apply`` and ``shown``) lowered, to 0."""
    if not len(fit):
        return False
    first = int(np.argmax(fit))
    return bool(kept[first] < fit[first])

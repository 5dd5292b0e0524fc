"""What role-play search gives back: the answer to a student's line and the matches in it.

Plain frozen data, kept apart from the search that builds it (:mod:`embeddings.roleplay`): the
server's wire models, the evaluation and the instructors' corrections read these and nothing
of how they were found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from embeddings.views import TurnRecord
from transcripts import Citation, DocumentRecord, NamedTopic

Status = Literal["match", "ambiguous", "no_match"]


@dataclass(frozen=True)
class Context:
    """Where the student is: the document being replayed and the index of the current turn."""

    document: str
    position: int


@dataclass(frozen=True)
class Match:
    """A recorded line that matches the student's, the reply that followed it, and its score.

    ``score`` is the line's similarity to the recorded one (the student page's percentage);
    ``fit`` the tier model's probability that the reply answers the line, which orders the
    candidates (None where the model did not weigh this one). Both are given: ``ask`` printed
    the similarity beside a list in fit order, and read as unsorted ([0.47] above [0.52]).
    """

    prompt: TurnRecord
    reply: tuple[TurnRecord, ...]
    score: float
    document: DocumentRecord
    fit: float | None = None

    @property
    def pages(self) -> list[int]:
        return sorted({p for t in (self.prompt, *self.reply) for p in t.pages})

    @property
    def citation(self) -> Citation:
        return self.document.citation(self.pages)


@dataclass(frozen=True)
class Answer:
    """The tiered answer to one line: what the page shows, and nothing weak shown as a reply.

    - ``match``: the record answers the line; ``matches[0]`` is the answer, the rest runners-up.
    - ``ambiguous``: several recorded lines fit; ``matches[0]`` is the best, the student may
      pick another.
    - ``no_match``: nothing in the record answers it; ``matches`` is empty and
      ``suggestions`` holds up to ``embeddings.suggestions.SUGGESTIONS`` recorded
      lines (shaped like matches), no two reading the same, the student may pick to hear
      what followed ("did you mean"): only lines near it (``SUGGESTION_FLOOR``), so none
      for a line nothing recorded comes near.
    """

    query: str
    status: Status
    matches: tuple[Match, ...] = field(default=())
    suggestions: tuple[Match, ...] = field(default=())
    # the tier model's probability that the best candidate answers the line (None when no
    # turn could match), and why a no_match was given ("language", "anachronism", "unheld",
    # "chatter" or "weak")
    confidence: float | None = field(default=None, compare=False)
    reason: str | None = field(default=None, compare=False)
    # the line's words behind an "anachronism" or "unheld" refusal, as the student typed them
    names: tuple[str, ...] = field(default=(), compare=False)
    # a "weak" refusal's topics of the record the line names: its conversations may answer
    # another line on it ("What about the Egyptian army?" -> the October 1973 war)
    topics: tuple[NamedTopic, ...] = field(default=(), compare=False)
    # what ``matches`` and ``suggestions`` are listed by: "fit" (the tier model's probability,
    # best first; candidates it did not weigh after, as the search ranked them) or "search"
    # (one short line recurring at several moments, as the first-stage search ranked them)
    order: Literal["fit", "search"] = field(default="fit", compare=False)

"""Candidates whose reply cannot answer a line, whatever the tier model's fit: set aside.

A short turn tied to the line by a common name only ("What way? Do it in Moscow?" for "how is
your daughter doing in moscow"; :mod:`embeddings.shared_name`); for a line that asks nothing, a
turn that ends by asking what, when or why (:mod:`embeddings.asked`); for a line that does not
greet, a turn that only greets ("Anatoliy, how are you?" for "How was your vacation, Anatoly?";
:mod:`embeddings.greeting`); for a line that speaks of no one the turn names, a turn whose
reply opens by speaking of a third man ("He has no authority." after Semenov's boat trip, for
a line on the freeze; :mod:`embeddings.third_person`); for a line that asks what, how or
which, a turn whose reply only asks for information back ("What about?" for "what about SALT?";
:mod:`embeddings.asked_back`); for a line that only asks "what about X?", a turn that does not
say X (:func:`embeddings.openers.asked_about`); for a line that names a time (four o'clock,
tonight, Friday), a turn that names another of the same kind and not it ("… leaving today at
5:00.", :mod:`embeddings.said_when`); for a line that asks when or how many, a turn whose
reply names no time or number ("We are all set …" for "henry, when can we meet for lunch",
:mod:`embeddings.asked_when`; that turn alone may still be offered after a refusal, since its
recorded line may be what the student meant). Such a turn is neither the answer nor a line
offered. A line whose answer would be a reply that only asks back what its turn meant ("What do
you mean closer?"), under the strict bar, is refused and that turn offered
(:mod:`embeddings.asks_back`, :meth:`SetAside.refuses`). Kept apart from
:mod:`embeddings.roleplay` so the search reads as ranking and the tier decision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from embeddings.asked import asks, asks_for_information
from embeddings.asked_back import only_asks_back, wants_information
from embeddings.asked_when import asks_when, names_a_time
from embeddings.asks_back import asks_what_it_meant, unsure_ask_back
from embeddings.first_set_aside import first_set_aside
from embeddings.greeting import greets, only_greets
from embeddings.lexical import Lexical
from embeddings.reading import Reading
from embeddings.said_when import When, said_when
from embeddings.shared_name import SharedName
from embeddings.third_person import named_before, says_someone, speaks_of_someone
from embeddings.tokens import TokenMatrix
from embeddings.views import TurnRecord


@dataclass(frozen=True)
class SetAside:
    """What sets a candidate aside, read once from the record."""

    asks_for: np.ndarray  # whether each indexed turn ends by asking what, when, why...
    greeting: np.ndarray  # whether each indexed turn says nothing but a greeting
    shared_name: SharedName  # the short turns that say a common name
    # row -> the names said in and just before a turn whose reply speaks of a third man
    of_someone: dict[int, frozenset[str]]
    tokens: TokenMatrix  # the record's word-piece vectors, for the common-name test
    asks_back: np.ndarray  # whether each indexed turn's reply only asks back ("What about?")
    said: tuple[frozenset[str], ...]  # each indexed turn's stems, as BM25 reads them
    when: tuple[When, ...]  # the times each indexed turn names (hours, weekdays, days)
    gives_a_time: np.ndarray  # whether each indexed turn's reply names a time or a number
    meant: np.ndarray  # whether each indexed turn's reply only asks back what the turn meant

    @classmethod
    def of_record(
        cls,
        records: Sequence[TurnRecord],
        replies: Sequence[str],
        shared_name: SharedName,
        tokens: TokenMatrix,
        canonical: Callable[[str], str],
        said: tuple[frozenset[str], ...],
    ) -> SetAside:
        """Each turn's ending, whether it only greets, and whether its reply (``replies``:
        each turn's reply's first words, "" for none) speaks of a third man or only asks back,
        read once (``apply`` runs on every reply); ``canonical``: the glossary's reading of a
        name; ``said``: each turn's stems as BM25 reads them (the glossary's labels added,
        ``Support.said``)."""
        asks_for = np.array([asks_for_information(r.spoken_text) for r in records], dtype=bool)
        greeting = np.array([only_greets(r.spoken_text) for r in records], dtype=bool)
        of_someone = {
            row: named_before(records, row, shared_name.every_name, canonical)
            for row, reply in enumerate(replies)
            if speaks_of_someone(reply)
        }
        asks_back = np.array([only_asks_back(reply) for reply in replies], dtype=bool)
        when = tuple(said_when(r.spoken_text) for r in records)
        gives_a_time = np.array([names_a_time(reply) for reply in replies], dtype=bool)
        meant = np.array(
            [
                asks_what_it_meant(reply, said[row], shared_name.common)
                for row, reply in enumerate(replies)
            ],
            dtype=bool,
        )
        return cls(
            asks_for,
            greeting,
            shared_name,
            of_someone,
            tokens,
            asks_back,
            said,
            when,
            gives_a_time,
            meant,
        )

    def apply(
        self,
        read: Reading,
        rows: list[int],
        fit: np.ndarray,
        about: frozenset[str] = frozenset(),
    ) -> np.ndarray:
        """``fit`` (the fit probability of each of ``rows`` for the line ``read``) with 0 for
        a turn set aside; ``about``: the telling stems of what the line only asks about
        ("what about SALT?"), none for any other line."""
        stems = Lexical.tokens(read.spoken)
        words = read.pieces[: len(read.tokens)]
        out = fit.copy()
        picked = np.asarray(rows, dtype=np.int64)
        if not asks(read.spoken):
            out[self.asks_for[picked]] = 0.0
        if not greets(read.read):
            out[self.greeting[picked]] = 0.0
        if wants_information(read.read):
            out[self.asks_back[picked]] = 0.0
        if about:
            for i, row in enumerate(rows):
                if about.isdisjoint(self.said[row]):
                    out[i] = 0.0
        times = said_when(read.read)
        if times:
            for i, row in enumerate(rows):
                if times.contradicts(self.when[row]):
                    out[i] = 0.0
        if not says_someone(read.read):
            said = set(stems)
            for i, row in enumerate(rows):
                named = self.of_someone.get(row)
                if named is not None and not named & said:
                    out[i] = 0.0
        for i, row in enumerate(rows):
            if row not in self.shared_name.short:
                continue
            block = np.asarray(self.tokens.block(row))

            def cosines(block: np.ndarray = block) -> np.ndarray:
                best: np.ndarray = (block @ read.tokens.T).max(axis=0)
                return best

            if self.shared_name.only_a_name(row, stems, words, cosines):
                out[i] = 0.0
        return out

    def shown(self, read: Reading, rows: list[int], fit: np.ndarray) -> np.ndarray:
        """``fit`` (after :meth:`apply`) with 0 for a turn that may be offered after a refusal
        but not shown as the answer: for a line that asks when or how many, a turn whose reply
        names no time or number (:mod:`embeddings.asked_when`). Its recorded line may be what
        the student meant ("When we meet at 12 o'clock, …" for "henry, when can we meet for
        lunch"), and a line offered is never said to answer; its reply does not answer."""
        if not asks_when(read.read):
            return fit
        out: np.ndarray = np.where(self.gives_a_time[np.asarray(rows, dtype=np.int64)], fit, 0.0)
        return out

    def refuses(self, rows: list[int], model_fit: np.ndarray, fit: np.ndarray) -> bool:
        """Whether a line is refused whatever its best fit: the tier model's likeliest candidate
        (``model_fit``, before the rules) was set aside, so the next is no answer
        (:mod:`embeddings.first_set_aside`), or the candidate that would be shown (the highest
        of ``fit``, after :meth:`apply` and :meth:`shown`) only asks back what its turn meant
        and the model is not near certain of it (:mod:`embeddings.asks_back`); ``rows``: the
        candidates' rows, in the order of both."""
        meant = self.meant[np.asarray(rows, dtype=np.int64)]
        return first_set_aside(model_fit, fit) or unsure_ask_back(fit, meant)

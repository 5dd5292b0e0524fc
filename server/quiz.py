"""The quiz engine: "who said this?" and "what came next?", drawn from the record.

A quiz is built whole when it starts, from a seed, so the same seed gives the same questions
(tests rely on it) and the quiz can be persisted and resumed (a ``QuizState``). No recorded
turn is asked twice, nor the same words under two ids (a conversation printed in two volumes counts
once). ``what_next`` distractors are among the nearest turns by embedding to the right reply,
spoken by the same person in *other* conversations, so they are plausible yet never the
answer, and spread over the pool (:mod:`server.quiz_pool`). Two questions of one conversation
are ``server.quiz_drawing.APART`` turns apart or more, unless the quiz cannot be drawn otherwise.
Prompts, choices and explanations quote ``clean_text``, the record as printed with its
editorial marks (and their spans beside each text, shifted where a quote begins); the spoken
words (``spoken_text``) only decide what is asked and what repeats.
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING

from server.activity import Question
from server.choices import line_key
from server.errors import ProtocolError
from server.evidence import evidence_for, level_of
from server.items import held, item_id, parse_item
from server.quiz_drawing import Drawing, offers, shows
from server.quiz_pool import MIN_PROMPT_WORDS, asks_next, canonical_documents, plan_for
from server.quiz_scope import QuizScope
from server.wire import (
    Choice,
    Level,
    QuizMode,
    citation_out,
    line_choice,
    quiz_prompt,
    spans_out,
)
from transcripts import DocumentRecord, full_name, outer_marks
from transcripts.scenarios import pages_label, volume_label

if TYPE_CHECKING:
    from embeddings import Index, TurnRecord

CHOICES = "abcd"


def _document_number(doc: DocumentRecord) -> str:
    """How a student reads where a line is: "vol. XVI, doc. 114", never the volume's id."""
    return f"{volume_label(doc.volume)}, doc. {doc.number}"


def _where(doc: DocumentRecord, pages: list[int]) -> str:
    """The document and its pages; an excerpt copy may not say the page, which is then left out."""
    if not pages:
        return _document_number(doc)
    return f"{_document_number(doc)}, {pages_label(pages)}"


# A line that ends its own sentence: its last mark (before closing quotes or brackets) a full
# stop, a question or exclamation mark, or an ellipsis (web/js/render.js endsSentence).
_ENDS_SENTENCE = re.compile(r"[.?!…][\"'”’)]*$")


def _stop(text: str) -> str:
    """The full stop after a quoted line, unless the line ends its sentence itself: after one
    that does, it read "…affairs.”."."""
    return "" if _ENDS_SENTENCE.search(text.rstrip()) else "."


class QuizEngine:
    """Builds quizzes from an ``embeddings.Index`` (turn records, documents, neighbours)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._canonical = canonical_documents(index)
        self._items: dict[tuple[str, int], str] = {}

    def build(
        self,
        mode: QuizMode,
        count: int,
        *,
        seed: int,
        document: str | None = None,
        volume: str | None = None,
        level: Level | None = None,
        seen: frozenset[str] = frozenset(),
        within: QuizScope | None = None,
    ) -> list[Question]:
        """Up to ``count`` questions; blocking (it reads the vectors): call from a worker.

        Items in ``seen`` (a learner's, for an unseeded quiz) come only after every other item
        the filters allow: nothing repeats for a learner until the pool is used up. ``within``:
        the class's scenario, the only conversations asked from (:mod:`server.quiz_scope`).
        """
        if document is not None and document not in self.index.documents:
            raise ProtocolError(
                "unknown_document",
                f"No document {document!r} in the index; ids look like 'frus1969-76v39/d107' "
                "(GET /api/documents lists them).",
                field="document",
            )
        if document is not None and within is not None:
            within.check_document(document)
        if document is not None:
            docs = {document}
        else:
            docs = set(within.documents) if within is not None else self._canonical
        if volume is not None:
            docs = {d for d in docs if self.index.documents[d].volume == volume}
        candidates = [r for r in self.index.records if r.document in docs]
        rng = random.Random(seed)
        rng.shuffle(candidates)
        if seen:
            # what_next's item is the answer, the turn after; the last turn has none
            subject = 0 if mode == "who_said" else 1
            candidates.sort(
                key=lambda r: (
                    r.index + subject < r.reply_stop
                    and self._item(r.document, r.index + subject) in seen
                )
            )
        drawing = Drawing()
        asked: set[str] = set()
        # A question that shows a line again (quiz_drawing) waits until the pool runs dry; one
        # near a turn asked about comes before it, as long as it shows nothing again (a
        # scenario of one conversation is still drawn from whole).
        near: list[tuple[Question, set[str]]] = []
        waiting: list[Question] = []
        for record in candidates:
            if len(drawing.questions) == count:
                break
            key = line_key(record.spoken_text)
            if key in asked:
                continue
            if mode == "who_said":
                question = self._who_said(record, "", rng, level)
            else:
                question = self._what_next_apart(record, "", rng, drawing.said, drawing.offered)
            if question is None:
                continue
            asked.add(key)
            read = self._lines(question)
            if drawing.repeats(question, read):
                waiting.append(question)
            elif drawing.near(question):
                near.append((question, read))
            else:
                drawing.take(question, read)
        for question, read in near:
            if len(drawing.questions) < count and not drawing.repeats(question, read):
                drawing.take(question, read)
            else:
                waiting.append(question)
        questions = drawing.questions
        # a learner's unseen items still come before the seen, the waiting ones included
        drawn = sorted([*questions, *waiting], key=lambda q: q.item in seen)[:count]
        drawn = self._apart(drawn, rng)
        questions = [q.model_copy(update={"id": f"q{n}"}) for n, q in enumerate(drawn, start=1)]
        if not questions:
            if within is not None:
                raise within.unavailable(mode, level, document or volume)
            where = document or volume or "the index"
            raise ProtocolError(
                "quiz_unavailable",
                f"No {mode} question can be drawn from {where}; choose another document or "
                "volume, or none.",
            )
        return questions

    def build_review(
        self,
        items: list[tuple[str, QuizMode]],
        count: int,
        *,
        seed: int,
        within: QuizScope | None = None,
    ) -> list[Question]:
        """A question for each ``(item, mode)`` in order, up to ``count`` (a learner's review).

        An item that can no longer be asked (its document left the index), or that lies
        outside ``within`` (the class's scenario), is skipped.
        """
        rng = random.Random(seed)
        questions: list[Question] = []
        for item, mode in items:
            if len(questions) == count:
                break
            place = within.locate(self.index, item) if within is not None else parse_item(item)
            if place is None or not held(self.index, f"{place[0]}#{place[1]}"):
                continue
            document, turn = place
            qid = f"q{len(questions) + 1}"
            if mode == "who_said":
                question = self._who_said(self.index.turn(document, turn), qid, rng, None, True)
            elif turn > 0:
                question = self._what_next(self.index.turn(document, turn - 1), qid, rng)
            else:
                question = None
            if question is not None:
                questions.append(question)
        return self._apart(questions, rng)

    def _what_next_apart(
        self, record: TurnRecord, qid: str, rng: random.Random, shown: set[str], offered: set[str]
    ) -> Question | None:
        """A "What came next?" after ``record`` offering none of the lines ``shown`` or
        ``offered`` before; failing that, none of those shown (a line offered twice is learned
        as wrong, one shown gives its answer away); failing that, as drawn alone."""
        for avoid in (shown | offered, shown, set()):
            question = self._what_next(record, qid, rng, frozenset(avoid))
            if question is not None or not avoid:
                return question
        return None

    def _apart(self, questions: list[Question], rng: random.Random) -> list[Question]:
        """The quiz's "What came next?" questions with no wrong choice that another question
        shows (its line, the line before it, its answer: :func:`server.quiz_drawing.shows`),
        where the pool has other wrong choices to offer. One offered line after another's
        question 3 was its question 7's answer: a student who remembers one rules it out in the
        other, or learns the answer from it. Asked when the quiz is whole, as a later question
        can show what an earlier one offered."""
        lines_of = [self._lines(q) for q in questions]
        kept: list[Question] = []
        offered: set[str] = set()  # nor one an earlier question offered: learned as wrong
        for n, question in enumerate(questions):
            others = set().union(*(lines for m, lines in enumerate(lines_of) if m != n))
            if offers(question) & (others | offered):
                record = self.index.turn(question.prompt.document, question.prompt.turn)
                question = (
                    self._what_next_apart(record, question.id, rng, others, offered) or question
                )
            offered |= offers(question)
            kept.append(question)
        return kept

    def _lines(self, question: Question) -> set[str]:
        """The lines ``question`` shows (:func:`server.quiz_drawing.shows`) as a student reads
        them (line_key)."""
        return {line_key(self.index.turn(d, t).clean_text) for d, t in shows(question)}

    def _item(self, document: str, turn: int) -> str:
        """The item id of a turn (memoised: twins are looked up by their words)."""
        key = (document, turn)
        if key not in self._items:
            self._items[key] = item_id(self.index, document, turn)
        return self._items[key]

    def _who_said(
        self,
        record: TurnRecord,
        qid: str,
        rng: random.Random,
        level: Level | None,
        review: bool = False,
    ) -> Question | None:
        """A line the speaker model scores as answerable (see :mod:`server.evidence`).

        A review asks the learner's item whatever its evidence (it was asked before).
        """
        if len(record.spoken_text.split()) < MIN_PROMPT_WORDS:
            return None
        doc = self.index.documents[record.document]
        people = list(dict.fromkeys([*doc.participants, record.speaker]))
        if len(people) < 2:
            return None
        evidence, before = evidence_for(self.index).asked(record.document, record.index)
        found = level_of(evidence)
        if not review and (found is None or (level is not None and found != level)):
            return None
        cite = citation_out(doc.citation(record.pages))
        speaker = full_name(record.speaker)
        return Question(
            id=qid,
            mode="who_said",
            prompt=quiz_prompt(record),
            choices=[Choice(id=p, text=full_name(p)) for p in people],
            answer=record.speaker,
            citation=cite,
            result_citation=cite,
            # where it was said is the result's citation, shown under these words: said here
            # too, the student read the place twice
            explanation=f"{speaker} said it (labelled “{record.label}” in the transcript).",
            item=self._item(record.document, record.index),
            level=found,
            evidence=round(evidence, 4),
            before=before,
        )

    def _what_next(
        self,
        record: TurnRecord,
        qid: str,
        rng: random.Random,
        avoid: frozenset[str] = frozenset(),
    ) -> Question | None:
        """``avoid``: lines not to offer as wrong choices (:meth:`server.quiz_pool.Plan.wrong`)."""
        if not asks_next(record):
            return None
        doc = self.index.documents[record.document]
        right = self.index.turn(record.document, record.index + 1)
        wrong = plan_for(self.index).wrong(self.index, right, avoid)
        if wrong is None:
            return None
        options = [right, *wrong]
        rng.shuffle(options)
        choices = [line_choice(CHOICES[i], t) for i, t in enumerate(options)]
        answer = CHOICES[options.index(right)]
        others = self._others(options, right)
        opening, closing = outer_marks(right.clean_text)
        quote = f"{full_name(right.speaker)} answered: {opening}"
        return Question(
            id=qid,
            mode="what_next",
            prompt=quiz_prompt(record, speaker=True),
            choices=choices,
            answer=answer,
            citation=citation_out(doc.citation(record.pages)),
            result_citation=citation_out(doc.citation([*record.pages, *right.pages])),
            # the right line's place is the result's citation, shown under these words; the
            # wrong choices' places are said only here
            explanation=(
                f"{quote}{right.clean_text}{closing}{_stop(right.clean_text)} The other choices "
                f"are {full_name(right.speaker)}’s words in other conversations: {others}."
            ),
            explanation_editorial=spans_out(right.editorial, shift=len(quote)),
            item=self._item(right.document, right.index),
            # as a reply shows them: printed after it, up to the next turn or the end
            editorial_after=list(
                self.index.notes_after(self.index.row(right.document, right.index))
            ),
        )

    def _others(self, options: list[TurnRecord], right: TurnRecord) -> str:
        """Where each wrong choice was said, by its letter: "A in vol. XIII, doc. 26, p. 78;
        B and D in vol. XXXIX, doc. 107". A bare list of places ("vol. XIII, doc. 26, vol.
        XXXIX, doc. 107") ran the places together and left the student to guess which was
        which choice's."""
        letters: dict[str, list[str]] = {}
        for letter, turn in zip(CHOICES.upper(), options, strict=True):
            if turn is not right:
                where = _where(self.index.documents[turn.document], list(turn.pages))
                letters.setdefault(where, []).append(letter)
        return "; ".join(f"{' and '.join(ids)} in {where}" for where, ids in letters.items())

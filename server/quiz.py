"""The quiz engine: "who said this?" and "what came next?", drawn from the record.

A quiz is built whole when it starts, from a seed, so the same seed gives the same questions
(tests rely on it) and the quiz can be persisted and resumed (a ``QuizState``). No recorded
turn is asked twice, nor the same words under two ids (a conversation printed in two volumes counts
once). ``what_next`` distractors are the nearest turns by embedding to the right reply, spoken
by the same person in *other* conversations, so they are plausible yet never the answer.
Prompts, choices and explanations quote ``clean_text``, the record as printed with its
editorial marks; the spoken words (``spoken_text``) only decide what is asked and what repeats.
"""

from __future__ import annotations

import random
import re
from typing import Any

from server.activity import Question, QuizState
from server.errors import ProtocolError
from server.protocol import QuizQuestion, QuizResult, QuizSummary
from server.wire import Choice, QuizMode, QuizPrompt, citation_out, turn_out
from transcripts import DocumentRecord, full_name

# A prompt shorter than this says too little to be asked about ("Yes.", "All right.").
MIN_PROMPT_WORDS = 6
MIN_CHOICE_WORDS = 3
CHOICES = "abcd"


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _document_number(doc: DocumentRecord) -> str:
    return f"Document {doc.number} ({doc.volume})"


def _pages(pages: list[int]) -> str:
    pages = sorted(set(pages))
    if not pages:
        return "page not printed"
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}–{pages[-1]}"


class QuizEngine:
    """Builds quizzes from an ``embeddings.Index`` (turn records, documents, neighbours)."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self._canonical = self._canonical_documents()

    def _canonical_documents(self) -> set[str]:
        """One id per conversation: of documents printed twice, the first by id is asked."""
        keep = set()
        for doc_id, doc in self.index.documents.items():
            if not doc.dialogue:
                continue
            twins = [d for d in doc.same_as if d in self.index.documents]
            if all(doc_id < twin for twin in twins):
                keep.add(doc_id)
        return keep

    def build(
        self,
        mode: QuizMode,
        count: int,
        *,
        seed: int,
        document: str | None = None,
        volume: str | None = None,
    ) -> list[Question]:
        """Up to ``count`` questions; blocking (it reads the vectors): call from a worker."""
        if document is not None and document not in self.index.documents:
            raise ProtocolError(
                "unknown_document",
                f"No document {document!r} in the index; ids look like 'frus1969-76v39/d107' "
                "(GET /api/documents lists them).",
                field="document",
            )
        docs = {document} if document is not None else self._canonical
        if volume is not None:
            docs = {d for d in docs if self.index.documents[d].volume == volume}
        candidates = [r for r in self.index.records if r.document in docs]
        rng = random.Random(seed)
        rng.shuffle(candidates)
        questions: list[Question] = []
        asked: set[str] = set()
        make = self._who_said if mode == "who_said" else self._what_next
        for record in candidates:
            if len(questions) == count:
                break
            key = _key(record.spoken_text)
            if key in asked:
                continue
            question = make(record, f"q{len(questions) + 1}", rng)
            if question is not None:
                asked.add(key)
                questions.append(question)
        if not questions:
            where = document or volume or "the index"
            raise ProtocolError(
                "quiz_unavailable",
                f"No {mode} question can be drawn from {where}; choose another document or "
                "volume, or none.",
            )
        return questions

    def _who_said(self, record: Any, qid: str, rng: random.Random) -> Question | None:
        if len(record.spoken_text.split()) < MIN_PROMPT_WORDS:
            return None
        doc = self.index.documents[record.document]
        people = list(dict.fromkeys([*doc.participants, record.speaker]))
        if len(people) < 2:
            return None
        cite = citation_out(doc.citation(record.pages))
        speaker = full_name(record.speaker)
        return Question(
            id=qid,
            mode="who_said",
            prompt=QuizPrompt(text=record.clean_text, document=record.document, turn=record.index),
            choices=[Choice(id=p, text=full_name(p)) for p in people],
            answer=record.speaker,
            citation=cite,
            result_citation=cite,
            explanation=(
                f"{speaker} said it (labelled “{record.label}” in the transcript), "
                f"{_document_number(doc)}, {_pages(list(record.pages))}."
            ),
        )

    def _what_next(self, record: Any, qid: str, rng: random.Random) -> Question | None:
        words = len(record.spoken_text.split())
        if record.reply_stop <= record.index + 1 or words < MIN_PROMPT_WORDS:
            return None
        doc = self.index.documents[record.document]
        right = self.index.turn(record.document, record.index + 1)
        if len(right.spoken_text.split()) < MIN_CHOICE_WORDS:
            return None
        conversation = {record.document, *doc.same_as}
        seen = {_key(right.spoken_text)}
        wrong = []
        for doc_id, turn_index, _score in self.index.neighbours(
            right.document, right.index, 12, speaker=right.speaker, exclude_document=doc.id
        ):
            other = self.index.turn(doc_id, turn_index)
            key = _key(other.spoken_text)
            short = len(other.spoken_text.split()) < MIN_CHOICE_WORDS
            if doc_id in conversation or key in seen or short:
                continue
            seen.add(key)
            wrong.append(other)
            if len(wrong) == 3:
                break
        if len(wrong) < 3:
            return None
        options = [right, *wrong]
        rng.shuffle(options)
        choices = [
            Choice(id=CHOICES[i], text=t.clean_text, speaker=t.speaker)
            for i, t in enumerate(options)
        ]
        answer = CHOICES[options.index(right)]
        others = ", ".join(
            dict.fromkeys(_document_number(self.index.documents[t.document]) for t in wrong)
        )
        return Question(
            id=qid,
            mode="what_next",
            prompt=QuizPrompt(
                speaker=record.speaker,
                text=record.clean_text,
                document=record.document,
                turn=record.index,
            ),
            choices=choices,
            answer=answer,
            citation=citation_out(doc.citation(record.pages)),
            result_citation=citation_out(doc.citation([*record.pages, *right.pages])),
            explanation=(
                f"{full_name(right.speaker)} answered: “{right.clean_text}” "
                f"({_document_number(doc)}, {_pages(list(right.pages))}). The other choices are "
                f"{full_name(right.speaker)}’s words in other conversations: {others}."
            ),
        )

    # --- messages ---------------------------------------------------------------------------

    def question_message(
        self, quiz_id: str, question: Question, number: int, total: int
    ) -> QuizQuestion:
        context = []
        if question.mode == "what_next":
            turn = self.index.turn(question.prompt.document, question.prompt.turn)
            if turn.index > 0:
                context = [turn_out(self.index.turn(turn.document, turn.index - 1))]
        return QuizQuestion(
            quiz=quiz_id,
            id=question.id,
            number=number,
            total=total,
            mode=question.mode,
            prompt=question.prompt,
            context=context,
            choices=question.choices,
            citation=question.citation,
        )


def start_state(quiz_id: str, mode: QuizMode, questions: list[Question]) -> QuizState:
    return QuizState(quiz=quiz_id, mode=mode, questions=questions)


def answer(state: QuizState, question_id: str, given: str) -> tuple[QuizResult, QuizState]:
    """Score ``given`` against the current question; the result and the state after it."""
    question = state.question
    if question_id != question.id:
        raise ProtocolError(
            "wrong_question",
            f"Question {question_id!r} is not the one waiting for an answer; answer "
            f"{question.id!r}.",
            field="id",
        )
    ids = [c.id for c in question.choices]
    if given not in ids:
        raise ProtocolError(
            "invalid_choice",
            f"{given!r} is not a choice of question {question.id!r}; answer one of: "
            f"{', '.join(ids)}.",
            field="answer",
        )
    correct = given == question.answer
    state = state.model_copy(
        update={"current": state.current + 1, "score": state.score + int(correct)}
    )
    result = QuizResult(
        quiz=state.quiz,
        id=question.id,
        correct=correct,
        given=given,
        answer=question.answer,
        explanation=question.explanation,
        citation=question.result_citation,
        score=state.score,
        answered=state.current,
    )
    return result, state


def summary(state: QuizState) -> QuizSummary:
    return QuizSummary(
        quiz=state.quiz, mode=state.mode, score=state.score, total=len(state.questions)
    )

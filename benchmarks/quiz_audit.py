"""Audit the quiz's questions as a history teacher would: how many fall in each problem class.

Draws every question the engine can ask (server/quiz.py, the same items as the Anki deck) over
the whole record and within the topic scenarios (GET /api/scenarios' "topic:" ones): "Who
said it?" at each difficulty and "What came next?", and counts, for each kind, the questions
in each class of problem a teacher raises:

- ``short_prompt``: the quoted line says fewer than six words (a bare "Yes." or
  "[omission in transcript]" is a guess);
- ``label_in_text``: a speaker's label ("K:", "Dobrynin:") inside a shown text;
- ``footnote_glued``: a footnote number glued to a word ("agreement.3");
- ``editorial_heavy``: the editors' marks are half the quoted line or more;
- ``same_reading``: two choices that read the same (server/choices.py ``same_reading``);
- ``length_tell``: the right answer is the longest or shortest choice by half again;
- ``ending_tell``: the right answer alone ends as it does ("?", a dash, an ellipsis); with
  ``--examples``, how often a guess by form (the longest, the shortest, the one ending alone)
  is right: near a quarter, it tells nothing;
- ``foreign_name``: a wrong choice names a topical name (a name the record writes with a
  capital inside a sentence, said in at most a sixth of its conversations, days and months
  aside: Cyprus, Sadat, the Security Council) that the question's conversation never says:
  a student who knows what the call was about strikes it out;
- ``reused``: a wrong choice offered as wrong in five or more of the kind's questions (a
  student who has met it twice knows it is never the answer); beside the classes,
  ``most_offered``, the most questions one line is offered as wrong in, and ``lines_in_5+``,
  the lines offered in five or more.

The pool's "What came next?" questions are judged each as drawn alone (a review of its item):
drawn as one quiz of every question, each would keep its wrong choices apart from the lines
the others show, as no quiz a student takes (50 questions at most) does.

Then quizzes as a student takes them: ``QUIZZES`` seeded "What came next?" quizzes of ten
over the whole record, and how many hold a wrong choice that another of their questions shows (its
line, the line shown before it, a "What came next?"'s answer): a student who remembers
question 3 rules it out in question 7, or learns question 7's answer from it
(``wrong_shown``), and how many offer one line as wrong in two questions (``wrong_twice``).

The judge's classes are its own (only ``same_reading`` is the engine's rule), so the counts
can be compared across versions: run it with ``PYTHONPATH`` at the version to judge.

Run: python benchmarks/quiz_audit.py --index DIR [--examples 3]
(build the index of the shipped corpus first: backchannel build --index DIR).
"""

from __future__ import annotations

import argparse
import calendar
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from embeddings import Index
from embeddings.lexical import Lexical
from embeddings.shared_name import record_names
from server.activity import Question
from server.choices import same_reading
from server.errors import ProtocolError
from server.quiz import QuizEngine
from server.quiz_scope import QuizScope, quiz_scope
from server.wire import Level, QuizMode
from transcripts.scenarios import scenarios

LABEL = re.compile(r"(?:^|\s)(?:K|D|HAK|Kissinger|Dobrynin|Haig)\s*:")
GLUED = re.compile(r"[A-Za-z][.,;:”’\"]?\d{1,2}(?=\s|$)")
CALENDAR = {s for w in (*calendar.day_name, *calendar.month_name) if w for s in Lexical.tokens(w)}
REUSED = 5
QUIZZES = 100
KINDS: tuple[tuple[QuizMode, Level | None], ...] = (
    ("who_said", None),
    ("who_said", "clear"),
    ("who_said", "subtle"),
    ("what_next", None),
)
MODES: tuple[QuizMode, ...] = ("who_said", "what_next")
CLASSES = (
    "short_prompt",
    "label_in_text",
    "footnote_glued",
    "editorial_heavy",
    "same_reading",
    "length_tell",
    "ending_tell",
    "foreign_name",
    "reused",
)


def ending(text: str) -> str:
    end = text.rstrip().rstrip('”"’)')
    if end.endswith(("—", "-")):
        return "dash"
    if end.endswith(("…", "...", ". . .")):
        return "ellipsis"
    return end[-1:] if end[-1:] in "?!" else "."


def _odd_ending(texts: list[str]) -> int | None:
    endings = [ending(t) for t in texts]
    alone = [i for i, e in enumerate(endings) if endings.count(e) == 1]
    return alone[0] if len(alone) == 1 else None


# A student's guess from the choices' form alone: right in a quarter of questions is no tell.
GUESSES: dict[str, Callable[[list[str]], int | None]] = {
    "longest right": lambda texts: max(range(len(texts)), key=lambda i: len(texts[i])),
    "shortest right": lambda texts: min(range(len(texts)), key=lambda i: len(texts[i])),
    "odd ending right": _odd_ending,
}


def guessed(questions: list[Question], pick: Callable[[list[str]], int | None]) -> float:
    """How often a guess by form picks the right answer, of the questions it picks in."""
    picked = [(q, pick([c.text for c in q.choices])) for q in questions]
    tried = [(q, i) for q, i in picked if i is not None]
    return sum(q.choices[i].id == q.answer for q, i in tried) / max(len(tried), 1)


class Judge:
    """The classes of one question, over the index it was drawn from."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.by_text = {r.clean_text: r for r in index.records}
        said: dict[str, set[str]] = {}
        for r in index.records:
            said.setdefault(self.conversation(r.document), set()).update(
                Lexical.tokens(r.spoken_text)
            )
        spread = Counter(s for words in said.values() for s in words)
        names = record_names([r.spoken_text for r in index.records])
        self.topical = {s for s in names if spread[s] <= len(said) / 6} - CALENDAR
        self.said = said

    def conversation(self, document: str) -> str:
        twins = [d for d in self.index.documents[document].same_as if d in self.index.documents]
        return min([document, *twins])

    def classes(self, q: Question, reuse: Counter[str]) -> set[str]:
        record = self.index.turn(q.prompt.document, q.prompt.turn)
        shown = [q.prompt.text]
        if q.prompt.turn and (q.mode == "what_next" or q.before):
            shown.append(self.index.turn(q.prompt.document, q.prompt.turn - 1).clean_text)
        found = set()
        if len(record.spoken_text.split()) < 6:
            found.add("short_prompt")
        marked = sum(s.end - s.start for s in record.editorial)
        if marked * 2 >= len(record.clean_text):
            found.add("editorial_heavy")
        if q.mode == "what_next":
            shown += [c.text for c in q.choices]
            right = next(c for c in q.choices if c.id == q.answer)
            wrong = [c for c in q.choices if c.id != q.answer]
            texts = [c.text for c in q.choices]
            if any(same_reading(a, b) for i, a in enumerate(texts) for b in texts[i + 1 :]):
                found.add("same_reading")
            longest = max(len(c.text) for c in wrong)
            shortest = min(len(c.text) for c in wrong)
            if len(right.text) >= 1.5 * longest or 1.5 * len(right.text) <= shortest:
                found.add("length_tell")
            if [ending(t) for t in texts].count(ending(right.text)) == 1:
                found.add("ending_tell")
            own = self.said[self.conversation(q.prompt.document)]
            for c in wrong:
                stems = set(Lexical.tokens(self.by_text[c.text].spoken_text))
                if (stems & self.topical) - own:
                    found.add("foreign_name")
                if reuse[c.text] >= REUSED:
                    found.add("reused")
        if any(LABEL.search(t) for t in shown):
            found.add("label_in_text")
        if any(GLUED.search(t) for t in shown):
            found.add("footnote_glued")
        return found


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def shown_lines(index: Index, q: Question) -> set[str]:
    """What ``q`` puts before the student as recorded lines (its words), choices aside."""
    lines = {q.prompt.text}
    if q.prompt.turn and (q.mode == "what_next" or q.before):
        lines.add(index.turn(q.prompt.document, q.prompt.turn - 1).clean_text)
    if q.mode == "what_next":
        lines.add(next(c.text for c in q.choices if c.id == q.answer))
    return {words(t) for t in lines}


def wrong_shown(index: Index, quiz: list[Question]) -> bool:
    """Whether a wrong choice of the quiz is a line another of its questions shows."""
    for n, q in enumerate(quiz):
        others = set().union(*(shown_lines(index, o) for m, o in enumerate(quiz) if m != n))
        if q.mode == "what_next" and any(
            words(c.text) in others for c in q.choices if c.id != q.answer
        ):
            return True
    return False


def wrong_twice(quiz: list[Question]) -> bool:
    """Whether one line is offered as wrong in two questions of the quiz."""
    offered = [words(c.text) for q in quiz for c in q.choices if c.id != q.answer]
    return len(offered) != len(set(offered))


def quizzes(judge: Judge, engine: QuizEngine) -> None:
    """Seeded "What came next?" quizzes of ten, as a student takes them, judged as a whole;
    their questions' form too (a quiz's wrong choices kept apart must not give the answer)."""
    drawn = [engine.build("what_next", 10, seed=seed) for seed in range(1, QUIZZES + 1)]
    shown = sum(wrong_shown(engine.index, quiz) for quiz in drawn)
    twice = sum(wrong_twice(quiz) for quiz in drawn)
    asked = [q for quiz in drawn for q in quiz]
    tells = Counter(c for q in asked for c in judge.classes(q, Counter()) if c.endswith("_tell"))
    print(
        f"what_next quizzes of ten {len(drawn)}  wrong_shown {shown}  wrong_twice {twice}  "
        f"questions {len(asked)}  " + "  ".join(f"{c} {n}" for c, n in sorted(tells.items()))
    )
    print("    " + "  ".join(f"{n} {guessed(asked, pick):.3f}" for n, pick in GUESSES.items()))


def alone(
    engine: QuizEngine, questions: list[Question], within: QuizScope | None
) -> list[Question]:
    """Each "What came next?" of ``questions`` as drawn by itself (a review of its item)."""
    return [
        engine.build_review([(q.item, q.mode)], 1, seed=1, within=within)[0]
        if q.mode == "what_next"
        else q
        for q in questions
    ]


def audit(judge: Judge, label: str, questions: list[Question], examples: int) -> None:
    reuse: Counter[str] = Counter(
        c.text for q in questions if q.mode == "what_next" for c in q.choices if c.id != q.answer
    )
    counts: Counter[str] = Counter()
    shown: dict[str, list[str]] = {}
    for q in questions:
        for problem in judge.classes(q, reuse):
            counts[problem] += 1
            shown.setdefault(problem, []).append(f"{q.prompt.document}#{q.prompt.turn}")
    row = "  ".join(f"{c} {counts[c]}" for c in CLASSES if counts[c] or c in ("foreign_name",))
    if reuse:  # the line offered as wrong most often, and the lines offered in 5+ questions
        row += f"  most_offered {max(reuse.values())}  lines_in_5+ "
        row += str(sum(n >= REUSED for n in reuse.values()))
    print(f"{label:<34} {len(questions):>4}  {row}")
    asked = [q for q in questions if q.mode == "what_next"]
    if asked and examples:
        print("    " + "  ".join(f"{n} {guessed(asked, pick):.3f}" for n, pick in GUESSES.items()))
    for problem, where in sorted(shown.items()):
        if examples:
            print(f"    {problem}: {', '.join(where[:examples])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--examples", type=int, default=0, help="doc#turn shown per class")
    args = parser.parse_args()
    index = Index.load(args.index)
    engine = QuizEngine(index)
    judge = Judge(index)
    topics = [s for s in scenarios(index.documents.values()) if s.id.startswith("topic:")]
    for mode, level in KINDS:
        kind = f"{mode}{'/' + level if level else ''}"
        drawn = alone(engine, engine.build(mode, 10_000, seed=1, level=level), None)
        audit(judge, kind, drawn, args.examples)
    for scenario in topics:
        within = quiz_scope(index, scenario, "AUDIT")
        for mode in MODES:
            try:
                questions = engine.build(mode, 10_000, seed=1, within=within)
            except ProtocolError:  # nothing of this kind in the scenario
                questions = []
            audit(judge, f"  {scenario.id} {mode}", alone(engine, questions, within), 0)
    quizzes(judge, engine)


if __name__ == "__main__":
    main()

"""Judge "Who said it?" questions by the speaker model's evidence: the quiz's against a baseline.

Generates N who_said questions the way the server does (several seeds, unfiltered), and N
drawn the old way (any line of six words or more, no evidence rule), and prints for both how
many carry a clear cue (evidence >= 0.9), a subtle one (0.7-0.9) or none, how many show the
line before, and how many name a reader's cue outright ("Anatol", "Henry", "Moscow", "my
Government", "the President"). Evidence is the held-out probability of the true speaker
(server/evidence.py: each conversation scored by a model fitted without it).

Run: python benchmarks/quiz_evidence.py --index DIR [--questions 100] [--seed 1]
(build the index of the shipped corpus first: backchannel build --index DIR).
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter
from pathlib import Path

from embeddings import Index
from server.evidence import CLEAR, CUES, SUBTLE, evidence_for
from server.quiz import MIN_PROMPT_WORDS, QuizEngine


def judged(label: str, rows: list[tuple[float, bool, str]]) -> None:
    levels = Counter(
        "clear" if e >= CLEAR else "subtle" if e >= SUBTLE else "none" for e, _, _ in rows
    )
    cue = sum(any(re.search(c, text, re.IGNORECASE) for c in CUES) for _, _, text in rows)
    before = sum(b for _, b, _ in rows)
    mean = sum(e for e, _, _ in rows) / len(rows)
    print(
        f"{label:<28} {len(rows):>4}  clear {levels['clear']:>3}  subtle {levels['subtle']:>3}  "
        f"none {levels['none']:>3}  line before shown {before:>3}  named cue {cue:>3}  "
        f"mean evidence {mean:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    index = Index.load(args.index)
    started = time.perf_counter()
    scores = evidence_for(index)
    took = time.perf_counter() - started
    print(f"speaker model fitted (leave-one-conversation-out) in {took:.1f} s")
    engine = QuizEngine(index)

    quiz: list[tuple[float, bool, str]] = []
    asked: set[str] = set()
    seed = args.seed
    while len(quiz) < args.questions:
        for q in engine.build("who_said", 10, seed=seed):
            if q.item not in asked and len(quiz) < args.questions:
                asked.add(q.item)
                quiz.append((q.evidence or 0.0, q.before, q.prompt.text))
        seed += 1

    rng = random.Random(args.seed)
    pool = [r for r in index.records if len(r.spoken_text.split()) >= MIN_PROMPT_WORDS]
    baseline = [
        (scores.alone(r.document, r.index), False, r.spoken_text)
        for r in rng.sample(pool, min(args.questions, len(pool)))
    ]
    judged("baseline (any line, 6+ words)", baseline)
    judged("quiz (evidence rule)", quiz)
    for level in ("clear", "subtle"):
        count = 0
        for q in engine.build("who_said", args.questions, seed=args.seed, level=level):
            count += q.level == level
        print(f"level={level}: {count} questions available in one quiz of up to {args.questions}")


if __name__ == "__main__":
    main()

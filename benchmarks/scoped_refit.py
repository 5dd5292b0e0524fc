"""How does the tier model do on searches within a scenario, shipped and refitted for them?

The tier model was fitted on searches over the whole record; a class may be held to a scenario
(one conversation, a topic, a volume: ``respond(..., scope=...)``), where a line's candidates
are only the scenario's turns and its evidence (``behind``, ``conversation``, ``around``) is
read among them. Here the dev lines are asked as a class in each built-in scenario would ask
them: every scenario whose turns fit some dev line (a conversation that holds a fitting turn,
a topic, a volume), with every line a turn of the scenario fits and, per such line, a fixed
seeded sample of three lines none of its turns fits: one nothing in the record answers
(off-topic, hostile, a free line without fits) and two the record answers elsewhere (a line
about another conversation, which the scenario must refuse). The right answer within a
scenario is a turn of it that fits (``Judge.fits``), else a refusal.

Each line is answered by ``respond`` itself (``tier_refit.answered``), with the shipped models
(``SCOPED_TIERS``, the one a scoped search uses, in-sample; ``TIERS``, the whole record's) and
with refits, each judged on lines it was not fitted on (five folds of dev lines: a line's every
scenario in one fold, ``--deals`` deals): *scoped*, fitted on the scoped searches' candidates;
*both*, on those and the whole-record searches' together; *chosen*, *both* with its bias moved
so that its fit of ``CHOSEN_BAR`` reads the shipped bar (``SCOPED_TIERS`` is it fitted on every
dev line). Per kind of scenario and bar: fitting answers, nonsense shown, lines a turn of the
scenario fits refused, lines none fits refused.

``python benchmarks/scoped_refit.py --index /tmp/idx`` (dev: 6,983 searches per model and
deal, ~20 min on two loaded cores); ``--holdout [SET ...]`` asks the held-out sets (all, or
those named) the same way with the models fitted on every dev line (run it once, after
choosing); ``--fit`` prints the chosen refit fitted on every dev line, as ``SCOPED_TIERS`` is
written in embeddings/tiers.py (docs/quality.md, "The tier model within a scenario").
"""

from __future__ import annotations

import argparse
import glob
import zlib
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from tier_deals import DATA, dev_sets
from tier_refit import Outcome, answered

from embeddings import RolePlay
from embeddings.eval_sets import EvalItem, load_items
from embeddings.evaluate import Judge, candidate_evidence
from embeddings.tiers import THRESHOLD, TIERS, FitModel, fit_model
from transcripts import scenarios

KINDS = ("conversation", "topic", "volume")
ELSEWHERE, NOWHERE = 2, 1  # lines sampled per fitting line: answered elsewhere, nowhere
# The refit shipped as SCOPED_TIERS: fitted on the scoped and whole-record searches together,
# its bar 0.8 (the fewest lines of nonsense for as many fitting answers as TIERS, within 1 %)
CHOSEN_BAR = 0.8


@dataclass(frozen=True)
class Asked:
    """A line (its number among the set's ``items``) asked within a scenario."""

    line: int
    scenario: str
    kind: str
    documents: frozenset[str]
    on_topic: bool  # a turn of the scenario fits it


def fitting_documents(roleplay: RolePlay, judge: Judge, items: list[EvalItem]) -> list[set[str]]:
    """Per line, the conversations holding a turn that fits it (one its side may match)."""
    records, out = roleplay.index.records, []
    masks = {side: np.flatnonzero(roleplay.prompt_mask(side)) for side in {i.as_ for i in items}}
    for item in items:
        rows = masks[item.as_] if item.on_topic else []
        out.append({records[r].document for r in rows if judge.fits(item, r)})
    return out


def asked_within(roleplay: RolePlay, items: list[EvalItem]) -> list[Asked]:
    """Every scenario holding a turn that fits some line: its fitting lines, and per fitting
    line a sample (seeded by the scenario's id) of lines it must refuse."""
    held = fitting_documents(roleplay, Judge(roleplay), items)
    nowhere = [n for n, item in enumerate(items) if not item.on_topic]
    out = []
    for found in scenarios(roleplay.index.documents.values()):
        documents = frozenset(found.documents)
        fitting = [n for n, docs in enumerate(held) if docs & documents]
        if not fitting:
            continue
        elsewhere = [n for n, docs in enumerate(held) if docs and not docs & documents]
        rng = np.random.default_rng(zlib.crc32(found.id.encode()))
        refuse = [
            *rng.choice(nowhere, min(NOWHERE * len(fitting), len(nowhere)), replace=False),
            *rng.choice(elsewhere, min(ELSEWHERE * len(fitting), len(elsewhere)), replace=False),
        ]
        for n, on in [*((n, True) for n in fitting), *((int(n), False) for n in refuse)]:
            out.append(Asked(n, found.id, found.kind, documents, on))
    return out


def outcomes(
    roleplay: RolePlay, items: list[EvalItem], asked: list[Asked], models: list[FitModel]
) -> list[Outcome]:
    """Each line answered within its scenario by ``respond``, with its own model."""
    return answered(
        roleplay,
        [items[a.line] for a in asked],
        [a.kind for a in asked],
        models,
        [a.documents for a in asked],
        [a.on_topic for a in asked],
    )


def show(name: str, runs: list[list[Outcome]], bar: float) -> None:
    """One row: per kind and in all, the mean over ``runs`` of fitting answers, nonsense,
    refused with a fitting turn in the scenario, refused with none."""
    cells = []
    for kind in (*KINDS, "all"):
        counts = np.mean(
            [
                sum((np.array(o.at(bar)) for o in run if kind in ("all", o.group)), np.zeros(4))
                for run in runs
            ],
            axis=0,
        )
        cells.append(" ".join(f"{c:6.1f}" for c in counts))
    print(f"{name:8} {bar:.2f} | " + " | ".join(cells), flush=True)


def refits(
    x: np.ndarray,
    y: np.ndarray,
    of: np.ndarray,
    line: np.ndarray,
    held: np.ndarray,
    bar: float | None = None,
) -> FitModel:
    """The model fitted on the candidates (``of``: their search) of lines not in ``held``;
    with ``bar``, its bias moved so that a fit of ``bar`` reads ``THRESHOLD`` (the bar the
    server asks every search for: the refit at ``bar`` under the shipped bar)."""
    train = ~np.isin(line[of], held)
    model = fit_model(x[train], y[train], of[train])
    if bar is None:
        return model
    logit = np.log(THRESHOLD / (1 - THRESHOLD)) - np.log(bar / (1 - bar))
    return replace(model, bias=model.bias + float(logit))


def scoped_fits(
    roleplay: RolePlay, dev: list[EvalItem], asked: list[Asked], names: list[str]
) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, float | None]]:
    """The candidates each refit of ``names`` is fitted on (evidence, fits, the search of
    each: the ``asked`` searches' numbers, then the dev lines' over the whole record after
    them), and its bar (None: as fitted)."""
    if not names:
        return {}
    scoped = candidate_evidence(
        roleplay, [dev[a.line] for a in asked], [a.documents for a in asked]
    )
    whole = candidate_evidence(roleplay, dev)
    both = (
        np.vstack([scoped[0], whole[0]]),
        np.concatenate([scoped[1], whole[1]]),
        np.concatenate([scoped[2], whole[2] + len(asked)]),
    )
    fits = {"scoped": (*scoped[:3], None), "both": (*both, None), "chosen": (*both, CHOSEN_BAR)}
    return {name: fits[name] for name in names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--deals", type=int, default=3)
    parser.add_argument("--bars", type=float, nargs="*", default=[0.6, 0.7, 0.75, 0.8, 0.85])
    parser.add_argument("--refits", nargs="*", default=["scoped", "both", "chosen"])
    parser.add_argument(
        "--holdout", nargs="*", metavar="SET", help="held-out sets (all: none named)"
    )
    parser.add_argument("--fit", action="store_true")
    args = parser.parse_args()

    roleplay = RolePlay.load(Path(args.index))
    shipped_model = roleplay.scoped_model  # answered() sets both models as it goes
    dev = [item for name in dev_sets() for item in load_items(DATA / name)]
    asked = asked_within(roleplay, dev)
    fits = scoped_fits(roleplay, dev, asked, args.refits)
    line = np.array([a.line for a in asked] + list(range(len(dev))))
    none = np.array([], dtype=int)
    if args.fit:
        x, y, of, bar = fits["chosen"]
        print(literal(refits(x, y, of, line, none, bar)))
        return
    if args.holdout is not None:
        names = args.holdout or sorted(
            Path(p).name for p in glob.glob(str(DATA / "*holdout*.jsonl"))
        )
        items = [item for name in names for item in load_items(DATA / name)]
        asked_out = asked_within(roleplay, items)
        fitted = {"shipped": shipped_model, "TIERS": TIERS}
        fitted |= {
            name: refits(x, y, of, line, none, bar) for name, (x, y, of, bar) in fits.items()
        }
        print(f"held out: {len(items)} lines asked {len(asked_out)} times within scenarios")
        runs = {
            k: outcomes(roleplay, items, asked_out, [m] * len(asked_out)) for k, m in fitted.items()
        }
        header()
        for bar in args.bars:
            for name, run in runs.items():
                show(name, [run], bar)
        return
    print(
        f"{len(dev)} dev lines asked {len(asked)} times within "
        f"{len({a.scenario for a in asked})} scenarios "
        + ", ".join(f"{k} {sum(a.kind == k for a in asked)}" for k in KINDS)
    )
    shipped = outcomes(roleplay, dev, asked, [shipped_model] * len(asked))
    runs: dict[str, list[list[Outcome]]] = defaultdict(list)
    runs["TIERS"].append(outcomes(roleplay, dev, asked, [TIERS] * len(asked)))
    rng = np.random.default_rng(0)
    for deal in range(args.deals):
        order = np.arange(len(dev)) if deal == 0 else rng.permutation(len(dev))
        for name, (x, y, of, bar) in fits.items():
            models: list[FitModel] = [TIERS] * len(asked)
            for k in range(5):
                model = refits(x, y, of, line, np.flatnonzero(order % 5 == k), bar)
                for n, a in enumerate(asked):
                    if order[a.line] % 5 == k:
                        models[n] = model
            runs[name].append(outcomes(roleplay, dev, asked, models))
        print(f"deal {deal} done", flush=True)
    header()
    for bar in args.bars:
        show("shipped", [shipped], bar)
        for name, run in runs.items():
            show(name, run, bar)


def literal(model: FitModel) -> str:
    """``model`` as ``SCOPED_TIERS`` is written in embeddings/tiers.py."""

    def rows(values: tuple[float, ...]) -> str:
        return "".join(f"        {v:.4f},\n" for v in values)

    return (
        f"SCOPED_TIERS = FitModel(\n    weights=(\n{rows(model.weights)}    ),\n"
        f"    bias={model.bias:.4f},\n    mean=(\n{rows(model.mean)}    ),\n"
        f"    scale=(\n{rows(model.scale)}    ),\n    threshold=THRESHOLD,\n)"
    )


def header() -> None:
    kinds = " | ".join(f"{k:>27}" for k in (*KINDS, "all"))
    print(
        f"model    bar  | {kinds}\n"
        "(each: fitting, nonsense, refused on-topic, refused nothing fits)"
    )


if __name__ == "__main__":
    main()

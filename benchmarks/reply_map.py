"""Tried and not adopted (docs/quality.md): a response-selection map learned from the record.

Every turn with a reply from the other man (Kissinger -> Dobrynin, and Dobrynin -> Kissinger
for the reverse role) gives a pair: the turn's *turn* view vector (labelled, as a student's line
is encoded) and its reply's vector (the unit mean of the reply turns' *turn* or *plain*
vectors). A ridge map W per side, closed form, fitted on those pairs only (never an evaluation
line), predicts a reply's vector from a line's; for a student's line q and a candidate whose
recorded reply is r, cos(W q, r) is evidence that the reply answers *this* line. It is tried as
a thirteenth tier feature (and ``--rerank`` as a term of the rerank's score), the tier model
refitted on every dev line: the held-out figures of ``backchannel eval --calibrate`` (five
folds, line number mod 5, over the dev sets in its order) and the means of 7 deals of five
folds (as ``benchmarks/tier_deals.py`` deals them).

    python benchmarks/reply_map.py --index DIR [--rerank]
"""

from __future__ import annotations

import argparse
import glob
from pathlib import Path

import numpy as np

from embeddings import RolePlay
from embeddings.eval_sets import load_items
from embeddings.evaluate import Judge, evaluate, held_out_figures
from embeddings.tiers import THRESHOLD, fit_model

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SIDES = ("kissinger", "dobrynin")
SHOWN = (
    "free_dev.jsonl",
    "free_dev_b.jsonl",
    "free_dev_c.jsonl",
    "free_dobrynin_dev.jsonl",
    "free_dobrynin_dev_b.jsonl",
    "dev_loose.jsonl",
    "dev_loose_b.jsonl",
    "dev_loose_dobrynin.jsonl",
    "dev_close.jsonl",
    "dev_texting.jsonl",
    "hostile_dev.jsonl",
)
GROUPS = {
    "loose": (("dev_loose.jsonl", None), ("dev_loose_b.jsonl", None)),
    "loose as Dobrynin": (("dev_loose_dobrynin.jsonl", None),),
    "free as Kissinger": (
        ("free_dev.jsonl", None),
        ("free_dev_b.jsonl", None),
        ("free_dev_c.jsonl", "kissinger"),
    ),
    "free as Dobrynin": (
        ("free_dobrynin_dev.jsonl", None),
        ("free_dobrynin_dev_b.jsonl", None),
        ("free_dev_c.jsonl", "dobrynin"),
    ),
    "off-topic and hostile": (
        ("dev_offtopic.jsonl", None),
        ("dev_offtopic_b.jsonl", None),
        ("dev_offtopic_c.jsonl", None),
        ("hostile_dev.jsonl", None),
    ),
}


def unit(a: np.ndarray) -> np.ndarray:
    return a / np.maximum(np.linalg.norm(a, axis=-1, keepdims=True), 1e-9)


def dev_sets() -> list[str]:
    """The sets `eval` reads in the docs' command, in its order; never a holdout set."""
    names = ["dev_*.jsonl", "free_dev*.jsonl", "free_dobrynin_dev*.jsonl", "hostile_dev.jsonl"]
    return [Path(p).name for n in names for p in sorted(glob.glob(str(DATA / n)))]


def ridge(x: np.ndarray, y: np.ndarray, lam: float, toward_identity: bool):
    """W = (XᵀX + λI)⁻¹(XᵀY [+ λI]) on centred pairs: shrunk toward 0 (the plain ridge) or
    toward the identity (a reply is near its line)."""
    mx, my = x.mean(0), y.mean(0)
    xc, yc = x - mx, y - my
    eye = np.eye(x.shape[1])
    w = np.linalg.solve(xc.T @ xc + lam * eye, xc.T @ yc + (lam * eye if toward_identity else 0))
    return w, mx, my


def cross_validated(x, y, documents, toward_identity):
    """λ by five folds of conversations: held-out squared error for the plain ridge, held-out
    MRR of the true reply among all this side's replies for the ridge toward identity; and
    the held-out MRR of the chosen λ and of no map at all (cos(x, r))."""
    docs = sorted(set(documents))
    fold = np.array([docs.index(d) % 5 for d in documents])
    best = None
    for lam in (0.1, 0.3, 1, 2, 3, 5, 10, 30, 100, 300):
        err, rr = 0.0, []
        for k in range(5):
            test = fold == k
            w, mx, my = ridge(x[~test], y[~test], lam, toward_identity)
            pred = (x[test] - mx) @ w
            err += float((((pred + my) - y[test]) ** 2).sum())
            s = unit(pred) @ unit(y - my).T
            rr += [1 / (1 + (s[j] > s[j, t]).sum()) for j, t in enumerate(np.flatnonzero(test))]
        score = float(np.mean(rr)) if toward_identity else -err
        if best is None or score > best[0]:
            best = (score, lam, float(np.mean(rr)))
    s = x @ unit(y).T
    plain = float(np.mean([1 / (1 + (s[t] > s[t, t]).sum()) for t in range(len(x))]))
    return best[1], best[2], plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument(
        "--rerank",
        type=float,
        nargs="*",
        default=[],
        help="also try β · cos(W q, r) added to the rerank's score, each β",
    )
    parser.add_argument("--deals", type=int, default=7)
    args = parser.parse_args()
    rp = RolePlay.load(Path(args.index))
    index = rp.index
    n = len(index)
    vec = np.asarray(index.vectors, dtype=np.float64).reshape(n, index.views, -1)
    turn, plain = vec[:, 0], vec[:, 1]

    def replies(view: np.ndarray) -> np.ndarray:
        out = np.zeros_like(view)
        for i, rec in enumerate(index.records):
            rows = [i + j - rec.index for j in rec.reply_indices]
            if rows:
                out[i] = view[rows].mean(0)
        return unit(out)

    maps = {}
    for name, yview, toward in (
        ("turn, ridge", turn, False),
        ("plain, ridge", plain, False),
        ("turn, toward identity", turn, True),
        ("plain, toward identity", plain, True),
    ):
        r = replies(yview)
        for side in SIDES:
            rows = np.flatnonzero(rp.prompt_mask(side))
            docs = [index.records[i].document for i in rows]
            lam, mrr, none = cross_validated(turn[rows], r[rows], docs, toward)
            print(
                f"{name}, {side}: {len(rows)} pairs, λ {lam}: held-out MRR of the true reply "
                f"{mrr:.3f} (no map {none:.3f})"
            )
            maps[name, side] = (*ridge(turn[rows], r[rows], lam, toward), r)

    sets = dev_sets()
    items, set_of = [], []
    for s in sets:
        for item in load_items(DATA / s):
            items.append(item)
            set_of.append(s)
    judge = Judge(rp)

    def evidence():
        x, y, line_of, rows, q, outright = [], [], [], [], [], []
        for number, item in enumerate(items):
            scores, found, ev = rp.candidates(item.query, as_=item.as_, context=item.context)
            x.append(ev)
            y += [judge.fits(item, r) for r in found[: len(ev)]]
            line_of += [number] * len(ev)
            rows += found[: len(ev)]
            q.append(scores.reading.query)
            line = " ".join(item.query.split())
            read = scores.reading
            refused = rp.refusals.outright(line, read.spoken, read.tokens, read.pieces)
            outright.append(bool(found) and refused is not None)
        return (np.vstack(x), np.array(y), np.array(line_of), np.array(rows), np.array(q), outright)

    def cosine(key, centred, line_of, rows, q):
        out = np.zeros(len(rows))
        for side in SIDES:
            w, mx, my, r = maps[key, side]
            m = np.array([items[n].as_ == side for n in line_of])
            pred = (q[line_of[m]].astype(np.float64) - mx) @ w
            out[m] = (
                unit(pred if centred else pred + my) * unit(r[rows[m]] - (my if centred else 0))
            ).sum(1)
        return out

    def report(label, x, y, line_of, outright):
        def held(fold_of):
            prob = np.zeros(len(y))
            fold = fold_of[line_of]
            for k in range(5):
                t = fold == k
                prob[t] = fit_model(x[~t], y[~t], line_of[~t]).probability(x[t])
            return prob

        def figures(prob, lines):
            return held_out_figures(
                [items[n] for n in lines],
                [prob[line_of == n] for n in lines],
                [y[line_of == n] for n in lines],
                THRESHOLD,
                [outright[n] for n in lines],
            )

        def lines(s, side=None):
            return [
                n for n, name in enumerate(set_of) if name == s and side in (None, items[n].as_)
            ]

        print(f"== {label}")
        calibrated = held(np.arange(len(items)) % 5)
        for s in SHOWN:
            f = figures(calibrated, lines(s))
            print(
                f"  {s:27s} Recall@1 {f['recall@1']:.3f} refused on {f['no_match_on_topic']:.3f} "
                f"off {f['no_match_off_topic']:.3f} fit {f['fit']:.3f} nonsense {f['nonsense']:.3f}"
            )
        rng = np.random.default_rng(0)
        runs = {g: [] for g in GROUPS}
        for deal in range(args.deals):
            order = np.arange(len(items)) if deal == 0 else rng.permutation(len(items))
            prob = held(order % 5)
            for g, parts in GROUPS.items():
                runs[g].append(figures(prob, [n for s, side in parts for n in lines(s, side)]))
        mean = {g: {k: np.mean([r[k] for r in rs]) for k in rs[0]} for g, rs in runs.items()}
        k, d = mean["free as Kissinger"], mean["free as Dobrynin"]
        print(
            f"  {args.deals} deals: loose Recall@1 {mean['loose']['recall@1']:.3f} "
            f"(refused {mean['loose']['no_match_on_topic']:.3f}); loose as Dobrynin "
            f"{mean['loose as Dobrynin']['recall@1']:.3f}; free as Kissinger Recall@1 "
            f"{k['recall@1']:.3f} fit {k['fit']:.3f} nonsense {k['nonsense']:.3f}; as Dobrynin "
            f"Recall@1 {d['recall@1']:.3f} fit {d['fit']:.3f} nonsense {d['nonsense']:.3f}; "
            "off-topic and hostile refused "
            f"{mean['off-topic and hostile']['no_match_off_topic']:.3f}"
        )

    x, y, line_of, rows, q, outright = evidence()
    report("the shipped 12 features, refitted", x, y, line_of, outright)
    for key in maps:
        if key[1] != SIDES[0]:
            continue
        for centred in (False, True):
            f = cosine(key[0], centred, line_of, rows, q)
            report(
                f"+ cos(W q, r), {key[0]}{', centred' if centred else ''}",
                np.column_stack([x, f]),
                y,
                line_of,
                outright,
            )

    final = type(rp.ranking).final
    reply_turn = replies(turn)
    eye = np.eye(turn.shape[1])
    zero = np.zeros(turn.shape[1])
    rerank_maps = {
        "toward identity": {s: maps["turn, toward identity", s][:3] for s in SIDES},
        "ridge": {s: maps["turn, ridge", s][:3] for s in SIDES},
        "none (cos(q, r))": {s: (eye, zero, zero) for s in SIDES},
    }
    masks = {s: rp.prompt_mask(s) for s in SIDES}
    for kind, chosen in rerank_maps.items():
        for beta in args.rerank:

            def reranked(self, scores, picked, beta=beta, chosen=chosen):
                picked = np.asarray(picked)
                side = SIDES[0] if masks[SIDES[0]][picked].all() else SIDES[1]
                w, mx, my = chosen[side]
                bonus = unit(reply_turn[picked] - my) @ unit((scores.reading.query - mx) @ w)
                return final(self, scores, picked) + beta * bonus

            type(rp.ranking).final = reranked
            x2, y2, l2, _, _, out2 = evidence()
            report(f"rerank + {beta} cos(W q, r), map: {kind} (centred)", x2, y2, l2, out2)
            print("  the shipped tier model, `eval`:")
            for s in sets:
                f = evaluate(rp, load_items(DATA / s)).summary()
                print(
                    f"    {s:27s} Recall@1 {f['recall@1']:.3f} refused on "
                    f"{f['no_match_on_topic']:.3f} off {f['no_match_off_topic']:.3f} "
                    f"fit {f['fit']:.3f} nonsense {f['nonsense']:.3f}",
                    flush=True,
                )
            type(rp.ranking).final = final


if __name__ == "__main__":
    main()

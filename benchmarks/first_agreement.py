"""Does a refused first candidate that fits differ from one that does not, by how the views agree?

On the blind held-out sets the pipeline lost Recall@1 to plain nearest-turn search by refusing
fitting turns it ranked first (docs/quality.md, "A sixth held-out set"). This script asks the
same of the dev sets only (never a holdout set):

1. how often the tier model's first candidate fits yet is refused, by set and side, beside
   first candidates that do not fit (the line answerable or not), refused or shown;
2. whether evidence the tier model does not weigh tells a fitting refused first candidate from
   one that does not fit: whether it is also first in plain nearest-turn search (the line as
   typed against the turns' plain vectors, as ``embeddings.baseline`` searches), in each view
   of the index and in BM25; how stable its rank is across them; its margin over the next turn
   in each. Each idea is measured as one more column of tier evidence, the way ``tier_deals.py``
   measures a refit (every dev line's candidates and evidence computed once, the model refitted
   by five folds of lines, mean of ``--deals`` deals, threshold 0.6), beside the 12 features
   refitted the same way; ``--before`` adds tier_deals.py's *before* protocol for each;
3. rules: a refused first candidate answered when it is also first in plain search (and the
   exchange view, ...), at a floor of its fit probability.

Changes are counted in lines (mean over deals ± their spread): a line or two is noise.
``python benchmarks/first_agreement.py --index /tmp/idx`` (docs/quality.md, "Tried and not
adopted: the views' agreement on a refused first turn").
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from tier_deals import DATA, GROUPS, dev_sets, held_out

from embeddings import RolePlay
from embeddings.eval_sets import EvalItem, load_items
from embeddings.evaluate import Judge, held_out_figures
from embeddings.index import Index
from embeddings.search import top_k
from embeddings.texting import standard
from embeddings.tiers import THRESHOLD, fit_model

# The rankings each candidate is placed in: the index's three views (the pipeline's reading of
# the line), BM25, the first stage's fusion, and plain search (the line as typed, plain view).
RANKINGS = ("turn", "plain", "exchange", "bm25", "fused", "typed")
SCORED = tuple(r for r in RANKINGS if r != "fused")  # the rankings a margin is read in
DEPTH = 100  # ranks past the best 100 count as 101
# tier_deals.py's groups, and the dev sets they leave out
SETS = {
    **GROUPS,
    "paraphrases": ("dev_close.jsonl", "dev_reverse.jsonl", "dev_texting.jsonl"),
    "other free lines": (
        "free_dev_hubs.jsonl kissinger",
        "free_dev_hubs.jsonl dobrynin",
        "free_dev_openers.jsonl",
        "free_dev_whatabout.jsonl kissinger",
        "free_dev_whatabout.jsonl dobrynin",
    ),
    "off-topic c": ("dev_offtopic_c.jsonl kissinger", "dev_offtopic_c.jsonl dobrynin"),
}
# tier_deals.py's --added: the sets the shipped model was not fitted on
ADDED = (
    "free_dev_b.jsonl",
    "free_dobrynin_dev_b.jsonl",
    "dev_loose_dobrynin.jsonl",
    "dev_loose_dobrynin_b.jsonl",
)
KEYS = (
    ("recall@1", "on"),
    ("no_match_on_topic", "on"),
    ("no_match_off_topic", "off"),
    ("fit", "all"),
    ("nonsense", "all"),
)
SHOWN = {
    "loose lines": ("recall@1", "no_match_on_topic"),
    "loose lines as Dobrynin": ("recall@1", "no_match_on_topic"),
    "free lines as Kissinger": ("recall@1", "fit", "nonsense", "no_match_on_topic"),
    "free lines as Dobrynin": ("recall@1", "fit", "nonsense", "no_match_on_topic"),
    "off-topic and hostile": ("no_match_off_topic",),
    "paraphrases": ("recall@1",),
    "other free lines": ("recall@1", "fit", "nonsense"),
    "off-topic c": ("no_match_off_topic",),
}
Figures = dict[str, dict[str, np.ndarray]]


@dataclass
class Line:
    """One dev line's candidates as ``respond`` weighs them, and what the ideas read of them."""

    set: str
    item: EvalItem
    evidence: np.ndarray  # the tier model's 12 features, one row a candidate
    fits: np.ndarray  # 0/1 per candidate
    aside: np.ndarray  # True where a set-aside rule zeroes the candidate
    outright: bool  # refused whatever its candidates
    rank: np.ndarray  # (candidates, RANKINGS): each candidate's 1-based rank in each ranking
    margin: np.ndarray  # (candidates, SCORED): its score minus the best other turn's
    apart: np.ndarray  # exchange-view margin over turns whose exchange shares none of its turns
    apart_turn: np.ndarray  # ``apart`` in the turn view
    texting: bool  # the line holds texting shorthand (``embeddings.texting`` reads it otherwise)
    among: np.ndarray  # exchange-view score minus the best other candidate's
    apart_dense: np.ndarray  # ``apart`` in the views' weighted score (the first stage's)


def _apart(index: Index, values: np.ndarray, mask: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Each row's score minus the best score of a turn whose exchange view (the line before,
    the turn, its reply) shares no turn with the row's: another conversation, or more than
    two turns away in the same one."""
    order = top_k(values, DEPTH, mask).tolist()
    out = np.empty(len(rows))
    for n, row in enumerate(rows.tolist()):
        rec, best = index.records[row], values[row]
        for other in order:
            near = index.records[other]
            if near.document != rec.document or abs(near.index - rec.index) > 2:
                best = values[other]
                break
        out[n] = values[row] - best
    return out


def _placed(
    lists: dict[str, np.ndarray], masks: dict[str, np.ndarray], rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's rank in each ranking, and its margin over the best other turn in each."""
    rank = np.empty((len(rows), len(RANKINGS)))
    margin = np.empty((len(rows), len(SCORED)))
    for j, name in enumerate(RANKINGS):
        values = lists[name]
        order = top_k(values, DEPTH, masks[name])
        place = {int(r): n + 1 for n, r in enumerate(order)}
        rank[:, j] = [place.get(int(r), DEPTH + 1) for r in rows]
        if name in SCORED:
            first = values[order[0]]
            second = values[order[1]] if len(order) > 1 else first
            margin[:, SCORED.index(name)] = [
                values[r] - (second if r == order[0] else first) for r in rows
            ]
    return rank, margin


def read_lines(roleplay: RolePlay) -> list[Line]:
    """Every dev line's candidates, evidence, ranks and margins (sets of both sides split)."""
    index = roleplay.index
    plain_view = list(index.manifest["views"]).index("plain")
    plain = np.asarray(index.vectors[plain_view :: index.views], dtype=np.float32)
    judge, out = Judge(roleplay), []
    for name in dev_sets():
        items = load_items(DATA / name)
        sides = {i.as_ for i in items}
        typed = roleplay.encoder.encode([i.query for i in items])
        for item, vector in zip(items, typed, strict=True):
            scores, rows, evidence = roleplay.candidates(
                item.query, as_=item.as_, context=item.context
            )
            read, cand = scores.reading, np.asarray(rows[: len(evidence)], dtype=np.int64)
            line = " ".join(item.query.split())
            refused = roleplay.refusals.outright(line, read.spoken, read.tokens, read.pieces)
            raw = roleplay.model.probability(evidence)
            empty = np.zeros(0)
            rank, margin = np.zeros((0, len(RANKINGS))), np.zeros((0, len(SCORED)))
            apart = apart_turn = among = dense = kept = empty
            if len(cand):
                views = (index.vectors @ read.query).reshape(len(index.records), index.views)
                lists = dict(zip(("turn", "plain", "exchange"), views.T, strict=True))
                lists |= {"bm25": read.lexical, "fused": scores.fused, "typed": plain @ vector}
                masks = {n: scores.mask for n in RANKINGS} | {
                    "typed": roleplay.prompt_mask(item.as_)
                }
                rank, margin = _placed(lists, masks, cand)
                exchange = lists["exchange"]
                apart = _apart(index, exchange, scores.mask, cand)
                apart_turn = _apart(index, lists["turn"], scores.mask, cand)
                dense = _apart(index, read.dense, scores.mask, cand)
                among = np.array(
                    [exchange[r] - max(exchange[o] for o in cand if o != r) for r in cand]
                    if len(cand) > 1
                    else [0.0]
                )
                kept = roleplay._set_aside.apply(read, cand.tolist(), raw, roleplay._about(read))
            out.append(
                Line(
                    set=f"{name} {item.as_}" if len(sides) > 1 else name,
                    item=item,
                    evidence=evidence,
                    fits=np.array([judge.fits(item, int(r)) for r in cand], dtype=int),
                    aside=(kept == 0) & (raw > 0),
                    outright=refused is not None,
                    rank=rank,
                    margin=margin,
                    apart=apart,
                    apart_turn=apart_turn,
                    texting=standard(line) != line,
                    among=among,
                    apart_dense=dense,
                )
            )
    return out


def outcome(line: Line, p: np.ndarray, threshold: float) -> tuple[int, bool, bool]:
    """The line's first candidate after the set-aside rules, whether it fits, whether refused."""
    if not len(p):
        return -1, False, True
    p = np.where(line.aside, 0.0, p)
    best = int(np.argmax(p))
    return best, bool(line.fits[best]), bool(p[best] < threshold or line.outright)


def counts(lines: list[Line], prob: list[np.ndarray], threshold: float) -> None:
    """Step 1: per set and side, first candidates that fit refused (of them, refused outright)
    or shown; first candidates that do not fit, of answerable lines and of lines nothing
    answers, refused or shown."""
    print(
        f"{'set':34s} first fits: refused (outright) / shown | first does not fit, answerable:"
        " refused / shown | nothing fits: refused / shown"
    )
    tally: dict[str, Counter[str]] = {}
    for line, p in zip(lines, prob, strict=True):
        best, good, refused = outcome(line, p, threshold)
        topic = "" if good else ("-on" if line.item.on_topic else "-off")
        key = ("fit" if good else "unfit") + topic + ("-refused" if refused else "-shown")
        outright = good and refused and line.outright and p[best] >= threshold
        for name in (line.set, f"all as {line.item.as_}", "all"):
            tally.setdefault(name, Counter())[key] += 1
            tally[name]["fit-outright"] += outright
    for name, c in sorted(tally.items(), key=lambda kv: (kv[0].startswith("all"), kv[0])):
        print(
            f"{name:34s} {c['fit-refused']:3d} ({c['fit-outright']}) / {c['fit-shown']:3d}"
            f"   | {c['unfit-on-refused']:3d} / {c['unfit-on-shown']:3d}"
            f"   | {c['unfit-off-refused']:3d} / {c['unfit-off-shown']:3d}"
        )


def separation(lines: list[Line], prob: list[np.ndarray], threshold: float) -> None:
    """Among lines whose first candidate is refused for its fit alone (not outright): how often
    a fitting and a non-fitting one is first in each ranking, and their median margins."""
    refused: dict[bool, list[tuple[Line, int, float]]] = {True: [], False: []}
    for line, p in zip(lines, prob, strict=True):
        best, good, no = outcome(line, p, threshold)
        if best >= 0 and no and not line.outright:
            refused[good].append((line, best, float(p[best])))
    fit, unfit = refused[True], refused[False]
    print(f"refused first candidates: {len(fit)} fit, {len(unfit)} do not")

    def share(group: list[tuple[Line, int, float]], test: Callable[[Line, int], bool]) -> str:
        hits = sum(test(ln, b) for ln, b, _ in group)
        return f"{hits}/{len(group)} ({hits / max(len(group), 1):.2f})"

    for name in RANKINGS:
        j = RANKINGS.index(name)
        cell = f"  first in {name:9s}: fit {share(fit, lambda ln, b, j=j: ln.rank[b, j] == 1)}"
        cell += f", not {share(unfit, lambda ln, b, j=j: ln.rank[b, j] == 1)}"
        if name in SCORED:
            k = SCORED.index(name)
            med = [np.median([ln.margin[b, k] for ln, b, _ in g] or [0.0]) for g in (fit, unfit)]
            cell += f"; median margin {med[0]:+.3f} / {med[1]:+.3f}"
        print(cell)
    med = [np.median([ln.apart[b] for ln, b, _ in g] or [0.0]) for g in (fit, unfit)]
    print(f"  exchange margin, own exchange apart: median {med[0]:+.3f} / {med[1]:+.3f}")
    typed, exchange = RANKINGS.index("typed"), RANKINGS.index("exchange")

    def both(ln: Line, b: int) -> bool:
        return bool(ln.rank[b, typed] == 1 and ln.rank[b, exchange] == 1)

    print(f"  first in typed and exchange: fit {share(fit, both)}, not {share(unfit, both)}")
    for floor in (0.2, 0.3, 0.4, 0.5):
        above = [[t for t in g if t[2] >= floor] for g in (fit, unfit)]
        print(
            f"  fit probability at least {floor}: fit {len(above[0])}, not {len(above[1])};"
            f" of them first in typed: {sum(ln.rank[b, typed] == 1 for ln, b, _ in above[0])}"
            f" / {sum(ln.rank[b, typed] == 1 for ln, b, _ in above[1])}"
        )
    print("  the fitting ones (fit probability; the rankings where first):")
    for ln, b, p in fit:
        firsts = ",".join(n for j, n in enumerate(RANKINGS) if ln.rank[b, j] == 1) or "none"
        print(f"    {ln.set:28s} {p:.2f} [{firsts}] {ln.item.query[:70]}")


def ideas() -> dict[str, Callable[[Line], np.ndarray]]:
    """Each idea: more tier evidence per candidate (columns appended to the 12 features)."""
    col = {name: n for n, name in enumerate(RANKINGS)}
    turn = SCORED.index("turn")

    def first_in(*names: str) -> Callable[[Line], np.ndarray]:
        return lambda ln: np.all([ln.rank[:, col[n]] == 1 for n in names], axis=0)[:, None]

    def margin_in(*names: str) -> Callable[[Line], np.ndarray]:
        return lambda ln: ln.margin[:, [SCORED.index(n) for n in names]]

    return {
        "first in plain search (typed)": first_in("typed"),
        "first in the exchange view": first_in("exchange"),
        "first in BM25": first_in("bm25"),
        "first in typed and exchange": first_in("typed", "exchange"),
        "rankings where first (of 5)": lambda ln: np.sum(
            [ln.rank[:, col[n]] == 1 for n in SCORED], axis=0
        )[:, None],
        "mean log rank (5 rankings)": lambda ln: np.mean(
            [np.log(ln.rank[:, col[n]]) for n in SCORED], axis=0
        )[:, None],
        "worst log rank (5 rankings)": lambda ln: np.max(
            [np.log(ln.rank[:, col[n]]) for n in SCORED], axis=0
        )[:, None],
        "log rank in plain search": lambda ln: np.log(ln.rank[:, [col["typed"]]]),
        "margin in plain search": margin_in("typed"),
        "margin in the exchange view": margin_in("exchange"),
        "margin in each (5)": margin_in(*SCORED),
        "exchange margin, own exchange apart": lambda ln: ln.apart[:, None],
        "exchange margin among the 8": lambda ln: ln.among[:, None],
        "weighted views' margin, apart": lambda ln: ln.apart_dense[:, None],
        "apart, and the turn view's margin": lambda ln: np.column_stack(
            [ln.apart, ln.margin[:, turn]]
        ),
        "the larger of those two": lambda ln: np.maximum(ln.apart, ln.margin[:, turn])[:, None],
        "apart, and apart x log length": lambda ln: np.column_stack(
            [ln.apart, ln.apart * ln.evidence[:, 8]]
        ),
        "apart, leads only (at least 0)": lambda ln: np.maximum(ln.apart, 0)[:, None],
        "apart, lags only (at most 0)": lambda ln: np.minimum(ln.apart, 0)[:, None],
    } | paraphrase_variants()


def paraphrase_variants() -> dict[str, Callable[[Line], np.ndarray]]:
    """The exchange margin apart read otherwise where it cost `dev_texting` lines (session 41,
    second pass): for a short candidate turn (its exchange view then mostly its neighbours), a
    line read as texting shorthand, or a candidate the turn view puts first; and the turn
    view's own margin apart. A turn's length in words is read back from the ``length``
    feature (its log1p)."""
    Column = Callable[[Line], np.ndarray]

    def words(ln: Line) -> np.ndarray:
        return np.rint(np.expm1(ln.evidence[:, 8]))

    def where(test: Column, then: Column) -> Column:
        return lambda ln: np.where(test(ln), then(ln), ln.apart)[:, None]

    def zero(ln: Line) -> np.ndarray:
        return np.zeros(len(ln.apart))

    def turn(ln: Line) -> np.ndarray:
        return ln.apart_turn

    def larger(ln: Line) -> np.ndarray:
        return np.maximum(ln.apart, ln.apart_turn)

    def leads(ln: Line) -> np.ndarray:
        return np.maximum(ln.apart, 0)

    def shorter(n: int) -> Column:
        return lambda ln: words(ln) <= n

    def shorthand(ln: Line) -> np.ndarray:
        return np.full(len(ln.apart), ln.texting)

    def leads_turn(ln: Line) -> np.ndarray:
        return ln.apart_turn > 0

    def close(ln: Line) -> np.ndarray:
        return ln.evidence[:, 10] >= 0.6

    out: dict[str, Column] = {"the turn view's margin apart (alone)": lambda ln: turn(ln)[:, None]}
    for n in (5, 8, 12, 16):
        out[f"turn of <= {n} words: the turn view's margin apart"] = where(shorter(n), turn)
        out[f"turn of <= {n} words: 0"] = where(shorter(n), zero)
        out[f"turn of <= {n} words: the larger of the two"] = where(shorter(n), larger)
    out["texting: the turn view's margin apart"] = where(shorthand, turn)
    out["texting: 0"] = where(shorthand, zero)
    out["blend n/(n+8) exchange, 8/(n+8) turn"] = lambda ln: (
        (words(ln) * ln.apart + 8 * ln.apart_turn) / (words(ln) + 8)
    )[:, None]
    out["leads the turn view: lags not counted"] = where(leads_turn, leads)
    out["leads the turn view: the larger of the two"] = where(leads_turn, larger)
    out["plain cosine >= 0.6: lags not counted"] = where(close, leads)
    out["apart, and apart if texting (2 columns)"] = lambda ln: np.column_stack(
        [ln.apart, ln.apart * ln.texting]
    )
    out["apart, and apart if <= 8 words (2 columns)"] = lambda ln: np.column_stack(
        [ln.apart, ln.apart * shorter(8)(ln)]
    )
    out["apart if > 8 words, turn view's apart if <= 8 (2 columns)"] = lambda ln: np.column_stack(
        [ln.apart * ~shorter(8)(ln), ln.apart_turn * shorter(8)(ln)]
    )
    return out


def agreeing(*names: str, floor: float, threshold: float) -> Callable[[Line, np.ndarray], None]:
    """A rule: a refused best candidate (fit at least ``floor``, under ``threshold``) that is
    also first in each of ``names`` is answered (its fit raised to the threshold, in place)."""
    cols = [RANKINGS.index(n) for n in names]

    def rule(line: Line, p: np.ndarray) -> None:
        best = int(np.argmax(p))
        if floor <= p[best] < threshold and all(line.rank[best, c] == 1 for c in cols):
            p[best] = threshold

    return rule


def figures(
    lines: list[Line],
    x: np.ndarray,
    deals: int,
    threshold: float,
    *,
    rule: Callable[[Line, np.ndarray], None] | None = None,
    before: bool = False,
) -> Figures:
    """Per group and figure, its value in each of ``deals`` deals of the lines into five folds
    (deal 0: line number mod 5; tier_deals.py's deals), counted in lines, not shares.
    ``before``: tier_deals.py's *before* column (the ``ADDED`` sets scored by the fit on the
    others, the others by five folds among themselves)."""
    y = np.concatenate([ln.fits for ln in lines])
    line_of = np.concatenate([[n] * len(ln.fits) for n, ln in enumerate(lines)]).astype(int)
    added = np.array([ln.set.split()[0] in ADDED for ln in lines])[line_of] & before
    rng, runs = np.random.default_rng(0), []
    names = sorted({ln.set for ln in lines})
    kept = [n for n, ln in enumerate(lines) if not (before and ln.set.split()[0] in ADDED)]
    for deal in range(deals):
        order = np.arange(len(lines)) if deal == 0 else rng.permutation(len(lines))
        fold_of = {n: int(order[n]) % 5 for n in range(len(lines))}
        prob = held_out(x, y, line_of, kept, fold_of, threshold)
        if added.any():
            model = fit_model(x[~added], y[~added], line_of[~added])
            prob[added] = model.probability(x[added])
        per = [prob[line_of == n] for n in range(len(lines))]
        for ln, p in zip(lines, per, strict=True):
            if rule is not None and len(p):
                rule(ln, p)
        runs.append(
            {
                name: held_out_figures(
                    [ln.item for ln in lines if ln.set == name],
                    [p for ln, p in zip(lines, per, strict=True) if ln.set == name],
                    [ln.fits for ln in lines if ln.set == name],
                    threshold,
                    [ln.outright for ln in lines if ln.set == name],
                )
                for name in names
            }
        )
    out: Figures = {}
    for group, files in SETS.items():
        sizes = {
            name: {
                "on": sum(ln.item.on_topic for ln in lines if ln.set == name),
                "off": sum(not ln.item.on_topic for ln in lines if ln.set == name),
            }
            for name in files
        }
        for counted in sizes.values():
            counted["all"] = counted["on"] + counted["off"]
        out[group] = {
            key: np.array([sum(r[n][key] * w[by] for n, w in sizes.items()) for r in runs])
            for key, by in KEYS
        }
        out[group] |= {by: np.array(sum(w[by] for w in sizes.values())) for by in ("on", "off")}
        out[group]["all"] = out[group]["on"] + out[group]["off"]
    return out


def show(name: str, out: Figures, base: Figures | None = None) -> None:
    """One idea's figures (shares, mean over deals), and beside each its change from ``base``
    in lines (mean over deals ± their standard deviation)."""
    print(name)
    for group, keys in SHOWN.items():
        cells = []
        for key in keys:
            lines = max(int(out[group][dict(KEYS)[key]]), 1)
            cell = f"{key} {out[group][key].mean() / lines:.3f}"
            if base is not None:
                diff = out[group][key] - base[group][key]
                cell += f" ({diff.mean():+.1f}±{diff.std():.1f})"
            cells.append(cell)
        print(f"    {group:24s} " + "  ".join(cells))


def _folds(x: np.ndarray, y: np.ndarray, line_of: np.ndarray, lines: int) -> list[np.ndarray]:
    """Each line's candidates scored by a fit on the other four folds (line number mod 5)."""
    prob = held_out(x, y, line_of, list(range(lines)), {n: n % 5 for n in range(lines)}, THRESHOLD)
    return [prob[line_of == n] for n in range(lines)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--deals", type=int, default=7)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--before", action="store_true", help="also tier_deals.py's before")
    parser.add_argument(
        "--counts",
        default="exchange margin, own exchange apart",
        help="the idea whose step-1 counts are printed too (five folds, deal 0)",
    )
    args = parser.parse_args()
    roleplay = RolePlay.load(args.index)
    lines = read_lines(roleplay)
    x = np.vstack([ln.evidence for ln in lines])
    y = np.concatenate([ln.fits for ln in lines])
    line_of = np.concatenate([[n] * len(ln.fits) for n, ln in enumerate(lines)]).astype(int)
    shipped = [roleplay.model.probability(ln.evidence) for ln in lines]
    folds = _folds(x, y, line_of, len(lines))
    for title, p in (("the shipped model, set-aside rules applied", shipped),
                     ("five folds of lines refitted (deal 0)", folds)):  # fmt: skip
        print(f"(1) {title}:")
        counts(lines, p, args.threshold)
        separation(lines, p, args.threshold)
    extra = np.vstack([ideas()[args.counts](ln) for ln in lines]).astype(float)
    print(f"(1) with {args.counts!r} too, five folds of lines refitted (deal 0):")
    counts(lines, _folds(np.column_stack([x, extra]), y, line_of, len(lines)), args.threshold)
    print(f"(2) each idea as more tier evidence; {args.deals} deals of five folds")
    protocols = (False, True) if args.before else (False,)
    base = {b: figures(lines, x, args.deals, args.threshold, before=b) for b in protocols}
    for b in protocols:
        show(f"base (the 12 features){', before' if b else ''}", base[b])
    for name, column in ideas().items():
        more = np.column_stack([x, np.vstack([column(ln) for ln in lines]).astype(float)])
        for b in protocols:
            out = figures(lines, more, args.deals, args.threshold, before=b)
            show(f"{name}{', before' if b else ''}", out, base[b])
    print("(3) rules on the 12 features: a refused first candidate answered when also first in")
    for names in (("typed",), ("typed", "exchange"), ("typed", "exchange", "turn", "plain")):
        for floor in (0.3, 0.45):
            rule = agreeing(*names, floor=floor, threshold=args.threshold)
            out = figures(lines, x, args.deals, args.threshold, rule=rule)
            show(f"{' and '.join(names)}, fit at least {floor}", out, base[False])


if __name__ == "__main__":
    main()

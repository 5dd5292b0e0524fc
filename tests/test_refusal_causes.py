"""`benchmarks/refusal_causes.py` puts each refused line the record answers down to the evidence
that refuses it (docs/quality.md, "Fitting lines refused, counted by cause"), on the shipped
record: three dev lines refused for three causes, a line answered and an off-topic line left
out of the count."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# (dev set, line number): three refused for three causes, one answered, one off-topic
LINES = (
    ("dev_loose_b", 33),
    ("free_dev", 7),
    ("free_dev", 1),
    ("dev_close", 1),
    ("hostile_dev", 1),
)


def test_each_refused_fitting_line_is_put_down_to_its_cause(
    shipped_index_dir: Path, tmp_path: Path
) -> None:
    """The loose line is refused with its fitting turn first under the bar (0.63), the free line
    whose fitting turn no ranking hands the tier model is refused for retrieval (its best
    candidate at 0.68), and the third with a wrong turn first (0.67) above its fitting one
    (0.51); the answered and the off-topic lines print nothing."""
    chosen = [
        (ROOT / "tests" / "data" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()[n - 1]
        for name, n in LINES
    ]
    lines = tmp_path / "lines.jsonl"
    lines.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    script = ["benchmarks/refusal_causes.py", "--index", str(shipped_index_dir), str(lines)]
    run = subprocess.run(
        [sys.executable, *script], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "lines:1 [kissinger] bar, fitting first: \"With novices running this, we're in a real"
        ' bind."',
        "    fitting, the rerank's #1 of 8: model 0.63, fit 0.63 'When you have amateurs doing"
        " this it is very hard ' (against it: plain -0.33, conversation -0.11, unknown -0.10);"
        " best 0.63 'When you have amateurs doing this it is very hard '",
        "lines:2 [kissinger] retrieval: 'gimme your moscow number so i can reach you over there'",
        "    best 0.68 'Is there anyway you could get in touch with someon'",
        "lines:3 [kissinger] bar, wrong first: 'hanoi could pull a few divisions out of the south,"
        " even just as a symb'",
        "    fitting, the rerank's #3 of 8: model 0.51, fit 0.51 'Along the lines I mentioned."
        " Let them move some of' (against it: length -0.53, conversation +0.01, words +0.01);"
        " best 0.67 'Now the biggest problem I have concerns their own '",
        "",
        "set: on-topic lines, refused by cause",
        "lines: 4; retrieval 1, bar, fitting first 1, bar, wrong first 1",
        "all: 4; retrieval 1, bar, fitting first 1, bar, wrong first 1",
    ]

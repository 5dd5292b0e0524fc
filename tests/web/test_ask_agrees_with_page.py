"""`backchannel ask` says what it lists its lines by, and says each line's closeness in the
student page's words.

It printed each candidate's similarity in brackets over a list the tier model had ordered by
fit: "we will think about it" came out "1. [0.48] …" above "2. [0.49] …", a list a teacher read
as unsorted. The number in brackets is the fit now, and the similarity is said under it as the
page says it for the reply it shows, with the page's note when the recorded line is far from
the student's. Both run on the session's fixture index; the student is the test's own.
"""

from __future__ import annotations

import re

from server.cli import main
from tests.web.flows import join, say, start_roleplay

# fit 0.88 at similarity 55 %, then fit 0.61 at 59 %. ("we will think about it", fit 0.84 at
# 48 %, then 0.74 at 49 %, recurs since the tier model's refit: 0.94 at 49 %, then 0.92 at 48 %.)
LINE = "our allies will be upset"


def test_ask_lists_by_fit_and_says_closeness_as_the_page(
    live_server, open_page, fixture_index_dir, encoder, monkeypatch, capsys
):
    page = open_page().page
    join(page, live_server.url, "Agree35 Tomasz", "")
    start_roleplay(page)
    say(page, LINE)
    reply = page.locator("#rp-log > li.reply").last
    note = reply.locator(".weak-match").text_content()
    lead = reply.locator("p.meta", has_text="Answering").text_content()
    closeness = re.match(r"Answering Kissinger’s recorded line, (.+?%\)): ", lead).group(1)

    # the session's encoder, not a second copy of the model (tests/embeddings/conftest.py)
    monkeypatch.setattr("embeddings.roleplay.index_encoder", lambda *a, **k: encoder)
    assert main(["ask", LINE, "--index", str(fixture_index_dir)]) == 0
    printed = capsys.readouterr().out.split("\n")
    assert printed[:2] == [
        "Closest line in the record:",
        "Listed by fit, best first: the tier model's probability that the reply answers your "
        "line. Similarity: how close your line came to the recorded one, as the student page "
        "says it.",
    ]
    numbered = [n for n, text in enumerate(printed) if re.match(r"\d\. \[", text)]
    fits = [float(re.match(r"\d\. \[fit (\d\.\d\d)\]", printed[n]).group(1)) for n in numbered]
    assert fits == sorted(fits, reverse=True), printed  # before: [0.48], [0.49], …
    first = numbered[0]
    assert printed[first + 1] == f"   {closeness}"  # "loosely related (similarity 48%)"
    # the page's note, said under the recorded line rather than "quoted under his words"
    assert note.endswith("; it is quoted under his words.")
    assert printed[first + 2] == f"   {note.removesuffix('; it is quoted under his words.')}."
    second = printed[numbered[1] + 1]
    assert re.fullmatch(r"   [a-z ]+ \(similarity \d+%\)", second), second
    assert int(second.split("similarity ")[1][:-2]) > int(closeness.split("similarity ")[1][:-2])

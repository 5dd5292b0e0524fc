"""`backchannel corpus show|check|manifest` on real files, and their exit codes."""

from __future__ import annotations

import json

from server.cli import main
from server.cli.corpus import generate_manifest
from transcripts import shipped_corpus_dir

CORPUS = shipped_corpus_dir()
SEED = CORPUS / "frus-text" / "frus1969-76v39-d107.txt"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["corpus", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_show_json_seed(capsys):
    code, out, err = run(capsys, "show", str(SEED), "--json")
    assert (code, err) == (0, "")
    (doc,) = json.loads(out)["documents"]
    assert doc["id"] == "frus1969-76v39/d107"
    assert doc["volume_title"] == "European Security" and doc["pages"] == [327, 328, 329]
    assert len(doc["turns"]) == 56
    turn = doc["turns"][11]
    assert {"index", "speaker", "label", "text", "clean_text", "pages", "footnotes"} <= set(turn)
    assert (turn["speaker"], turn["label"], turn["pages"]) == ("dobrynin", "AD", [327, 328])
    assert doc["turns"][0]["footnotes"] == [2]
    assert doc["turns"][1]["editorial"] == [
        {"start": 50, "end": 83, "kind": "bracket", "text": "[omission in original transcript]"}
    ]
    assert [s["kind"] for s in doc["segments"]] == ["editorial", "editorial"]


def test_show_json_tei_folder(capsys):
    code, out, _ = run(capsys, "show", "--json", str(CORPUS / "frus-tei"))
    docs = json.loads(out)["documents"]
    assert code == 0
    assert [(d["id"], len(d["turns"]), d["dialogue"]) for d in docs] == [
        ("frus1969-76v12/d188", 24, True),
        ("frus1969-76v12/d189", 48, True),
        ("frus1969-76v12/d95", 0, False),
    ]
    assert docs[0]["date"] == "1970-07-27T08:45:00-04:00"


def test_show_readable(capsys):
    code, out, _ = run(capsys, "show", str(SEED))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "frus1969-76v39/d107 — European Security, Document 107"
    assert lines[4] == (
        "  p.327 HK: Anatol, two things about our discussions this morning. First on the MBFR "
        "Conference, we might be prepared to have just an exploratory meeting by ambassadors "
        "somewhere say in Geneva—with some experts from the Capitol so as to keep this imagery "
        "between it and the European Security Conference, but if you totally refuse anything, "
        "it will create major problems with our allies, whom we have told as a result of the "
        "summit there was a certain parallelism."
    )


def test_check_shipped_corpus(capsys):
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert (
        "frus1969-76v39/d107 (text): 56 turns, kissinger 28, dobrynin 28, "
        "2 editorial segments; pages 327–329\n"
    ) in out
    assert (
        "frus1969-76v12/d95 (tei): 0 turns, 2 narrative segments; pages 288–289 [narrative]" in out
    )
    assert "[excerpt; same as frus1969-76v13/d161]" in out
    totals = "66 documents, 1149 turns (kissinger 581, dobrynin 568); 0 errors, 13 warnings."
    assert f"\n{totals}\n" in out
    assert "frus1969-76v13-d63.txt:16: warning: Footnote marker 2 has no note in this copy" in out


def test_check_bad_inputs_exit_non_zero_only_when_nothing_parsed(capsys, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 8)
    code, out, err = run(capsys, "check", str(junk))
    assert code == 1 and err == (
        "backchannel corpus: Nothing could be parsed: the problems above say why, each with its "
        "file and line. Give FRUS transcripts: .txt files in history.state.gov's text layout, "
        "TEI .xml files, or folders of them.\n"
    )
    assert f"{junk}:1: error: This is not a text transcript: it holds binary data" in out

    huge = tmp_path / "huge.txt"
    huge.write_text("x" * 5_000_000, encoding="utf-8")
    code, out, _ = run(capsys, "check", str(huge))
    assert code == 1
    assert f"{huge}:1: error: Line 1 is 5,000,000 characters long" in out

    code, out, _ = run(capsys, "check", str(junk), str(SEED))
    assert code == 0
    assert "1 documents, 56 turns (kissinger 28, dobrynin 28); 1 error, 0 warnings." in out


def test_check_truncated_xml(capsys, tmp_path):
    data = (CORPUS / "frus-tei" / "frus1969-76v12-d188.xml").read_bytes()
    cut = data[: data.index(b"I will send Colonel")]
    broken = tmp_path / "frus1969-76v12-d188.xml"
    broken.write_bytes(cut)
    code, out, _ = run(capsys, "check", str(broken))
    assert code == 0  # the turns before the break were imported
    line = cut.count(b"\n") + 1
    assert (
        f"{broken}:{line}: error: Broken XML at line {line}: the file ends before the XML is "
        "complete. Documents before the break are imported; the one the break falls in is "
        "marked as cut short."
    ) in out
    assert (
        "frus1969-76v12/d188 (tei): 9 turns, dobrynin 5, kissinger 4; pages unknown [excerpt]"
    ) in out
    assert "The label 'K' has no words after it; there is no turn to keep." in out
    assert "1 error, 2 warnings." in out


def test_check_missing_path(capsys):
    code, out, err = run(capsys, "check", "no/such/file.txt")
    assert (code, out) == (2, "")
    assert err == (
        "backchannel corpus: No such file or folder: 'no/such/file.txt'. "
        "Give a .txt transcript, a TEI .xml file or a folder of them.\n"
    )


def test_manifest_is_current(capsys):
    committed = (CORPUS / "manifest.tsv").read_text(encoding="utf-8")
    assert generate_manifest(CORPUS) == committed
    code, out, _ = run(capsys, "manifest")
    assert code == 0 and out == committed
    rows = committed.splitlines()
    assert rows[0].split("\t") == [
        "id",
        "file",
        "format",
        "volume",
        "document",
        "volume_title",
        "complete",
        "turns",
        "url",
    ]
    assert len(rows) == 1 + 65 + 3
    assert (
        "frus1969-76v39/d107\tfrus-text/frus1969-76v39-d107.txt\ttext\tfrus1969-76v39\t107\t"
        "European Security\tyes\t56\t"
        "https://history.state.gov/historicaldocuments/frus1969-76v39/d107"
    ) in rows

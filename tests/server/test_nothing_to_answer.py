"""`serve` and `build` refuse transcripts that no line could be answered from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from server.cli import main
from tests.served import free_port
from transcripts import shipped_corpus_dir

GIVE = (
    "Give FRUS transcripts: .txt files in history.state.gov's text layout, TEI .xml files, "
    "or folders of them."
)


def refuse_model(*args: object, **kwargs: object) -> None:
    raise AssertionError("the model was loaded for transcripts that answer nothing")


@pytest.fixture
def no_model(monkeypatch) -> None:
    monkeypatch.setattr("embeddings.index_encoder", refuse_model)


def test_serve_and_build_refuse_transcripts_nothing_could_be_read_from(
    tmp_path: Path, no_model, capsys
) -> None:
    """Before: an empty file (or a binary one) was built into an index of 0 turns, `build`
    exited 0 after loading the model, and `serve` served it ("documents": 0 on /healthz),
    refusing every line, the "who said it?" model's thread dead with a ValueError traceback."""
    empty = tmp_path / "volume.txt"
    empty.write_text("")
    data = tmp_path / "data"
    assert (
        main(
            ["serve", "--port", str(free_port()), "--data", str(data), "--transcripts", str(empty)]
        )
        == 2
    )
    said = (
        f"Nothing to answer from in {empty}: no turn of a conversation that could be cited was "
        f"read (1 problem: `backchannel corpus check {empty}` lists each with its file and "
        f"line). {GIVE}\n"
    )
    assert capsys.readouterr().err == f"backchannel serve: {said}"
    assert main(["build", "--index", str(data / "index"), "--transcripts", str(empty)]) == 1
    assert capsys.readouterr().err == f"backchannel build: {said}"
    assert not (data / "index" / "manifest.json").exists()


def test_a_page_whose_labels_name_no_participant_is_refused(tmp_path: Path, no_model, capsys):
    """A teacher's copy with its speakers relabelled (Q:, Z:) reads as a narrative record:
    searchable, but no reply could come from it."""
    page = (shipped_corpus_dir() / "frus-text" / "frus1969-76v13-d63.txt").read_text()
    relabelled = tmp_path / "frus1969-76v13-d63.txt"
    relabelled.write_text(re.sub(r"^K:", "Q:", re.sub(r"^D:", "Z:", page, flags=re.M), flags=re.M))
    args = ["--data", str(tmp_path / "data"), "--transcripts", str(relabelled)]
    assert main(["serve", "--port", str(free_port()), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"backchannel serve: Nothing to answer from in {relabelled}: no turn of a conversation "
        "that could be cited was read (28 problems: "
    )


def test_serve_refuses_an_index_that_holds_no_turn(
    tmp_path: Path, encoder, monkeypatch, capsys
) -> None:
    """An index of 0 turns (an earlier `build` wrote one from an empty file) named with
    --index was served: every line refused, and the "who said it?" model's thread died on the
    empty record with a traceback. It is refused before the model loads, saying how to fix it."""
    from embeddings import build_index
    from transcripts import load_corpus

    empty = tmp_path / "volume.txt"
    empty.write_text("")
    index = tmp_path / "empty-index"
    build_index(load_corpus([empty]), index, encoder=encoder)
    monkeypatch.setattr("embeddings.index_encoder", refuse_model)
    args = ["--port", str(free_port()), "--data", str(tmp_path / "data"), "--index", str(index)]
    assert main(["serve", *args]) == 2
    assert capsys.readouterr().err == (
        f"backchannel serve: Nothing to answer from in the index {index}: it holds no turn of a "
        "conversation (it was built from transcripts none could be read from). Build it again "
        f"from FRUS transcripts (`backchannel build --index {index} --transcripts PATH`, which "
        "says what is wrong in them) and serve it, or serve without --index for the shipped "
        "corpus.\n"
    )


@pytest.mark.parametrize(
    ("command", "given"),
    [
        ("ask", ["Beijing will object."]),
        ("eval", [str(Path(__file__).parents[1] / "data" / "dev_close.jsonl")]),
    ],
)
def test_ask_and_eval_refuse_an_index_that_holds_no_turn(
    command: str, given: list[str], tmp_path: Path, encoder, monkeypatch, capsys
) -> None:
    """`ask` and `eval` on an index of 0 turns stopped with a numpy traceback (the empty
    record's mask); they refuse it as `serve` does, before the model loads."""
    from embeddings import build_index
    from transcripts import load_corpus

    empty = tmp_path / "volume.txt"
    empty.write_text("")
    index = tmp_path / "empty-index"
    build_index(load_corpus([empty]), index, encoder=encoder)
    monkeypatch.setattr("embeddings.index_encoder", refuse_model)
    monkeypatch.setattr("embeddings.roleplay.index_encoder", refuse_model)
    assert main([command, *given, "--index", str(index)]) == 2
    assert capsys.readouterr().err == (
        f"backchannel {command}: Nothing to answer from in the index {index}: it holds no turn "
        "of a conversation (it was built from transcripts none could be read from). Build it "
        f"again from FRUS transcripts (`backchannel build --index {index} --transcripts PATH`, "
        f"which says what is wrong in them) and run `backchannel {command}` on it again, or run "
        "it without --index for the shipped corpus.\n"
    )

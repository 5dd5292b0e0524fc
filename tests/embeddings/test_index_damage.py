"""A damaged, outdated or misplaced index: refused with a message naming the file and the fix
(``ask``, ``eval``), rebuilt with a message (``build``, ``serve``); never a traceback."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from embeddings import Index, IndexLoadError, IndexStale, build_index
from embeddings.caches import VectorCache
from embeddings.index import FORMAT_VERSION
from server.cli import main
from server.services import open_index
from server.settings import Settings
from tests.embeddings.helpers import small_corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory, encoder) -> Path:
    index_dir = tmp_path_factory.mktemp("built")
    build_index(small_corpus(), index_dir, encoder=encoder)
    return index_dir


@pytest.fixture
def copy(built, tmp_path, fixture_index_dir) -> Path:
    """A copy of the small index (without its caches) to damage. Its cache is the fixture
    index's, which holds the vectors of v39 d107 (``fixture_paths[0]``), what the rebuilds
    below index: they read them, as a rebuild reads its own, instead of encoding them again."""
    copied = shutil.copytree(built, tmp_path / "index", ignore=shutil.ignore_patterns("cache"))
    shutil.copytree(fixture_index_dir / "cache", copied / "cache")
    return Path(copied)


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))


def zero(path: Path) -> None:
    path.write_bytes(bytes(path.stat().st_size))


DAMAGE: list[tuple[str, Callable[[Path], None]]] = [
    ("vectors.npy", truncate),
    ("vectors.npy", garble),
    ("vectors.npy", zero),
    ("tokens.npy", truncate),
    ("token_offsets.npy", garble),
    ("turns.json", truncate),
    ("documents.json", garble),
    ("bm25/params.index.json", truncate),
    ("bm25/data.csc.index.npy", zero),
]


@pytest.mark.parametrize(("name", "damage"), DAMAGE)
def test_a_damaged_file_is_named_with_the_fix(copy, name, damage):
    damage(copy / name)
    with pytest.raises(IndexStale) as caught:
        Index.load(copy)
    message = str(caught.value)
    assert f"The index file {copy / name} is damaged" in message
    assert f"backchannel build --index {copy}" in message


def test_a_missing_file_is_named(copy):
    (copy / "tokens.npy").unlink()
    with pytest.raises(IndexStale, match=rf"The index file {copy / 'tokens.npy'} is missing"):
        Index.load(copy)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (f'{{"format_version": {FORMAT_VERSION}, "model_', "is damaged \\(Unterminated string"),
        ("\x00" * 40, "is damaged"),
        (
            f'{{"format_version": {FORMAT_VERSION}, "model_id": "m"}}',
            "is damaged: 'backend' is missing or not a str",
        ),
    ],
)
def test_a_damaged_manifest_is_named(copy, text, why):
    (copy / "manifest.json").write_text(text)
    with pytest.raises(IndexStale, match=rf"The index file {copy / 'manifest.json'} {why}"):
        Index.load(copy)


def test_an_index_path_that_is_a_file_gets_one_message(tmp_path, capsys):
    path = tmp_path / "index"
    path.write_text("not an index")
    with pytest.raises(IndexLoadError, match=rf"The index path {path} is a file, not a directory"):
        Index.load(path)
    for command in (["ask", "Hello"], ["eval", str(path)], ["build", "--quiet"]):
        assert main([*command, "--index", str(path)]) == 2
        err = capsys.readouterr().err
        assert f"backchannel {command[0]}: The index path {path} is a file, not a dir" in err
        assert "Traceback" not in err


def test_serve_with_a_data_dir_that_is_a_file_gets_one_message(tmp_path, capsys):
    data = tmp_path / "data"
    data.write_text("")
    assert main(["serve", "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert f"The data directory {data} is a file, not a directory" in err
    assert "Traceback" not in err
    index = tmp_path / "index-file"
    index.write_text("")
    assert main(["serve", "--data", str(tmp_path / "ok"), "--index", str(index)]) == 2
    assert f"The index path {index} is a file, not a directory" in capsys.readouterr().err


def test_ask_and_eval_refuse_a_damaged_index_naming_the_file(copy, same_model, capsys):
    zero(copy / "vectors.npy")
    assert main(["ask", "The Chinese will protest.", "--index", str(copy)]) == 2
    err = capsys.readouterr().err
    assert f"backchannel ask: The index file {copy / 'vectors.npy'} is damaged" in err
    assert main(["eval", "tests/data/dev_close.jsonl", "--index", str(copy)]) == 2
    assert f"The index file {copy / 'vectors.npy'} is damaged" in capsys.readouterr().err


def test_build_rebuilds_a_damaged_index_and_says_so(copy, same_model, fixture_paths, capsys):
    garble(copy / "turns.json")
    args = ["build", "--index", str(copy), "--transcripts", str(fixture_paths[0]), "--quiet"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert f"Rebuilding: The index file {copy / 'turns.json'} is damaged" in captured.err
    assert len(Index.load(copy)) > 0


def test_serve_rebuilds_a_damaged_or_older_index_with_a_message(
    copy, same_model, fixture_paths, caplog
):
    settings = Settings(data=copy.parent, index=copy, transcripts=[fixture_paths[0]])
    vectors = np.load(copy / "vectors.npy")
    garble(copy / "vectors.npy")
    with caplog.at_level(logging.WARNING, logger="server.services"):
        index, encoder = open_index(settings)
    assert f"Rebuilding the index: The index file {copy / 'vectors.npy'} is damaged" in caplog.text
    assert index.backend == encoder.backend == "onnx"
    assert index.vectors.shape[1] == vectors.shape[1] and len(index) > 0
    manifest = json.loads((copy / "manifest.json").read_text())
    (copy / "manifest.json").write_text(json.dumps(dict(manifest, format_version=3)))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="server.services"):
        index, _ = open_index(settings)
    assert "Rebuilding the index: The index in" in caplog.text
    assert (
        f"has format version 3, but this version of Backchannel reads format version "
        f"{FORMAT_VERSION}" in caplog.text
    )
    assert Index.load(copy).manifest["format_version"] == FORMAT_VERSION


def test_an_index_of_format_4_is_refused_by_ask_and_eval_and_rebuilt_by_serve(
    copy, same_model, fixture_paths, capsys, caplog
):
    """Format 4 kept no editors' paragraphs after a document's last turn: its replies would
    end where the record goes on, so it is never read."""
    turns = json.loads((copy / "turns.json").read_text())
    for turn in turns:
        del turn["editorial_after"]
    (copy / "turns.json").write_text(json.dumps(turns))
    manifest = json.loads((copy / "manifest.json").read_text())
    (copy / "manifest.json").write_text(json.dumps(dict(manifest, format_version=4)))
    message = (
        f"The index in {copy} has format version 4, but this version of Backchannel "
        f"reads format version {FORMAT_VERSION}. Rebuild it with `backchannel build --index "
        f"{copy}` (`serve` rebuilds it itself)."
    )
    assert main(["ask", "Well, try us. We may fool you.", "--index", str(copy)]) == 2
    assert f"backchannel ask: {message}" in capsys.readouterr().err
    assert main(["eval", "tests/data/dev_close.jsonl", "--index", str(copy)]) == 2
    assert f"backchannel eval: {message}" in capsys.readouterr().err
    settings = Settings(data=copy.parent, index=copy, transcripts=[fixture_paths[0]])
    with caplog.at_level(logging.WARNING, logger="server.services"):
        index, _ = open_index(settings)
    assert message in caplog.text
    assert index.turn("frus1969-76v39/d107", 55).editorial_after == (
        "[Omitted here is discussion of matters other than a European security conference or "
        "MBFR.]",
    )


def test_an_index_of_the_plain_graph_is_refused_by_ask_and_rebuilt_by_serve(
    copy, same_model, fixture_paths, encoder, caplog, capsys, monkeypatch
):
    manifest = json.loads((copy / "manifest.json").read_text())
    del manifest["graph"]  # as indexes were written before fused graphs: the plain one
    (copy / "manifest.json").write_text(json.dumps(manifest))
    why = f"The index in {copy} holds vectors of the plain ONNX graph, but the encoder's graph"
    assert main(["ask", "The Chinese will protest.", "--index", str(copy)]) == 2
    assert f"backchannel ask: {why} is now the fused one" in capsys.readouterr().err
    opened: list[str] = []

    class Cache(VectorCache):  # which vectors the rebuild may reuse
        def __init__(self, root, model_id, dimension, *, backend):
            opened.append(backend)
            super().__init__(root, model_id, dimension, backend=backend)

    monkeypatch.setattr("embeddings.index.VectorCache", Cache)
    settings = Settings(data=copy.parent, index=copy, transcripts=[fixture_paths[0]])
    with caplog.at_level(logging.WARNING, logger="server.services"):
        index, _ = open_index(settings)
    assert f"Rebuilding the index: {why} is now the fused one" in caplog.text
    assert index.graph == encoder.graph == "fused" and opened == ["onnx-fused"]
    assert json.loads((copy / "manifest.json").read_text())["graph"] == "fused"


def test_serve_loads_a_sound_index_without_rebuilding(copy, same_model, caplog):
    before = (copy / "manifest.json").read_bytes()
    with caplog.at_level(logging.INFO, logger="server.services"):
        index, _ = open_index(Settings(data=copy.parent, index=copy))
    assert caplog.text == "" and (copy / "manifest.json").read_bytes() == before
    assert index.manifest["turns"] == 9

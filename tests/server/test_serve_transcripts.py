"""`backchannel serve --transcripts PATH` serves PATH, whatever index the data directory held."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from server.services import open_index
from server.settings import Settings


@pytest.fixture
def same_model(monkeypatch, encoder):
    """Let the server reuse the session's encoder instead of loading the model again."""
    monkeypatch.setattr("embeddings.index_encoder", lambda index_dir, model, backend=None: encoder)


@pytest.fixture
def served_before(tmp_path: Path, fixture_index_dir: Path) -> Path:
    """A data directory whose index a first `serve` built from other transcripts (the fixture
    corpus): its cache holds the vectors of v39 d107, so a build from that file reads them."""
    data = tmp_path / "data"
    shutil.copytree(
        fixture_index_dir, data / "index", ignore=shutil.ignore_patterns("onnx", ".build.lock")
    )
    return data


def test_serve_given_other_transcripts_builds_the_index_from_them(
    served_before: Path, same_model, fixture_paths: list[Path], caplog
) -> None:
    """Before, the index found in the data directory was served whatever `--transcripts` said:
    a teacher's own volume was never indexed once the shipped corpus had been served there
    (`/healthz` said 66 documents, the volume's 3 were in none of the replies)."""
    held = json.loads((served_before / "index" / "manifest.json").read_text())
    settings = Settings(data=served_before, transcripts=[fixture_paths[0]])
    with caplog.at_level(logging.WARNING, logger="server.services"):
        index, _ = open_index(settings)
    assert list(index.documents) == ["frus1969-76v39/d107"]
    assert caplog.messages == [
        f"Rebuilding the index: The index in {served_before / 'index'} was not built from the "
        f"transcripts the server is given (--transcripts: 1 document, {len(index)} turns; the "
        f"index holds {held['documents']} documents, {held['turns']} turns): they are others, "
        "or were changed since, or read otherwise by an earlier version of Backchannel. It is "
        "built from them, each turn it held before read from its cache. (An index built with "
        "`backchannel build --transcripts PATH` is served with the same --transcripts, or as "
        "--index DIR.)"
    ]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="server.services"):
        again, _ = open_index(settings)  # the next start finds them: nothing is built
    assert caplog.text == "" and list(again.documents) == ["frus1969-76v39/d107"]


def test_serve_reads_an_index_named_with_index_as_it_is(
    served_before: Path, same_model, caplog
) -> None:
    """An index built with `backchannel build --index DIR --transcripts ...` and served with
    `--index DIR` alone is served, not built again from the shipped corpus."""
    index_dir = served_before / "index"
    before = (index_dir / "manifest.json").read_bytes()
    with caplog.at_level(logging.INFO, logger="server.services"):
        index, _ = open_index(Settings(data=served_before, index=index_dir))
    assert caplog.text == "" and (index_dir / "manifest.json").read_bytes() == before
    assert len(index.documents) == json.loads(before)["documents"]


def test_serve_says_what_is_wrong_in_the_transcripts_it_is_given(
    served_before: Path, same_model, fixture_paths: list[Path], caplog
) -> None:
    """Before, serve built a folder of mixed files without a word of its binary file or its
    broken XML: the problems were said by `corpus check` and `build` alone."""
    broken = served_before / "broken.xml"
    broken.write_text("<TEI><text>broken")
    settings = Settings(data=served_before, transcripts=[fixture_paths[0], broken])
    with caplog.at_level(logging.WARNING, logger="server.services"):
        index, _ = open_index(settings)
    assert list(index.documents) == ["frus1969-76v39/d107"]
    assert caplog.messages[-1] == (
        f"The transcripts given have 2 errors and 0 warnings (what could be read is served): "
        f"`backchannel corpus check {fixture_paths[0]} {broken}` lists each with its file and "
        f"line. The first errors:\n  {broken}:1: Broken XML at line 1: the file ends before the "
        "XML is complete. Documents before the break are imported; the one the break falls in is "
        f"marked as cut short. Check that the file is complete and well-formed.\n  {broken}:1: "
        'This XML holds no TEI document (<div type="document">) and no volume header; nothing '
        "was imported. Give a FRUS TEI volume or a document div."
    )

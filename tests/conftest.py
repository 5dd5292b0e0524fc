"""Session-wide fixtures shared by every test package: the real model, a small corpus, its index.

The model loads once per session and the index is built once, so tests stay fast on 2 cores.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.background import BackgroundRun, finished
from tests.served import LiveServer, serve_for_session
from tests.shared import built_once, in_worker, module_made, run_folder

ROOT = Path(__file__).resolve().parents[1]

# Under pytest-xdist every worker runs torch, and what it spawns (a command, a server), on one
# OpenMP thread. torch takes as many as there are cores: two workers ran four on 2 cores, and
# each operator's threads spun waiting on one the other worker held. torch's vectors of every
# evaluation line (test_onnx.py) took 278 s and 90 s of CPU on two threads, 73 s and 39 s on
# one, at load 12-14 on 2 cores; 9.8 s on an idle machine. Set before anything imports torch.
if "PYTEST_XDIST_WORKER" in os.environ:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
# mypy --strict over the three packages (pyproject.toml); its cache, .mypy_cache/, is gitignored
MYPY = [sys.executable, "-m", "mypy"]
MYPY_TEST = "test_mypy_strict_passes_on_transcripts_embeddings_and_server"
_MYPY_RUN = pytest.StashKey[BackgroundRun]()

# The seed conversation, plus documents that exercise what search must handle: one call
# printed in two volumes (v13 d161 = v32 d143), one in both text and TEI form (v12 d188), a
# narrative record (v12 d95, TEI) and a few ordinary calls.
FIXTURE_FILES = (
    "frus-text/frus1969-76v39-d107.txt",
    "frus-text/frus1969-76v13-d161.txt",
    "frus-text/frus1969-76v32-d143.txt",
    "frus-text/frus1969-76v12-d188.txt",
    "frus-tei/frus1969-76v12-d188.xml",
    "frus-tei/frus1969-76v12-d95.xml",
    "frus-text/frus1969-76v13-d63.txt",
    "frus-text/frus1969-76v25-d172.txt",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        metavar="DIR",
        default=None,
        help="Where the browser tests save their screenshots (default: build/screenshots); "
        "give docs/screenshots to refresh the README's.",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests of a module that makes a fixture once for the module run on one worker
    (``tests.shared.module_made``). First, so pytest-xdist's own hook reads the mark."""
    for item in items:
        if module_made(item):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def _start_mypy(config: pytest.Config) -> None:
    config.stash[_MYPY_RUN] = BackgroundRun(MYPY, ROOT, run_folder(config) / "mypy")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start mypy as soon as its test is collected. From a fresh clone it reads torch's and
    transformers' types: ~2 minutes of one core (141 s at load 5 on 2 cores; 31 s of CPU
    since it skips the parts of them no package here uses, pyproject.toml), the suite's
    slowest test when run in place, while the other core sat idle under the browser and
    server tests. Its test waits for this run and asserts on what it printed. A pytest-xdist
    worker starts none: the process handing out the tests does, once
    (``pytest_xdist_node_collection_finished``)."""
    config = session.config
    if config.option.collectonly or in_worker(config):
        return
    if any(item.name == MYPY_TEST for item in session.items):
        _start_mypy(config)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """Under pytest-xdist, start mypy in the process handing out the tests when the first
    worker has collected its test: before any test runs (they are handed out once every
    worker has collected), and once, whichever worker is then given the test."""
    config = node.config
    named = (i.split("@")[0] for i in ids)  # "@GROUP" ends a grouped test's id (loadgroup)
    if _MYPY_RUN not in config.stash and any(i.endswith(f"::{MYPY_TEST}") for i in named):
        _start_mypy(config)


def pytest_sessionfinish(session: pytest.Session) -> None:
    run = session.config.stash.get(_MYPY_RUN, None)
    if run is not None:
        run.stop()


@pytest.fixture
def mypy_run(pytestconfig: pytest.Config) -> Callable[[float], tuple[int, str]]:
    """The exit status and output of the suite run's mypy, started at collection, once it has
    ended (waiting at most the given seconds), in whichever process it runs."""
    folder = run_folder(pytestconfig) / "mypy"
    return lambda timeout: finished(folder, timeout)


@pytest.fixture(scope="session")
def fixture_paths() -> list[Path]:
    from transcripts import shipped_corpus_dir

    root = shipped_corpus_dir()
    return [root / name for name in FIXTURE_FILES]


@pytest.fixture(scope="session")
def _fixture_index_once(pytestconfig: pytest.Config, fixture_paths: list[Path]):
    """The fixture index made once for the whole run (tests/shared.py), and the encoder that
    made it where this process did (None where another did).

    The model's ONNX graph exported into it, the fixture corpus built, and the chatter
    examples' vectors put into its cache by a role-play ``cached`` on it: each worker did all
    three itself, ~11 s of one core each (the export ~6 s, load ~6 on 2 cores), the same
    files each time."""
    from embeddings import Index, RolePlay, build_index, index_encoder
    from transcripts import load_corpus

    made: dict[str, Any] = {}

    def build(folder: Path) -> None:
        encoder = index_encoder(folder, "all-MiniLM-L6-v2")
        build_index(load_corpus(fixture_paths), folder, encoder=encoder)
        RolePlay(Index.load(folder), encoder, cached=True)
        made["encoder"] = encoder

    return built_once(pytestconfig, "fixture-index", build), made.get("encoder")


@pytest.fixture(scope="session")
def fixture_index_root(tmp_path_factory, _fixture_index_once) -> Path:
    """This process's copy of the run's fixture index: its tests and servers write beside it
    (a server's database, a role-play's caches), so no worker reads what another writes."""
    root: Path = tmp_path_factory.mktemp("index")
    shutil.copytree(_fixture_index_once[0], root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="session")
def encoder(fixture_index_root: Path, _fixture_index_once):
    """The real all-MiniLM-L6-v2 on ONNX Runtime (the default), loaded offline once for the
    whole session from the graph in the fixture index (exported there once for the run): the
    encoder that exported it where this process made the index (its graph, held in memory,
    is the one copied here)."""
    from embeddings import index_encoder

    encoder = _fixture_index_once[1] or index_encoder(fixture_index_root, "all-MiniLM-L6-v2")
    assert encoder.backend == "onnx", encoder.fallback
    return encoder


@pytest.fixture(scope="session")
def torch_encoder():
    """The same model on torch: the reference ONNX Runtime's vectors are held to."""
    from embeddings import Encoder

    return Encoder(backend="torch")


@pytest.fixture(scope="session")
def fixture_corpus(fixture_paths):
    """The seed frus1969-76v39/d107 and a few other shipped documents, parsed."""
    from transcripts import load_corpus

    return load_corpus(fixture_paths)


@pytest.fixture(scope="session")
def fixture_index_dir(fixture_index_root: Path) -> Path:
    """An index of ``fixture_corpus``, built once per run (``_fixture_index_once``); treat it
    as read-only."""
    return fixture_index_root


@pytest.fixture(scope="session")
def shipped_index_dir(pytestconfig: pytest.Config, fixture_index_dir: Path, encoder) -> Path:
    """An index of the whole shipped corpus (66 conversations), built once per run, and under
    pytest-xdist once for all workers (tests/shared.py: ~33 s of one core each, by far the
    costliest set-up they shared); treat it as read-only.

    Its build starts from a copy of the fixture index's vector cache, the chatter examples'
    vectors in it (``_fixture_index_once``): only the other documents' texts are encoded.
    Its cache then holds the vectors of every shipped text, and each index the tests build of
    shipped documents starts from a copy of it (``shipped_vectors``). The quiz test
    over the whole record built it on its own, and every other build encoded its documents
    again (one role-play's 6.1 s build was 5.4 s of encoding, at load ~8 on 2 cores).

    It holds the model's ONNX graph, as an index `backchannel build` made does: the fixture
    index's, the one ``encoder`` runs. Without it, the first command to load this index
    (benchmarks/refusal_causes.py, tests/test_refusal_causes.py) exported the graph again into
    it, torch imported for it: 16.8 s of CPU against 2.7 s with the graph kept."""
    from embeddings import build_index
    from embeddings.index_files import ONNX_DIR
    from transcripts import load_corpus

    def build(folder: Path) -> None:
        shutil.copytree(fixture_index_dir / "cache", folder / "cache")
        shutil.copytree(fixture_index_dir / ONNX_DIR, folder / ONNX_DIR)
        build_index(load_corpus(), folder, encoder=encoder)

    return built_once(pytestconfig, "shipped-index", build)


@pytest.fixture(scope="session")
def shipped_roleplay(shipped_index_dir: Path, encoder):
    """The real role-play over the whole shipped record, loaded once per session for the
    modules that ask it about the lines that went wrong there (four modules each loaded their
    own); treat it as read-only."""
    from embeddings import Index, RolePlay

    return RolePlay(Index.load(shipped_index_dir), encoder, cached=True)


@pytest.fixture(scope="session")
def shipped_vectors(shipped_index_dir: Path) -> Callable[[Path], Path]:
    """Puts the shipped index's vector cache (every shipped text's sentence and word-token
    vectors, and the chatter examples') into the index folder it is given (and returns it).

    A build there of shipped documents reads their vectors as a rebuild does instead of
    encoding them: the same vectors and token vectors, bit for bit, as a build from nothing
    (the cache is keyed by each text's hash, and holds texts of other documents unread)."""

    def put(index_dir: Path) -> Path:
        shutil.copytree(shipped_index_dir / "cache", index_dir / "cache")
        return index_dir

    return put


@pytest.fixture(scope="session")
def roleplay_with(fixture_paths, shipped_vectors, encoder, tmp_path_factory):
    """Factory: the real role-play over an index of the fixture corpus plus more shipped
    documents (``frus-text`` file names, or a path under the corpus such as
    ``frus-tei/frus1969-76v12-d189.xml`` where the record is read from the TEI), built in a
    folder of its own, once per session for each set of names (two modules ask for the same);
    treat it as read-only.

    Its build starts from a copy of the shipped index's vector cache (``shipped_vectors``):
    no text is encoded, and the vectors are those of a build from nothing. The chatter
    examples' vectors come with it, and are read where this index's glossary labels the
    examples alike."""
    from embeddings import Index, RolePlay, build_index
    from transcripts import load_corpus, shipped_corpus_dir

    made: dict[tuple[str, ...], object] = {}

    def make(*names: str):
        if names not in made:
            root = shipped_corpus_dir()
            paths = [*fixture_paths, *(root / (n if "/" in n else f"frus-text/{n}") for n in names)]
            folder = shipped_vectors(tmp_path_factory.mktemp("fixture-and") / "index")
            build_index(load_corpus(paths), folder, encoder=encoder)
            made[names] = RolePlay(Index.load(folder), encoder, cached=True)
        return made[names]

    return make


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server (Debian's binaries, a temporary cluster), once per session."""
    from tests.pgcluster import PostgresCluster

    cluster = PostgresCluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def roleplay(fixture_roleplay):
    """The role-play a test works on: the fixture index's (``fixture_roleplay``), unless its
    module gives the name to a role-play over an index of its own (``roleplay_with``)."""
    return fixture_roleplay


@pytest.fixture(scope="session")
def fixture_roleplay(fixture_index_dir: Path, encoder):
    """The real role-play over the fixture index, built once per session (its caches are
    the same for every caller); treat it as read-only.

    ``cached``, as a server's is: the chatter examples' vectors, encoded once for the run
    into the index's cache (``_fixture_index_once``), are read by it and by every later
    role-play on it (a command's, a server's) instead of encoding the examples again (~1.5 s
    against ~6-11 s at load ~9 on 2 cores)."""
    from embeddings import Index, RolePlay

    return RolePlay(Index.load(fixture_index_dir), encoder, cached=True)


@pytest.fixture(scope="session")
def chatter_vectors(fixture_index_dir: Path) -> Callable[[Path], Path]:
    """Puts the chatter examples' vectors, kept in the fixture index's cache
    (``_fixture_index_once``), into the cache of the index a test builds in the folder it is
    given (and returns it).

    A role-play ``cached`` over that index then reads them instead of encoding the 471
    examples again (4.3 s of a role-play's load at load ~6 on 2 cores), where its glossary
    labels them alike: the keys say each example as labelled, so one it labels otherwise is
    encoded as before. The hand-made and shipped corpora the tests build (their volumes list
    no terms of their own) label them alike. Only that part of the cache: every turn is still
    encoded by the test's own build."""

    def put(index_dir: Path) -> Path:
        for chatter in (fixture_index_dir / "cache").glob("*/chatter"):
            shutil.copytree(chatter, index_dir / chatter.relative_to(fixture_index_dir))
        return index_dir

    return put


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, fixture_index_dir: Path) -> Iterator[LiveServer]:
    """The session's real `backchannel serve` over the fixture index (tests/served.py)."""
    yield from serve_for_session(tmp_path_factory.mktemp("web-data"), fixture_index_dir)

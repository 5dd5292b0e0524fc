"""Sentence-transformers encoder, saved vector + BM25 index, and role-play search over turns."""

from embeddings.answers import Answer, Context, Match
from embeddings.caches import VectorCache
from embeddings.encoder import BACKENDS, DEFAULT_BACKEND, DEFAULT_MODEL, Encoder
from embeddings.glossary import Glossary
from embeddings.index import (
    BuildReport,
    Filters,
    Index,
    build_index,
    corpus_hash,
    index_encoder,
)
from embeddings.index_files import FORMAT_VERSION, IndexLoadError, IndexStale, check_index
from embeddings.roleplay import RolePlay
from embeddings.views import TurnRecord

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "DEFAULT_MODEL",
    "FORMAT_VERSION",
    "Answer",
    "BuildReport",
    "Context",
    "Encoder",
    "Filters",
    "Glossary",
    "Index",
    "IndexLoadError",
    "IndexStale",
    "Match",
    "RolePlay",
    "TurnRecord",
    "VectorCache",
    "build_index",
    "check_index",
    "corpus_hash",
    "index_encoder",
]

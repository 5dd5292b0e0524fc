"""Sentence-transformers encoder, saved vector + BM25 index, and role-play search over turns."""

from embeddings.encoder import DEFAULT_MODEL, Encoder, VectorCache
from embeddings.glossary import Glossary
from embeddings.index import (
    FORMAT_VERSION,
    BuildReport,
    Filters,
    Index,
    IndexLoadError,
    build_index,
)
from embeddings.roleplay import Answer, Context, Match, RolePlay

__all__ = [
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
    "Match",
    "RolePlay",
    "VectorCache",
    "build_index",
]

"""Sentence-transformers encoder, saved vector + BM25 index, and role-play search over turns."""

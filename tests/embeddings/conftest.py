"""Embeddings fixtures: the `backchannel` commands run in-process on the session's model."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def same_model(monkeypatch: pytest.MonkeyPatch, encoder: object) -> None:
    """Let the commands reuse the session's encoder instead of loading the model again: both
    names are patched, as `build` and `serve` reach it through ``embeddings`` and `ask` and
    `eval` through the role-play."""

    def same(index_dir: Path, model: str, backend: str | None = None) -> object:
        return encoder

    monkeypatch.setattr("embeddings.roleplay.index_encoder", same)
    monkeypatch.setattr("embeddings.index_encoder", same)


@pytest.fixture
def shipped(shipped_roleplay: object) -> object:
    """The role-play over the whole shipped record, where the lines went wrong: the modules
    that ask it about them (a rule's own lines) share the session's one."""
    return shipped_roleplay

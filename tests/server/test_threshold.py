"""The threshold a school sets for its server is the one its role-play refuses below."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import build_parser
from server.cli.serve import settings_from
from server.services import Services


@pytest.mark.parametrize(
    ("environment", "flags", "threshold"),
    [(None, [], 0.7), ("0.8", [], 0.8), ("0.8", ["--threshold", "0.6"], 0.6)],
)
def test_the_servers_threshold_comes_from_the_environment_or_the_command_line(
    tmp_path: Path, fixture_index_dir, encoder, monkeypatch, environment, flags, threshold
):
    from embeddings import Index

    def index_and_encoder(settings, progress=False):
        return Index.load(fixture_index_dir), encoder  # the session's model, loaded once

    monkeypatch.setattr("server.services.open_index", index_and_encoder)
    if environment is not None:
        monkeypatch.setenv("BACKCHANNEL_THRESHOLD", environment)
    args = build_parser().parse_args(["serve", "--data", str(tmp_path), *flags])
    services = Services.open(settings_from(args))
    try:
        assert services.roleplay.roleplay.threshold == threshold
    finally:
        services.store.close()

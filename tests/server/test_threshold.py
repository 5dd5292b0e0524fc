"""The threshold a school sets for its server is the one its role-play refuses below."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import build_parser
from server.cli.serve import settings_from
from server.services import Services


@pytest.mark.parametrize(
    ("environment", "flags", "threshold"),
    [(None, [], 0.6), ("0.8", [], 0.8), ("0.8", ["--threshold", "0.7"], 0.7)],
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


def test_a_bad_setting_names_the_option_or_variable_it_came_from(tmp_path: Path, monkeypatch):
    """pydantic named only the field; a port of 99999 started a server on another port."""
    monkeypatch.setenv("BACKCHANNEL_THRESHOLD", "2")
    flags = ["--port", "99999", "--origin", "https://ok.example", "--data", str(tmp_path)]
    args = build_parser().parse_args(["serve", *flags])
    with pytest.raises(ValueError) as refused:
        settings_from(args)
    assert str(refused.value) == (
        "--port 99999: input should be less than or equal to 65535; "
        "BACKCHANNEL_THRESHOLD '2': input should be less than 1. Change it, or leave it out "
        "for its default (`backchannel serve --help` says what each option takes)."
    )

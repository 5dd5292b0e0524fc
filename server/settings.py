"""Every setting of Backchannel in one place, each with a help text the CLI and README show.

Read once from ``BACKCHANNEL_*`` environment variables; CLI flags override them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def default_data_dir() -> Path:
    """Where sessions and the index live when nothing else is said: the XDG data directory."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "backchannel"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BACKCHANNEL_", extra="ignore")

    host: str = Field("127.0.0.1", description="Address the server listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the server listens on.")
    data: Path = Field(
        default_factory=default_data_dir,
        description="Data directory: the SQLite database and, by default, the index.",
    )
    database: str | None = Field(
        None,
        description=(
            "PostgreSQL URL (postgresql://USER:PASSWORD@HOST:PORT/DBNAME) for several server "
            "processes on one database; unset: the SQLite file in the data directory."
        ),
    )
    index: Path | None = Field(
        None, description="Index directory (default: DATA/index, built on first start)."
    )
    model: str = Field(
        "all-MiniLM-L6-v2",
        description="Sentence-transformers model, by name or path, used when building an index.",
    )
    backend: Literal["onnx", "torch"] | None = Field(
        None,
        description=(
            "What runs the encoder: onnx (ONNX Runtime, the default for a new index) or torch; "
            "an existing index keeps the one that built it unless this says otherwise."
        ),
    )
    threshold: float | None = Field(
        None,
        gt=0,
        lt=1,
        description=(
            "Fit probability below which a line is refused with 'did you mean' lines (default: "
            "the tier model's 0.7); 0.8 refuses more and shows less that does not answer."
        ),
    )
    transcripts: Annotated[list[Path], NoDecode] = Field(
        default_factory=list,
        description="Transcript files or folders to index instead of the shipped corpus.",
    )
    origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Extra page origins allowed to open the WebSocket (e.g. https://class.example.edu); "
            "the server's own origin is always allowed, '*' allows any."
        ),
    )

    hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Host names the server answers to for browser pages, besides IP addresses and "
            "localhost (e.g. class.example.edu); '*' allows any."
        ),
    )

    connections_per_address: int = Field(
        256,
        ge=1,
        description="WebSocket connections one client address may hold open at once (a class "
        "behind one school NAT shares an address).",
    )
    sessions_per_address: int = Field(
        600, ge=1, description="New sessions one client address may start within an hour."
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Addresses of reverse proxies whose X-Forwarded-For header names the "
        "client (default: none, the socket's peer is the client).",
    )

    @field_validator("transcripts", "origins", "hosts", "trusted_proxies", mode="before")
    @classmethod
    def one_or_a_list(cls, value: object) -> object:
        """A variable's JSON list, or one value as it is: `BACKCHANNEL_TRANSCRIPTS=/srv/frus`
        stopped serve with 'error parsing value for field "transcripts" from source
        "EnvSettingsSource"' (and every other command with a traceback)."""
        if not isinstance(value, str):
            return value
        if not value.lstrip().startswith("["):
            return [value]
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f'not a JSON list ({exc.msg}): write it as ["one", "another"], or give one '
                "value with no brackets"
            ) from None

    @property
    def index_dir(self) -> Path:
        return self.index or self.data / "index"

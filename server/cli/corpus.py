"""`backchannel` subcommands of this group (being written)."""

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's subcommands to the main parser."""

"""How every `backchannel` command says what it cannot do: ``backchannel COMMAND: message``.

`build`, `ask` and `eval` wrote "error: ...", and `serve`, `corpus` and `instructor`
"backchannel serve: ...": one school's log or terminal read two forms for the same thing.
The form is the one argparse gives the command's name in its own refusals.
"""

from __future__ import annotations

import sys


def fail(command: str, message: str) -> None:
    """Print ``message`` on stderr as ``command``'s (the top-level command: serve, build...)."""
    print(f"backchannel {command}: {message}", file=sys.stderr)

"""`python3 -m server.cli`: the `backchannel` command from a checkout whose entry point is not
installed (or is another checkout's)."""

import sys

from server.cli import main

sys.exit(main())

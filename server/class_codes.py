"""What a class code may be, for the command line and the instructor page alike.

Students type it, it sits in web addresses (``/api/classes/CODE/...``) and in export file names
(``CODE.csv``): letters, digits and a few marks that none of those treat specially.
"""

from __future__ import annotations

import re

CLASS_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")


def class_code_problem(text: str) -> str | None:
    """None for a good class code; else what is wrong with it and how to write one."""
    if CLASS_CODE.fullmatch(text) and not text.endswith("."):
        return None
    return (
        f"{text!r} is not a class code: use 1 to 40 letters (A-Z), digits, '-', '_' or '.', "
        "starting with a letter or digit and not ending with '.', e.g. HIST210 or IR-101.2026 "
        "(students type it, and it appears in web addresses and export file names)"
    )

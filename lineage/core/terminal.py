"""Text made safe to show on a terminal: data never carries control sequences to it.

Cards are other people's text; a licence of ``"\\x1b]0;…\\x07"`` would retitle the window,
``"\\x1b[2J"`` clear it, a bidi override reorder what is read. What is shown replaces each
control character with its visible escape (``\\x1b``); the stored data is never changed.
"""

from __future__ import annotations

import re

# C0 (but tab and newline, which `printable` keeps on request), DEL, C1, and the
# Unicode bidi controls that reorder what is displayed.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_CONTROL_BUT_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
# What JSON text may still hold once `json.dumps` has escaped C0: DEL, C1, bidi.
_JSON_UNESCAPED = re.compile(f"[\x7f-\x9f{_BIDI}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, lines: bool = False) -> str:
    """``text`` with every control character shown as its escape (``lines``: keep \\n and \\t)."""
    return (_CONTROL_BUT_LINES if lines else _CONTROL).sub(_escape, text)


def printable_json(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls escaped as ``\\u00XX`` (same JSON value)."""
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


__all__ = ["printable", "printable_json"]

"""Find and load the YAML front matter of a model card.

Real cards put the ``---`` block at the very start (the Hub's form), after a
short preamble (a title and a ``source:`` line added by whoever exported the
card), or at the very end. Bytes may carry a BOM, CRLF line ends, or not be
UTF-8 at all. The YAML itself is untrusted: it is loaded with a safe loader
whose alias expansion is capped, so a "billion laughs" document fails fast.

Every failure is a `CardError` with a one-line reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from importers.yaml_fast import _DEFAULT_LOADER, _PyLoader, fast_load
from lineage.core.errors import CardError
from lineage.core.limits import input_problem

MAX_CARD_BYTES = 5 * 1024 * 1024
# A document may reuse anchors, but its expanded size (every alias counted as a
# copy of what it names) must stay far below what would hurt a consumer that
# walks it; real cards expand to a few thousand nodes at most.
MAX_EXPANDED_NODES = 200_000
# Bounds on parse work for untrusted YAML (the largest real front matter, an embedding
# model's benchmark table, is under 100 kB): composing costs time and memory in
# proportion to the text, so the text is capped first, and a block long enough to
# exceed the node cap without aliases has its nodes counted (from the parser's events,
# which cost little memory) before any is built.
MAX_FRONT_MATTER_CHARS = 1_000_000
_UNCOUNTED_MAX_CHARS = 2 * MAX_EXPANDED_NODES  # below this, only aliases can exceed the cap
# How far into the file a front matter block may start when a preamble precedes it.
_PREAMBLE_MAX_LINES = 12
_PREAMBLE_MAX_CHARS = 2_000
_VALID_NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
# The same two lines within the whole text (a line ends at "\n" or the end).
_FENCE_AT_START = re.compile(r"---[ \t]*(?=\n|\Z)")
_CLOSE_AFTER_NEWLINE = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?=\n|\Z)")
_KEY_LINE = re.compile(r"^[A-Za-z_][\w.-]*[ \t]*:(?:[ \t]|$)")
# Keys the Hub documents for model cards: a guessed block (after a preamble or
# at the end) must contain one of them to count as front matter.
_CARD_KEYS = frozenset(
    {
        "base_model",
        "base_model_relation",
        "license",
        "license_name",
        "license_link",
        "library_name",
        "pipeline_tag",
        "tags",
        "language",
        "datasets",
        "metrics",
        "model-index",
        "model_name",
        "new_version",
        "inference",
        "widget",
        "thumbnail",
        "quantized_by",
        "extra_gated_prompt",
    }
)


class _HostileYaml(CardError):
    """An alias bomb or a recursive alias: refused wherever the block sits."""


# Not frozen: built once per card and never changed, and a frozen class is slower to build.
@dataclass(slots=True)
class FrontMatter:
    """The parsed front matter (``{}`` when the card has none) and the prose around it."""

    data: dict[str, Any]
    body: str
    found: bool


def decode_card(data: bytes, location: str) -> str:
    """Decode card bytes: size limit, BOM, UTF-8, and a lenient fallback.

    Invalid UTF-8 does not fail the card. UTF-8 text with a few broken bytes
    keeps its text, the broken bytes becoming U+FFFD; a file with more broken
    sequences than valid non-ASCII characters is a legacy 8-bit file and is read
    as Windows-1252, what editors actually write. (Not latin-1: it maps
    0x80-0x9F to control characters, which YAML refuses, so smart quotes would
    still fail the card.)
    """
    if len(data) > MAX_CARD_BYTES:
        raise CardError(location, f"file too large ({len(data)} bytes, limit {MAX_CARD_BYTES})")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") > len(_VALID_NON_ASCII.findall(text)):
        text = data.decode("cp1252", errors="replace")
    return text.lstrip("\ufeff")


def split_front_matter(text: str, location: str) -> FrontMatter:
    """Find the front matter block and load it.

    A block at the very start is authoritative: if it is unclosed, malformed or
    not a mapping the card is rejected. A block after a short preamble or at the
    end is only a guess, so it is taken only when it loads to a mapping with at
    least one model-card key; otherwise the card is read as having none.
    """
    if len(text) > MAX_CARD_BYTES:
        raise CardError(
            location, f"file too large ({len(text)} characters, limit {MAX_CARD_BYTES})"
        )
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():  # text.strip() without copying the card
        raise CardError(location, "empty file")
    at_start = _at_start(text, location)
    if at_start is not None:
        return at_start
    lines = text.split("\n")
    first = _first_content_line(lines, 0)
    if first is not None and _FENCE.match(lines[first]):
        end = _closing_line(lines, first + 1)
        if end is None:
            raise CardError(
                location, f"front matter opened on line {first + 1} is never closed with '---'"
            )
        data = load_yaml("\n".join(lines[first + 1 : end]), location, first + 1)
        return FrontMatter(data, "\n".join(lines[end + 1 :]), True)
    found = _after_preamble(lines, first, location) or _at_end(lines, location)
    return found or FrontMatter({}, text, False)


def _at_start(text: str, location: str) -> FrontMatter | None:
    """The Hub's layout: ``---`` on the very first line and a closing line below.

    Found without splitting the whole card into lines, with the same result as
    the line-by-line reading in `split_front_matter`; ``None`` for anything else.
    """
    opening = _FENCE_AT_START.match(text)
    if opening is None:
        return None
    closing = _CLOSE_AFTER_NEWLINE.search(text, opening.end())
    if closing is None:
        return None
    data = load_yaml(text[opening.end() + 1 : closing.start()], location, 1)
    return FrontMatter(data, text[closing.end() + 1 :], True)


def _scalar_problem(exc: Exception) -> str:
    """A constructor's error as a statement about the input (not Python's limits)."""
    return input_problem(exc) or " ".join(str(exc).split()) or type(exc).__name__


def load_yaml(
    source: str, location: str, line_offset: int = 0, *, pure_python: bool = False
) -> dict[str, Any]:
    """Load one YAML mapping safely; ``line_offset`` makes error lines file lines.

    Plain block YAML (most cards) is read by `fast_load`; anything else goes to
    PyYAML. ``pure_python`` forces PyYAML's Python loader, the path taken when
    libyaml is not installed, and skips the fast path.
    """
    if len(source) > MAX_FRONT_MATTER_CHARS:
        raise CardError(
            location,
            f"YAML front matter is {len(source):,} characters; the limit is "
            f"{MAX_FRONT_MATTER_CHARS:,}",
        )
    if not pure_python and len(source) <= _UNCOUNTED_MAX_CHARS:  # longer ones are counted
        fast = fast_load(source)
        if fast is not None:
            return fast
    loader = (_PyLoader if pure_python else _DEFAULT_LOADER)(source)
    try:
        if len(source) > _UNCOUNTED_MAX_CHARS:
            _count_nodes(type(loader)(source), location)
        node = loader.get_single_node()
        if node is None:
            return {}
        if "*" in source:
            # Without an alias nothing can expand: the node tree is as small as the text.
            _check_expansion(node, location)
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1 + line_offset})" if mark is not None else ""
        raise CardError(location, f"malformed YAML front matter: {problem}{where}") from None
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise CardError(location, f"malformed YAML front matter: {reason}") from None
    except RecursionError:
        raise CardError(location, "YAML front matter nests too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML's constructors raise bare errors on some scalars (`0b_`, a bad date).
        raise CardError(location, f"malformed YAML front matter: {_scalar_problem(exc)}") from None
    finally:
        loader.dispose()
    if value is None:
        return {}
    if not isinstance(value, dict):
        kind = type(value).__name__
        raise CardError(location, f"front matter is not a mapping (got {kind})")
    return value


def _count_nodes(loader: yaml.SafeLoader | yaml.CSafeLoader, location: str) -> None:
    """Refuse a document with more than `MAX_EXPANDED_NODES` nodes, counting parse events."""
    node_events = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
    count = 0
    try:
        while not loader.check_event(yaml.StreamEndEvent):
            if isinstance(loader.get_event(), node_events):
                count += 1
                if count > MAX_EXPANDED_NODES:
                    raise _HostileYaml(
                        location, f"YAML front matter has more than {MAX_EXPANDED_NODES} nodes"
                    )
    finally:
        loader.dispose()


def _check_expansion(root: yaml.Node, location: str) -> None:
    """Refuse recursive aliases and documents whose aliases expand too far.

    The composed node graph shares one node per anchor, so its size is linear in
    the text; the danger is the *expanded* tree. Memoised sizes per node make
    this check linear too, and it stops as soon as the cap is passed.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        ident = id(node)
        known = sizes.get(ident)
        if known is not None:
            return known
        if ident in active:
            raise _HostileYaml(location, "YAML front matter has a recursive alias")
        active.add(ident)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += size(child)
                if total > MAX_EXPANDED_NODES:
                    break
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
                if total > MAX_EXPANDED_NODES:
                    break
        active.discard(ident)
        if total > MAX_EXPANDED_NODES:
            raise _HostileYaml(
                location,
                f"YAML front matter expands beyond {MAX_EXPANDED_NODES} nodes (alias bomb?)",
            )
        sizes[ident] = total
        return total

    size(root)


def _first_content_line(lines: list[str], start: int) -> int | None:
    for i in range(start, len(lines)):
        if lines[i].strip():
            return i
    return None


def _closing_line(lines: list[str], start: int) -> int | None:
    for i in range(start, len(lines)):
        if _CLOSE.match(lines[i]):
            return i
    return None


def _guess(lines: list[str], opening: int, closing: int, location: str) -> dict[str, Any] | None:
    """Load a guessed block; ``None`` unless it is a mapping with a card key."""
    content = _first_content_line(lines, opening + 1)
    if content is None or content >= closing or not _KEY_LINE.match(lines[content]):
        return None
    if _too_large_to_guess(lines, opening, closing):
        return None
    try:
        data = load_yaml("\n".join(lines[opening + 1 : closing]), location, opening + 1)
    except _HostileYaml:
        raise
    except CardError:
        # A guess that does not load is prose that happens to sit between two rules.
        return None
    return data if _CARD_KEYS.intersection(data) else None


# A guessed block larger than this is not front matter anyone wrote by hand: not loaded
# (a 3 MB block after a preamble cost seconds and hundreds of MB for a guess).
GUESS_MAX_CHARS = 256 * 1024


def _too_large_to_guess(lines: list[str], opening: int, closing: int) -> bool:
    """Whether the lines between ``opening`` and ``closing`` hold more than `GUESS_MAX_CHARS`."""
    total = 0
    for i in range(opening + 1, closing):
        total += len(lines[i]) + 1
        if total > GUESS_MAX_CHARS:
            return True
    return False


def _after_preamble(lines: list[str], first: int | None, location: str) -> FrontMatter | None:
    if first is None:
        return None
    seen = 0
    chars = 0
    for i in range(first, len(lines)):
        if _FENCE.match(lines[i]):
            closing = _closing_line(lines, i + 1)
            if closing is None:
                return None
            data = _guess(lines, i, closing, location)
            if data is None:
                return None
            # The preamble (a title, a source line) stays part of the prose.
            body = "\n".join(lines[:i] + lines[closing + 1 :])
            return FrontMatter(data, body, True)
        if lines[i].strip():
            seen += 1
        chars += len(lines[i]) + 1
        if seen > _PREAMBLE_MAX_LINES or chars > _PREAMBLE_MAX_CHARS:
            return None
    return None


def _at_end(lines: list[str], location: str) -> FrontMatter | None:
    last = len(lines) - 1
    while last >= 0 and not lines[last].strip():
        last -= 1
    if last <= 0 or not _FENCE.match(lines[last]):
        return None
    for i in range(last - 1, -1, -1):
        if _FENCE.match(lines[i]):
            data = _guess(lines, i, last, location)
            return FrontMatter(data, "\n".join(lines[:i]), True) if data is not None else None
    return None

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
from functools import lru_cache
from typing import Any

import yaml

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


class _PyLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader: the fallback when libyaml is missing."""


def _construct_str(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


# Dates in cards (``release_date: 2024-06-17``) would become `datetime.date`;
# consumers expect plain text, so keep the scalar as written.
_PyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str)
_DEFAULT_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = _PyLoader
if yaml.__with_libyaml__:

    class _CLoader(yaml.CSafeLoader):
        """The libyaml safe loader: the same rules, several times faster."""

    _CLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str)
    _DEFAULT_LOADER = _CLoader


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


# -- fast path ------------------------------------------------------------------
#
# PyYAML spends most of a card's parse time building Python objects through its
# generic constructor machinery, even with libyaml. Most front matters are plain
# block YAML (``key: value``, ``key:`` + ``- item`` lists, a nested mapping for
# ``model-index``), which a line parser reads several times faster. `fast_load`
# reads only a subset whose meaning is unambiguous and gives up (returns None)
# on anything else, so that PyYAML decides. Whenever it returns a value, that
# value is exactly what the default loader returns; tests/test_card_fastpath.py
# checks that against PyYAML on generated documents and near-misses.

# Characters outside YAML's printable set, tabs, CR, YAML 1.1 line breaks (NEL,
# LS, PS) and BOMs: any of them sends the document to PyYAML.
_FAST_BAD_CHAR = re.compile(
    r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# ``key:`` or ``key: rest``; a key is a plain word that YAML cannot read as anything else.
_FAST_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]{0,199}):(?: +(.*))?$")
# A plain scalar that starts like one (no indicator first, ``-`` only before a number).
_FAST_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]|-[0-9.]")
# One item of ``[a, "b", 'c']`` and its comma: a plain scalar without flow
# indicators, comments, quotes or colons, or a quoted one without escapes.
_FAST_FLOW_ITEM = re.compile(
    r""" *(?:"(?P<dq>[^"\\]*)"|'(?P<sq>(?:[^']|'')*)'"""
    r"""|(?P<plain>[A-Za-z0-9_./~(+][^,?\[\]{}#:'"&*!|>%@`]*?)) *(?P<sep>,|$)"""
)
_STR_TAG = "tag:yaml.org,2002:str"
# Tags the fast path constructs itself; any other resolved tag (``=``, ``<<``) means give up.
_FAST_TAGS = frozenset(
    {
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:timestamp",
    }
)


# Keys, key lines and plain values recur from card to card ("license: apache-2.0"):
# each is read once per process (the loader's resolvers are fixed once imported).
_RECURRING = 8_192
_SHORT = 256  # longer lines (a widget's text) seldom recur: not kept


class _GiveUp(Exception):
    """The document is outside the fast path's subset."""


def fast_load(source: str) -> dict[str, Any] | None:
    """Read simple block YAML exactly as the default loader would; ``None`` if unsure.

    The subset: a top-level mapping of plain keys; values that are one-line
    plain scalars (typed by PyYAML's own resolvers and constructors), one-line
    quoted strings without escapes, one-line flow lists of plain scalars, block
    lists and nested block mappings with consistent indentation; blank and
    whole-line comment lines. It gives up on everything else: anchors, aliases,
    tags, block and multi-line scalars, flow mappings, trailing comments, tabs,
    odd indentation, duplicate keys, an empty document.
    """
    loader = _DEFAULT_LOADER
    if loader.yaml_path_resolvers or None in loader.yaml_implicit_resolvers:
        return None  # resolvers this parser does not apply (none by default)
    # Printable ASCII and line breaks (most front matter) hold no bad character; two
    # passes in C instead of a character class tried at every position.
    if not (source.isascii() and source.replace("\n", "").isprintable()) and (
        _FAST_BAD_CHAR.search(source)
    ):
        return None
    lines: list[tuple[int, str]] = []
    for raw in source.split("\n"):
        line = _recurring_line(raw) if len(raw) <= _SHORT else _indented(raw)
        if line is not None:
            lines.append(line)
    if not lines or lines[0][0] != 0:
        return None
    parser = _FastParser(lines)
    try:
        value = parser.mapping(0)
    except _GiveUp:
        return None
    return value if parser.pos == len(lines) else None


def _indented(raw: str) -> tuple[int, str] | None:
    """``(indent, content)`` of a line; ``None`` for a blank or comment line."""
    line = raw.rstrip(" ")
    content = line.lstrip(" ")
    if content and content[0] != "#":
        return len(line) - len(content), content
    return None


_recurring_line = lru_cache(maxsize=_RECURRING)(_indented)


class _FastParser:
    """Recursive descent over ``(indent, content)`` lines; raises `_GiveUp` when unsure."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.lines = lines
        self.pos = 0

    def mapping(self, indent: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        lines = self.lines
        while self.pos < len(lines):
            at, content = lines[self.pos]
            if at < indent:
                break
            if at > indent:
                raise _GiveUp
            key, rest, value = (
                _recurring_entry(content) if len(content) <= _SHORT else _entry(content)
            )
            if key in out:
                raise _GiveUp  # a duplicate
            self.pos += 1
            if value is _UNREAD:
                value = _flow_list(rest) if rest else self.nested(indent)
            out[key] = value
        return out

    def nested(self, indent: int) -> Any:
        """The value of ``key:`` with nothing after it: a block below, or null."""
        if self.pos == len(self.lines):
            return None
        at, content = self.lines[self.pos]
        if at > indent:
            return self.sequence(at) if _is_item(content) else self.mapping(at)
        if at == indent and _is_item(content):
            return self.sequence(indent)  # the "indentless" list the Hub writes
        return None

    def sequence(self, indent: int) -> list[Any]:
        out: list[Any] = []
        lines = self.lines
        while self.pos < len(lines):
            at, content = lines[self.pos]
            if at != indent or not _is_item(content):
                if at > indent:
                    raise _GiveUp
                break
            rest, value = _recurring_item(content) if len(content) <= _SHORT else _item(content)
            if value is _MAPPING:
                # "- key: value" opens a mapping at the key's column.
                column = indent + len(content) - len(rest)
                lines[self.pos] = (column, rest)
                out.append(self.mapping(column))
            else:
                self.pos += 1
                out.append(_flow_list(rest) if value is _UNREAD else value)
        return out


# A value that is not one immutable scalar (a block below, a flow list): the parser reads
# it itself, since a list or mapping must never be shared between documents.
_UNREAD: Any = object()


def _scalar(text: str) -> Any:
    """A one-line scalar (quoted or plain), or `_UNREAD` for a flow list."""
    first = text[0]
    if first == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
            raise _GiveUp
        return inner.replace("''", "'")
    if first == '"':
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != '"' or '"' in inner or "\\" in inner:
            raise _GiveUp
        return inner
    if first == "[":
        return _UNREAD
    return _recurring_scalar(text) if len(text) <= _SHORT else _plain_scalar(text)


def _entry(content: str) -> tuple[str, str | None, Any]:
    """``(key, rest, value)`` of a mapping line; ``value`` is `_UNREAD` unless a scalar.

    Immutable, so a recurring line ("license: apache-2.0") is read once per process.
    """
    split = _split_key(content)
    if split is None:
        raise _GiveUp
    key, rest = split
    if _plain(key) is not key:
        raise _GiveUp  # a key YAML reads as a bool or null
    return key, rest, _scalar(rest) if rest else _UNREAD


_recurring_entry = lru_cache(maxsize=_RECURRING)(_entry)
_MAPPING: Any = object()  # a list item that opens a mapping ("- key: value")


def _item(content: str) -> tuple[str, Any]:
    """``(rest, value)`` of a list item line ``- rest``; ``value`` as in `_entry`, or `_MAPPING`."""
    rest = content[1:].lstrip(" ")
    if not rest or _is_item(rest):
        raise _GiveUp  # "-" alone, or "- - x"
    if _key_line(rest) is not None:
        return rest, _MAPPING
    return rest, _scalar(rest)


_recurring_item = lru_cache(maxsize=_RECURRING)(_item)


def _plain_scalar(text: str) -> Any:
    """A plain scalar written after a key or a dash (immutable, so it can be shared)."""
    if not _FAST_PLAIN_START.match(text) or ": " in text or " #" in text or text[-1] == ":":
        raise _GiveUp  # an indicator first, a nested key, a comment, a key without value
    return _plain(text)


_recurring_scalar = lru_cache(maxsize=_RECURRING)(_plain_scalar)


def _is_item(content: str) -> bool:
    return content[0] == "-" and (len(content) == 1 or content[1] == " ")


def _flow_list(text: str) -> list[Any]:
    """``[a, "b", 'c']`` on one line: plain items, or quoted ones without escapes."""
    if text[-1] != "]":
        raise _GiveUp
    inner = text[1:-1].strip(" ")
    out: list[Any] = []
    pos = 0
    while pos < len(inner):
        m = _FAST_FLOW_ITEM.match(inner, pos)
        if m is None or (m["sep"] and m.end() == len(inner)):
            raise _GiveUp  # not an item, or a trailing comma
        if m["plain"] is not None:
            out.append(_plain(m["plain"]))
        elif m["sq"] is not None:
            out.append(m["sq"].replace("''", "'"))
        else:
            out.append(m["dq"])
        pos = m.end()
    return out


def _key_line(content: str) -> tuple[str, str | None] | None:
    """``(key, rest)`` of a ``key: rest`` line (``rest`` ``None`` after a bare ``key:``)."""
    return _recurring_key_line(content) if len(content) <= _SHORT else _split_key(content)


def _split_key(content: str) -> tuple[str, str | None] | None:
    m = _FAST_KEY.match(content)
    return None if m is None else (m[1], m[2])


_recurring_key_line = lru_cache(maxsize=_RECURRING)(_split_key)


def _resolve(value: str) -> str:
    """The tag PyYAML's resolver gives a (non-empty) plain scalar: the loader's own rules.

    `fast_load` has checked there are no path or wildcard resolvers.
    """
    for tag, regexp in _DEFAULT_LOADER.yaml_implicit_resolvers.get(value[0], ()):
        if regexp.match(value):
            return str(tag)
    return _STR_TAG


_recurring_tag = lru_cache(maxsize=_RECURRING)(_resolve)


def _plain(value: str) -> Any:
    """A plain scalar, typed by the default loader's resolvers and constructors."""
    if value[0] not in _DEFAULT_LOADER.yaml_implicit_resolvers:
        return value  # most values: no resolver for their first character
    tag = _recurring_tag(value) if len(value) <= _SHORT else _resolve(value)
    if tag == _STR_TAG:
        return value
    if tag not in _FAST_TAGS:
        raise _GiveUp
    construct = _DEFAULT_LOADER.yaml_constructors[tag]
    try:
        return construct(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    except Exception:  # "0b_" resolves as an int and fails: let PyYAML fail it the same way
        raise _GiveUp from None


# Scalar constructors only read the node: any constructor instance can run them.
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

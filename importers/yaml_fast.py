"""Reading a card's YAML: the safe loaders, and a fast path for plain block YAML.

PyYAML spends most of a card's parse time building Python objects through its generic
constructor machinery, even with libyaml. Most front matters are plain block YAML
(``key: value``, ``key:`` + ``- item`` lists, a nested mapping for ``model-index``), which a
line parser reads several times faster. `fast_load` reads only a subset whose meaning is
unambiguous and gives up (returns None) on anything else, so that PyYAML decides. Whenever it
returns a value, that value is exactly what the default loader returns;
tests/test_card_fastpath.py checks that against PyYAML on generated documents and near-misses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml


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
    try:
        return _document(lines)
    except _GiveUp:
        return None


def _document(lines: list[tuple[int, str]]) -> dict[str, Any]:
    """``_FastParser(lines).mapping(0)``, every line read, with the common shapes inline.

    A top-level key's scalar, flow list or list of scalars is read here with local
    variables (no parser method per value); a nested mapping, or a list item that opens
    one, is handed to `_FastParser` at the line it starts on. The top-level mapping stops
    only at the end (a line indented under it raises), as ``mapping(0)`` does.
    """
    out: dict[str, Any] = {}
    size = len(lines)
    pos = 0
    while pos < size:
        at, content = lines[pos]
        if at:
            raise _GiveUp  # mapping(0) on a line indented deeper than its keys
        key, rest, value = _recurring_entry(content) if len(content) <= _SHORT else _entry(content)
        if key in out:
            raise _GiveUp  # a duplicate
        pos += 1
        if value is _UNREAD:
            if rest:
                value = _flow_list(rest)
            elif pos == size:
                value = None
            else:
                # `_FastParser.nested(0)`: a list at any indent, a mapping below, or null.
                at, content = lines[pos]
                if content[0] == "-" and (len(content) == 1 or content[1] == " "):
                    value = []
                    while pos < size:
                        item_at, content = lines[pos]
                        if item_at != at or not _is_item(content):
                            if item_at > at:
                                raise _GiveUp
                            break
                        rest, item = (
                            _recurring_item(content) if len(content) <= _SHORT else _item(content)
                        )
                        if item is _MAPPING:
                            parser = _FastParser(lines)
                            parser.pos = pos
                            value.extend(parser.sequence(at))
                            pos = parser.pos
                            break
                        pos += 1
                        value.append(_flow_list(rest) if item is _UNREAD else item)
                elif at:
                    parser = _FastParser(lines)
                    parser.pos = pos
                    value = parser.mapping(at)
                    pos = parser.pos
                else:
                    value = None
        out[key] = value
    return out


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


__all__ = ["fast_load"]

"""What a SPARQL query may do on this server, decided from its tokens before it runs.

pyoxigraph exposes no query parser and no switch for ``SERVICE``: a federated
query makes the engine send an HTTP request to whatever endpoint it names (any
host and port the server can reach). So the query text is split into SPARQL
tokens the way the grammar does (strings, IRIs, comments, variables, prefixed
names with their ``\\``-escapes) and every ``SERVICE`` keyword is checked: refused
when federation is off (the default), and otherwise allowed only with a full
``<IRI>`` on the configured allow-list. The same tokens answer whether a text is
a SPARQL Update.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lineage.core.errors import QueryError, ReadOnlyViolation


class ServiceRefused(QueryError):
    """The query calls a remote endpoint (``SERVICE``) this server does not allow."""

    code = "service_not_allowed"


# One alternative per token kind, tried at each position in this order. They follow
# the SPARQL 1.1 grammar's terminals: a long string ends at the first unescaped triple
# quote (``\'''`` does not end it); IRIREF allows no space, braces or quotes;
# PN_LOCAL allows ``\``-escapes of punctuation (``ex:a\'b`` is one name, not a quote).
_TOKEN = re.compile(
    r"(?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\""
    r"|'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\")"
    r"|(?P<unclosed>['\"])"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*(?:\\[uU][0-9A-Fa-f]+[^<>\"{}|^`\\\x00-\x20]*)*>)"
    r"|(?P<comment>#[^\n\r]*)"
    r"|(?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)"
    r"|(?P<pname>[\w.-]*:(?:[\w.:%\u00b7-]|\\[_~.\-!$&'()*+,;=/?#@%])*)"
    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<word>[A-Za-z_]\w*)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.S,
)
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True, slots=True)
class Token:
    """One SPARQL token: its kind (a group name of `_TOKEN`) and its text."""

    kind: str
    text: str


def tokens(text: str) -> Iterator[Token]:
    """The query's tokens, without white space and comments.

    A quote that opens no complete string is a syntax error to the engine too; it is
    refused at once, which also keeps the scan linear (every later quote would search
    to the end of the text again).
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "unclosed":
            line = text.count("\n", 0, match.start()) + 1
            raise QueryError(f"SPARQL syntax error: a string opened on line {line} is not closed")
        if kind not in ("space", "comment"):
            yield Token(kind, match.group())


def refuse_updates(text: str) -> None:
    """Raise `ReadOnlyViolation` when the text is a SPARQL Update (any of its operations).

    The engine's query parser rejects updates anyway; this turns them into a
    clear 403 instead of a syntax error.
    """
    for token in tokens(text):
        if token.kind == "word" and token.text.upper() in _UPDATE_WORDS:
            raise ReadOnlyViolation(
                f"this endpoint is read-only: SPARQL Update ({token.text.upper()}) is not accepted"
            )


def _iri_value(token: Token) -> str:
    """An IRI token's value with its ``\\u`` escapes decoded, as the engine reads it."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token.text[1:-1])


def _names_service(token: Token) -> bool:
    """Whether the engine could read a ``SERVICE`` keyword in this token.

    The engine matches keywords without a word boundary: ``SERVICE:f``,
    ``SERVICEex:a`` and ``SERVICESILENT<…>`` are all ``SERVICE`` to it, and after a
    boolean or a number (``trueSERVICE``, ``1e5SERVICE``) the keyword follows with no
    space. So any word, and the prefix part of any prefixed name, that contains
    the letters counts; a prefix merely named like that is refused with them.
    """
    if token.kind not in ("word", "pname", "other"):
        return False
    return "SERVICE" in token.text.split(":", 1)[0].upper()


def check_services(text: str, allowed: frozenset[str]) -> None:
    """Raise `ServiceRefused` unless every ``SERVICE`` in the query names an allowed endpoint.

    With an empty ``allowed`` federation is off and any ``SERVICE`` is refused.
    Otherwise each must be written ``SERVICE [SILENT] <IRI>`` with the IRI on the
    list exactly: a variable or a prefixed name could stand for any endpoint.
    """
    stream = tokens(text)
    for token in stream:
        if not _names_service(token):
            continue
        if not allowed:
            raise ServiceRefused(
                "SERVICE (federated query) is switched off on this server; an operator can "
                "allow chosen endpoints with LINEAGE_API_SPARQL_SERVICES"
            )
        target = next(stream, None) if token.text.upper() == "SERVICE" else None
        if target is not None and target.kind == "word" and target.text.upper() == "SILENT":
            target = next(stream, None)
        if target is None or target.kind != "iri":
            raise ServiceRefused(
                "write SERVICE [SILENT] <IRI> with the endpoint's full IRI on this server"
            )
        endpoint = _iri_value(target)
        if endpoint not in allowed:
            raise ServiceRefused(
                f"SERVICE <{endpoint}> is not an allowed endpoint "
                f"(allowed: {', '.join(sorted(allowed))})"
            )


def service_allow_list(setting: str) -> frozenset[str]:
    """The endpoints of ``LINEAGE_API_SPARQL_SERVICES`` (separated by spaces or commas)."""
    return frozenset(part for part in re.split(r"[\s,]+", setting) if part)


__all__ = ["ServiceRefused", "Token", "check_services", "refuse_updates", "service_allow_list"]

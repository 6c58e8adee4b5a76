"""What Cypher the API runs: reading queries and a few schema procedures, nothing else.

A read transaction stops writes, but not administration: ``SHOW USERS``,
``SHOW SETTINGS`` (server paths), ``SHOW TRANSACTIONS`` or ``CALL dbms.components()``
all run in one. So the API allows what a lineage reader needs and refuses the
rest with 403, before the query reaches Neo4j:

- the query starts with a reading clause (`READING_CLAUSES`);
- no word in it begins a clause that writes or administers (`REFUSED_WORDS`),
  wherever it stands (``CALL { … }`` and ``UNION`` included);
- every procedure ``CALL`` names one on `PROCEDURES`.

Strings, comments, parameters, property keys, labels and map keys are set aside
first, so ``m.set`` or ``{show: 1}`` are fine; a backquoted name counts as a name
(``CALL `dbms`.`components`()`` is not on the list, so it is refused).
"""

from __future__ import annotations

import re

from lineage.core.errors import ReadOnlyViolation

READING_CLAUSES = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"})
REFUSED_WORDS = frozenset(
    {
        "CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "FOREACH",
        "INSERT", "LOAD", "SHOW", "TERMINATE", "USE", "GRANT", "DENY", "REVOKE", "ALTER",
        "DROP", "START", "STOP", "RENAME", "ENABLE", "DEALLOCATE", "REALLOCATE",
        "TRANSACTIONS", "PERIODIC", "EXPLAIN", "PROFILE", "CYPHER",
    }
)  # fmt: skip
#: Schema procedures that describe the graph (labels, types, keys) and nothing else.
PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
    }
)

_QUOTED = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n\r]*|/\*.*?\*/|(?P<name>`(?:[^`]|``)*`)",
    re.S,
)
_WORD = re.compile(r"(?P<after>[.:$]\s*)?(?P<word>[A-Za-z_]\w*)(?P<key>(?=\s*:))?")
_PROCEDURE = re.compile(r"[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*")


def _bare(query: str) -> str:
    """The query with strings and comments blanked and backquoted names made plain names."""
    return _QUOTED.sub(lambda m: " _name_ " if m.group("name") else " _ ", query)


def _keyword_words(text: str) -> list[tuple[str, int]]:
    """Words that stand where a keyword can.

    Not after ``.``, ``:`` or ``$`` (property keys, labels, parameters), not before
    ``:`` (map keys), not right after ``AS`` (an alias such as ``AS show``).
    """
    out: list[tuple[str, int]] = []
    for m in _WORD.finditer(text):
        if m.group("after") or m.group("key") is not None:
            continue
        if out and out[-1][0] == "AS":
            out.pop()  # the alias is a name, and AS itself needs no checking
            continue
        out.append((m.group("word").upper(), m.end("word")))
    return out


def check_cypher(query: str) -> None:
    """Raise `ReadOnlyViolation` (403) unless the query only reads the lineage graph."""
    text = _bare(query)
    words = _keyword_words(text)
    if not words or words[0][0] not in READING_CLAUSES:
        first = words[0][0] if words else "nothing"
        raise ReadOnlyViolation(
            f"only reading queries run here (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, "
            f"CALL of a schema procedure); this one starts with {first}"
        )
    if ";" in text.rstrip().rstrip(";"):
        raise ReadOnlyViolation("send one statement per request")
    for word, end in words:
        if word in REFUSED_WORDS:
            raise ReadOnlyViolation(f"read-only: {word} is not allowed here")
        if word != "CALL":
            continue
        rest = text[end:].lstrip()
        if rest[:1] in ("{", "("):  # a subquery: its words are checked like the rest
            continue
        called = _PROCEDURE.match(rest)
        name = re.sub(r"\s+", "", called.group()) if called else rest[:40]
        if name.lower() not in PROCEDURES:
            raise ReadOnlyViolation(
                f"procedure {name or '?'} is not allowed here; allowed: "
                "db.labels, db.relationshipTypes, db.propertyKeys, db.schema.*"
            )


__all__ = ["PROCEDURES", "READING_CLAUSES", "REFUSED_WORDS", "check_cypher"]

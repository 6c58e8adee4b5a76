"""A line that opens with one model's name joined to another's by "merged / mixed /
blended with": "ORG/Wren-13B merged with ORG/tidy-lora at 0.3 weight.", "Lark Photo v2
mixed with dreamShade v4 to sharpen faces".

The subject is an input the line states, as written (a Hub id, or a name whose words are
capitalised or versions and one of which has a model's shape), and so is the object; when
the object is a LoRA (its name or the words "a LoRA") the subject is the base it was applied
to (a fine-tune). Not a subject that is a clause ("Also recommended: x merged with …",
"Finally, both parts were merged with …", "This is X merged with …", handled by the phrase
readers), not in code, and not in a sentence that likens, compares or speaks of
quantizations. A bare name the card writes as a Hub id's name gives way to that id, and
bare names give way to a recipe of the card that names merge inputs (by their ids), but on
a line whose other model is one of the recipe's ("Lark 1.2 mixed with Wren" above a recipe
that links ORG/Wren): a name that is none of the recipe's ids spelled another way is an input
it gives no id for. Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.merge_bare import _model_name
from importers.prose_claims import ProseClaim
from importers.prose_names import _CLOSED_MODEL
from importers.prose_phrases import Strength
from importers.prose_scan import line_starts_matching
from importers.references import code_spans
from lineage.core.ids import key
from lineage.core.records import Relation

RULE = "[merged-with]"
_SNIPPET = 200
_NEEDLES = (" merged with ", " mixed with ", " blended with ")
_STEMS = (" merg", " mix", " blend")  # each needle is one of these and "ed with "
_ID = r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9]"
# A name word: capitalised, a number, or a version ("v3"); an apostrophe inside a word.
_WORD = r"(?:[A-Z0-9][\w'’.+-]*|v\d[\w.]*)"
_BARE = rf"{_WORD}(?:[ \t]+{_WORD}){{0,7}}"
_OBJECT = rf"(?:(?P<oid>{_ID})|(?P<olora>an?[ \t]+LoRA)\b|(?P<obare>[A-Za-z][\w'’.+-]*(?:[ \t]+{_WORD}){{0,5}}))"
_LINE = re.compile(
    rf"^[ \t]*(?:(?P<sid>{_ID})|(?P<sbare>{_BARE}))[ \t]+(?:merged|mixed|blended)[ \t]+with[ \t]+"
    rf"{_OBJECT}(?=[ \t]*(?:[.,;:!?(]|$|[ \t](?:at|to|for|using|via|in|on|with|and|by|resulting|creating|producing|making|giving|yielding|into)\b))",
    re.M,
)
_NOT_INPUTS = re.compile(
    r"inspired|\blike\b|similar|unlike|compar|\bthan\b|\bvs\.?|versus|quantiz|\bgguf\b|"
    r"\bexample\b|recommend",
    re.I,
)
_NOT_FIRST = frozenset("this that these it its the a an our my we you he she they".split())  # noqa: SIM905
_HUB_ID = re.compile(
    rf"(?:(?<=huggingface\.co/)|(?<=hf\.co/)|(?<![\w./-]))(?!datasets/|spaces/)(?P<id>{_ID})(?![\w.-])(?!/(?:resolve|raw|blob)/)"
)


def _holds_needle(body: str) -> bool:
    """Whether ``body`` holds one of `_NEEDLES`: each is a verb's stem and "ed with ", so the
    stem is tested before each "ed with " ("started with" in the Hub's card template) instead
    of three searches of the whole card."""
    at = body.find("ed with ")
    while at >= 0:
        if body.endswith(_STEMS, 0, at):
            return True
        at = body.find("ed with ", at + 1)
    return False


def merged_with_claims(
    body: str, model_id: str, others: list[ProseClaim] | None = None
) -> list[ProseClaim]:
    """The two models a "A merged with B" line joins (see the module's docstring); names
    without an org only when none of ``others`` (the card's other role claims) is a merge
    input: a recipe that names them by id decides."""
    if not _holds_needle(body):
        return []  # most cards: no pattern is run
    matches = line_starts_matching(_LINE, body, body, _NEEDLES)
    if not matches:
        return []
    own = key(model_id)
    recipe = [c.parent for c in others or [] if c.relation is Relation.MERGE]
    recipe_keys = {key(p) for p in recipe}
    spans = code_spans(body)
    written: dict[str, str] | None = None
    found: dict[str, ProseClaim] = {}
    for m in matches:
        if any(a <= m.start() < b for a, b in spans):
            continue
        line_end = body.find("\n", m.end())
        if _NOT_INPUTS.search(body, m.start(), line_end if line_end >= 0 else len(body)):
            continue
        subject = m["sid"] or _bare_name(m["sbare"])
        if subject is None:
            continue
        lora = bool(m["olora"]) or "lora" in (m["oid"] or m["obare"] or "").lower()
        obj = m["oid"] or (None if m["olora"] else _bare_name(m["obare"]))
        if obj is None and not lora:
            continue
        if written is None:
            written = _written_ids(body)
        snippet = f"{RULE} {' '.join(m[0].split())}"[:_SNIPPET]
        pairs = [(subject, Relation.FINETUNE if lora else Relation.MERGE)]
        if obj is not None:
            pairs.append((obj, Relation.MERGE))
        refs = [name if "/" in name else written.get(key(name), name) for name, _ in pairs]
        # Beside a recipe that names merge inputs by id, a bare name stands only on a line
        # whose other model is one of the recipe's: the line and the recipe speak of the same
        # merge, and a name the recipe does not spell is an input it gives no id for.
        corroborated = any(key(r) in recipe_keys for r in refs)
        for (_name, relation), ref in zip(pairs, refs, strict=True):
            if "/" not in ref and recipe and not (corroborated and _unspelled(ref, recipe)):
                continue
            if key(ref) == own or key(ref) == key(model_id.rsplit("/", 1)[-1]):
                continue
            found.setdefault(key(ref), ProseClaim(ref, relation, Strength.STRONG, snippet))
    return list(found.values())


def _unspelled(name: str, ids: list[str]) -> bool:
    """Whether ``name`` is not one of ``ids`` spelled another way: its letters and digits
    are not found in an id's name, nor an id's name in it."""
    mine = _SQUEEZE.sub("", name.casefold())
    for ref in ids:
        theirs = _SQUEEZE.sub("", ref.rsplit("/", 1)[-1].casefold())
        if mine in theirs or theirs in mine:
            return False
    return True


_SQUEEZE = re.compile(r"[^a-z0-9]+")


def _bare_name(text: str | None) -> str | None:
    """``text`` when it is written as a model's name, else None."""
    if not text:
        return None
    name = " ".join(text.split()).rstrip(".-")
    first = name.split()[0]
    if first.casefold() in _NOT_FIRST or _CLOSED_MODEL.match(name) or "lora" in name.lower():
        return None
    return name if _model_name(name) else None


def _written_ids(body: str) -> dict[str, str]:
    """The Hub ids the card writes, by the key of their name (a name two orgs share: none)."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    for m in _HUB_ID.finditer(body):
        ref = m["id"]
        k = key(ref.rsplit("/", 1)[-1])
        if k in out and key(out[k]) != key(ref):
            seen.add(k)
        out.setdefault(k, ref)
    return {k: v for k, v in out.items() if k not in seen}

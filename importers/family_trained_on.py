"""A base family named in the licence sentence of a series of releases ("The Owl 2.2
models are built on top of lark-2/codelark."), when the series' words are this model's (its
name's word or version): the base written for this model's kind — a code base when this
model's name marks code ("code", a size written "c34b"), else the first written. Not "built
on top of multiple base models" or "either X or Y" (a choice per release), not another
series' sentence, not a name that is no base family's.

The same for a base named as the kind of model this one is: "<Own name> is (likely) a
<Family>-based model", "This is a lark-2 based, fine-tuned language model", or a line that is
that phrase alone ("The first Lark-2 based fine-tuned model released by Acme!"): the family a
base family's name or a name with a model's shape (a hyphen or a digit: "wren-t5"); the noun
right after it "model" or "fine-tuned (language) model" (not "a BERT-based Language Model
trained on …", an architecture, nor "a Lark based Chat model"). Not a subject that is another
model, nor a line that compares or likens, nor on a card that speaks of merging (the family
of the inputs).

Names are kept as written (the shared convention for a base the card gives no Hub id); read
only when nothing else names a parent, and dropped when a later pick does. Pure: text in,
claims out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.prose_claims import ProseClaim, ProseFindings
from importers.prose_names import _FAMILIES
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from lineage.core.ids import key
from lineage.core.records import Relation

FAMILY_BUILT_ON = "[family-built-on]"
FAMILY_BASED = "[family-based]"
_SNIPPET = 200

# Families read as bases here: decoders and encoders, not the ones named after data.
_BASES = _FAMILIES - {"alpaca", "vicuna"}
_BUILT_ON = re.compile(
    r"^[ \t]*[Tt]he[ \t]+(?P<series>[\w.-]+(?:[ \t]+[\w./-]+){0,2})[ \t]+models?[ \t]+"
    r"(?:are|is)[ \t]+built[ \t]+on[ \t]+top[ \t]+of[ \t]+"
    r"(?P<bases>[A-Za-z][\w.-]*(?:[ \t]*/[ \t]*[A-Za-z][\w.-]*)*)[ \t]*(?:\.|$)",
    re.M,
)
_SIZE_WORD = re.compile(r"\d+(?:\.\d+)?[bm]|c\d+b")
_CODE_SIZE = re.compile(r"(?:^|[-_])c\d+b(?:$|[-_])")


def family_built_on_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The base a series' licence sentence gives this model's kind (see the module)."""
    if "built on top of" not in body:
        return []  # most cards: no pattern is run
    name = model_id.rsplit("/", 1)[-1].casefold()
    words = {w for w in _words(name) if not _SIZE_WORD.fullmatch(w)}
    code = "code" in name or _CODE_SIZE.search(name) is not None
    found: dict[str, ProseClaim] = {}
    for start, end in lines_holding(body, "built on top of"):
        for m in _BUILT_ON.finditer(body, start, end):
            series = set(_words(m["series"]))
            if not series & words and not any(w.startswith(s) for s in series for w in words):
                continue  # another series' licence
            bases = [b.strip().rstrip(".") for b in m["bases"].split("/") if b.strip()]
            if not all(_base_family(b) for b in bases):
                continue
            coded = [b for b in bases if "code" in b.casefold()]
            plain = [b for b in bases if "code" not in b.casefold()]
            chosen = (coded if code and coded else plain or bases)[0]
            snippet = f"{FAMILY_BUILT_ON} {' '.join(m.group(0).split())}"[:_SNIPPET]
            found.setdefault(
                key(chosen), ProseClaim(chosen, Relation.FINETUNE, Strength.WEAK, snippet)
            )
    return list(found.values())


# "X is (likely) a Lark-2 based model", "The first lark-2 based, fine-tuned language model".
_BASED = re.compile(
    r"^[ \t>*_#]*(?:(?P<subject>[\w.'’ -]{1,60}?)[ \t]+(?:is|was)[ \t]+"
    r"(?:(?:likely|probably|perhaps)[ \t]+)?)?"
    r"(?:[Aa]n?|[Tt]he[ \t]+(?:world'?s[ \t]+|worlds[ \t]+)?first)[ \t]+"
    r"(?P<name>[A-Za-z][\w.]*(?:-[\w.]+)*?)[ \t]*-?[ \t]*based[ \t]*,?[ \t]+"
    r"(?:fine[ \t-]?tuned[ \t]+(?:language[ \t]+)?)?models?\b",
    re.M,
)
_OWN_WORDS = frozenset(("this", "this model", "it", "the model"))
_LIKENS = re.compile(r"\bthan\b|compar|\bvs\b|versus|similar|\blike\b|\bother\b", re.I)
_NOT_FAMILIES = frozenset(("transformer", "encoder", "decoder", "diffusion", "moe", "lora"))


def family_based_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The family a "<this model> is a <Family>-based model" line names (see the module)."""
    if "based" not in body or "erge" in body:
        return []  # most cards: no pattern is run (a merge's family is its inputs', no base)
    own = model_id.rsplit("/", 1)[-1]
    found: dict[str, ProseClaim] = {}
    for start, end in lines_holding(body, "based"):
        if " based" not in body[start:end] and "-based" not in body[start:end]:
            continue
        for m in _BASED.finditer(body, start, end):
            subject = m["subject"]
            if subject is not None and not _names_this(subject, own):
                continue
            name = m["name"].rstrip(".")
            if not _shaped_family(name) or key(name) == key(own):
                continue
            if _LIKENS.search(body, start, end):
                continue
            snippet = f"{FAMILY_BASED} {' '.join(m.group(0).split())}"[:_SNIPPET]
            found.setdefault(key(name), ProseClaim(name, Relation.FINETUNE, Strength.WEAK, snippet))
    return list(found.values())


def _names_this(subject: str, own: str) -> bool:
    """Whether a sentence's subject is this model (its name, "This", "It")."""
    words = " ".join(subject.strip("*_ ").split())
    return words.casefold() in _OWN_WORDS or key(words) == key(own)


def _shaped_family(name: str) -> bool:
    """A base family's name, or a name with a model's shape (a hyphen or a digit)."""
    if name.casefold() in _NOT_FAMILIES or not re.search(r"[A-Za-z]{2}", name):
        return False
    return _base_family(name) or "-" in name or any(c.isdigit() for c in name)


def family_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The claims of this module, for a card where nothing else names a parent."""
    return family_built_on_claims(body, model_id) or family_based_claims(body, model_id)


def family_yields(findings: ProseFindings) -> ProseFindings:
    """The claims without this module's when another claim (the scorer's pick of a Hub id the
    card writes) names a parent too: the family was the card's vaguer word for it."""
    kept = [c for c in findings.claims if not c.snippet.startswith((FAMILY_BUILT_ON, FAMILY_BASED))]
    if not kept or len(kept) == len(findings.claims):
        return findings
    return replace(findings, claims=kept)


def _base_family(name: str) -> bool:
    """Whether ``name`` is a base family's name, with its version perhaps ("lark-2")."""
    head = re.match(r"[A-Za-z]+", name)
    return head is not None and head.group(0).casefold() in _BASES


def _words(name: str) -> list[str]:
    """A name's lower-case words, a version kept whole ("2.2"), single characters left out."""
    return [w for w in re.split(r"[-_\s/]+", name.casefold()) if len(w) > 1]

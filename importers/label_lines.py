"""Lineage label lines the phrase readers leave: the base named by a label whose name is
written in a way `importers.prose` does not take for a model reference.

* "Base model is [Name](<a non-Hub URL>)", "Base model: [Name](<code repo>)": the label says
  the link's text is the base; a single word written as a name ("RoBERTuito", "Lark-2") is
  kept as the card writes it (the URL is the project's site, not a Hub repo); not a paper's
  link (arxiv, a PDF) nor a word naming a link ("README", "here", "code", "repo").
* "Base model is BETO, a Spanish BERT": the same label with a bare name written as a name
  (a capital or digit after its first letter), ending at a comma, a stop or the line's end;
  not "the base model is trained on …" (a plain word) nor a closed model ("GPT-4").
* "X trained against LLaMA-7B with a subset of the data": a recipe re-run on a base named
  with its size; not "trained against the reward model", a judge or a critic, nor
  "adversarially trained against".
* "Finetuned from model: Name (512x320)": the model card template's field holding a bare
  name with a parenthetical after it (a resolution, a size, a note).
* "with Name as the initialization of the LLM": the named model starts this one's language
  model (a fine-tune's start; vision-language models say so of their LLM).

Each is looked for only on the lines holding its literal words (most cards hold none).
Pure: text in, claims out; the names are kept as written (`importers.card._BARE_RECIPES`).
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_names import _CLOSED_MODEL
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from lineage.core.ids import key
from lineage.core.records import Relation

RULE = "[label-line]"
_SNIPPET = 200
_HUB = re.compile(r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/", re.I)
# A name as a card writes a model's: one word, a letter first, a capital or digit beyond the
# first letter ("RoBERTuito", "Lark-2", "DynamiCrafter-interpolation"); not "here", "GitHub".
_NAME = r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*"
_NOT_NAMES = frozenset(
    {
        "github", "gitlab", "paper", "arxiv", "here", "link", "website", "repo", "readme",
        "code", "source", "homepage", "docs", "pdf", "project", "blog", "this",
    }
)  # fmt: skip
# A link to a paper (arxiv, a PDF): its text is the paper's name, not a model's.
_PAPER_URL = re.compile(
    r"https?://(?:[\w-]+\.)*(?:arxiv\.org|openreview\.net|aclanthology\.org|doi\.org)/"
    r"|\.pdf(?:[?#]|$)",
    re.I,
)

_WORD_AFTER_HYPHEN = re.compile(r"-[a-z]+ed\Z")

_LINKED_BASE = re.compile(
    r"\b(?:the[ \t]+)?(?:base|parent)[ \t]+model[ \t]*(?:[*_]{1,2}[ \t]*)?(?:is|:)[ \t]*"
    r"(?:[*_]{1,2}[ \t]*)?\[(?P<name>" + _NAME + r")\]\((?P<url>https?://[^)\s]+)\)",
    re.I,
)
# "Base model is BETO, a Spanish BERT": the name ends at a comma, a stop or the line's end.
_BARE_BASE = re.compile(
    r"\b(?:the[ \t]+)?base[ \t]+model[ \t]+(?:is|was)[ \t]+(?P<name>" + _NAME + r")"
    r"(?=[ \t]*(?:[,;:(]|\.(?![A-Za-z0-9])|$))",
    re.I | re.M,
)
# "X trained against LLaMA-7B with a subset of the data": a recipe re-run on a sized base;
# not a reward model, judge or critic trained against, nor adversarial training.
_TRAINED_AGAINST = re.compile(
    r"(?<!adversarially[ \t])\btrained[ \t]+against[ \t]+(?:the[ \t]+)?(?:base[ \t]+)?"
    r"(?=[A-Za-z][\w.-]*?\d+(?:\.\d+)?[bBmM](?![A-Za-z]))(?P<name>" + _NAME + r")(?![\w-])"
    r"(?![ \t]+(?:reward|judge|critic|preference|classifier|discriminator)s?\b)",
    re.I,
)
_TEMPLATE_FIELD = re.compile(
    r"\bfine-?tuned[ \t]+from[ \t]+model[ \t]*(?:[*_]{1,2}[ \t]*)?:[ \t]*(?:[*_]{1,2}[ \t]*)?"
    r"(?P<name>" + _NAME + r")[ \t]+\([^()\n]{1,40}\)[ \t]*$",
    re.I,
)
_INITIALIZATION = re.compile(
    r"\b(?:with|using|uses?|takes?)[ \t]+(?P<name>" + _NAME + r")[ \t]+as[ \t]+(?:the|its)[ \t]+"
    r"initiali[sz]ation[ \t]+(?:of|for)[ \t]+(?:the|its)[ \t]+"
    r"(?:LLM|language[ \t]+model|text[ \t]+(?:encoder|decoder)|backbone)\b",
    re.I,
)


def label_line_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The bases named on label lines the phrase readers do not take (see the module)."""
    found: list[ProseClaim] = []
    for i, (needles, pattern, relation, strength) in enumerate(_FORMS):
        if _GATES[i].search(body) is None:
            continue  # most cards: none of the form's needles
        lines = sorted({line for n in needles for line in lines_holding(body, n)})
        for start, end in lines:
            for m in pattern.finditer(body, start, end):
                claim = _claim(m, model_id, relation, strength)
                if claim is not None and all(key(c.parent) != key(claim.parent) for c in found):
                    found.append(claim)
    return found


def _claim(
    m: re.Match[str], model_id: str, relation: Relation | None, strength: Strength
) -> ProseClaim | None:
    name = m["name"]
    if "url" in m.groupdict() and _HUB.match(m["url"]):
        return None  # a Hub link: the phrase readers take it
    if "url" in m.groupdict() and _PAPER_URL.search(m["url"]):
        return None  # a paper's title, whatever the label says
    if name.casefold() in _NOT_NAMES or not _name_like(name) or _CLOSED_MODEL.match(name):
        return None
    if _WORD_AFTER_HYPHEN.search(name):
        return None  # "LoRA-trained", "Llama-based": a description, not a name
    if key(name) == key(model_id.rsplit("/", 1)[-1]):
        return None  # the card's own name
    return ProseClaim(name, relation, strength, f"{RULE} {m.group(0)[:_SNIPPET]}")


def _name_like(name: str) -> bool:
    """A capital or digit after the first letter: a name, not a plain word."""
    return any(ch.isupper() or ch.isdigit() for ch in name[1:])


_LABEL = Strength.LABEL
# ("trained against" a sized base is said beside the recipe's model: "This is [X-13b](…)
# trained against LLaMA-7B"; the sentence's explicit base stands with it.)
_FORMS: tuple[tuple[tuple[str, ...], re.Pattern[str], Relation | None, Strength], ...] = (
    (
        ("ase model is [", "ase Model is [", "ase model: [", "ase model:** ["),
        _LINKED_BASE,
        None,
        _LABEL,
    ),
    (("ase model is ", "ase Model is ", "ase model was "), _BARE_BASE, None, _LABEL),
    (("rom model:", "rom Model:"), _TEMPLATE_FIELD, Relation.FINETUNE, _LABEL),
    (("trained against",), _TRAINED_AGAINST, Relation.FINETUNE, Strength.STRONG),
    (("nitialization of", "nitialisation of"), _INITIALIZATION, Relation.FINETUNE, _LABEL),
)
# Per form, one search for any of its needles (exactly ``any(n in body for n in needles)``):
# the needles of a form share their first letters ("ase ", "rom ", "nitiali"), which ``re``
# factors out and finds as a literal, one pass instead of a substring test per needle.
_GATES: tuple[re.Pattern[str], ...] = tuple(
    re.compile("|".join(re.escape(n) for n in needles)) for needles, _, _, _ in _FORMS
)

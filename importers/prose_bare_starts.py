"""This model's start named bare (no org) as the object of its training, in two kinds of
statement the phrase readers do not take.

Read only when no phrase of the card named a parent (as the fallback phrases are), each
kind gated by a substring test of words it needs and searched only on the lines holding
them (`prose_scan.line_matches`):

- "This model was trained on Lark-2.", "It is fine-tuned on Lark-7B with …": this model
  ("this", "it", "this model", "the model") trained or fine-tuned on a name led by a model
  family ("Llama-2", "Mistral-7B", "LLaMA 2 13B"), and the clause ends there or goes on with
  "and is/was …", "with", "using", "via". Not a family named with its maker ("trained on
  Lark-2 by Acme": the shared convention reads the family, no checkpoint, so no parent), a
  data set (a family's name leading one: "Falcon-RefinedWeb", "Lark-Pile", "Lark-Corpus", or
  a name followed by "dataset", "data", "corpus"), a template or a model's outputs ("trained on Llama-2 outputs / conversations /
  format", "trained on Llama-2, Lark-3 and Oak outputs"), not "Alpaca" (a data set as
  often), not a comparison or a baseline.
- the card's first heading, a name with a size word ("base", "large", "B2", "(2.8B)"), then
  "(model) fine-tuned on / for …": "# HERON base model fine-tuned on forms" names "HERON
  base" (a later heading names a section; a plain word, the card's own name none).
- "X is a fine-tuned model from Lark2.", "This is a finetuned model of lark-2-70b": a tuned
  model "from" or "of" a model's name (a family, a family with its version, a name with a
  size or a version). Not in a sentence that compares or names a baseline.
- the card's opening sentence, a name then "model fine-tuned on / with / the …": "Heron model
  fine-tuned on the forms data set.", "This is the Lark Wing model fine-tuned with …" (the
  card's first line of text, after its headings only), the name words with a capital, perhaps
  with a version or a size ("Lark 7B"). Not "… model trained on …" (a model trained from
  scratch is described so), not a language or a describing word ("This is an English model
  fine-tuned on …", "Multilingual model fine-tuned on …"). Not a plain word
  ("Our model …", "Base model …"), a hosted model, the card's own name, nor a sentence
  further down (another model's description).
- "This model is built upon Acme's Lark series of models": a family's name (a name led by
  one, `_family_led`) before "series of models" or "family of models".
- "Wren is built on top of Lark Force, which …", "a chat model built on top of the new Lark
  MoE model": a name of capitalised words after "is built on top of" (two words or more, or
  one followed by "model"), ended by a comma, a full stop or "model". Not software or a
  company ("Hugging Face Transformers", "PyTorch"), not "two pre-trained models", not a
  sentence about what others build ("applications built on top of Lark models").

The name is kept as written (the shared convention for names the card gives no Hub id);
`importers.card_resolve` lets an id the card writes for it stand in.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_names import _CLOSED_MODEL, _FAMILIES, _bare_like, _family_version
from importers.prose_phrases import Strength
from importers.prose_scan import line_matches
from lineage.core.ids import key
from lineage.core.records import Relation

MARK = "[bare-start] "  # how a claim of this module starts its snippet
_SNIPPET = 200

# A name as prose writes it, perhaps with a version and a size set apart ("LLaMA 2 70B").
_NAME = (
    r"[A-Za-z][A-Za-z0-9.]*(?:-[A-Za-z0-9.]+)*"
    r"(?:[ \t]+(?:[vV]?\d+(?:\.\d+)?|\d+(?:\.\d+)?[bBmM]|\d+x\d+[bB])(?![\w-])){0,2}"
)
_MARKS = r"(?:\*\*|__|\*|_)?"

# ---- this model trained on a family's release
_TRAINED_ON = re.compile(
    r"\b(?:this|it|the[ \t]+model)(?:[ \t]+(?:model|checkpoint))?[ \t]+"
    r"(?:is|was|has[ \t]+been)[ \t]+(?:(?:further|fully|also|then)[ \t]+)?"
    r"(?:fine[ \t-]?tuned|finetuned|trained)[ \t]+on[ \t]+(?:top[ \t]+of[ \t]+)?(?:the[ \t]+)?"
    rf"{_MARKS}(?P<name>{_NAME}){_MARKS}",
    re.I,
)
# What may follow the name: "model", "base model", then the clause's end or a clause going
# on about the training ("and is subject to …", "with DPO", "using QLoRA"). Not its maker
# ("by Acme", "from Acme"): a family with its maker names no checkpoint.
_TAIL = re.compile(
    r"(?:[ \t]+(?:base|foundation|pre-?trained))?(?:[ \t]+models?)?"
    r"(?:[ \t]*(?:[.,;:!)]|$)|[ \t]+and[ \t]+(?:is|was|has|it|uses?|then)\b"
    r"|[ \t]+(?:with|using|via)\b)"
)
# After "Name,": the rest of a list of what wrote the data ("trained on Lark-2, Wren-3 and
# Oak outputs"), the list's last item followed by a word for data.
_LISTED_DATA = re.compile(
    r"[^.;:!?\n]{0,120}?(?:\band|&)[ \t]+[^.;:!?\n]{0,60}?"
    r"\b(?:outputs?|generations?|responses|answers|conversations|completions|data)\b",
    re.I,
)
# A family's name that is a data set's as often ("trained on Alpaca").
_DATA_FAMILIES = frozenset({"alpaca"})
# A data set led by a family's name ("Falcon-RefinedWeb", "Lark-Instruct-Data"), or any name
# followed by a word for data ("Lark-2 corpus").
_DATA_NAME = re.compile(r".*[-_ ](?:refinedweb|instruct[-_ ]data|pile|corpus|dataset|data)", re.I)
_DATA_AFTER = re.compile(r"[ \t]+(?:datasets?|data|corpus|corpora)\b", re.I)
_LEAD = re.compile(r"[A-Za-z]+")

# ---- a tuned model from a model
_TUNED_MODEL_FROM = re.compile(
    r"\b(?:is|was)[ \t]+an?[ \t]+(?:[\w-]+[ \t]+){0,2}?"
    r"(?:fine[ \t-]?tuned|finetuned)[ \t]+model[ \t]+(?:from|of)[ \t]+(?:the[ \t]+)?"
    rf"{_MARKS}(?P<name>{_NAME}){_MARKS}",
    re.I,
)
# ---- the card's first heading: a name with a size word, then "fine-tuned on / for"
_TITLE = re.compile(
    r"^#{1,3}[ \t]+(?:model[ \t]+card[ \t]+for[ \t]+)?"
    r"(?P<name>[A-Za-z][A-Za-z0-9+]*(?:[ \t]+(?:base|large|small|tiny|medium|mini|xl|xxl"
    r"|[A-Za-z]\d{1,2}|\(\d+(?:\.\d+)?[bBmM]\))))"
    r"(?:[ \t]+model)?[ \t]+(?:[^\w\s#]{1,2}[ \t]+)?(?:fine[ \t-]?tuned|finetuned)[ \t]+(?:on|for)\b",
    re.I | re.M,
)
# First words of a heading that name no model ("# Model base fine-tuned …").
_NOT_TITLE_NAMES = frozenset(
    {"model", "the", "a", "an", "our", "this", "my", "how", "lora", "base", "pretrained",
     "pre-trained", "each", "every", "which", "that", "its", "your", "their", "one", "any"}
)  # fmt: skip
# ---- the card's opening sentence: "Heron model fine-tuned on …"
_LEAD_TUNED = re.compile(
    r"^[ \t]*(?:This[ \t]+(?:is[ \t]+)?the[ \t]+)?"
    r"(?P<name>[A-Z][A-Za-z0-9+]*(?:[ \t]+(?:[A-Z][A-Za-z0-9+]*|[vV]?\d+(?:\.\d+)?|\d+(?:\.\d+)?[bBmM])){0,2})"
    r"[ \t]+model[ \t]+(?:fine[ \t-]?tuned|finetuned)[ \t]+(?:on|with|the)\b",
    re.M,
)
_LEAD_NEEDLES = ("model fine-tuned ", "model finetuned ", "model fine tuned ")
# Words that describe a model's language or kind, not its name ("English model fine-tuned on").
_DESCRIBING = frozenset(
    """english chinese japanese korean french german spanish italian portuguese russian arabic
    dutch vietnamese thai hindi turkish polish persian indonesian swedish greek hebrew czech
    multilingual bilingual monolingual custom small large tiny medium new final first""".split()  # noqa: SIM905
)
# ---- "is built on top of Lark Force,": a name of capitalised words
_CAP = r"[A-Z][A-Za-z0-9]*"
_BUILT_ON_TOP = re.compile(
    r"\b(?:is|was|model)[ \t]+built[ \t]+on[ \t]+top[ \t]+of[ \t]+(?:the[ \t]+(?:new[ \t]+)?)?"
    rf"(?:(?P<name>{_CAP}(?:[ \t]+{_CAP}){{1,2}})(?:[ \t]+model)?[ \t]*[,.]"
    rf"|(?P<one>{_CAP}(?:[ \t]+{_CAP}){{0,2}})[ \t]+model\b(?![ \t]*(?:architecture|family|series)))"
)
# ---- "built upon Acme's Lark series of models": the family, named with its maker
_SERIES = re.compile(
    r"\b(?:is|are|was|were)[ \t]+built[ \t]+(?:upon|on(?:[ \t]+top[ \t]+of)?)[ \t]+(?:the[ \t]+)?"
    r"(?:[A-Z][\w-]*['’]s[ \t]+)?(?P<name>[A-Za-z][\w.-]*)[ \t]+(?:series|family)[ \t]+of[ \t]+models\b"
)
# Leading words of software, companies and libraries, not of models.
_NOT_BUILT_ON = frozenset(
    """hugging huggingface pytorch tensorflow transformers jax keras google microsoft meta
    openai nvidia apple amazon the a an our their its this two three several many""".split()  # noqa: SIM905
)
# Lines that may stand before the opening sentence: headings and blank lines.
_HEADING_OR_BLANK = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*")
_RIVAL = re.compile(
    r"\b(?:compar\w*|baselines?|versus|vs\.?|instead|rather|unlike|opposed|outperform\w*)\b",
    re.I,
)


def bare_start_claims(text: str, lower: str, model_id: str) -> list[tuple[int, ProseClaim]]:
    """Claims (with their positions) of the kinds above in a card's cleaned prose."""
    own = key(model_id.rsplit("/", 1)[-1])
    out: list[tuple[int, ProseClaim]] = []
    if "ed on " in lower:
        for needle in ("trained on ", "tuned on "):
            if needle not in lower:
                continue
            for m in line_matches(_TRAINED_ON, text, lower, needle):
                name = _trimmed(m["name"])
                tail = _TAIL.match(text, _tail_start(m, name))
                if (
                    tail is not None
                    and not (tail[0].endswith(",") and _LISTED_DATA.match(text, tail.end()))
                    and _family_led(name, own)
                    and not _RIVAL.search(_sentence(text, m.start(), m.end()))
                ):
                    out.append((m.start("name"), _claim(name, m[0])))
    if "tuned model " in lower:
        for m in line_matches(_TUNED_MODEL_FROM, text, lower, "tuned model "):
            name = _trimmed(m["name"])
            if _DATA_AFTER.match(text, _tail_start(m, name)):
                continue  # "a fine-tuned model of the Lark-2 corpus"
            if _model_name(name, own) and not _RIVAL.search(_sentence(text, m.start(), m.end())):
                out.append((m.start("name"), _claim(name, m[0])))
    for needle in _LEAD_NEEDLES:
        if needle not in lower:
            continue
        for m in line_matches(_LEAD_TUNED, text, lower, needle):
            if (
                _title_name(m["name"], own)
                and m["name"].split()[0].casefold() not in _DESCRIBING
                and _opening(text, m.start())
            ):
                out.append((m.start("name"), _claim(m["name"], m[0])))
    if "built on top of " in lower:
        for m in line_matches(_BUILT_ON_TOP, text, lower, "built on top of "):
            name = m["name"] or m["one"]
            if (
                name.split()[0].casefold() not in _NOT_BUILT_ON
                and not _CLOSED_MODEL.match(name)
                and key(name.replace(" ", "-")) != own
                and not _RIVAL.search(_sentence(text, m.start(), m.end()))
            ):
                out.append((m.start("name" if m["name"] else "one"), _claim(name, m[0])))
    if " of models" in lower:
        for m in line_matches(_SERIES, text, lower, " of models"):
            if _family_led(m["name"], own):
                out.append((m.start("name"), _claim(m["name"], m[0])))
    if "tuned " in lower and "#" in text:
        for m in line_matches(_TITLE, text, lower, "tuned "):
            if _title_name(m["name"], own) and _first_heading(text, m.start()):
                out.append((m.start("name"), _claim(m["name"], m[0])))
    return out


def _title_name(name: str, own: str) -> bool:
    """Whether a heading's "Word size" names a model: a word with a capital ("TAPAS",
    "Heron"), not a plain heading word, a hosted model or the card's own name."""
    first = name.split()[0]
    if first.casefold() in _NOT_TITLE_NAMES or first.islower() or _CLOSED_MODEL.match(name):
        return False
    return key(name.replace(" ", "-")) != own


def _opening(text: str, start: int) -> bool:
    """Whether only headings and blank lines stand before ``start`` (the card's first text)."""
    lead = _HEADING_OR_BLANK.match(text)
    return lead is not None and lead.end() >= start


def _first_heading(text: str, start: int) -> bool:
    """Whether no heading stands before ``start`` (the card's title)."""
    if start > 0 and text.startswith("#"):
        return False
    return text.find("\n#", 0, start) < 0


def _trimmed(name: str) -> str:
    """The name without the sentence's full stop or a trailing dot."""
    return name.rstrip(".")


def _tail_start(m: re.Match[str], name: str) -> int:
    """Where the words after the name start: after its closing emphasis marks
    (``**Lark-2**``), or at the full stop the name's pattern took in ("Lark-2.")."""
    return m.start("name") + len(name) if len(name) < len(m["name"]) else m.end()


def _family_led(name: str, own: str) -> bool:
    """Whether a name trained on is a model family's release: its first word is a family
    ("Llama-2", "LLaMA 2 13B", "Mistral-7B"), not the card's own name or a hosted model."""
    lead = _LEAD.match(name)
    if lead is None or key(name) == own or _CLOSED_MODEL.match(name) or _DATA_NAME.fullmatch(name):
        return False
    family = lead[0].casefold()
    return family in _FAMILIES and family not in _DATA_FAMILIES


def _model_name(name: str, own: str) -> bool:
    """Whether a name a tuned model comes from is a model's: a family, a family with its
    version, a name with a digit and a hyphen or a dot, or a family's release."""
    if key(name) == own or _CLOSED_MODEL.match(name) or _DATA_NAME.fullmatch(name):
        return False
    return _bare_like(name) or _family_version(name) or _family_led(name, own)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a match (to the previous and the next full stop or line end)."""
    first = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [e for e in (text.find(". ", end), text.find("\n", end)) if e >= 0]
    return text[first : min(ends) if ends else len(text)]


def _claim(name: str, snippet: str) -> ProseClaim:
    return ProseClaim(
        " ".join(name.split()),
        Relation.FINETUNE,
        Strength.WEAK,
        (MARK + " ".join(snippet.split()))[:_SNIPPET],
    )

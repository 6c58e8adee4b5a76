"""Sentences that tie this model to a linked model by a derivation word.

The phrase rules (`importers.prose`) read a parent after "fine-tuned version of" or "based
on". Authors also relate their model to a Hub link (a markdown link, a bare URL, an id in
backticks) in sentences whose grammar, not a fixed phrase, carries the lineage:

* a copula and a noun of derivation: "This is the DPO'd version of <link>", "A continuation
  of <link> on more tokens", "It is a continued pretraining of <link>";
* the model as subject, the parent as object: "This model uses weights from <link>", "This
  `own-name` model fine-tunes <link> with more steps", "It extends <link>";
* the link, then what was done to it: "This is the <link> model which has been fine-tuned
  over …";
* an identity with the model it starts from: "The exact underlying model is <link>", and the
  passive of "we used X as the base": "The **ORG/X** model was used as the original"
  (`used_as_start_claims`, on the lines holding "used as");
* a line that only says what the repo holds: "Text encoder weights from <link>." (a conversion);
* a pointer back to a link of the sentence before: "See the original <link> card. This is just
  a fine-tuned version of that model.";
* "Everything from <link>, plus …" / "Same as <link>" opening a line, on a card that says it
  fine-tuned (an architecture alone is no parent).

Each kind is looked for only on the lines holding a Hub link and its needle (an id in
backticks counts only on such a line: most cards' backticks are code). Pure: text in,
claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from importers.references import HUB_ID_TEXT, HUB_MODEL_LINK
from lineage.core.ids import key
from lineage.core.records import Relation

RULE = "[derived-link]"
_SNIPPET = 200
_ID = HUB_ID_TEXT
# A Hub model as written: "[text](https://huggingface.co/ORG/X)", a bare URL, "`ORG/X`".
_LINK = rf"(?:{HUB_MODEL_LINK}|`(?P<c>{_ID})`)"
_WORD = r"[\w'’+-]+"
_BE = r"(?:is|was|'s)"
_ADVERB = r"(?:(?:just|simply|basically|essentially|merely|only)[ \t]+)?"
# "This is", "This model is", "It's", "This repo is", "`own-name` is".
_THIS_IS = rf"(?:this|it)(?:[ \t]+(?:model|repo|repository|checkpoint))?[ \t]*{_BE}[ \t]+{_ADVERB}"
# (Not "a retraining of <link>": the same recipe run again, a twin of the link, no child of it.)
_DERIVED_NOUN = (
    r"(?:version|continuation|continued[ \t]+pre-?training|"
    r"further[ \t]+training|fine-?tune|finetune)"
)
# "This is the DPO'd version of <link>", "A continuation of <link>" (opening a sentence).
_COPULA = re.compile(
    rf"(?:\b{_THIS_IS}(?:(?:a|an|the)[ \t]+)?(?P<mods>(?:{_WORD}[ \t]+){{0,3}}?){_DERIVED_NOUN}"
    rf"|(?:^|(?<=[.!?][ \t]))[ \t>*_-]*(?:an?[ \t]+)?continu(?:ation|ed[ \t]+pre-?training))"
    rf"[ \t]+(?:of|from)[ \t]+{_LINK}",
    re.I | re.M,
)
# "This is the [X](…) model which has been fine-tuned over …": the link, then what was done to it.
_TUNED_LINK = re.compile(
    rf"\b{_THIS_IS}(?:the|a|an)[ \t]+{_LINK}[ \t]*(?:(?:model|checkpoint)[ \t]*)?,?[ \t]*"
    r"(?:which|that)[ \t]+(?:has[ \t]+been|had[ \t]+been|was|is)[ \t]+"
    r"(?:(?:further|additionally|then)[ \t]+)?(?:fine-?tuned|finetuned|trained|adapted|aligned)\b",
    re.I,
)
# A line that only says what the repo holds: "Text encoder weights from [X](…)." (verbless:
# the weights themselves, repacked, so a conversion).
_WEIGHTS_LINE = re.compile(
    rf"^[ \t>*-]*(?:[\w-]+[ \t]+){{0,3}}weights[ \t]+(?:from|of)[ \t]+{_LINK}[ \t]*\.?[ \t]*$",
    re.I | re.M,
)
# "LoRA weights of [X](…)": weights trained on top of the link, no copy of it.
# (A verb or a subject before "weights" makes a sentence of the kinds below: "This model uses
# weights from [X](…)" is a start, not a copy.)
_TRAINED_ON_TOP = re.compile(
    r"lora|adapter|controlnet|delta|diff|embedding|\b(?:this|it|our|we|uses?|used|takes?|reuses?|"
    r"inherits?|contains?|includes?|loads?|is|are)\b",
    re.I,
)
# Words before "version" that make the linked model a sibling, a predecessor or this
# model's source in another format (read by the conversion phrases), not a fine-tune's start.
_OTHER_VERSION = re.compile(
    r"\b(?:smaller|larger|bigger|tiny|previous|older|earlier|newer|later|updated|improved|"
    r"latest|next|new|first|second|other|different|quant\w*|gguf|gptq|awq|exl2|mlx|onnx|ggml|"
    r"fp16|bf16|fp8|int[48]|\d+-?bit|converted|compressed|pruned|distilled|merged|lora|"
    r"sharded|original|same|online|hosted|api|demo|web)\b",
    re.I,
)
# "This model uses weights from <link>", "This `own` model fine-tunes <link>", "It extends <link>".
_SUBJECT_VERB = re.compile(
    r"\b(?:(?:this|our)[ \t]+(?:`[^`\n]{1,80}`[ \t]+|[\w.-]+[ \t]+)?(?:model|checkpoint)|it)[ \t]+"
    r"(?:(?:uses|reuses|takes|inherits)[ \t]+(?:the[ \t]+)?weights[ \t]+(?:from|of)|"
    r"(?:fine-?tunes|finetunes|continues(?:[ \t]+training)?|extends|adapts|starts[ \t]+from|"
    r"builds[ \t]+(?:up)?on|(?:further[ \t]+)?(?:trains|pre-?trains|post-?trains)))"
    r"[ \t]+(?:the[ \t]+)?(?:(?:pre-?trained|base|original)[ \t]+)?" + _LINK,
    re.I,
)
# "The exact underlying model is <link>", "The base model used was <link>".
_IDENTITY = re.compile(
    r"the[ \t]+(?:(?:exact|actual|very)[ \t]+)?(?:underlying|starting|initial|parent)[ \t]+"
    rf"model(?:[ \t]+used)?[ \t]+{_BE}[ \t]+{_LINK}",
    re.I,
)
# "This is just a fine-tuned version of that model": the link of the sentence before.
_ANAPHORA = re.compile(
    rf"\b{_THIS_IS}(?:(?:a|an|the)[ \t]+)?(?P<mods>(?:{_WORD}[ \t]+){{0,3}}?)"
    rf"{_DERIVED_NOUN}[ \t]+(?:of|from)[ \t]+(?:that|the[ \t]+above|the[ \t]+said|said)[ \t]+model",
    re.I,
)
_LAST_LINK = re.compile(
    _LINK, re.I
)  # "The **ORG/X** (…) model was used as the original", "[X](…) is used as the starting point":
# the passive of "we used X as the base" (the id linked, bold or in backticks).
_USED_AS = re.compile(
    rf"(?:{_LINK}|\*\*(?P<d>{_ID})\*\*)[ \t]*(?:\([^()\n]{{0,200}}\)[ \t]*)?"
    r"(?:(?:model|checkpoint|weights)[ \t]+)?(?:was|were|is|has[ \t]+been)[ \t]+used[ \t]+as[ \t]+"
    r"(?:the|a|an|our)[ \t]+(?:original|base|starting|initial|initiali[sz]ation|init|backbone|"
    r"foundation|pre-?trained|parent)\b",
    re.I,
)

# "Everything from <link>, plus …", "- **Architecture:** Same as <link>, also …" opening a line.
_SAME_AS = re.compile(
    r"^[ \t>*+-]*(?:\*\*[^*\n]{1,40}\*\*[ \t]*:?|[^\W\d][\w ]{0,30}:)?[ \t]*(?:\*\*)?"
    rf"(?:everything[ \t]+from|same[ \t]+as)[ \t]+{_LINK}",
    re.I | re.M,
)
# "version" needs a word of training before it ("the DPO'd version", "an instruct version");
# "a Llama-2 version of", "the miniature version of" are siblings built on another recipe.
_TRAINED_VERSION = re.compile(
    r"(?:\b[a-z]+['’]d|tun\w*|train\w*|\binstruct\w*|\bchat\b|\bsft\b|\bdpo\b|\brlhf\b|\borpo\b|"
    r"\bkto\b|aligned|\bsteered)[ \t]+version",
    re.I,
)
_NOT_MODELS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections", "api"})
_SENTENCE_END = re.compile(r"[.!?](?:\s|\Z)|\n\s*\n")
# The rest of the sentence makes the link a yardstick or a part, not a start.
_OTHER_ROLE = re.compile(
    r"baseline|comparison|\bcompare|tokeni[sz]er|architecture|prompt[ \t]+format|judge",
    re.I,
)
# Needles: a word each kind needs on the line of the link, as written mid-sentence (lower
# case; "ontinuation" for "Continuation"). Only lines holding a Hub link are read, and the
# body is never lower-cased: most cards hold no needle on such a line.
_COPULA_NEEDLES = (
    "version of",
    "version from",
    "ontinuation of",
    "pretraining of",
    "pre-training of",
    "further training of",
    "tune of",
)
_VERB_NEEDLES = (
    "weights from",
    "weights of",
    "tunes ",
    "continues ",
    "extends ",
    "adapts ",
    "starts from",
    "builds on",
    "builds upon",
    "trains ",
)
_TUNED_LINK_NEEDLES = ("which has been", "which was", "that has been", "that was", "which is")
_IDENTITY_NEEDLES = ("model is ", "model was ", "model used ")
_ANAPHORA_NEEDLES = ("that model", "above model", "said model")
_SAME_NEEDLES = ("verything from", "ame as ")
_TUNE_WORDS = ("fine-tun", "finetun", "fine tun", "Fine-tun", "Finetun", "Fine tun")
# "Everything from <link>, plus …" takes all of the link: a card that says it trained at all
# made a child of it. "Same as <link>" is as often an architecture: a fine-tune must be said.
_TRAIN_WORDS = (*_TUNE_WORDS, "trained on", "trained with", "Trained on", "training on")
# A "version of" that only a Trainer sentence holds: the phrase rules read it.
_PHRASE_VERSION = ("tuned version of", "trained version of")


def derived_link_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The Hub models a sentence of one of the kinds above says this model derives from."""
    if "co/" not in body:  # (one scan for "huggingface.co/" and "hf.co/")
        return []  # the kinds are looked for on the lines holding a Hub link
    own = key(model_id)
    found: dict[str, ProseClaim] = {}

    def add(
        m: re.Match[str], parent: str | None, snippet: str, relation: Relation = Relation.FINETUNE
    ) -> None:
        if not parent or parent.split("/", 1)[0].casefold() in _NOT_MODELS:
            return
        if key(parent) == own:
            return
        end = _SENTENCE_END.search(body, m.end())
        rest = body[m.end() : end.start() if end else len(body)]
        if _OTHER_ROLE.search(rest[:120]):
            return
        claim = ProseClaim(
            parent,
            relation,
            Strength.STRONG,
            f"{RULE} {' '.join(snippet.split())}"[:_SNIPPET],
        )
        found.setdefault(key(parent), claim)

    hub_lines = False
    for start, end in lines_holding(body, "co/"):
        line = body[start:end]
        if "huggingface.co/" not in line and "hf.co/" not in line:
            continue
        if _holds(line, _COPULA_NEEDLES, _PHRASE_VERSION):
            for m in _COPULA.finditer(body, start, end):
                if _acceptable(m):
                    add(m, _linked(m), m.group(0))
        if "weights " in line:
            for m in _WEIGHTS_LINE.finditer(body, start, end):
                if not _TRAINED_ON_TOP.search(m.group(0)):
                    add(m, _linked(m), m.group(0), Relation.QUANTIZED)
        if _holds(line, _VERB_NEEDLES):
            for m in _SUBJECT_VERB.finditer(body, start, end):
                add(m, _linked(m), m.group(0))
        if _holds(line, _TUNED_LINK_NEEDLES):
            for m in _TUNED_LINK.finditer(body, start, end):
                add(m, _linked(m), m.group(0))
        if _holds(line, _IDENTITY_NEEDLES):
            for m in _IDENTITY.finditer(body, start, end):
                add(m, _linked(m), m.group(0))
        if _holds(line, _SAME_NEEDLES):
            for m in _SAME_AS.finditer(body, start, end):
                said = _TRAIN_WORDS if "verything" in m.group(0) else _TUNE_WORDS
                if any(w in body for w in said):
                    add(m, _linked(m), m.group(0))
        hub_lines = True
    # "… [X](…) card. This is just a fine-tuned version of that model." (a line or two on)
    if hub_lines and any(n in body for n in _ANAPHORA_NEEDLES):
        for needle in _ANAPHORA_NEEDLES:
            for start, end in lines_holding(body, needle):
                for m in _ANAPHORA.finditer(body, start, end):
                    if not _acceptable(m):
                        continue
                    links = list(_LAST_LINK.finditer(_previous_sentence(body, m.start())))
                    if links:
                        last = links[-1]
                        add(m, _linked(last), last.group(0) + " … " + m.group(0))
    return list(found.values())


def used_as_start_claims(body: str, model_id: str) -> list[ProseClaim]:
    """ "The **ORG/X** model was used as the original": the passive of "we used X as the base"."""
    if "used as" not in body:
        return []  # most cards
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for start, end in lines_holding(body, "used as"):
        line = body[start:end]
        if "/" not in line:
            continue
        for m in _USED_AS.finditer(body, start, end):
            parent = m["a"] or m["b"] or m["c"] or m["d"]
            if parent.split("/", 1)[0].casefold() in _NOT_MODELS or key(parent) == own:
                continue
            stop = _SENTENCE_END.search(body, m.end())
            if _OTHER_ROLE.search(body[m.end() : stop.start() if stop else len(body)][:120]):
                continue
            snippet = f"{RULE} {' '.join(m.group(0).split())}"[:_SNIPPET]
            found.setdefault(
                key(parent), ProseClaim(parent, Relation.FINETUNE, Strength.STRONG, snippet)
            )
    return list(found.values())


def _holds(line: str, needles: tuple[str, ...], skip: tuple[str, ...] = ()) -> bool:
    """Whether ``line`` holds a needle other than inside one of ``skip``'s phrases."""
    for needle in needles:
        if needle in line and (
            not skip or line.count(needle) > sum(line.count(p) for p in skip if needle in p)
        ):
            return True
    return False


def _acceptable(m: re.Match[str]) -> bool:
    """A derivation noun whose words make the link this model's start (see `_TRAINED_VERSION`)."""
    mods = m["mods"] or ""
    if _OTHER_VERSION.search(mods):
        return False
    said = m.group(0).lower()
    return "version" not in said or _TRAINED_VERSION.search(said) is not None


def _linked(m: re.Match[str]) -> str | None:
    return m["a"] or m["b"] or m["c"]


def _previous_sentence(body: str, at: int) -> str:
    """The text of the sentence (within its paragraph) that ends right before ``at``."""
    start = max(body.rfind("\n\n", 0, at), at - 400, 0)
    return body[start:at]

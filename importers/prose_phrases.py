"""The phrases that introduce a parent in a card's prose, and the word tables around them.

Data for `importers.prose`: each `Trigger` is one kind of statement ("fine-tuned
version of X", "GGUF files for X", "a merge of A and B", "X をベースに") with the
needles that must occur in a card before its pattern is tried at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from importers import prose_languages
from importers.prose_names import _FAMILIES, LEGACY_ROOT
from importers.prose_scan import Scan, scan, starts_with_a_probe
from lineage.core.records import Relation

_I = re.I


class Strength(IntEnum):
    """How explicit the phrase is that a prose claim was read from."""

    WEAK = 1  # "based on X", "its predecessor, X"
    LABEL = 2  # "Base model: X"
    STRONG = 3  # "fine-tuned version of X", "converted to GGUF from X", merge lists


# A model reference: markdown link, `code`, Hub URL or ORG/NAME. Possessive
# quantifiers keep ids from backtracking into a shorter, wrong match.
REF = (
    r"(?:\[(?P<lt>[^\]\n]{1,200})\]\((?P<lu>[^)\s]*)(?:\s+\"[^\"\n]*\")?\)"
    # "Finetuned from model: [Name]": square brackets without a link, around one word
    # (the Trainer's "[More Information Needed]" placeholder is none).
    r"|\[(?P<bk>[^\]\s]{1,200})\](?![(\[:])"
    r"|`(?P<bt>[^`\n]{1,200})`"
    r"|(?P<url>https?://(?:www\.)?(?:huggingface\.co|hf\.co)/[^\s)\]>\"'`,;]+)"
    r"|(?P<path>(?:~|\.{1,2})?/[^\s)\]>\"'`,;]*?models--[^\s)\]>\"'`,;]+)"
    r"|(?<![A-Za-z0-9_./-])(?P<id>[A-Za-z0-9][\w-]*+/[A-Za-z0-9][\w.-]*+)(?!/)"
    # ASCII only: Chinese and Japanese write the next word without a space ("X具有…").
    r"|(?<![A-Za-z0-9_./-])(?P<bare>[A-Za-z][A-Za-z0-9_.-]*+))"
)
REF_RE = re.compile(REF)
# REF whose ids are ASCII: Chinese writes the next word straight after an id ("X进行").
REF_ASCII = REF.replace(r"[\w-]*+/", r"[A-Za-z0-9_-]*+/").replace(
    r"[\w.-]*+)", r"[A-Za-z0-9_.-]*+)"
)
_LINK = r"\[[^\]\n]{1,200}\]\([^)\s]*\)"
# One written reference (a link, a Hub URL, an id), then "applied" later on its line.
_ONE_REF = (
    r"(?:\[[^\]\n]{1,200}\]\([^)\s]*\)|https?://\S+|`?[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*`?)"
)
_APPLIED_REF = _ONE_REF + r"[^\n]{0,120}?\bapplied\b"
_FROM_EARLIER = (
    r"(?:model|trained|tuned|built|initiali[sz]ed|started|derived)[ \t]+from[ \t]+"
    r"(?:an?|the|our|its)[ \t]+(?:earlier|previous|prior)"
)
# A markdown link to a Hub model page (not a dataset, space or paper).
_HUB_MODEL_LINK = (
    r"(?=\[[^\]\n]{1,200}\]\(https?://(?:www\.)?(?:huggingface\.co|hf\.co)/"
    r"(?!datasets/|spaces/|papers/|docs/|blog/|collections/)[\w.-]+/[\w.-]+/?\))"
)
# The families a versioned name may start with ("Llama-2", "Qwen1.5").
_FAMILY_NAMES = "|".join(sorted(_FAMILIES, key=lambda w: (-len(w), w)))
# A Hub model link that may be a legacy id without an org ("huggingface.co/bert-base-cased").
_LINE_HEAD_LINK = (
    r"(?=\[[^\]\n]{1,200}\]\(https?://(?:www\.)?(?:huggingface\.co|hf\.co)/"
    r"(?!datasets/|spaces/|papers/|docs/|blog/|collections/|models[/?)])(?:[\w.-]+/)?[\w.-]+/?\))"
)
# "a small yet powerful LM ": an article and a few words describing the model linked next.
_DESCRIBED = r"(?:an?|the)[ \t]+(?:[\w-]+[ \t]+){0,6}?"
_FT_WORDS = r"(?:fine[\s-]?tuned|finetuned|trained|further[\s-]trained|instruction[\s-]tuned)"
# Where "tuned" or "trained" sits in a match led by _FT_WORDS (`Scan` offsets): "trained",
# "finetuned", "fine-tuned", "further-trained", "instruction-tuned".
_FT_OFFSETS = (0, 4, 5, 8, 12)
# "[X](…) (licensed under [Y](…).) fine-tuned on …": one level of nested brackets.
_PAREN = r"(?:[ \t]*\((?:[^()\n]|\([^()\n]*\))*\))"


@dataclass(frozen=True, slots=True)
class Trigger:
    """A phrase that introduces a parent; ``kind`` says how to read what follows.

    ``one``: one reference; ``inline``: "A with B and C"; ``bullets``: a markdown
    list on the next lines; ``version``: "<adjectives> version of", classified by
    its adjectives; ``predecessor``: a bare name that shares the card's org;
    ``pruned``: a distillation when the words after it speak of one;
    ``first``: the reference is the ``ref`` group inside the pattern itself;
    ``own_first``: the same, in a sentence about this model (no rival, judge or other subject).
    """

    scan: Scan
    needles: tuple[str, ...]
    relation: Relation | None
    strength: Strength = Strength.STRONG
    conversion: bool = False
    kind: str = "one"


def _t(
    needles: str,
    pattern: str,
    relation: Relation | None,
    strength: Strength = Strength.STRONG,
    *,
    probes: tuple[str, ...],
    lead: int | None,
    conversion: bool = False,
    kind: str = "one",
    flags: int = _I,
    offsets: tuple[int, ...] | None = None,
) -> Trigger:
    # A regex pass costs far more than a substring test: a trigger only runs when
    # one of its (lower-case) needles occurs in the card, and only where its
    # probes say a match can start (`Scan`).
    found = scan(pattern, probes, lead, flags, offsets)
    # A phrase of several words is looked for by its first: its words may be wrapped onto two
    # lines, joined by "_" or "-", or take a plural ("ports of"), where the whole would miss.
    words = tuple(dict.fromkeys(n.split(" ", 1)[0] for n in needles.split("|")))
    return Trigger(found, words, relation, strength, conversion, kind)


# The formats a "<format> files for X" sentence starts with (probes: a match starts there).
_CONVERSION_FORMATS = (
    "gguf", "ggml", "gptq", "awq", "exl2", "exl3", "onnx", "openvino", "mlx", "coreml",
    "quantized", "quantised", "int4", "int8", "fp8", "4bit", "4-bit", "8bit", "8-bit",
)  # fmt: skip
_FT, _AD, _QU, _ME = Relation.FINETUNE, Relation.ADAPTER, Relation.QUANTIZED, Relation.MERGE
# Needles are few and shared where one word covers several ("base" for "base model",
# "based on" and "as our base"): each needle is one scan of the card.
_BASE_LABEL_NEEDLES = (
    "base|parent model|original model|source model|foundation model|backbone model"
)
# "X as the base for comparison": a yardstick, not a parent.
_NOT_FOR_COMPARISON = r"(?![ \t]+for[ \t]+(?:comparisons?|evaluation|reference|benchmarking)\b)"
# One plain word describing a model named next ("a multilingual X model"), not a word of
# another relation or size ("a distilled X", "a smaller X"), nor a language before a legacy
# repo of one language ("a Chinese roberta-base model" is another checkpoint of that shape;
# "a multilingual xlm-roberta-base model" is that repo).
_LANGUAGES = (
    r"(?:multilingual|chinese|english|japanese|korean|french|german|spanish|italian|portuguese|"
    r"russian|arabic|hindi|dutch|polish|turkish|vietnamese|indonesian|thai|persian|hebrew|greek|"
    r"swedish|finnish|danish|norwegian|czech|ukrainian|bengali|urdu|tamil|catalan|basque|"
    r"romanian|hungarian|malay|swahili)"
)
_DESCRIBING = (
    r"(?:(?!(?:distill|quanti[sz]|prun|merg|compress|small|larg|tiny|mini)[a-z]*\s"
    rf"|{_LANGUAGES}\s+(?!(?:xlm|mt5)-|[\w-]*multilingual))[A-Za-z]+\s+)?"
)
# A legacy Hub repo without an org named as the kind of model ("a roBERTa-base model").
_LEGACY_MODEL = rf"(?:{LEGACY_ROOT.pattern})(?![\w.-])[ \t]+model\b"
# A reference that is a bare name only, for rows that spell the name themselves: the other
# groups of `REF` (never matched) so the reader finds them all.
_BARE_ONLY = "(?:(?!)(?P<lt>)(?P<lu>)(?P<bk>)(?P<bt>)(?P<url>)(?P<path>)(?P<id>))?(?P<bare>"
# A known family's name leading a name ("CodeLlama-34b", "Mistral-7B-v0.1").
_FAMILY_LEAD = "(?:" + "|".join(sorted(_FAMILIES, key=lambda w: (-len(w), w))) + r")[\d.]*-"
# fmt: off
TRIGGERS: tuple[Trigger, ...] = (
    # probes and lead: see `Scan`. _FT_WORDS puts "tuned"/"trained" 0 to 12 characters
    # into a match ("instruction-tuned"); lead=None where an unbounded \s+ comes first.
    _t("tune|trained", rf"\b{_FT_WORDS}\s+(?:version|variant|checkpoint|model)\s+of\b", _FT,
       probes=(r"tuned\s+(?:version|variant|checkpoint|model)\s+of",
               r"trained\s+(?:version|variant|checkpoint|model)\s+of"), lead=12,
       offsets=_FT_OFFSETS),
    # "fine-tuned on [X](https://huggingface.co/ORG/X)": "on" names data unless the link is a
    # Hub model page (not /datasets/).
    _t("tune|trained", rf"\b{_FT_WORDS}\s+(?:(?:from|on\s+top\s+of|upon)(?:\s+(?:the\s+)?models?)?"
       rf"(?:\s*\[optional\])?\s*[:：]?|on[ \t]+(?:the[ \t]+)?{_HUB_MODEL_LINK})", _FT, kind="and",
       probes=(r"tuned\s+(?:from|on\s+top\s+of|upon|on[ \t]+(?:the[ \t]+)?\[)",
               r"trained\s+(?:from|on\s+top\s+of|upon|on[ \t]+(?:the[ \t]+)?\[)"), lead=12,
       offsets=_FT_OFFSETS),
    # "a fine-tuned [X](…)", "a finetuned Llama 2" (a bare word after it must look like a model).
    _t("tune", r"\b(?i:a) (?i:fine[ -]?tuned|finetuned)[ \t]+(?=[\[`A-Z])", _FT,
       probes=(r"a fine[ -]?tuned[ \t]",), lead=0, flags=0),
    # "obtained by pruning (and distilling) X", "pruned from X": a pruned model is then
    # trained back, by distillation when the next sentences say so (kind "pruned"). Looked
    # for in cards that speak of distillation (the needle every such card already has).
    _t("distil", r"\b(?:obtained|derived|created|made)\s+by\s+pruning(?:\s+and\s+distilling)?\b|"
       r"\bpruned\s+(?:down\s+)?from\b", None, kind="pruned",
       probes=(r"by\s+pruning\s", r"pruned\s"), lead=None),
    _t("refinement", r"\b(?:further\s+)?refinement\s+of\b", _FT,
       probes=(r"refinement\s+of",), lead=None),
    _t("version|variant|edition|port of", r"\b(?:version|variant|edition|port)s?\s+of\b", None,
       kind="version", probes=(r"versions?\s+of", r"variants?\s+of", r"editions?\s+of",
                               r"ports?\s+of"), lead=0),
    # (Needles shared between triggers are one scan: "conver" for "conversion" and
    # "converted", "merg" for "frankenmerge".)
    _t("quant|conver|compression|export|packag",
       r"\b(?:quantization|quantisation|quantizations|quants?|conversion|compression|"
       r"export|re-?packag(?:e|ing))\s+of\b", _QU, conversion=True,
       probes=(r"quant[a-z]*\s+of", r"conversion\s+of", r"compression\s+of", r"export\s+of",
               r"packag(?:e|ing)\s+of"), lead=3),
    _t("conver", r"\bconverted\s+(?:to\s+[^\n]{1,60}?\s+)?from\b", _QU, conversion=True,
       probes=(r"converted\s",), lead=0),
    _t("adapter", r"\b(?:lora|qlora|dora|peft|ia3)?[\s-]*adapters?\s+(?:weights\s+)?"
       r"(?:for|of|on(?:\s+top\s+of)?|to|trained\s+on)\b", _AD,
       probes=(r"adapters?\s",), lead=None),
    # adapter-transformers' cards: "# Adapter `ORG/X` for Y", "An [adapter](…) for the Y model".
    _t("adapter", r"\badapter[ \t]+`[^`\n]{1,200}`[ \t]+for\b|\[adapters?\]\([^)\s]*\)[ \t]+(?:for|of)\b",
       _AD, probes=(r"adapter[ \t]+`", r"adapters?\]\("), lead=1),
    _t("lora", r"\b(?:lora|qlora)\s+(?:fine[\s-]?tune|finetune)\s+of\b", _AD,
       probes=(r"lora\s+(?:fine[\s-]?tune|finetune)\s+of",), lead=1),
    _t("distil", r"\b(?:distilled|distillation)\s+(?:version\s+)?(?:from|of)\b",
       Relation.DISTILLATION, probes=(r"distil",), lead=0),
    _t("following", r"(?:\b(?:merge|moe|mix|blend)\s+of\s+the\s+following\s+(?:models|checkpoints|"
       r"experts)|\bfollowing\s+models\s+were\s+(?:included\s+in\s+the\s+merge|merged))[^\n]*\n",
       _ME, kind="bullets", probes=(r"following\s+(?:models|checkpoints|experts)",), lead=None),
    # "A frankenmerge with [A](…) by someone and [B](…)".
    _t("merg", r"\bfranken-?merges?\s+(?:of|with|between)\b", _ME, kind="inline",
       probes=(r"franken-?merges?\s+(?:of|with|between)",), lead=0),
    # "merged it with [X]", "we merged our fine-tuned model with [X]".
    _t("merg|blend", r"\b(?:merge|merging|blend)\s+(?:of|between)\b|\bmerged\s+"
       r"(?:(?:it|(?:our|the|this)(?:\s+[\w-]+){0,2}?\s+model)\s+)?with\b",
       _ME, kind="inline",
       probes=(r"merg(?:e\s+(?:of|between)|ing\s+(?:of|between)|ed\s+(?:it\s+)?with)",
               r"merged\s+(?:our|the|this)\s[^\n]{0,40}?\bmodel\s+with",
               r"blend\s+(?:of|between)"), lead=0),
    _t("merg", r"\bmerge\s+method\s+using\b", _ME,
       probes=(r"merge\s+method\s+using",), lead=0),
    # "Merge A and B using slerp", a title "# Merged [A](…) and [B](…)": a line that opens
    # with the merge and names its inputs (two at least) right after it. Not "Merge X into
    # your model" (an instruction to the reader).
    _t("merg", r"^[ \t]*(?:#{1,6}[ \t]+)?(?:merge|merged|merging)[ \t]+(?=\[|`|[\w.-]+/[\w.-])"
       r"(?=[^\n]*?(?:\s(?:and|with)\s|[,&+]))(?![^\n]*\binto\b)",
       _ME, kind="inline", probes=(r"merg(?:e|ed|ing)[ \t]",), lead=None, flags=_I | re.M),
    # ... and "The base model is X", "Base LLM: X", "Base language model: X" ("That base
    # model is X" speaks of a model named before: a grand-parent).
    _t(_BASE_LABEL_NEEDLES, r"\b(?:base|parent|original|source|foundation|backbone)[ \t_-]*models?\b"
       r"[ \t]*(?:\(s\))?[ \t]*(?:[:：|][ \t]*)+|(?<!\bthat[ \t])\bbase[ \t]+model[ \t]+(?:is|was)\s+|"
       r"\bbase[ \t_-]*(?:llm|language[ \t]+model)s?[ \t]*(?:[:：|][ \t]*)+|"
       # "As a base model we used: <url>"; "Original model <url>" (no colon, the URL right after).
       r"\bbase[ \t]+model[ \t]+we[ \t]+used[ \t]*[:：][ \t]*|"
       r"\b(?:base|original)[ \t]+model[ \t]+(?=https?://(?:huggingface\.co|hf\.co)/)", None,
       Strength.LABEL, kind="and", probes=(
           r"base[ \t_-]*(?:models?[ \t]*(?:\(s\))?[ \t]*[:：|]|model[ \t]+(?:is|was)\s|"
           r"(?:llm|language[ \t]+model)s?[ \t]*[:：|]|model[ \t]+(?:we[ \t]+used[ \t]*[:：]|"
           r"https?://))",
           *(rf"{w}[ \t_-]*(?:models?[ \t]*(?:\(s\))?[ \t]*[:：|]|model[ \t]+https?://)"
             for w in ("parent", "original", "source", "foundation", "backbone"))), lead=0),
    # "This repo contains GGUF format model files for [X](…)", "AWQ weights of X".
    _t("files|weights|checkpoints|quant",
       r"\b(?:gguf|ggml|gptq|awq|exl2|exl3|onnx|openvino|mlx|coreml|quantized|quantised|int4|"
       # ("4bit GPTQ format quantised models of [X](…)": "quantised models" after a format.)
       r"int8|fp8|4-?bit|8-?bit)(?:[ \t]{1,3}format)?(?:[ \t]{1,3}quanti[sz]ed[ \t]{1,3}models|"
       r"(?:[ \t]{1,3}model)?[ \t]{1,3}(?:files|weights|checkpoints|quants))"
       r"[ \t]{1,3}(?:for|of|from)\b", _QU, conversion=True,
       probes=tuple(_CONVERSION_FORMATS), lead=0),
    # "We use [X](…) as our base model", "using X as the starting point".
    _t("base|starting",
       rf"\bus(?:e[ds]?|ing)[ \t]+(?:the[ \t]+)?(?P<ref>{REF})(?:[ \t]+model)?[ \t]+as[ \t]+"
       r"(?:our|the|a)[ \t]+(?:base|starting[ \t]+point|foundation|initiali[sz]ation)\b"
       rf"{_NOT_FOR_COMPARISON}", None,
       Strength.LABEL, kind="first",
       probes=(r"as\s+(?:our|the|a)\s+(?:base|starting|foundation|initiali)",), lead=None),
    # "The base X model was used for training", "fine-tuned on the base X model": the word
    # "base" before the name and "model" after it say weights (not "used for comparison").
    _t("base", rf"\bthe[ \t]+base[ \t]+(?P<ref>{REF})[ \t]+model[ \t]+(?:was|is|has[ \t]+been)[ \t]+"
       r"used[ \t]+(?:for|to|in)\b(?![ \t]+(?:comparisons?|evaluation|reference|benchmarking)\b)",
       None, Strength.LABEL, kind="first", probes=(r"the[ \t]+base[ \t]",), lead=0),
    _t("base", rf"\b{_FT_WORDS}[ \t]+(?:on|from|upon)[ \t]+(?:the|a)[ \t]+base[ \t]+(?P<ref>{REF})[ \t]+"
       r"model\b", _FT, Strength.LABEL, kind="first", probes=(r"the[ \t]+base[ \t]", r"a[ \t]+base[ \t]"),
       lead=None),
    _t("extension", r"\bextension\s+of\b", _FT, Strength.LABEL,
       probes=(r"extension\s+of",), lead=0),
    _t("used as", rf"(?P<ref>{REF})[ \t]+(?:was|is|has\s+been)[ \t]+used[ \t]+as[ \t]+(?:the[ \t]+|a[ \t]+)?"
       r"(?:base|starting[ \t]+point|foundation|initiali[sz]ation)\b", None, Strength.LABEL,
       kind="first", probes=(r"used\s+as\s",), lead=None),
    # ("fine-tuned X as a teacher": a fine-tune of X taught, not X.)
    # ("'X' as teacher", "a bi-encoder ([X](…)) as a teacher model" too.)
    _t("distil", rf"(?<!tuned[ \t])['(]?(?P<ref>{REF})[')]?[ \t]+(?:was[ \t]+used[ \t]+)?as[ \t]+"
       r"(?:the[ \t]+|a[ \t]+)?teacher\b",
       Relation.DISTILLATION, kind="first", probes=(r"as\s+(?:the\s+|a\s+)?teacher",), lead=None),
    # "the results of the [teacher model](hub link)": the link's text says what the model was.
    _t("teacher", r"(?=\[(?:the[ \t]+|our[ \t]+|its[ \t]+)?teacher(?:[ \t]+model)?\]\((?:https?://)?"
       rf"(?:www\.)?(?:huggingface\.co|hf\.co)/(?!datasets/|spaces/))(?P<ref>{REF})",
       Relation.DISTILLATION, kind="first", probes=(r"teacher(?:[ \t]+model)?\]\(",), lead=None),
    # "… and the pretrained [X](…) as the student": the student's initialisation.
    _t("distil", rf"(?P<ref>{REF})\)?[ \t]+(?:was[ \t]+used[ \t]+)?as[ \t]+(?:the[ \t]+|a[ \t]+)?"
       r"student\b", _FT, kind="first", probes=(r"as\s+(?:the\s+|a\s+)?student",), lead=None),
    _t("distil", r"\bstudent[ \t]+(?:model[ \t]+)?of\b", Relation.DISTILLATION,
       probes=(r"student\s+(?:model\s+)?of",), lead=0),
    _t("initiali", r"\binitiali[sz]ed\s+(?:from|with)(?:\s+(?:the\s+)?(?:pre-?trained\s+)?"
       r"(?:weights|checkpoint|parameters)\s+of)?",
       _FT, probes=(r"initiali[sz]ed\s+(?:from|with)",), lead=0),
    # "trained on … prompts on the [X](…) checkpoint", "warm-started from the `ORG/X` checkpoint":
    # a training verb, then "on/from (the)", a Hub link or an id that the next word calls a
    # checkpoint (not "the tokenizer from the X checkpoint": no training verb before it).
    _t("checkpoint", r"\b(?:(?:fine[\s-]?|further[\s-]|instruction[\s-])?tuned|finetuned|trained|"
       r"started|initiali[sz]ed|continued)\b[^.!?\n]{0,160}?\b(?:on|from)[ \t]+(?:the[ \t]+)?"
       rf"(?:pre-?trained[ \t]+)?(?=(?:{_HUB_MODEL_LINK}\[[^\]\n]{{1,200}}\]\([^)\s]+\)|"
       r"`[A-Za-z0-9][\w-]*/[\w.-]+`|[A-Za-z0-9][\w-]*/[\w.-]+)[ \t]+checkpoints?\b)", _FT,
       Strength.LABEL, probes=(r"tuned\b", r"trained\b", r"started\b", r"initiali[sz]ed\b",
                               r"continued\b"), lead=12),
    # "Custom distillation with large model X": the teacher.
    _t("distil", r"\bdistillation\s+with\s+(?:the\s+|a\s+)?(?:large[r]?\s+|teacher\s+)*model\b",
       Relation.DISTILLATION, probes=(r"distillation\s+with\s",), lead=0),
    # "The teacher model used for distillation is: X", "the teacher was X".
    _t("teacher", r"\bthe\s+(?:\*\*)?teacher(?:[ \t]+model)?(?:\*\*)?(?:[ \t]+(?:used[ \t]+)?for[ \t]+"
       r"(?:the[ \t]+)?distillation)?[ \t]+(?:is|was)\b[ \t]*(?:[:：][ \t]*)?", Relation.DISTILLATION,
       probes=(r"the\s+teacher",), lead=0),
    # ("We continue the pretraining of X".)
    _t("contin", r"\bcontinu(?:ed|es|ing|ous)\s+(?:(?:pre-?)?training|fine[\s-]?tuning)\s+"
       r"(?:from|of|on\s+top\s+of)\b|\bcontinued\s+from\b|\bcontinue[ds]?\s+the\s+"
       r"(?:pre-?)?training\s+of\b|\bcontinual(?:ly)?\s+pre-?trained\s+(?:from|on\s+top\s+of)\b",
       _FT, probes=(r"continu",), lead=0),
    # ("a DPO fine-tuned of X": the participle written for the noun; "a fine-tune (DPO) of
    # X": the method in brackets; "a fine-tune checkpoint of X": the noun before the checkpoint.)
    _t("tune", r"\b(?:fine[\s-]?tuned?|finetuned?)(?:[ \t]*\([\w+ \t-]{1,24}\))?\s+of\b|"
       r"\b(?:fine[\s-]?tune|finetune)\s+(?:checkpoint|version|variant)\s+of\b",
       _FT, probes=(r"tuned?\s+of", r"tuned?[ \t]*\([\w+ \t-]{1,24}\)\s+of",
                    r"tune\s+(?:checkpoint|version|variant)\s+of"), lead=5),
    # An imperative step opening a line, a list item, a sentence or a label's value: "Fine-tune
    # X on 20B tokens", "- **Stage 1**: full-weight fine-tune the X model to follow …". Not
    # the reader's task ("Fine-tune X on your data", "on a custom dataset") nor a heading.
    _t("tune", r"(?:^|(?<=[.!:]))[ \t*_]{0,6}(?:[-+][ \t]{1,3})?(?:(?:full[ \t-]weight|full|lora|"
       r"qlora)[ \t]{1,3})?(?:fine[ -]?tune|finetune)[ \t]+(?:the[ \t]+)?"
       rf"(?P<ref>{REF})(?:[ \t]+model)?[ \t]+(?:on|to|with|using)\b"
       r"(?![ \t]+(?:your|you|my|a[ \t]+custom|custom)\b)", _FT, kind="first",
       probes=(r"tune[ \t]",), lead=30, flags=_I | re.M),
    _t("abliterat", r"\babliterat(?:ion|ed)\s+(?:of|from)\b", _FT,
       probes=(r"abliterat(?:ion|ed)\s+(?:of|from)",), lead=0),
    _t("identical", r"\bidentical\s+to\b", _QU, Strength.LABEL, probes=(r"identical\s+to",),
       lead=0),
    # Teacher and student phrases are looked for in cards that speak of distillation.
    _t("distil|teacher", r"\bteacher[ \t_-]*(?:models?)?[ \t]*(?:[:：|][ \t]*)+", Relation.DISTILLATION,
       Strength.LABEL, probes=(r"teacher[ \t_-]*(?:models?)?[ \t]*[:：|]",), lead=0),
    # "| Teacher (X) | 679 | …": a results row that names the teacher in brackets.
    _t("teacher", r"\bteacher(?:[ \t]+model)?[ \t]*\((?=[^()\n]{1,120}\))", Relation.DISTILLATION,
       Strength.LABEL, probes=(r"teacher(?:[ \t]+model)?[ \t]*\(",), lead=0),
    # "Distillation sources: A, B": the teachers listed (kind "inline": model-like names too).
    _t("distil", r"\bdistillation[ \t_-]*(?:sources?|teachers?)[ \t]*(?:[:：|][ \t]*)+",
       Relation.DISTILLATION, Strength.LABEL, kind="inline",
       probes=(r"distillation[ \t_-]*(?:source|teacher)",), lead=0),
    # ("Student model: X" beside "Teacher model: Y": the student's start.)
    _t("distil", r"\bstudent[ \t_-]*(?:(?:base|init(?:iali[sz]ation)?)(?:[ \t_-]*model)?|model)"
       r"[ \t]*(?:[:：|][ \t]*)+", _FT, Strength.LABEL,
       probes=(r"student[ \t_-]*(?:base|init|model)",), lead=0),
    # Other languages: "based on X" (ru, de, fr, es, pt), "fine-tuned / quantized version of X".
    _t("основ|базир|basier|aufbau|basé|basee|basead|basad",
       r"\b(?:на\s+основе|основан[аоы]?\s+на|базируется\s+на|basiert\s+auf|basierend\s+auf|"
       r"aufbauend\s+auf|bas[ée]e?s?\s+sur|basead[oa]s?\s+em|basad[oa]s?\s+en)\b", None,
       Strength.WEAK, probes=(r"на\s+основе", r"основан", r"базируется", r"basier", r"aufbauend",
                              r"bas[ée]", r"basead", r"basad"), lead=0),
    _t("дообуч|feinab|feinjust|nachtrain|affin|ajust|afinad|refinad",
       r"\b(?:дообученн?[а-я]*\s+(?:верси[яи]\s+)?(?:модели\s+)?|(?:feinabgestimmte|"
       r"feinjustierte|nachtrainierte)\s+(?:version|variante)\s+(?:von|des)\b|version\s+"
       r"(?:affin[ée]e|ajust[ée]e)\s+(?:de|du)\b|(?:versi[óo]n|vers[ãa]o)\s+(?:ajustada|afinada|"
       r"refinada)\s+de\b)", _FT,
       probes=(r"дообучен", r"feinabgestimmte", r"feinjustierte", r"nachtrainierte",
               r"version\s+(?:affin|ajust)", r"versi[óo]n\s", r"vers[ãa]o\s"), lead=0),
    _t("квантов|quantisiert|quantifi|cuantizad|quantizad",
       r"\b(?:квантованн?[а-я]*\s+(?:верси[яи]\s+)?(?:модели\s+)?|quantisierte\s+(?:version|"
       r"variante)\s+(?:von|des)\b|version\s+quantifi[ée]e\s+(?:de|du)\b|(?:versi[óo]n|vers[ãa]o)"
       r"\s+(?:cuantizada|quantizada)\s+de\b)", _QU, conversion=True,
       probes=(r"квантован", r"quantisierte", r"version\s+quantifi", r"versi[óo]n\s",
               r"vers[ãa]o\s"), lead=0),
    # ja / ko / zh, reference first: "X をベースに", "X 기반으로", "X を微調整", "X の GGUF 変換版".
    _t("ベース|元に|もとに|基に|기반|베이스|바탕|토대",
       rf"(?P<ref>{REF})\s*(?:を|の|을|를)?\s*(?:ベースと|ベースに|元に|もとに|基に|기반으로|"
       r"베이스로|바탕으로|토대로)", None, Strength.WEAK, kind="first", flags=0,
       probes=("ベース", "元に", "もとに", "基に", "기반", "베이스", "바탕", "토대"), lead=None),
    # Label lines: "基础模型 X", "基座模型：X", "ベースモデル: X", "베이스 모델: X", "Modelo original: X".
    _t("基础模型|基座模型|底座模型|ベースモデル|元モデル|베이스|기반",
       r"(?:基础模型|基座模型|底座模型|ベースモデル|元モデル|베이스\s*모델|기반\s*모델)[ \t]*"
       # A colon, or straight a Hub link: "更强的基础模型 X" in running text is no label.
       r"(?:(?:[:：|][ \t]*)+|(?=\[[^\]\n]+\]\(https?://(?:www\.)?(?:huggingface\.co|hf\.co)/))",
       None, Strength.LABEL, flags=0,
       probes=("基础模型", "基座模型", "底座模型", "ベースモデル", "元モデル", "베이스", "기반"), lead=0),
    _t("modelo", r"\bmodelo[ \t]+(?:original|base|de[ \t]+base)[ \t]*(?:[:：|][ \t]*)+", None,
       Strength.LABEL, probes=(r"modelo[ \t]+(?:original|base|de[ \t]+base)[ \t]*[:：|]",),
       lead=0),

    _t("ファイン|微調整|追加学習|파인|미세|추가",
       rf"(?P<ref>{REF})\s*(?:を|을|를)\s*(?:ファインチューニング|ファインチューン|微調整|追加学習|"
       r"파인튜닝|미세\s*조정|추가\s*학습)", _FT, kind="first", flags=0,
       probes=("ファイン", "微調整", "追加学習", "파인", "미세", "추가"), lead=None),
    # "X 모델을 한국어에 특화한 모델" / "X を日本語に特化させた": X specialised to a language.
    _t("특화|特化",
       rf"(?P<ref>{REF})\s*(?:모델|モデル)?\s*(?:을|를|を)\s*[^.\n。]{{0,30}}?(?:특화|特化)",
       _FT, kind="first", flags=0, probes=("특화", "特化"), lead=None),
    _t("量子化|変換|양자화|量化",
       rf"(?P<ref>{REF})\s*(?:を|の|의|을|를|的)?\s*(?:[A-Za-z0-9_]+\s*)?(?:量子化|変換|양자화|"
       r"量化版|量化模型)", _QU, kind="first", conversion=True, flags=0,
       probes=("量子化", "変換", "양자화", "量化"), lead=None),
    _t("微调|精调", rf"(?:在|对|基于)\s*(?P<ref>{REF})\s*(?:的)?\s*(?:基础上|之上|上)?\s*"
       r"(?:进行|做)?\s*(?:了)?\s*(?:全参数|全量|指令|LoRA\s*)?(?:微调|精调)", None, kind="first",
       flags=0, probes=("在", "对", "基于"), lead=0),
    _t("蒸馏", rf"从\s*(?P<ref>{REF})\s*(?:中)?\s*蒸馏", Relation.DISTILLATION, kind="first",
       flags=0, probes=("从",), lead=0),
    _t("base|built", r"\b(?:based|built)\s+(?:up)?on(?:\s+top\s+of)?"
       # ("based on the Unet / weights of X": the part of X this model starts from.)
       r"(?:\s+the\s+(?:foundation|unet|u-net|weights|checkpoint|backbone)\s+of)?\b", None,
       Strength.WEAK, kind="and",
       probes=(r"based\s+(?:up)?on", r"built\s+(?:up)?on"), lead=0),
    # "is built upon a small yet strong LM [A](hub link)(2.7B) and a vision encoder [B](hub
    # link)": each part a Hub model link after a short description (one trigger per part).
    _t("build|built", rf"\bbuil[dt]\s+(?:up)?on\s+{_DESCRIBED}{_HUB_MODEL_LINK}(?P<ref>{REF})",
       None, Strength.WEAK, kind="first", probes=(r"buil[dt]\s+(?:up)?on",), lead=0),
    _t("build|built", rf"\bbuil[dt]\s+(?:up)?on\s+{_DESCRIBED}{_LINK}[ \t]*(?:\([^()\n]{{0,20}}\))?"
       rf"[ \t]*,?[ \t]+and[ \t]+{_DESCRIBED}{_HUB_MODEL_LINK}(?P<ref>{REF})",
       None, Strength.WEAK, kind="first", probes=(r"buil[dt]\s+(?:up)?on",), lead=0),
    # "BLIP-2 model, leveraging [X](hub link) (a large language model …)", "… leveraging [X](…)
    # as LLM": a composite model around a language model it keeps, its part.
    _t("leverag", rf"\bleverag(?:es|ing)\s+{_HUB_MODEL_LINK}(?P<ref>{REF})[ \t]*(?:\([ \t]*(?:an?|the)"
       r"[ \t]+(?:large[ \t]+)?language[ \t]+model\b|as[ \t]+(?:the[ \t]+|its[ \t]+)?(?:LLM|language"
       r"[ \t]+model)\b)", None, Strength.WEAK, kind="first", probes=(r"leverag",), lead=0),
    _t("predecessor", r"\b(?:its|our|the)\s+predecessors?\s*,?\s*", Relation.UNKNOWN,
       Strength.WEAK, kind="predecessor", probes=(r"predecessor",), lead=None),
    # The reference first: "[X](…) was converted to MLX", "This is [X](…) finetuned on …",
    # and Chinese "以 X 预训练模型为基础" (with X as the base) / "基于 X 进行" (based on X).
    # ("[X] was converted to MLX format from [Y]": X is the result, Y the source.)
    # (Not a heading's name: "# X" above "Converted to …" titles the card itself.)
    _t("conver", rf"(?<!#[ \t])(?P<ref>{REF})\s+(?:(?:was|is|were|has\s+been)\s+)?converted\s+"
       r"(?:in)?to\b(?![^\n]{0,80}?\bfrom\b)", _QU, conversion=True, kind="first",
       probes=(r"converted\s+(?:in)?to",), lead=None),
    # "This is [X](…) fine-tuned on …"; "This is ORG/X with its refusal direction removed",
    # "… with Y's LoRA merged in": X's weights, changed.
    _t("this is", rf"\bthis\s+is\s+(?P<ref>{REF})(?:{_PAREN}?,?\s+{_FT_WORDS}\b|\s+with\b)", _FT,
       kind="first", probes=(r"this\s+is\s",), lead=0),
    # "This is a `ORG/X` model, trained for 1M steps on …": an id (or a Hub link) after the
    # article, then a training participle (not "trained from scratch").
    _t("this is", r"\bthis\s+is\s+(?:an?|the)\s+(?=`[^`\n]*/|\[[^\]\n]{1,200}\]\(https?://(?:www\.)?"
       rf"(?:huggingface\.co|hf\.co)/|[A-Za-z0-9][\w-]*/)(?P<ref>{REF})(?:\s+model)?,?\s+{_FT_WORDS}\b"
       r"(?![^\n.]{0,60}\bfrom\s+scratch\b)", _FT, kind="first", probes=(r"this\s+is\s+(?:an?|the)\s",), lead=0),
    # "The original Twitter-based Lark model can be found [here](hub link)": the checkpoint
    # this one was tuned from, named by a Hub model link.
    _t("original", r"\boriginal[ \t]+(?:[\w-]+[ \t]+){0,3}model[ \t]+(?:can[ \t]+be[ \t]+found|is[ \t]+"
       rf"available)[ \t]+(?:(?:here[ \t]*)?(?:at|in|on)[ \t]+)?(?:the[ \t]+)?{_HUB_MODEL_LINK}",
       None, Strength.LABEL, probes=(r"original[ \t]+(?:[\w-]+[ \t]+){0,3}model[ \t]+(?:can|is)",),
       lead=0),
    # "This repository is a mirror of the now deprecated `ORG/X`", "a re-upload of X": the
    # same weights under another name (a repack), said of this model.
    _t("mirror|upload", r"\b(?:mirror|re-?upload)(?:ed)?\s+(?:copy\s+)?(?:of|from)\b", _QU,
       Strength.LABEL, conversion=True, kind="subject",
       probes=(r"mirror(?:ed)?\s", r"upload(?:ed)?\s"), lead=3),
    # "… evolved from its predecessor, the [X](…)": X's weights trained further.
    _t("evolved", r"\bevolved\s+from\b(?:\s+(?:its|our|the)\s+predecessors?\s*,?)?", _FT,
       Strength.LABEL, kind="subject", probes=(r"evolved\s+from",), lead=0),
    _t("基|以|在", rf"(?:基于|以|在)\s*(?P<ref>{REF})\s*(?:的)?\s*(?:预训练|基础|基座|开源)?\s*"
       r"(?:模型)?\s*(?:为基础|为基座|为底座|基础上|之上|进行)", None, Strength.WEAK, kind="first",
       flags=0, probes=("基于", "以", "在"), lead=0),
    # "This model is a derivative of X", "… developed from X": only when the sentence's
    # subject is this model (kind "subject"), not another one. ("An upgraded version of X"
    # is read with the other "version of" phrases.)
    _t("deriv|developed from",
       r"\bderivatives?[ \t]+(?:model[ \t]+)?of\b|\b(?:derived|developed)[ \t]+from\b",
       None, Strength.LABEL, kind="subject",
       probes=(r"deriv", r"developed[ \t]+from"), lead=0),
    # "[A](…) and [B](…) merge", "my [A](…), [B](…) and [C](…) blend using …": the inputs
    # before the noun (kind "before": every link of the list).
    _t("merg|blend", rf"{_LINK}(?:[ \t]*,[ \t]*{_LINK})*[ \t]*,?[ \t]*and[ \t]+{_LINK}"
       r"[^\n.!?\[]{0,60}?\b(?:merg(?:e|ed|ing)|blend)\b", _ME, kind="before",
       probes=(r"and[ \t]+\[",), lead=None),
    # Chinese and Korean with ASCII ids written straight before the next word ("对ORG/X进行
    # LoRA微调", "基于X的权重", "X 기반"): ids without CJK letters in them.
    _t("微调|精调", rf"(?:在|对|基于)\s*(?P<ref>{REF_ASCII})\s*(?:的)?\s*(?:基础上|之上|上)?\s*"
       r"(?:进行|做)?\s*(?:了)?\s*(?:全参数|全量|指令|LoRA\s*)?(?:微调|精调)", None, kind="first",
       flags=0, probes=("在", "对", "基于"), lead=0),
    _t("基于", rf"基于\s*(?P<ref>{REF_ASCII})\s*(?:的)?\s*(?:模型)?\s*(?:权重|参数)", None,
       Strength.WEAK, kind="first", flags=0, probes=("基于",), lead=0),
    _t("기반", rf"(?P<ref>{REF_ASCII})[ \t]*(?:을|를)?[ \t]*기반(?:의|[ \t])", None, Strength.WEAK,
       kind="first", flags=0, probes=("기반",), lead=None),
    # "模型基于Orca 13B，…", "基于Lark-7B具有…": "based on" and a name with nothing after it
    # (kind "zh_based": the card's first such name only; later ones tell the parent's story).
    _t("基于", r"基于[ \t]*", None, Strength.WEAK, kind="zh_based", flags=0, probes=("基于",),
       lead=0),
    # Traditional Chinese and Cantonese: "基於X嘅微調版本" (a fine-tuned version based on X).
    _t("基於|基于", rf"基[於于]\s*(?P<ref>{REF_ASCII})\s*(?:的|嘅|之)?\s*(?:微[調调]|精[調调])",
       _FT, kind="first", flags=0, probes=("基於", "基于"), lead=0),
    # "trained by fine-tuning X on …", "obtained after further fine-tuning X": the gerund
    # with the model as its object ("by fine-tuning on X data" names none; kind "gerund":
    # said of this model, not of a judge or a rival).
    # ("by LoRA fine-tuning X", "via full finetuning X": the method named before the gerund.)
    _t("tuning", r"\b(?:by|after|via|through)\s+(?:further\s+|first\s+)?"
       r"(?:(?:q?lora|full|supervised)\s+)?(?:fine[\s-]?tuning|finetuning)\s+", _FT, lead=0,
       kind="gerund", probes=tuple(
           rf"{w}\s+(?:further\s+|first\s+)?(?:(?:q?lora|full|supervised)\s+)?fine"
           for w in ("by", "after", "via", "through"))),
    # "… finetuned on the base model X", "trained from the base model X" (no colon).
    _t("base model", r"\b(?:on|upon|from)\s+(?:top\s+of\s+)?(?:the|a|our)\s+base\s+model\s+"
       r"(?=[A-Z`\[])", None, Strength.LABEL, lead=0, probes=tuple(
           rf"{w}\s+(?:top\s+of\s+)?(?:the|a|our)\s+base\s+model" for w in ("on", "upon", "from")),
       flags=0),
    # A label on a line of its own (bold in the card), the value on the next: "Base Model ⏎ X"
    # (not a heading: "### Base Model" titles a section).
    _t("base model", r"^[ \t]*base[ \t_-]*model[ \t]*\n[ \t]*(?=\S)", None, Strength.LABEL,
       probes=(r"base[ \t_-]*model[ \t]*\n",), lead=None, flags=re.I | re.M),
    # "This is a model diverged from X" (kind "subject": said of this model; how it diverged,
    # the phrase does not say).
    _t("diverged from", r"\bdiverged[ \t]+from\b", Relation.UNKNOWN, Strength.LABEL, kind="subject",
       probes=(r"diverged[ \t]",), lead=0),
    # "This is an instruction fine-tuned llama-2 model": the card's subject described as a
    # tuned name (read beside later "based on" lines of a family card, which it outranks).
    _t("tune", rf"\b(?:is|introducing[^.\n]{{0,60}}?)[ \t]+an?[ \t]+(?:[\w-]+[ \t]+){{0,2}}?"
       rf"(?:fine[ \t-]?tuned|finetuned|instruction[ \t-]tuned)[ \t]+(?P<ref>{REF})[ \t]+model\b",
       _FT, Strength.LABEL, kind="first", probes=(
           r"is[ \t]+an?[ \t]+(?:[\w-]+[ \t]+){0,2}?(?:fine|instruction)", r"introducing"), lead=0),
)
# Phrases read only when `TRIGGERS` found no parent at all: fallbacks for cards that name
# their base in no clearer way (and the common card pays nothing for them).
# fmt: off
FALLBACK_TRIGGERS: tuple[Trigger, ...] = (
    # "X-2.5 combines X-2-Chat and X-Coder-2-Instruct", "a combination of A and B" (kind
    # "pair": two models at least, said of this model; "a blend of" is a merge phrase).
    _t("combin", r"\bcombin(?:es|ed|ing)\b|\bcombination[ \t]+of\b", _ME, Strength.LABEL,
       kind="pair", probes=(r"combin",), lead=0),
    # "trained from [X](…) as its base model", "with the X model as its base-model",
    # "- [X](…) as the base" (kind "base_before": the name before "as", after "with",
    # "from", "using" or a bullet, in a sentence whose subject is this model).
    _t("base", r"\bas (?:its|the|our|a) base(?:[ \t_-]*model)?\b"
       rf"{_NOT_FOR_COMPARISON}",
       None, Strength.LABEL, kind="base_before",
       probes=(r"as (?:its|the|our|a) base",), lead=0),
    # Older encoder cards name their start in words of their own (read only when no clearer
    # phrase named a parent): "warm-started from X", "takes X and
    # fine-tunes it", "by first fine-tuning X", "a copy of X". (Each needle not already
    # looked for is a scan of the card: few.)
    _t("warm", r"\bwarm[\s-]?started\s+(?:from|with)(?:\s+(?:the\s+)?(?:weights|checkpoint)\s+of)?",
       _FT, probes=(r"warm[\s-]?started\s+(?:from|with)",), lead=0),
    # "This model is resumed from [X](…) and trained for 150k steps": training went on from X,
    # named by a link or an id ("resumed from step 5,000", "from `base-ema.ckpt`": a step, a file).
    _t("resum", r"\bresumed\s+(?:training\s+)?from(?:\s+(?:the\s+)?(?:weights|checkpoint)\s+of)?"
       r"(?=\s+(?:the\s+)?(?:\[|https?://|[\w.-]+/[\w.-]))",
       _FT, probes=(r"resumed\s+(?:training\s+)?from",), lead=0),
    _t("take", rf"\btakes?\s+(?:the\s+)?(?P<ref>{REF})(?:[ \t]+model)?\s+and\s+(?:further\s+)?"
       r"(?:fine[\s-]?tunes|finetunes)\b", _FT, kind="first", probes=(r"takes?\s",), lead=0),
    _t("first", r"\bfirst\s+(?:fine[\s-]?tuning|finetuning)\s+(?:the\s+)?", _FT,
       probes=(r"first\s+fine",), lead=0),
    # ("a copy of this licence", "a copy of the licence": no model named.)
    # A heading "# Fine-tuned X for …": the card's title names its base.
    # (Its needle keeps the "# ": a card's "fine-tuned" is common, a heading with it rare.)
    Trigger(scan(r"(?<=# )fine[ -]?tuned[ \t]+", (r"fine[ -]?tuned[ \t]",), 0), ("# fine",),
            _FT, Strength.LABEL),
    _t("cop|fork of", r"\b(?:cop(?:y|ies)|forks?)\s+of\b(?!\s+(?:this|these|that|its?|your|our)\b)"
       r"(?!\s+the\s+[A-Za-z])", None, kind="version",
       probes=(r"cop(?:y|ies)\s+of", r"forks?\s+of"), lead=0),
    # "… starting with the weights of X and further trained …".
    _t("starting", r"\bstarting[ \t]+(?:with|from)[ \t]+(?:the[ \t]+)?(?:pre-?trained[ \t]+)?"
       r"(?:weights|checkpoints?|parameters)[ \t]+of\b", _FT,
       probes=(r"starting[ \t]+(?:with|from)[ \t]",), lead=0),
    # "# Model card for Lark 2 fine-tuned on legal text", "This is a Lark2 7B chat model
    # fine-tuned on …", "X is an ORG/Y model that has been further fine-tuned with DPO": the
    # name comes first (kind "named_before": only in a title, a name label or "is a …").
    _t("tune", r"(?:fine[ -]?tuned|finetuned)[ \t]{1,3}(?:on|for|to|with)\b", _FT, Strength.LABEL,
       kind="named_before", probes=(r"tuned[ \t]{1,3}(?:on|for|to|with)\b",), lead=5),
    # "Lark-2.1 finetuning model" as a card's opening line, "X is a Lark-7B fine-tuned model":
    # the name first, then the model it was tuned into (kind "named_before", as above).
    _t("tuning|tuned", r"fine[ -]?tun(?:ing|ed)[ \t]+model\b", _FT, Strength.LABEL,
       kind="named_before", probes=(r"un(?:ing|ed)[ \t]+model\b",), lead=6),
    # "Lark-7b with continued pretraining on …", "X continually pretrained on …" opening the
    # card: the name first, then its further training (kind "named_before", as above).
    _t("contin", r"(?:with[ \t]+continued[ \t]+pre-?training|continual(?:ly)?[ \t]+pre-?trained)"
       r"[ \t]+(?:on|with|using|for)\b", _FT, Strength.LABEL, kind="named_before",
       probes=(r"with[ \t]+continued", r"continual"), lead=0),
    # "Fine-tuned [Lark 7B](https://huggingface.co/ORG/X) with a chat set" opening a line (or
    # "We fine-tuned [X](…) on …"): the linked model is the one tuned.
    _t("tune", r"^[ \t]*(?:(?:we|this[ \t]+model)[ \t]+)?(?:fine[ -]?tuned|finetuned)[ \t]+"
       r"(?=\[[^\]\n]{1,80}\]\((?:https?://)?(?:huggingface\.co|hf\.co)/(?!datasets/))", _FT,
       Strength.LABEL, probes=(r"tuned[ \t]+\[",), lead=None, flags=re.I | re.M),
    # "You can find the original weights released by [Lab](…) on [the Hub](hub link)": the
    # weights this repo re-packs (a port to another framework).
    _t("original", r"\boriginal[ \t]+(?:model[ \t]+)?weights\b(?:[^.\n]|\.(?=\S)){0,160}?"
       r"(?=\[[^\]\n]{1,80}\]\((?:https?://)?(?:huggingface\.co|hf\.co)/(?!datasets/|spaces/))",
       _QU, Strength.LABEL, conversion=True, probes=(r"original[ \t]+(?:model[ \t]+)?weights",),
       lead=0),
    # "a text-to-GIF model trained to work alongside [X](hub link)": an add-on network run
    # beside a frozen base, which it adapts (as a ControlNet or a motion module does).
    _t("alongside", r"\b(?:trained|designed|built|made)[ \t]+to[ \t]+(?:work|run|be[ \t]+used)"
       r"[ \t]+alongside[ \t]+(?:the[ \t]+)?"
       r"(?=\[[^\]\n]{1,80}\]\((?:https?://)?(?:huggingface\.co|hf\.co)/(?!datasets/|spaces/))",
       _AD, Strength.LABEL, probes=(r"alongside",), lead=None),
    # A line that opens with a Hub model link and a bare participle, no verb before it:
    # "[X](hub link) fine-tuned on the Y dataset with …" (a list item or a table cell is a
    # zoo's row instead, so only a line's own start counts).
    _t("tune", rf"(?m:^)[ \t]*{_LINE_HEAD_LINK}(?P<ref>{REF})[ \t]+(?:fine[\s-]?tuned|finetuned)"
       r"[ \t]+(?:on|with|using|for)\b", _FT, kind="first",
       # (The link's URL and the participle right after it: in every match, seldom elsewhere.)
       probes=(r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/[^)\s]*\)[ \t]+"
               r"(?:fine[\s-]?tuned|finetuned)[ \t]+(?:on|with|using|for)\b",), lead=None),
    # "This model is [t5-base](…) fine-tuned on …", "this model is a *X* model that was
    # fine-tuned on …" (the name set in emphasis or code).
    _t("this model", rf"\bthis\s+model\s+is\s+(?P<ref>{REF})(?:{_PAREN}?,?\s+{_FT_WORDS}\b)", _FT,
       kind="first", probes=(r"this\s+model\s+is\s",), lead=0),
    _t("this model", rf"\bthis\s+model\s+is\s+an?\s+[*_]{{0,2}}(?P<ref>{REF})[*_]{{0,2}}\s+model\s+"
       rf"(?:that|which)\s+(?:was|has\s+been|is)\s+{_FT_WORDS}\b", _FT, kind="first",
       probes=(r"this\s+model\s+is\s+an?\s",), lead=0),
    # "This specific model, named "ORG/X," is pre-trained on …" in a fine-tuned model's card:
    # the pretrained checkpoint it starts from, quoted by its Hub id.
    _t("named", r"\bnamed[ \t]+[\"“'](?=[A-Za-z0-9][\w-]*/[A-Za-z0-9])"
       rf"(?P<ref>{REF})[,.]?[\"”'],?[ \t]+(?:is|was|has[ \t]+been)[ \t]+pre-?trained\b", None,
       Strength.LABEL, kind="first", probes=(r"named[ \t]+[\"“']",), lead=0),
    # "The original Twitter-based X model can be found [here](hub link)": the model this one
    # was tuned (or converted) from, linked under any text.
    _t("original", r"\bthe[ \t]+original[ \t]+(?:[\w-]+[ \t]+){0,4}?model[ \t]+(?:can[ \t]+be[ \t]+"
       r"found|is[ \t]+available)[ \t]+(?:at[ \t]+|on[ \t]+|in[ \t]+)?"
       r"(?=\[[^\]\n]{1,80}\]\((?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/"
       r"(?!datasets/|spaces/|docs/|blog/|papers/))", None, Strength.LABEL,
       probes=(r"the[ \t]+original[ \t]",), lead=0),
    # "Fine-tuned using pre-trained [X](hub link)": the pretrained checkpoint tuned.
    _t("tune", r"\b(?:fine[ -]?tuned|finetuned)[ \t]+(?:using|with)[ \t]+(?:the[ \t]+)?"
       r"pre-?trained[ \t]+(?=\[[^\]\n]{1,80}\]\((?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/"
       r"(?!datasets/|spaces/))", _FT, Strength.LABEL,
       probes=(r"tuned[ \t]+(?:using|with)[ \t]",), lead=5),
    # "a MoE of [X](…) repeated 4 times to make 4 experts": one model's copies, merged.
    _t("repeated", rf"(?P<ref>{REF})[ \t]+repeated"
       r"[ \t]+(?:\d+|two|three|four|eight)[ \t]+times\b[^.\n]{0,60}?\bexperts?\b", _ME, Strength.LABEL, kind="first",
       probes=("repeated",), lead=None),
    # "ORG/X DPO-trained on <data>" as the card's opening: a preference-tuning stage named.
    _t("-trained", r"\b(?:dpo|sft|orpo|kto|rlhf)-trained[ \t]{1,3}(?:on|with)\b", _FT,
       Strength.LABEL, kind="named_before", probes=tuple(
           rf"{w}-trained[ \t]{{1,3}}(?:on|with)\b" for w in ("dpo", "sft", "orpo", "kto", "rlhf")
       ), lead=0),
    # "a distillation loss with training logits from X": X's outputs taught this model.
    # (Looked for in cards that speak of distillation: the needle every such card has.)
    _t("distil", r"\b(?:training[ \t]+|teacher[ \t]+|soft[ \t]+)?logits[ \t]+(?:from|of)\b",
       Relation.DISTILLATION, probes=(r"logits[ \t]+(?:from|of)",), lead=9),
    # "X is a Lark-7B model trained with …" (kind "named_before", as "fine-tuned with"; the
    # word "model" before it, or the sentence names its data: "X trained with Y data").
    _t("trained", r"(?<=model[ \t])trained[ \t]{1,3}with\b", _FT, Strength.LABEL, kind="named_before",
       probes=(r"trained[ \t]{1,3}with\b",), lead=0),
    # "Use the following datasets to fine-tune ORG/X", "… and other open datasets to fine-tune on
    # top of [X](hub link)", "our [Y](hub dataset link) to fine-tune …": the data named first,
    # the model tuned its object (a Hub id or a Hub model link only: "datasets to fine-tune
    # your model" names none).
    _t("dataset", r"\bdatasets?(?:/[^)\s]{1,200}\))?\s+to[ \t]+(?:further[ \t]+)?"
       r"(?:fine[ \t-]?tune|finetune|train)[ \t]+(?:(?:on[ \t]+top[ \t]+of|from)[ \t]+)?(?:the[ \t]+)?"
       rf"(?={_HUB_MODEL_LINK}|`?[A-Za-z0-9][\w-]*/[A-Za-z0-9][\w.-]*`?(?![\w/]))", _FT,
       Strength.LABEL,
       probes=(r"datasets?(?:/[^)\s]*\))?\s+to[ \t]+(?:further[ \t]+)?(?:fine|train)",), lead=0),
    # "The original posting for this model was uploaded at the link below: <link>": this repo
    # is a re-upload, the same weights as the one linked (a repack).
    _t("original", r"\boriginal[ \t]+(?:posting|upload|repo(?:sitory)?|location|home)[ \t]+(?:for|of)"
       r"[ \t]+this[ \t]+model[ \t]+(?:was|is|can[ \t]+be)[ \t]+(?:(?:originally|first)[ \t]+)?"
       r"(?:uploaded|posted|published|hosted|found|located)[ \t]+(?:at|on|to|in|here)\b"
       r"(?:[ \t]+the[ \t]+(?:link|url|repo(?:sitory)?)[ \t]+bel+ow)?[ \t]*[.:：]?", _QU,
       Strength.LABEL, conversion=True, probes=(r"original[ \t]+(?:posting|upload|repo|location|home)",),
       lead=0),
    # "X is an instruction-tuned model from an earlier SFT model [Y](…)": this model's own
    # earlier stage, the start of its training.
    # (A making word first: "results from an earlier model" name a rival.)
    _t("earlier|previous|prior", rf"\b{_FROM_EARLIER}[ \t]+(?:[\w-]+[ \t]+){{0,2}}?"
       r"(?:model|checkpoint)\b", _FT, Strength.LABEL, kind="subject",
       probes=tuple(
           rf"{w}[ \t]+from[ \t]+(?:an?|the|our|its)[ \t]+(?:earlier|previous|prior)"
           for w in ("model", "trained", "tuned", "built", "initiali[sz]ed", "started", "derived")
       ), lead=0),
    # "fp16 files of [A](…) with the LoRA [B](…) applied at weight 0.75": B folded into A (an
    # ingredient); "## LoRA used" over the LoRA's link.
    _t("applied", rf"\bwith[ \t]+(?:the[ \t]+)?(?:q?lora|adapter)[ \t]+(?={_APPLIED_REF})", _ME,
       kind="one", probes=(r"with[ \t]+(?:the[ \t]+)?(?:q?lora|adapter)[ \t]",), lead=0),
    _t("applied", rf"\b(?:files|weights|version)[ \t]+of[ \t]+(?:the[ \t]+)?(?={_ONE_REF}[ \t]+with"
       rf"[ \t]+(?:the[ \t]+)?(?:q?lora|adapter)[ \t]+{_APPLIED_REF})", _FT, kind="one",
       probes=(r"files[ \t]+of[ \t]", r"weights[ \t]+of[ \t]", r"version[ \t]+of[ \t]"), lead=0),
    _t("lora", r"^[ \t]*#{1,6}[ \t]*(?:the[ \t]+)?q?loras?[ \t]+(?:used|applied|merged)[ \t]*:?"
       r"[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*", _ME, Strength.LABEL, flags=_I | re.M,
       probes=(r"loras?[ \t]+(?:used|applied|merged)",), lead=None),
    # The same said by a heading: "# Original Repository" over the id alone on the next line.
    _t("original", r"^[ \t]*#{1,6}[ \t]*(?:the[ \t]+)?original[ \t]+(?:model[ \t]+)?"
       r"repo(?:sitory)?[ \t]*:?[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*(?:[*_]{1,3}(?=[A-Za-z0-9]))?",
       _QU, Strength.LABEL, conversion=True, flags=_I | re.M,
       probes=(r"original[ \t]+(?:model[ \t]+)?repo",), lead=None),
    # "X is a Lark-2-7B model trained on <data>": the same with "on", only for a name with a size
    # in it (kind "sized_before"; "a GPT-2 model trained on" names an architecture).
    _t("trained", r"(?<=model[ \t])trained[ \t]{1,3}on\b", _FT, Strength.LABEL, kind="sized_before",
       probes=(r"trained[ \t]{1,3}on\b",), lead=0),
    # The same with a legacy Hub repo written without its org as the kind of model ("This is
    # a roBERTa-base model trained on tweets", "… a multilingual XLM-R-base model trained …": one
    # plain word may describe it, not one of another relation's): weak, as a more specific start
    # named in the card (a linked continued-pretraining checkpoint) is this model's parent instead.
    _t("this is", rf"\bthis\s+is\s+(?:an?|the)\s+{_DESCRIBING}(?={_LEGACY_MODEL})(?P<ref>{REF})\s+model,?\s+"
       rf"{_FT_WORDS}\b(?![^\n.]{{0,60}}\bfrom\s+scratch\b)", _FT, Strength.WEAK, kind="first",
       probes=(rf"this\s+is\s+(?:an?|the)\s+(?:[a-z]+\s+)?(?:{LEGACY_ROOT.pattern})",), lead=0),
    # "Language model: ORG/X" as an overview field (the QA-card template): the checkpoint the
    # task head was trained on. Only a Hub id: "Language model: RoBERTa-Base" or "Llama-2"
    # names an architecture or a component family.
    _t("language", r"(?:(?<=\n)|(?<=\A)|(?<=\n[-*+] )|(?<=\*\*)|(?<=\| ))language[ \t]+model"
       r"[ \t]*[:：][ \t]*(?=[A-Za-z0-9][\w-]*/[A-Za-z0-9])",
       None, Strength.LABEL, probes=(r"language[ \t]+model[ \t]*[:：]",), lead=0),
    # "The model was trained with a distilroberta-base model for 10k steps": the checkpoint
    # training started from, when it is a Hub id or a legacy Hub repo ("trained with a teacher
    # model" or "with a batch size" names none).
    _t("trained", r"\btrained[ \t]+with[ \t]+an?[ \t]+(?=`?[A-Za-z0-9][\w-]*/[\w.-]+`?[ \t]+model\b"
       rf"|{_LEGACY_MODEL})(?P<ref>{REF})(?![ \t]+model[ \t]+as[ \t]+(?:the[ \t]+|a[ \t]+)?teacher)",
       _FT, Strength.WEAK, kind="first", probes=(r"trained[ \t]+with[ \t]",), lead=0),
    # "Model is fine-tuned on distilroberta-base model from the Hub": "tuned on" takes data,
    # but a Hub id or a legacy Hub repo called a model is the checkpoint tuned ("fine-tuned on
    # a bert-base-cased model's outputs", "on X model generations" are data a model wrote).
    _t("tuned", r"\b(?:fine[\s-]?tuned|finetuned)[ \t]+on[ \t]+(?:(?:an?|the)[ \t]+)?"
       r"(?=(?:`?[A-Za-z0-9][\w-]*/[\w.-]+`?[ \t]+model\b"
       rf"|{_LEGACY_MODEL})(?![ \t]*(?:'s|outputs?|generations?|responses?|answers?|data|vocab\w*|tokeni[sz]er)\b))(?P<ref>{REF})",
       _FT, Strength.WEAK, kind="first", probes=(r"tuned[ \t]+on[ \t]",), lead=5, offsets=(4, 5)),
    # "X was trained on the Lark-34B base": a name, then "base", after "trained on the"
    # ("… on the Lark-34B as the base" too).
    _t("trained", r"\btrained[ \t]+on[ \t]+(?:top[ \t]+of[ \t]+)?the[ \t]+"
       r"(?=[A-Za-z][\w.-]*\d[\w.-]*[ \t]+(?:as[ \t]+(?:the|its|a)[ \t]+)?base(?:[ \t]+model)?\b)", _FT, Strength.LABEL,
       probes=(r"trained[ \t]+on[ \t]+(?:top[ \t]+of[ \t]+)?the[ \t]",), lead=0),
    # "Trained on Lark-34b, she can code", "which was trained on **Lark-7b-Python** and …":
    # a family's name with a size right after "trained on", the clause ending there (not
    # "trained on Lark-70b outputs", data a model wrote; not "trained on DFN-2B", a data set
    # of that size). Weak: a fallback beside nothing clearer.
    _t("trained", rf"\btrained[ \t]+on[ \t]+(?:\*\*)?(?={_FAMILY_LEAD})(?P<ref>{_BARE_ONLY}[A-Za-z][A-Za-z0-9.]*"
       r"(?:-[A-Za-z0-9.]+)*?-\d+(?:\.\d+)?[bBmM](?:-[A-Za-z][A-Za-z0-9.]*)*))(?:\*\*)?"
       r"(?=[ \t]*(?:[,;)]|\.(?:\s|$)|$|[ \t]and\b))",
       _FT, Strength.WEAK, kind="first", probes=(r"trained[ \t]+on[ \t]",), lead=0,
       flags=re.I | re.M),
    # "1 epoch of our data, trained on Lark-RP-20b-v2 with standard DPO": a name with a size in
    # it (any name, no family needed) right after "trained on", then the training method that
    # was run on it: the weights trained (a data set is trained on, not with DPO run on it).
    _t("trained", rf"\btrained[ \t]+on[ \t]+(?:\*\*)?(?P<ref>{_BARE_ONLY}[A-Za-z][A-Za-z0-9.]*"
       r"(?:-[A-Za-z0-9.]+)*?-\d{1,3}(?:\.\d+)?[bB](?:-[A-Za-z][A-Za-z0-9.]*)*))(?:\*\*)?"
       r"(?=[ \t]+(?:with|using|via)[ \t]+(?:(?:standard|plain|vanilla|full)[ \t]+)?"
       r"(?:dpo|sft|orpo|kto|ipo|rlhf|ppo|q?lora)\b)",
       _FT, Strength.WEAK, kind="own_first", probes=(r"trained[ \t]+on[ \t]",), lead=0),
    # "Based lark-34b, instruction tuned." opening a sentence: "on" left out.
    _t("base", r"(?:^|(?<=[.!?][ \t]))based[ \t]+(?=[A-Za-z][\w.-]*\d)", None,
       Strength.WEAK, probes=(r"based[ \t]",), lead=0, flags=re.I | re.M),
    # "Introducing X, a llama-2 based, general-purpose model": the card's subject described
    # as based on a name (in a merge's paragraph, the family its inputs share).
    _t("based", rf"\b(?:is|introducing[^.\n]{{0,60}}?)[ \t]+an?[ \t]+(?P<ref>{REF})[ \t]+based\b"
       r"(?=,?[ \t]+(?:[\w-]+[ \t]+){0,3}?(?:model|llm)\b)(?![^\n]{0,300}\bmerge)",
       _FT, Strength.LABEL, kind="first", probes=(r"is[ \t]+an?[ \t]", r"introducing"), lead=0),
    # "X is a lark2-7b-based model trained by …": the same with the name and "based" hyphened
    # (a name with a size: "a GPU-based model" names no model).
    _t("based", rf"\b(?:is|introducing[^.\n]{{0,60}}?)[ \t]+an?[ \t]+(?P<ref>{_BARE_ONLY}[A-Za-z][A-Za-z0-9.]*"
       r"(?:-(?!based\b)[A-Za-z0-9.]+)*-\d+(?:\.\d+)?[bm]))-based[ \t]+(?:[\w-]+[ \t]+){0,3}?"
       r"(?:model|llm)\b(?![^\n]{0,300}\bmerge)",
       _FT, Strength.LABEL, kind="first", probes=(r"b-based[ \t]", r"m-based[ \t]"), lead=None),
    # "This is [X](…), with instruction tuning performed on <data>": X, tuned.
    _t("this is", rf"\bthis[ \t]+is[ \t]+(?P<ref>{REF}),?[ \t]+with[ \t]+(?:[\w-]+[ \t]+){{0,2}}?"
       r"(?:fine[ \t-]?tuning|finetuning|tuning|training)[ \t]+(?:performed|done|applied)\b",
       _FT, Strength.LABEL, kind="first", probes=(r"this[ \t]+is[ \t]",), lead=0),
    # "Base pretrained model type: X" (a label with words between "base" and "model").
    _t("base", r"\bbase[ \t]+pre-?trained[ \t]+model(?:[ \t]+type)?[ \t]*[:：][ \t]*", None,
       Strength.LABEL, probes=(r"base[ \t]+pre-?trained",), lead=0),
)
# fmt: on


def _language_triggers() -> tuple[Trigger, ...]:
    """The phrases of `importers.prose_languages`' tables, one trigger per row."""
    written = prose_languages.WRITTEN
    plain = re.sub(r"\(\?P<\w+>", "(?:", REF_ASCII)  # REF_ASCII without its group names

    def made(needles: str, pattern: str, kind: str, form: str) -> Trigger:
        relation, strength, conversion, reads = _LANGUAGE_KINDS[kind]
        words = tuple(needles.split("|"))
        # (Any of the needles occurs in every match: they decide whether the card is scanned.)
        probes = tuple(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        return Trigger(
            scan(pattern, probes, 0 if starts_with_a_probe(pattern, probes) else None),
            words,
            relation,
            strength,
            conversion,
            "first" if form == "first" else reads,
        )

    suffix = r"(?:['’][^\W\d_]+)?"  # Turkish case endings: "Lark-7B'nin"
    out = [made(n, p, kind, "after") for _, kind, n, p in prose_languages.REF_AFTER]
    out += [
        made(n, rf"(?={written})(?P<ref>{REF_ASCII}){suffix}(?:{p})", kind, "first")
        for _, kind, n, p in prose_languages.REF_BEFORE
    ]
    for _, kind, n, sep, tail in prose_languages.PAIR_BEFORE:
        first = rf"(?={written})(?P<ref>{REF_ASCII}){suffix}(?:{sep})(?={written}){plain}{suffix}(?:{tail})"
        second = rf"(?={written}){plain}{suffix}(?:{sep})(?={written})(?P<ref>{REF_ASCII}){suffix}(?:{tail})"
        out += [made(n, first, kind, "first"), made(n, second, kind, "first")]
    return tuple(out)


# What each kind of statement of `importers.prose_languages` says: relation, strength,
# conversion, and how the reference after the words is read.
_LANGUAGE_KINDS: dict[str, tuple[Relation | None, Strength, bool, str]] = {
    "finetune": (_FT, Strength.STRONG, False, "one"),
    "based": (None, Strength.WEAK, False, "one"),
    "continued": (_FT, Strength.STRONG, False, "one"),
    "merge": (_ME, Strength.STRONG, False, "inline"),
    "quantized": (_QU, Strength.STRONG, True, "one"),
    "distilled": (Relation.DISTILLATION, Strength.STRONG, False, "one"),
    "teacher": (Relation.DISTILLATION, Strength.LABEL, False, "one"),
    "adapter": (_AD, Strength.STRONG, False, "one"),
    "label": (None, Strength.LABEL, False, "one"),
}
# (The needles of the English phrases, looked for in every card.)
ENGLISH_NEEDLES = frozenset(n for t in TRIGGERS for n in t.needles)
TRIGGERS += _language_triggers()

# Phrases only a conversion repo's card is read for (its name says it is one, "X-GGUF",
# "X-4bit-AWQ"): the card reader looks for them after `TRIGGERS`, so the other cards
# pay nothing for them.
# fmt: off
CONVERSION_TRIGGERS: tuple[Trigger, ...] = (
    # "[GGUF of https://huggingface.co/ORG/X](…)".
    _t("gguf of", r"\bgguf of\b", _QU, conversion=True, probes=(r"gguf of",), lead=0),
    # "Model page: <link>" (elsewhere the page is the model's own or a collection).
    _t("model page", r"\b(?:original[ \t]+)?model[ \t]+page[ \t]*(?:[:：][ \t]*)+", None,
       Strength.LABEL, probes=(r"model[ \t]+page[ \t]*[:：]",), lead=9),
    # "This is the GGUF version of X. For the FP16 model, [Click Here](…)": the link names
    # the full-precision source of the conversion (its link text may name nothing).
    _t("fp16|bf16|fp32|full|unquanti|original",
       r"\bfor\s+the\s+(?:original\s+)?(?:fp16|bf16|fp32|full[ -]precision|unquanti[sz]ed|original"
       r"|full)\s+(?:model|weights|version)s?\s*[,:：]?\s*(?:(?:see|visit|go\s+to|check(?:\s+out)?)"
       r"\b[ \t]*)?", _QU, Strength.LABEL, conversion=True, probes=(r"for\s+the\s",), lead=0),
)
# fmt: on

# fmt: off
QUANT_WORDS = frozenset({
    "gguf", "ggml", "awq", "gptq", "exl2", "exl3", "mlx", "onnx", "quantized", "quantised",
    "quantization", "fp8", "fp4", "int8", "int4", "nvfp4", "mxfp4", "4-bit", "8-bit", "4bit",
    "8bit", "bnb", "coreml", "litert", "tflite", "openvino", "w4a16", "w8a8", "hqq",
    "llama.cpp",  # "llama.cpp compatible versions of X": files for that runtime
})
FT_ADJ = frozenset({
    "fine-tuned", "finetuned", "fine", "tuned", "trained", "uncensored", "abliterated",
    "instruction-tuned", "instruct", "chat", "aligned", "sft", "dpo", "rlhf", "extended",
})
# fmt: on
# Adjectives that describe a fine-tune without saying "fine-tuned".
INTERPRETIVE = frozenset({"uncensored", "abliterated", "instruct", "chat", "aligned"})
# "An improved version of X": this model's parent when the sentence speaks of this model.
UPGRADE_ADJ = frozenset({"improved", "upgraded", "enhanced"})
# Sentence ends: punctuation, a blank line, or a new table row, list item or heading.
SENTENCE_END = re.compile(r"[.!?](?:\s|$)|[。！？]|\n(?=[ \t]*(?:[|#*+-]|\d+\.|\n|$))")
CONFIG_WORD = re.compile(r"[\d_-]|[a-z]")
WORDS_ADAPTER = re.compile(r"\b(?:q?lora|adapters?|peft)\b|适配器|LoRA", _I)
WORDS_QUANT = re.compile(r"\bquanti[sz]|\bgguf\b|\bawq\b|\bgptq\b|量化", _I)
WORDS_DISTILL = re.compile(r"\bdistill(?:ed|ation)\b|蒸馏", _I)
WORDS_MERGE = re.compile(r"\bmerged?\b|\bmerging\b|合并", _I)
# Links, URLs and ORG/NAME ids carry words of their own ("…-Distill-…", "…-GGUF").
NAMES = re.compile(r"\[[^\]\n]*\]\([^)\s]*\)|https?://\S+|\S+/\S+")
# fmt: off
ADAPTER_WORDING = scan(r"\badapter[\s-]+only\b|\b(?:q?lora|peft|dora)[\s-]+adapters?\b|"
                         r"\bthis\s+is\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}adapters?\b|适配器",
                         (r"adapter[\s-]+only", r"lora[\s-]+adapter", r"peft[\s-]+adapter",
                          r"dora[\s-]+adapter", r"this\s+is\s+(?:an?|the)\s", "适配器"), 1)
MERGE_WORDING = scan(r"\bmerge\s+of\b|\bmerged\s+(?:using|with)\b|\bmergekit\b|"
                       r"\bmerge\s+method\b", (r"merge(?:\s+of|d\s+(?:using|with)|kit|\s+method)",), 0)
DISTILL_WORDING = scan(r"\bdistilled\s+(?:from|version|of)\b|\bknowledge\s+distillation\b|"
                         r"\bdistillation\s+from\b|蒸馏",
                         (r"distil(?:led\s+(?:from|version|of)|lation\s+from)",
                          r"knowledge\s+distillation", "蒸馏"), 0)
# "This is a collection of LLMs quantized to 2 bit": the card's own subject is a set of
# conversions, so each "Original model: X" it lists is a conversion's source.
QUANTIZED_COLLECTION_WORDING = scan(
    r"\bthis[ \t]+(?:is[ \t]+an?|repo(?:sitory)?[ \t]+(?:contains|holds|hosts)(?:[ \t]+an?)?)"
    r"[ \t]+(?:[\w-]+[ \t]+){0,2}?(?:collection|set|series)[ \t]+of[ \t]+(?:[\w#+-]+[ \t]+){0,4}?"
    r"(?:llms|models|checkpoints)[ \t]+(?:(?:that[ \t]+)?(?:are|were|have[ \t]+been)[ \t]+)?"
    r"quanti[sz]ed\b",
    # (Every match starts with "this": only those places are tried.)
    (r"this[ \t]+(?:is[ \t]+an?|repo)",),
    0,
)
# A LoRA folded back into the weights: the repo holds a fine-tune, not an adapter.
LORA_MERGED_WORDING = scan(
    r"\bmerged\s+(?:the\s+|its\s+|our\s+)?(?:q?lora|peft|adapter)s?(?:\s+(?:weights|adapters?))?"
    r"\s+(?:in)?to\b|\b(?:q?lora|adapter)s?\s+(?:weights\s+)?(?:were\s+|was\s+|has\s+been\s+|"
    r"have\s+been\s+|is\s+|are\s+)?merged\s+(?:in)?to\b|\bmerged[_\s-]16bit\b",
    (r"merged\s", r"merged[_-]16bit"),
    None,
)
# "… fine-tuned version of X on the Y dataset" / "… on [Y](hf.co/datasets/…)".
DATASET_TAIL = re.compile(r"[^\n]{0,80}?\bon\s+(?:the\s+|an?\s+)?(?:\[[^\]\n]{1,200}\]"
                           r"\((?P<du>[^)\s]+)\)|`?(?P<dn>[\w./-]+(?:[ \t][\w./-]+)?)`?\s+"
                           r"dataset\b)", _I)
DATASET_LABEL = scan(r"\b(?:training\s+data(?:set)?|datasets?|fine[\s-]?tuned\s+"
                       r"(?:from|on)\s+dataset)[ \t]*(?:[:：|][ \t]*)+",
                       (r"training\s+data(?:set)?[ \t]*[:：|]", r"datasets?[ \t]*[:：|]",
                        r"fine[\s-]?tuned\s+(?:from|on)\s+dataset[ \t]*[:：|]"), 0)
# fmt: on

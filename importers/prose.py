"""Lineage stated in a card's prose rather than its YAML.

The Trainer writes "This model is a fine-tuned version of [X](…) on the Y
dataset", llama.cpp's GGUF-my-repo "converted to GGUF format from [X](…)",
mergekit "The following models were included in the merge: * [A](…)". People
write "LoRA adapter for X", "distilled from X", "based on X".

Precision matters more than recall here: only a model reference right after
one of these phrases counts, code blocks, HTML comments and block quotes are
skipped, and the card's own id is never a parent. Each finding says how strong
its phrase is so the card reader can let explicit statements win over "based on".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum

from lineage.core.ids import dataset_id, key, parse_reference
from lineage.core.records import EvidenceKind, Relation, Unresolved

# Lineage sentences sit near the top; long cards are mostly usage and results.
MAX_PROSE_CHARS = 20_000
_SNIPPET = 200
# What a weak phrase ("built on X") may leave unresolved; a non-Hub URL there is noise.
_WEAK_REASONS = frozenset(
    {"local path", "empty or placeholder value", "model name without an organisation"}
)


class Strength(IntEnum):
    """How explicit the phrase is that a prose claim was read from."""

    WEAK = 1  # "based on X", "its predecessor, X"
    LABEL = 2  # "Base model: X"
    STRONG = 3  # "fine-tuned version of X", "converted to GGUF from X", merge lists


@dataclass(frozen=True, slots=True)
class ProseClaim:
    """A parent named in prose; ``relation`` is ``None`` when the phrase names none."""

    parent: str
    relation: Relation | None
    strength: Strength
    snippet: str
    inferred: bool = False
    conversion: bool = False
    revision: str | None = None


@dataclass(slots=True)
class ProseFindings:
    """Everything the prose says about lineage, plus card-level wording signals."""

    claims: list[ProseClaim] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    adapter_wording: bool = False
    merge_wording: bool = False
    distill_wording: bool = False
    lora_merged_wording: bool = False
    conversion_wording: bool = False


# A model reference: markdown link, `code`, Hub URL or ORG/NAME. Possessive
# quantifiers keep ids from backtracking into a shorter, wrong match.
_REF = (
    r"(?:\[(?P<lt>[^\]\n]{1,200})\]\((?P<lu>[^)\s]*)(?:\s+\"[^\"\n]*\")?\)"
    r"|`(?P<bt>[^`\n]{1,200})`"
    r"|(?P<url>https?://(?:www\.)?(?:huggingface\.co|hf\.co)/[^\s)\]>\"'`,;]+)"
    r"|(?P<path>(?:~|\.{1,2})?/[^\s)\]>\"'`,;]*?models--[^\s)\]>\"'`,;]+)"
    r"|(?<![A-Za-z0-9_./-])(?P<id>[A-Za-z0-9][\w-]*+/[A-Za-z0-9][\w.-]*+)(?!/)"
    r"|(?<![A-Za-z0-9_./-])(?P<bare>[A-Za-z][\w.-]*+))"
)
_REF_RE = re.compile(_REF)
_LEAD = re.compile(r"[ \t]*\n?[ \t]*(?:(?:the|a|an|our|this|model)\s+)?")
_ADJECTIVES = re.compile(r"(?:[\w.-]+[ \t]+){1,2}(?=[\[`])")
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|&|\+|\band\b|\bwith\b|\bx\b)\s*")
_FOLDED_LORA = re.compile(r"[^\n.]{0,80}?\b(?:q?lora|adapter)s?\b", re.I)
_LIST_NEXT = re.compile(
    r"[ \t]*(?:the\s+following(?:\s+models)?)?[ \t]*:?[ \t]*\n\s*[*+-][ \t]", re.I
)
_BULLET = re.compile(r"[ \t]*[*+-][ \t]+(?P<item>[^\n]*)")
_HF_URL = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/", re.I)
# ORG/NAME mentions anywhere (code included), to qualify a bare name in prose.
_HUB_SECTIONS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections"})
_ORG_BEFORE = re.compile(r"(?<![\w.@-])[A-Za-z0-9][\w-]*\Z")
_NAME_GOES_ON = re.compile(r"[\w-]|\.[A-Za-z0-9]")
_HUB_URL_TAIL = re.compile(r"(?:huggingface\.co|hf\.co)/\Z", re.I)

_ORIGINAL_CARD = re.compile(
    r"^[ \t]*(?:#{1,6}[^\n]*\boriginal\s+model(?:'s)?\s+card\b|<!--\s*original-model-card\s+start)",
    re.I | re.M,
)
_ACCENTED = re.compile("[\u00c0-\u00ff\u0100-\u017f]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_CJK = re.compile("[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_CODE_BLOCK = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.M | re.S)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_QUOTE_LINE = re.compile(r"^[ \t]*>[^\n]*$", re.M)
_CITATION = re.compile(r"^[ \t]*@\w+\s*\{.*?(?:^[ \t]*\}[ \t]*$|\Z)", re.M | re.S)
_QUOTE_START = re.compile(r"\n[ \t]*>")
_CITATION_START = re.compile(r"\n[ \t]*@")

_I = re.I
# Letters that re.I matches to an ASCII letter although str.lower() does not give
# that letter (or gives two characters): see `_aligned`.
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")
_FT_WORDS = r"(?:fine[\s-]?tuned|finetuned|trained|further[\s-]trained|instruction[\s-]tuned)"
# "[X](…) (licensed under [Y](…).) fine-tuned on …": one level of nested brackets.
_PAREN = r"(?:[ \t]*\((?:[^()\n]|\([^()\n]*\))*\))"


@dataclass(frozen=True, slots=True)
class _Scan:
    """A pattern, and probes that say where in a card its matches can start.

    Trying an ``re.I`` pattern at every position of a card is what made prose
    reading slow. Each probe is a case-sensitive pattern for the lower-cased
    text that starts with a literal (so ``re`` finds it as fast as ``str.find``),
    and every match of ``pattern`` starting at ``s`` has a probe match starting
    in ``[s, s + lead]``. So only those positions are tried (`_matches`); no
    probe match, no match. ``lead=None``: a probe match lies somewhere inside
    every match, so the probes only decide whether the whole text is scanned.
    tests/test_card_fastpath.py checks `_matches` against ``pattern.finditer``.
    """

    pattern: re.Pattern[str]
    probes: tuple[re.Pattern[str], ...]
    lead: int | None


def _scan(pattern: str, probes: tuple[str, ...], lead: int | None, flags: int = _I) -> _Scan:
    return _Scan(re.compile(pattern, flags), tuple(re.compile(p) for p in probes), lead)


@dataclass(frozen=True, slots=True)
class _Trigger:
    """A phrase that introduces a parent; ``kind`` says how to read what follows.

    ``one``: one reference; ``inline``: "A with B and C"; ``bullets``: a markdown
    list on the next lines; ``version``: "<adjectives> version of", classified by
    its adjectives; ``predecessor``: a bare name that shares the card's org;
    ``first``: the reference is the ``ref`` group inside the pattern itself.
    """

    scan: _Scan
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
) -> _Trigger:
    # A regex pass costs far more than a substring test: a trigger only runs when
    # one of its (lower-case) needles occurs in the card, and only where its
    # probes say a match can start (`_Scan`).
    scan = _scan(pattern, probes, lead, flags)
    return _Trigger(scan, tuple(needles.split("|")), relation, strength, conversion, kind)


# The formats a "<format> files for X" sentence starts with (probes: a match starts there).
_CONVERSION_FORMATS = (
    "gguf", "ggml", "gptq", "awq", "exl2", "exl3", "onnx", "openvino", "mlx", "coreml",
    "quantized", "quantised", "int4", "int8", "fp8", "4bit", "4-bit", "8bit", "8-bit",
)  # fmt: skip
_FT, _AD, _QU, _ME = Relation.FINETUNE, Relation.ADAPTER, Relation.QUANTIZED, Relation.MERGE
_BASE_LABEL_NEEDLES = (
    "base model|base_model|base-model|basemodel|parent model|original model|source model"
    "|foundation model"
)
# fmt: off
_TRIGGERS: tuple[_Trigger, ...] = (
    # probes and lead: see `_Scan`. _FT_WORDS puts "tuned"/"trained" 0 to 12 characters
    # into a match ("instruction-tuned"); lead=None where an unbounded \s+ comes first.
    _t("tune|trained", rf"\b{_FT_WORDS}\s+(?:version|variant|checkpoint|model)\s+of\b", _FT,
       probes=(r"tuned\s+(?:version|variant|checkpoint|model)\s+of",
               r"trained\s+(?:version|variant|checkpoint|model)\s+of"), lead=12),
    _t("tune|trained", rf"\b{_FT_WORDS}\s+(?:from|on\s+top\s+of|upon)(?:\s+(?:the\s+)?model)?"
       r"(?:\s*\[optional\])?\s*[:：]?", _FT,
       probes=(r"tuned\s+(?:from|on\s+top\s+of|upon)", r"trained\s+(?:from|on\s+top\s+of|upon)"),
       lead=12),
    _t("tuned", r"\b(?:a|an)\s+(?:fine[\s-]?tuned|finetuned)\s+(?=[\[`])", _FT,
       probes=(r"tuned\s+[\[`]",), lead=None),
    _t("refinement", r"\b(?:further\s+)?refinement\s+of\b", _FT,
       probes=(r"refinement\s+of",), lead=None),
    _t("version|variant|edition|port of", r"\b(?:version|variant|edition|port)s?\s+of\b", None,
       kind="version", probes=(r"versions?\s+of", r"variants?\s+of", r"editions?\s+of",
                               r"ports?\s+of"), lead=0),
    _t("quant|conversion|compression|export|packag",
       r"\b(?:quantization|quantisation|quantizations|quants?|conversion|compression|"
       r"export|re-?packag(?:e|ing))\s+of\b", _QU, conversion=True,
       probes=(r"quant[a-z]*\s+of", r"conversion\s+of", r"compression\s+of", r"export\s+of",
               r"packag(?:e|ing)\s+of"), lead=3),
    _t("converted", r"\bconverted\s+(?:to\s+[^\n]{1,60}?\s+)?from\b", _QU, conversion=True,
       probes=(r"converted\s",), lead=0),
    _t("adapter", r"\b(?:lora|qlora|dora|peft|ia3)?[\s-]*adapters?\s+(?:weights\s+)?"
       r"(?:for|of|on(?:\s+top\s+of)?|to|trained\s+on)\b", _AD,
       probes=(r"adapters?\s",), lead=None),
    _t("lora", r"\b(?:lora|qlora)\s+(?:fine[\s-]?tune|finetune)\s+of\b", _AD,
       probes=(r"lora\s+(?:fine[\s-]?tune|finetune)\s+of",), lead=1),
    _t("distil", r"\b(?:distilled|distillation)\s+(?:version\s+)?(?:from|of)\b",
       Relation.DISTILLATION, probes=(r"distil",), lead=0),
    _t("following", r"(?:\bmerge\s+of\s+the\s+following\s+(?:models|checkpoints)|\bfollowing\s+"
       r"models\s+were\s+(?:included\s+in\s+the\s+merge|merged))[^\n]*\n", _ME, kind="bullets",
       probes=(r"following\s+(?:models|checkpoints)",), lead=None),
    _t("merg|blend", r"\b(?:merge|merging|blend)\s+(?:of|between)\b|\bmerged\s+(?:it\s+)?with\b",
       _ME, kind="inline",
       probes=(r"merg(?:e\s+(?:of|between)|ing\s+(?:of|between)|ed\s+(?:it\s+)?with)",
               r"blend\s+(?:of|between)"), lead=0),
    _t("merg", r"\bmerge\s+method\s+using\b", _ME,
       probes=(r"merge\s+method\s+using",), lead=0),
    _t(_BASE_LABEL_NEEDLES, r"\b(?:base|parent|original|source|foundation)[ \t_-]*models?\b"
       r"[ \t]*(?:\(s\))?[ \t]*(?:[:：|][ \t]*)+", None, Strength.LABEL,
       probes=tuple(rf"{w}[ \t_-]*models?[ \t]*(?:\(s\))?[ \t]*[:：|]"
                    for w in ("base", "parent", "original", "source", "foundation")), lead=0),
    # "This repo contains GGUF format model files for [X](…)", "AWQ weights of X".
    _t("files|weights|quant",
       r"\b(?:gguf|ggml|gptq|awq|exl2|exl3|onnx|openvino|mlx|coreml|quantized|quantised|int4|"
       r"int8|fp8|4-?bit|8-?bit)(?:[ \t]{1,3}format)?(?:[ \t]{1,3}model)?[ \t]{1,3}(?:files|"
       r"weights|checkpoints|quants)[ \t]{1,3}(?:for|of|from)\b", _QU, conversion=True,
       probes=tuple(_CONVERSION_FORMATS), lead=0),
    _t("used as", rf"(?P<ref>{_REF})[ \t]+(?:was|is|has\s+been)[ \t]+used[ \t]+as[ \t]+(?:the[ \t]+|a[ \t]+)?"
       r"(?:base|starting[ \t]+point|foundation|initiali[sz]ation)\b", None, Strength.LABEL,
       kind="first", probes=(r"used\s+as\s",), lead=None),
    _t("distil", rf"(?P<ref>{_REF})[ \t]+(?:was[ \t]+used[ \t]+)?as[ \t]+(?:the[ \t]+|a[ \t]+)?teacher\b",
       Relation.DISTILLATION, kind="first", probes=(r"teacher",), lead=None),
    _t("distil", r"\bstudent[ \t]+(?:model[ \t]+)?of\b", Relation.DISTILLATION,
       probes=(r"student\s+(?:model\s+)?of",), lead=0),
    _t("initiali", r"\binitiali[sz]ed\s+(?:from|with)(?:\s+(?:the\s+)?(?:weights|checkpoint)\s+of)?",
       _FT, probes=(r"initiali[sz]ed\s+(?:from|with)",), lead=0),
    _t("contin", r"\bcontinu(?:ed|es|ing)\s+(?:(?:pre-?)?training|fine[\s-]?tuning)\s+"
       r"(?:from|of|on\s+top\s+of)\b|\bcontinued\s+from\b", _FT, probes=(r"continu",), lead=0),
    _t("tune", r"\b(?:fine[\s-]?tune|finetune)\s+of\b", _FT, probes=(r"tune\s+of",), lead=5),
    _t("abliterat", r"\babliterat(?:ion|ed)\s+(?:of|from)\b", _FT,
       probes=(r"abliterat(?:ion|ed)\s+(?:of|from)",), lead=0),
    _t("identical", r"\bidentical\s+to\b", _QU, Strength.LABEL, probes=(r"identical\s+to",),
       lead=0),
    # Teacher and student phrases are looked for in cards that speak of distillation.
    _t("distil", r"\bteacher[ \t_-]*(?:models?)?[ \t]*(?:[:：|][ \t]*)+", Relation.DISTILLATION,
       Strength.LABEL, probes=(r"teacher[ \t_-]*(?:models?)?[ \t]*[:：|]",), lead=0),
    _t("distil", r"\bstudent[ \t_-]*(?:base|init(?:iali[sz]ation)?)(?:[ \t_-]*model)?[ \t]*"
       r"(?:[:：|][ \t]*)+", _FT, Strength.LABEL, probes=(r"student[ \t_-]*(?:base|init)",),
       lead=0),
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
    _t("ベース|元に|もとに|基に|기반|베이스|바탕",
       rf"(?P<ref>{_REF})\s*(?:を|の|을|를)?\s*(?:ベースと|ベースに|元に|もとに|基に|기반으로|"
       r"베이스로|바탕으로)", None, Strength.WEAK, kind="first", flags=0,
       probes=("ベース", "元に", "もとに", "基に", "기반", "베이스", "바탕"), lead=None),
    _t("ファイン|微調整|追加学習|파인|미세|추가",
       rf"(?P<ref>{_REF})\s*(?:を|을|를)\s*(?:ファインチューニング|ファインチューン|微調整|追加学習|"
       r"파인튜닝|미세\s*조정|추가\s*학습)", _FT, kind="first", flags=0,
       probes=("ファイン", "微調整", "追加学習", "파인", "미세", "추가"), lead=None),
    _t("量子化|変換|양자화|量化",
       rf"(?P<ref>{_REF})\s*(?:を|の|의|을|를|的)?\s*(?:[A-Za-z0-9_]+\s*)?(?:量子化|変換|양자화|"
       r"量化版|量化模型)", _QU, kind="first", conversion=True, flags=0,
       probes=("量子化", "変換", "양자화", "量化"), lead=None),
    _t("微调|精调", rf"(?:在|对|基于)\s*(?P<ref>{_REF})\s*(?:的)?\s*(?:基础上|之上|上)?\s*"
       r"(?:进行|做)?\s*(?:了)?\s*(?:全参数|全量|指令|LoRA\s*)?(?:微调|精调)", None, kind="first",
       flags=0, probes=("在", "对", "基于"), lead=0),
    _t("蒸馏", rf"从\s*(?P<ref>{_REF})\s*(?:中)?\s*蒸馏", Relation.DISTILLATION, kind="first",
       flags=0, probes=("从",), lead=0),
    _t("based|built", r"\b(?:based|built)\s+(?:up)?on(?:\s+top\s+of)?"
       r"(?:\s+the\s+foundation\s+of)?\b", None, Strength.WEAK,
       probes=(r"based\s+(?:up)?on", r"built\s+(?:up)?on"), lead=0),
    _t("predecessor", r"\b(?:its|our|the)\s+predecessors?\s*,?\s*", Relation.UNKNOWN,
       Strength.WEAK, kind="predecessor", probes=(r"predecessor",), lead=None),
    # The reference first: "[X](…) was converted to MLX", "This is [X](…) finetuned on …",
    # and Chinese "以 X 预训练模型为基础" (with X as the base) / "基于 X 进行" (based on X).
    # ("[X] was converted to MLX format from [Y]": X is the result, Y the source.)
    _t("converted", rf"(?P<ref>{_REF})\s+(?:(?:was|is|were|has\s+been)\s+)?converted\s+"
       r"(?:in)?to\b(?![^\n]{0,80}?\bfrom\b)", _QU, conversion=True, kind="first",
       probes=(r"converted\s+(?:in)?to",), lead=None),
    _t("this is", rf"\bthis\s+is\s+(?P<ref>{_REF}){_PAREN}?,?\s+{_FT_WORDS}\b", _FT, kind="first",
       probes=(r"this\s+is\s",), lead=0),
    _t("基|以|在", rf"(?:基于|以|在)\s*(?P<ref>{_REF})\s*(?:的)?\s*(?:预训练|基础|基座|开源)?\s*"
       r"(?:模型)?\s*(?:为基础|为基座|为底座|基础上|之上|进行)", None, Strength.WEAK, kind="first",
       flags=0, probes=("基于", "以", "在"), lead=0),
)
# fmt: on

# fmt: off
_QUANT_WORDS = frozenset({
    "gguf", "ggml", "awq", "gptq", "exl2", "exl3", "mlx", "onnx", "quantized", "quantised",
    "quantization", "fp8", "fp4", "int8", "int4", "nvfp4", "mxfp4", "4-bit", "8-bit", "4bit",
    "8bit", "bnb", "coreml", "litert", "tflite", "openvino", "w4a16", "w8a8", "hqq",
})
_FT_ADJ = frozenset({
    "fine-tuned", "finetuned", "fine", "tuned", "trained", "uncensored", "abliterated",
    "instruction-tuned", "instruct", "chat", "aligned", "sft", "dpo", "rlhf",
})
# fmt: on
# Adjectives that describe a fine-tune without saying "fine-tuned".
_INTERPRETIVE = frozenset({"uncensored", "abliterated", "instruct", "chat", "aligned"})
# Sentence ends: punctuation, a blank line, or a new table row, list item or heading.
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|[。！？]|\n(?=[ \t]*(?:[|#*+-]|\d+\.|\n|$))")
_CONFIG_WORD = re.compile(r"[\d_-]|[a-z]")
_WORDS_ADAPTER = re.compile(r"\b(?:q?lora|adapters?|peft)\b|适配器|LoRA", _I)
_WORDS_QUANT = re.compile(r"\bquanti[sz]|\bgguf\b|\bawq\b|\bgptq\b|量化", _I)
_WORDS_DISTILL = re.compile(r"\bdistill(?:ed|ation)\b|蒸馏", _I)
_WORDS_MERGE = re.compile(r"\bmerged?\b|\bmerging\b|合并", _I)
# Links, URLs and ORG/NAME ids carry words of their own ("…-Distill-…", "…-GGUF").
_NAMES = re.compile(r"\[[^\]\n]*\]\([^)\s]*\)|https?://\S+|\S+/\S+")
# fmt: off
_ADAPTER_WORDING = _scan(r"\badapter[\s-]+only\b|\b(?:q?lora|peft|dora)[\s-]+adapters?\b|"
                         r"\bthis\s+is\s+an?\s+(?:[\w-]+\s+){0,2}adapter\b|适配器",
                         (r"adapter[\s-]+only", r"lora[\s-]+adapter", r"peft[\s-]+adapter",
                          r"dora[\s-]+adapter", r"this\s+is\s+an?\s", "适配器"), 1)
_MERGE_WORDING = _scan(r"\bmerge\s+of\b|\bmerged\s+(?:using|with)\b|\bmergekit\b|"
                       r"\bmerge\s+method\b", (r"merge(?:\s+of|d\s+(?:using|with)|kit|\s+method)",), 0)
_DISTILL_WORDING = _scan(r"\bdistilled\s+(?:from|version|of)\b|\bknowledge\s+distillation\b|"
                         r"\bdistillation\s+from\b|蒸馏",
                         (r"distil(?:led\s+(?:from|version|of)|lation\s+from)",
                          r"knowledge\s+distillation", "蒸馏"), 0)
# A LoRA folded back into the weights: the repo holds a fine-tune, not an adapter.
_LORA_MERGED_WORDING = _scan(
    r"\bmerged\s+(?:the\s+|its\s+|our\s+)?(?:q?lora|peft|adapter)s?(?:\s+(?:weights|adapters?))?"
    r"\s+(?:in)?to\b|\b(?:q?lora|adapter)s?\s+(?:weights\s+)?(?:were\s+|was\s+|has\s+been\s+|"
    r"have\s+been\s+|is\s+|are\s+)?merged\s+(?:in)?to\b|\bmerged[_\s-]16bit\b",
    (r"merged\s", r"merged[_-]16bit"),
    None,
)
# "… fine-tuned version of X on the Y dataset" / "… on [Y](hf.co/datasets/…)".
_DATASET_TAIL = re.compile(r"[^\n]{0,80}?\bon\s+(?:the\s+|an?\s+)?(?:\[[^\]\n]{1,200}\]"
                           r"\((?P<du>[^)\s]+)\)|`?(?P<dn>[\w./-]+(?:[ \t][\w./-]+)?)`?\s+"
                           r"dataset\b)", _I)
_DATASET_LABEL = _scan(r"\b(?:training\s+data(?:set)?|datasets?|fine[\s-]?tuned\s+"
                       r"(?:from|on)\s+dataset)[ \t]*(?:[:：|][ \t]*)+",
                       (r"training\s+data(?:set)?[ \t]*[:：|]", r"datasets?[ \t]*[:：|]",
                        r"fine[\s-]?tuned\s+(?:from|on)\s+dataset[ \t]*[:：|]"), 0)
# fmt: on


def read_prose(body: str, model_id: str) -> ProseFindings:
    """Read lineage claims, datasets and wording signals from a card's prose."""
    raw = body[:MAX_PROSE_CHARS]
    text = _clean(_own_part(raw))
    lower = text.lower()
    probed = lower if _aligned(text, lower) else None
    found = ProseFindings(
        adapter_wording=_has(lower, ("adapter", "适配器"), _ADAPTER_WORDING, text, probed),
        merge_wording=_has(lower, ("merge",), _MERGE_WORDING, text, probed),
        distill_wording=_has(lower, ("distil", "蒸馏"), _DISTILL_WORDING, text, probed),
        lora_merged_wording=_has(lower, ("merged",), _LORA_MERGED_WORDING, text, probed),
    )
    reader = _Reader(text, raw, model_id, found)
    scripts = _scripts(lower)
    # Each needle is looked for once; a trigger is scanned only if one of its needles occurs.
    hits = frozenset(n for n in _NEEDLES_OF[scripts] if n in lower)
    if not hits:
        return _with_datasets(found, reader, text, lower, probed)
    for trigger, needles in _TRIGGER_NEEDLES:
        if hits.isdisjoint(needles):
            continue
        for m in _matches(trigger.scan, text, probed):
            if trigger.kind == "first":
                reader.ref_first(m, trigger)
            else:
                reader.after(m, trigger)
    return _with_datasets(found, reader, text, lower, probed)


def _with_datasets(
    found: ProseFindings, reader: _Reader, text: str, lower: str, probed: str | None
) -> ProseFindings:
    if "data" in lower:
        for m in _matches(_DATASET_LABEL, text, probed):
            ref = _REF_RE.match(text, m.end())
            if ref:
                reader.add_dataset(ref)
    found.claims = _best_per_parent(reader.claims)
    return found


def _own_part(raw: str) -> str:
    """The card without a copied "Original model card" section.

    Quantizers paste the parent's card below their own: its lineage sentences
    name the grand-parents, not this model's parents.
    """
    if "riginal" not in raw:
        return raw
    m = _ORIGINAL_CARD.search(raw)
    return raw[: m.start()] if m else raw


# German, French, Spanish and Portuguese prose carries accented letters somewhere (ä, é, ã,
# ñ…), Russian Cyrillic, Chinese, Japanese and Korean their scripts: a card's phrases in
# those languages are only looked for when it has such letters (most cards are ASCII).
_LATIN_FOREIGN = frozenset(
    "basier aufbau basee basead basad feinab feinjust nachtrain affin ajust afinad refinad "  # noqa: SIM905
    "quantisiert quantifi cuantizad quantizad".split()
)


def _script_of(needle: str) -> str:
    if _CJK.search(needle):
        return "cjk"
    if _CYRILLIC.search(needle):
        return "cyrillic"
    return "en" if needle.isascii() and needle not in _LATIN_FOREIGN else "latin"


_SCRIPTED_TRIGGERS = tuple((t, tuple((n, _script_of(n)) for n in t.needles)) for t in _TRIGGERS)
_TRIGGER_NEEDLES = tuple((t, frozenset(t.needles)) for t in _TRIGGERS)
_ASCII_SCRIPTS = frozenset({"en"})


def _needles_of(scripts: frozenset[str]) -> tuple[str, ...]:
    """The distinct needles of every trigger written in one of ``scripts``."""
    out: dict[str, None] = {}
    for _, needles in _SCRIPTED_TRIGGERS:
        for needle, script in needles:
            if script in scripts:
                out.setdefault(needle)
    return tuple(out)


_SCRIPT_SETS = (
    _ASCII_SCRIPTS,
    *(
        frozenset({"en", *extra})
        for extra in (
            (),
            ("latin",),
            ("cyrillic",),
            ("cjk",),
            ("latin", "cyrillic"),
            ("latin", "cjk"),
            ("cyrillic", "cjk"),
            ("latin", "cyrillic", "cjk"),
        )
    ),
)
_NEEDLES_OF = {scripts: _needles_of(scripts) for scripts in _SCRIPT_SETS}


def _scripts(lower: str) -> frozenset[str]:
    """The scripts whose phrases may occur in ``lower``."""
    if lower.isascii():
        return _ASCII_SCRIPTS
    found = {"en", "latin"} if _ACCENTED.search(lower) else {"en"}
    if _CYRILLIC.search(lower):
        found.add("cyrillic")
    if _CJK.search(lower):
        found.add("cjk")
    return frozenset(found)


def _aligned(text: str, lower: str) -> bool:
    """Whether ``re.I`` matches in ``text`` are plain substrings at the same place in ``lower``.

    Not so when lower-casing changes a length (U+0130), or for a letter that
    ``re.I`` matches to an ASCII letter but that does not lower-case to it
    (dotless i, long s): then every pattern scans the whole text.
    """
    return len(lower) == len(text) and (text.isascii() or _CASE_TRAPS.search(text) is None)


def _matches(scan: _Scan, text: str, lower: str | None) -> list[re.Match[str]]:
    """Exactly ``list(scan.pattern.finditer(text))``, trying only where a match can start.

    ``lower`` is ``text.lower()`` when `_aligned`, else ``None`` (scan everything).
    """
    if lower is None:
        return list(scan.pattern.finditer(text))
    lead = scan.lead
    starts: set[int] = set()
    for probe in scan.probes:
        hit = probe.search(lower)
        if hit is None:
            continue
        if lead is None:
            return list(scan.pattern.finditer(text))
        while hit is not None:
            at = hit.start()
            starts.update(range(max(0, at - (lead or 0)), at + 1))
            hit = probe.search(lower, at + 1)  # overlapping probe matches too
    if not starts:
        return []
    out: list[re.Match[str]] = []
    pos = 0
    for start in sorted(starts):
        if start >= pos and (m := scan.pattern.match(text, start)):
            out.append(m)
            # finditer goes on where the match ended (no pattern matches empty text).
            pos = m.end()
    return out


def _best_per_parent(claims: list[tuple[int, ProseClaim]]) -> list[ProseClaim]:
    """One claim per parent: the strongest phrase, then a stated relation, then text order.

    Several phrases can match one sentence ("fine-tuned version of" is also a
    "version of"); they are one piece of evidence, not two.
    """
    ranked = sorted(claims, key=lambda pc: (-pc[1].strength, pc[1].inferred, pc[0]))
    best: dict[str, tuple[int, ProseClaim]] = {}
    for pos, claim in ranked:
        best.setdefault(key(claim.parent), (pos, claim))
    return [c for _, c in sorted(best.values(), key=lambda pc: (-pc[1].strength, pc[0]))]


def _has(lower: str, needles: tuple[str, ...], scan: _Scan, text: str, probed: str | None) -> bool:
    return _any_in(lower, needles) and bool(_matches(scan, text, probed))


def _any_in(lower: str, needles: tuple[str, ...]) -> bool:
    # A plain loop: ``any()`` over a generator costs a third more, 20 times per card.
    for needle in needles:  # noqa: SIM110
        if needle in lower:
            return True
    return False


def _clean(text: str) -> str:
    """Drop what never states this card's lineage: code, comments, quotes, citations."""
    if "```" in text or "~~~" in text:
        text = _CODE_BLOCK.sub("\n", text)
    if "<!--" in text:
        text = _HTML_COMMENT.sub("", text)
    if ">" in text and _some_line_starts(text, ">", _QUOTE_START):
        text = _QUOTE_LINE.sub("", text)
    if "@" in text and _some_line_starts(text, "@", _CITATION_START):
        text = _CITATION.sub("", text)
    # Bold markers sit between labels and values ("**Base model:** X").
    return text.replace("**", "")


def _some_line_starts(text: str, mark: str, after_newline: re.Pattern[str]) -> bool:
    """Whether a line starts with ``mark`` after blanks: what quotes and citations need.

    ``after_newline`` (``\\n[ \\t]*MARK``) starts with a literal, so ``re`` finds
    it quickly; the line-anchored patterns themselves are tried at every position.
    """
    return text.lstrip(" \t").startswith(mark) or after_newline.search(text) is not None


class _Reader:
    """Turns trigger matches into claims, keeping the card-wide state in one place."""

    def __init__(self, text: str, raw: str, model_id: str, found: ProseFindings) -> None:
        self.text = text
        self.raw = raw
        self.own = key(model_id)
        self.own_org = model_id.split("/", 1)[0] if "/" in model_id else None
        self.own_name = key(model_id.rsplit("/", 1)[-1])
        self.found = found
        self.claims: list[tuple[int, ProseClaim]] = []
        self._lower_raw: str | None = None

    def after(self, m: re.Match[str], trigger: _Trigger) -> None:
        """Claims for the reference(s) that follow a trigger phrase."""
        relation, strength = trigger.relation, trigger.strength
        conversion, kind, inferred = trigger.conversion, trigger.kind, False
        if kind == "version":
            # The words just before "version of" say what kind of version it is.
            before = self.text[max(0, m.start() - 60) : m.start()].split()[-3:]
            relation, inferred, conversion = _classify_version(before)
            if relation is None:
                return
        if kind == "bullets" or (kind == "inline" and _LIST_NEXT.match(self.text, m.end())):
            # "… a merge between:" then a markdown list of the inputs.
            start = m.end() if kind == "bullets" else self.text.index("\n", m.end())
            self._bullets(m, relation, strength, start)
            return
        ref = self._ref_at(m.end())
        if (
            ref is None
            or _negated(self.text, m.start())
            or _NOT_LINEAGE_AFTER.match(self.text, ref.end())
        ):
            # "quantized versions of this model are provided by …": children, not a source;
            # "not a fine-tune of X", "based on X's tokenizer": no lineage.
            return
        if conversion:
            self.found.conversion_wording = True
        refs = [ref]
        if kind == "inline":
            pos = ref.end()
            while (sep := _LIST_SEP.match(self.text, pos)) and (
                nxt := _REF_RE.match(self.text, sep.end())
            ):
                if nxt["bare"] and not _model_like(nxt["bare"].rstrip(".-")):
                    break
                refs.append(nxt)
                pos = nxt.end()
        snippet = self._snippet(m.start(), refs[-1].end())
        if relation is Relation.MERGE and len(refs) == 1:
            folded = _FOLDED_LORA.match(self.text, ref.end())
            if folded:
                # "a merge of X with the … LoRA": one model with an adapter folded into it.
                relation = Relation.FINETUNE
                snippet = self._snippet(m.start(), folded.end())
        self._claim(
            ref, relation, strength, snippet,
            inferred=inferred, conversion=conversion, own_org=kind == "predecessor",
        )  # fmt: skip
        for nxt in refs[1:]:
            self._claim(nxt, relation, strength, snippet)
        if relation in (Relation.FINETUNE, Relation.ADAPTER):
            self._dataset_tail(ref.end())

    def ref_first(self, m: re.Match[str], trigger: _Trigger) -> None:
        """A claim for the ``ref`` group of a phrase whose reference comes first."""
        if _negated(self.text, m.start()):
            return
        if trigger.conversion:
            self.found.conversion_wording = True
        snippet = self._snippet(m.start(), m.end())
        relation = trigger.relation
        self._claim(m, relation, trigger.strength, snippet, conversion=trigger.conversion)
        if relation is Relation.FINETUNE:
            self._dataset_tail(m.end())

    def add_dataset(self, ref: re.Match[str]) -> None:
        """A dataset after a "Dataset:" label, if it is a Hub dataset id or URL."""
        url = ref["lu"] or ref["url"]
        if url and _HF_URL.match(url):
            if "/datasets/" in url:
                self._dataset(dataset_id(url))
            return
        value = ref["bt"] or ref["id"]
        if value and "/" in value:
            self._dataset(dataset_id(value))

    # -- internals ---------------------------------------------------------

    def _ref_at(self, pos: int) -> re.Match[str] | None:
        lead = _LEAD.match(self.text, pos)
        pos = lead.end() if lead else pos
        ref = _REF_RE.match(self.text, pos)
        if ref is None or (ref["bare"] and not _model_like(ref["bare"].rstrip(".-"))):
            # "GGUF conversion of the frozen [X](…)": a word or two before a link.
            adj = _ADJECTIVES.match(self.text, pos)
            ref = _REF_RE.match(self.text, adj.end()) if adj else None
        if ref is None or (ref["bare"] and not _model_like(ref["bare"].rstrip(".-"))):
            return None
        if ref["bare"] and _NOT_A_MODEL_AFTER.match(self.text, ref.end()):
            # "based on the Llama-2 architecture": a design, not weights.
            return None
        return ref

    def _bullets(
        self, m: re.Match[str], relation: Relation | None, strength: Strength, pos: int
    ) -> None:
        while True:
            while pos < len(self.text) and self.text[pos] == "\n":
                pos += 1
            item = _BULLET.match(self.text, pos)
            if item is None:
                return
            ref = _REF_RE.match(self.text, item.start("item"))
            snippet = self._snippet(m.start(), item.end())
            if ref is not None and not ref["bare"]:
                self._claim(ref, relation, strength, snippet)
            else:
                # A bullet that is no reference is usually a local path (D:\merges\x).
                self._unresolved(item["item"].strip(), parse_reference(item["item"]).unresolved)
            pos = item.end()

    def _claim(
        self,
        ref: re.Match[str],
        relation: Relation | None,
        strength: Strength,
        snippet: str,
        *,
        inferred: bool = False,
        conversion: bool = False,
        own_org: bool = False,
    ) -> None:
        model_id, revision, reason, raw = self._resolve(ref, own_org)
        if model_id is None:
            # "built on [OpenHands](github…)" is not worth recording; a path or None is.
            if reason is not None and (strength > Strength.WEAK or reason in _WEAK_REASONS):
                self._unresolved(raw, reason)
            return
        if key(model_id) in (self.own, self.own_name):
            return
        if relation is None:
            # The phrase names no relation: the sentence may ("… fine-tuned with LoRA");
            # otherwise the card reader infers one from the whole card.
            relation = _sentence_relation(self.text, ref.start(), ref.end())
            inferred = True
        claim = ProseClaim(model_id, relation, strength, snippet, inferred, conversion, revision)
        self.claims.append((ref.start(), claim))

    def _resolve(
        self, ref: re.Match[str], own_org: bool
    ) -> tuple[str | None, str | None, str | None, str]:
        """(model id, revision, why unresolved, raw text) of one reference match."""
        url = ref["lu"]
        if ref["lt"] is not None:
            if url and _HF_URL.match(url):
                parsed = parse_reference(url)
                return parsed.model_id, parsed.revision, parsed.unresolved, url
            if url.startswith(("http://", "https://")):
                # "[LLaMA-2-7B](https://vendor.example/llama)": the text names the model.
                text = ref["lt"].strip("` ")
                if _model_like(text) and "/" not in text:
                    return self._name(text, own_org)
                return None, None, "URL outside the Hugging Face Hub", url
            return self._name(ref["lt"].strip("` "), own_org)
        if ref["bt"] is not None:
            return self._name(ref["bt"].strip(), own_org)
        if ref["path"] is not None:
            # A Hugging Face cache folder names its Hub repo (lineage.core.ids).
            parsed = parse_reference(ref["path"])
            return parsed.model_id, parsed.revision, parsed.unresolved, ref["path"]
        if ref["url"] is not None:
            parsed = parse_reference(ref["url"].rstrip(".-"))
            return parsed.model_id, parsed.revision, parsed.unresolved, ref["url"]
        if ref["id"] is not None:
            value = ref["id"].rstrip(".-")
            org, _, name = value.partition("/")
            if _plain_word(org) and _plain_word(name):
                return None, None, None, value
            parsed = parse_reference(value)
            return parsed.model_id, parsed.revision, parsed.unresolved, value
        return self._name(ref["bare"].rstrip(".-"), own_org)

    def _name(self, value: str, own_org: bool) -> tuple[str | None, str | None, str | None, str]:
        """A reference from link text, code or a bare word: an id, or a name to qualify."""
        if "/" in value or "\\" in value or value.casefold() in ("none", "null"):
            parsed = parse_reference(value)
            return parsed.model_id, parsed.revision, parsed.unresolved, value
        if not _model_like(value):
            return None, None, None, value
        # A bare name (no org) is only a model id if the card names exactly one ORG/NAME
        # with that name, e.g. in a usage command; a predecessor shares the card's org.
        owners = self._owners(value)
        if len(owners) == 1:
            return next(iter(owners)), None, None, value
        if not owners and own_org and self.own_org:
            return f"{self.own_org}/{value}", None, None, value
        if not owners and not _CLOSED_MODEL.match(value):
            # Named without an org and nowhere else in the card: kept as written (a
            # placeholder a later import may fill in), as a careful reader would.
            return value, None, None, value
        return None, None, "model name without an organisation", value

    def _owners(self, name: str) -> set[str]:
        """The ORG/NAME ids the card writes (plainly or in a Hub link) for a bare ``name``."""
        if self._lower_raw is None:
            self._lower_raw = self.raw.lower()
        lower = self._lower_raw
        if len(lower) != len(self.raw):
            lower = self.raw  # positions must line up; casing then has to match exactly
        needle = "/" + name.lower()
        found: dict[str, str] = {}
        at = lower.find(needle)
        while at >= 0:
            end = at + len(needle)
            pos, at = at, lower.find(needle, at + 1)
            if _NAME_GOES_ON.match(self.raw, end):
                continue
            org = _ORG_BEFORE.search(self.raw, max(0, pos - 96), pos)
            if org is None or org.group(0).casefold() in _HUB_SECTIONS:
                continue
            before = self.raw[max(0, org.start() - 16) : org.start()]
            # "github.com/org/name" is another site; a Hub link or a plain id is the Hub.
            if before.endswith("/") and not _HUB_URL_TAIL.search(before):
                continue
            full = f"{org.group(0)}/{self.raw[pos + 1 : end]}"
            if key(full) != self.own:
                found.setdefault(key(full), full)
        return set(found.values())

    def _dataset_tail(self, pos: int) -> None:
        m = _DATASET_TAIL.match(self.text, pos)
        if m is None:
            return
        if m["du"]:
            if _HF_URL.match(m["du"]) and "/datasets/" in m["du"]:
                self._dataset(dataset_id(m["du"]))
            return
        words = m["dn"].split()
        # The Trainer writes "{name} {config}" ("wikitext wikitext-2-raw-v1").
        if len(words) == 2 and not _CONFIG_WORD.search(words[1]):
            return
        self._dataset(dataset_id(words[0]))

    def _dataset(self, value: str | None) -> None:
        if value and key(value) not in {key(d) for d in self.found.datasets}:
            self.found.datasets.append(value)

    def _unresolved(self, value: str, reason: str | None) -> None:
        if reason is None:
            return
        entry = Unresolved(value=value[:_SNIPPET], kind=EvidenceKind.CARD_PROSE, reason=reason)
        if entry not in self.found.unresolved:
            self.found.unresolved.append(entry)

    def _snippet(self, start: int, end: int) -> str:
        return " ".join(self.text[start:end].split())[:_SNIPPET]


def _classify_version(adjectives: list[str]) -> tuple[Relation | None, bool, bool]:
    """(relation, inferred, conversion) for "<adjectives> version of"."""
    words = {w.strip(".,()*_`").casefold() for w in adjectives}
    if words & _QUANT_WORDS:
        return Relation.QUANTIZED, False, True
    if any(w.startswith("distil") for w in words):
        return Relation.DISTILLATION, False, False
    if words & {"lora", "qlora", "adapter", "peft"}:
        return Relation.ADAPTER, False, False
    if "merged" in words:
        return Relation.MERGE, False, False
    if words & _FT_ADJ:
        return Relation.FINETUNE, bool(words & _INTERPRETIVE), False
    return None, False, False


def _sentence_relation(text: str, start: int, end: int) -> Relation | None:
    """The relation the words around a reference name, if any."""
    left = start
    for m in _SENTENCE_END.finditer(text, max(0, start - 300), start):
        left = m.end()
    if left == start:
        left = max(0, start - 300)
    right_m = _SENTENCE_END.search(text, end, end + 300)
    right = right_m.start() if right_m else min(len(text), end + 300)
    sentence = _NAMES.sub(" ", text[left:start] + " " + text[end:right])
    if _WORDS_ADAPTER.search(sentence):
        return Relation.ADAPTER
    if _WORDS_QUANT.search(sentence):
        return Relation.QUANTIZED
    if _WORDS_DISTILL.search(sentence):
        return Relation.DISTILLATION
    if _WORDS_MERGE.search(sentence):
        return Relation.MERGE
    return None


_DOMAIN_NAME = re.compile(r"^[\w-]+\.(?:ai|com|org|io|net|cn|co|dev|app|html?|md|py)$", _I)
# Hosted models with no Hub weights: a card "distilled from GPT-4" names data, not a parent.
_CLOSED_MODEL = re.compile(r"(?:gpt-?[345]|gpt-4o|chatgpt|claude|gemini|palm|o[134])\b", _I)
_NOT_A_MODEL_AFTER = re.compile(
    r"[ \t]+(?:architecture|arch|structure|design|family|series|tokenizer|paper|recipe|"
    r"format|codebase|framework|template|style)\b",
    _I,
)


_NEGATION = re.compile(r"\b(?:not|never|neither|nor)\b|n't\b|\bno\s+longer\b", _I)
_NOT_LINEAGE_AFTER = re.compile(
    r"(?:'s)?[ \t]+(?:tokenizer|chat[ \t]+template|prompt[ \t]+(?:format|template))\b", _I
)


def _negated(text: str, start: int) -> bool:
    """Whether the few words before a phrase deny it ("this is not a fine-tune of X")."""
    return _NEGATION.search(text, max(0, start - 24), start) is not None


def _plain_word(segment: str) -> bool:
    # "and/or", "TCP/IP", "w/o": prose slashes between two plain words are not ids.
    return segment.isalpha() and (segment.islower() or segment.isupper())


def _model_like(name: str) -> bool:
    # Bare model names carry a size or version ("DeepSeek-V3", "Qwen2.5-7B").
    return (
        len(name) >= 3
        and _DOMAIN_NAME.match(name) is None
        and not any(c.isspace() for c in name)
        and any(c.isdigit() for c in name)
        and ("-" in name or "." in name)
    )

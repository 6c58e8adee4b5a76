"""What a model's name looks like in prose: ids, bare names, names spoken with spaces, families."""

from __future__ import annotations

import re

# A name spoken with spaces: a word, then sizes and versions ("Llama 2 13B", "Mistral 7B
# v0.1", "LLaMA v2 Chat", "Qwen2 1.5B"), then perhaps a variant word. Its groups are
# REF's, all but ``bare`` empty, so it reads like any reference.
# (A release's version may join its numbers with a hyphen: "stable-diffusion v1-4".)
_NUMBERED = r"v?\d+(?:\.\d+|-\d+)*(?:x\d+)?[bmk]?"
_SPOKEN = re.compile(
    r"(?P<lt>(?!))?(?P<lu>(?!))?(?P<bk>(?!))?(?P<bt>(?!))?(?P<url>(?!))?(?P<path>(?!))?"
    r"(?P<id>(?!))?(?<![A-Za-z0-9_./-])(?P<bare>[A-Za-z][A-Za-z0-9_.-]*+"
    # (A full stop may end the sentence after it: "… from Llama 2 7B.")
    rf"(?:[ \t]+{_NUMBERED}(?![\w-]|\.\w))+(?:[ \t]+(?:chat|instruct|base|hf)\b)*)",
    re.I,
)
# Families named alone after a lineage phrase ("based on LLaMA", "fine-tuned from Qwen").
_FAMILIES = frozenset(
    {"llama", "mistral", "mixtral", "qwen", "yi", "gemma", "falcon", "bloom", "baichuan",
     "chatglm", "internlm", "vicuna", "alpaca", "pythia", "starcoder", "codellama"}
)  # fmt: skip
# Encoder and text-to-text families, named alone as often ("initialized from BERT", "a
# fine-tuned version of DeBERTa"): a family's name after a lineage phrase, like "LLaMA".
_ENCODER_FAMILIES = frozenset(
    {"bert", "roberta", "distilbert", "distilroberta", "deberta", "electra", "albert", "xlnet",
     "t5", "mt5", "bart", "mbart", "pegasus"}
)  # fmt: skip
_FAMILIES = _FAMILIES | _ENCODER_FAMILIES

_HF_URL = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/", re.I)

_DOMAIN_NAME = re.compile(r"^[\w-]+\.(?:ai|com|org|io|net|cn|co|dev|app|html?|md|py)$", re.I)
# Hosted models with no Hub weights: a card "distilled from GPT-4" names data, not a parent.
_CLOSED_MODEL = re.compile(r"(?:gpt-?[345]|gpt-4o|chatgpt|claude|gemini|palm|o[134])\b", re.I)

# Capitalised words that start a sentence or a heading, not a model's name.
_NOT_NAMES = frozenset({"the", "version", "step", "epoch", "epochs", "top", "about", "over"})

_TOKEN_SPLIT = re.compile(r"[-_.]")
_WORD_SPLIT = re.compile(r"[-_.\s]+")


def name_tokens(name: str) -> list[str]:
    """A name's lower-case tokens split at ``-``, ``_`` and ``.``."""
    return [t for t in _TOKEN_SPLIT.split(name.casefold()) if t]


def name_words(name: str) -> list[str]:
    """A name's lower-case words split at ``-``, ``_``, ``.`` and white space: the tokens
    of a name as prose or a table header writes it ("Lark v1.2", "Owl 7B Chat")."""
    return [t for t in _WORD_SPLIT.split(name.casefold()) if t]


def _plain_word(segment: str) -> bool:
    # "and/or", "TCP/IP", "w/o": prose slashes between two plain words are not ids.
    return segment.isalpha() and (segment.islower() or segment.isupper())


# The Hub's root-level repos from before organisations existed ("bert-base-uncased",
# "roberta-large", "gpt2", "t5-base"): a fixed historic set, the only names without an org
# that are model ids on their own; cards name them as plain words in any casing
# ("XLM-Roberta-Base").
LEGACY_ROOT = re.compile(
    r"(?:gpt2(?:-medium|-large|-xl)?|distilgpt2|openai-gpt|ctrl|transfo-xl-wt103"
    r"|m?t5-(?:small|base|large|xl|xxl|3b|11b)|(?:distil)?bert-(?:base|large)-[a-z0-9-]+"
    r"|(?:distil)?roberta-(?:base|large)(?:-[a-z0-9-]+)?|xlm-roberta-(?:base|large)(?:-[a-z0-9-]+)?"
    r"|xlm-(?:mlm|clm)-[a-z0-9-]+|albert-(?:base|large|xlarge|xxlarge)-v[12]"
    r"|xlnet-(?:base|large)-cased|camembert-base|flaubert-[a-z0-9-]+"
    r"|distiluse-base-multilingual-cased(?:-v[12])?)",
    re.I,
)


def _legacy_root(name: str) -> bool:
    """Whether ``name`` is one of the Hub's legacy repos without an org (`LEGACY_ROOT`)."""
    # (A hyphen, "gpt2", "distilgpt2" or "ctrl" first: most bare words are none of them.)
    if "-" not in name and name[:1] not in ("g", "G", "d", "D", "c", "C"):
        return False
    return LEGACY_ROOT.fullmatch(name) is not None


def _bare_like(name: str) -> bool:
    """A bare name worth reading after a lineage phrase: model-like, a family's name, or a
    legacy Hub repo without an org."""
    return (
        _model_like(name) or name.casefold() in _FAMILIES or _legacy_root(name) or _size_named(name)
    )


# A name whose last word is a size ("PromptCLUE-large", "mDeBERTa-base"), its first a name
# with a capital inside it (not a plain word: "pre-large", "Base-large").
_SIZE_NAMED = re.compile(
    r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*-(?:base|large|small|tiny|medium|mini|xl|xxl|xlarge)"
)


def _size_named(name: str) -> bool:
    """A name with a size word for its last word and a capital inside its first."""
    if "-" not in name or _SIZE_NAMED.fullmatch(name) is None:
        return False
    first = name.split("-", 1)[0]
    return any(c.isupper() for c in first[1:])


_FAMILY_VERSION = re.compile(r"(?P<family>[A-Za-z]+)[0-9]+(?:\.[0-9]+)?")


def _family_version(name: str) -> bool:
    """A family's name with its version written straight after it ("Llama2", "Qwen1.5")."""
    m = _FAMILY_VERSION.fullmatch(name)
    return m is not None and m["family"].casefold() in _FAMILIES


_FAMILY_RELEASE = re.compile(r"(?P<family>[A-Za-z]+)[-_.]?(?P<version>[0-9]+(?:\.[0-9]+)?)?")


def family_alternatives(org: str, name: str) -> bool:
    """Whether "ORG/NAME" in plain text is two families side by side, not a Hub id:
    "llama-2/codellama" (one release of a family, then another family), as "and/or" is."""
    first, second = _FAMILY_RELEASE.fullmatch(org), _FAMILY_RELEASE.fullmatch(name)
    return (
        first is not None
        and second is not None
        and first["version"] is not None  # "Qwen/Qwen2" is the family's own org
        and first["family"].casefold() in _FAMILIES
        and second["family"].casefold() in _FAMILIES
    )


def _spoken_like(name: str) -> bool:
    """Whether "WORD 2 13B" names a model: the word is a name (capitals, digits, a family),
    or a compound of plain words with a "v" version after it ("stable-diffusion v1-5")."""
    word, _, rest = name.partition(" ")
    return (
        not word.islower()
        or any(c.isdigit() for c in word)
        or word.casefold() in _FAMILIES
        or _versioned_compound(word, rest.lstrip())
    ) and word.casefold() not in _NOT_NAMES


# "stable-diffusion", "open-assistant": plain words joined by hyphens, none of them a word
# that describes how weights were made ("fine-tuned v2", "pre-trained v1" name no model).
_COMPOUND = re.compile(r"[a-z]{2,}(?:-[a-z]{2,})+")
_MAKING_WORDS = frozenset(
    "tuned trained pre fine based distilled merged quantized quantised aligned style like "  # noqa: SIM905
    "checkpoint checkpoints version release step steps epoch".split()
)


def _versioned_compound(word: str, rest: str) -> bool:
    """A lower-case compound name followed by a version that starts with "v"."""
    return (
        rest[:1] in ("v", "V")
        and _COMPOUND.fullmatch(word) is not None
        and _MAKING_WORDS.isdisjoint(word.split("-"))
    )


def _model_like(name: str) -> bool:
    # Bare model names carry a size or version ("DeepSeek-V3", "Qwen2.5-7B").
    return (
        len(name) >= 3
        and _DOMAIN_NAME.match(name) is None
        and not any(c.isspace() for c in name)
        and any(c.isdigit() for c in name)
        and ("-" in name or "." in name)
    )

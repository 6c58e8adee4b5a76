"""The card reader's fast paths give exactly what the slow, obvious code gives.

`importers.yaml_fast.fast_load` must return what PyYAML's loader returns
(or give up); `importers.prose_scan.matches` must return what ``finditer`` returns;
the gated `importers.prose_clean._clean` must clean like the unconditional one.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from importers import prose, prose_clean, prose_needles, prose_phrases, prose_scan
from importers.frontmatter import load_yaml
from importers.yaml_fast import _DEFAULT_LOADER, _PyLoader, fast_load

# -- front matter ------------------------------------------------------------


def same(a: Any, b: Any) -> bool:
    """Equal with the same types and key order (``1 == 1.0 == True`` does not count)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def assert_like_pyyaml(source: str) -> None:
    fast = fast_load(source)
    if fast is None:
        return
    # The default loader (libyaml's when installed), and PyYAML's own for when it is not.
    for loader in {_DEFAULT_LOADER, _PyLoader}:
        try:
            slow = yaml.load(source, Loader=loader)
        except yaml.YAMLError as exc:
            pytest.fail(f"fast path read {fast!r} where {loader.__name__} fails: {exc}")
        assert same(fast, slow), (loader.__name__, source, fast, slow)


# Scalars YAML 1.1 types, or that are one character away from breaking a plain scalar.
_TRICKY = [
    "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null", "~", "", "=", "<<",
    "0", "-1", "+1", "007", "0b_", "0x_", "+_", "1:_", "0x1F", "0o17", "0b101", "1_000", "190:20:30", "1.5", "-0.5",
    ".5", "1e5", "1.0e+5", "6.02e23", ".inf", "-.Inf", ".NaN", "2024-06-17", "2001-12-14t21:59:43.10-05:00",
    "a: b", "a:b", "a #b", "a#b", "a:", "#a", "-a", "- a", "-", "--- a", "...", "? a", ":a",
    "&a", "*a", "!a", "!!str a", "|", ">", "'a'", '"a"', "'it''s'", "'a'b'", '"a\\tb"', "[a, b]",
    "[a, 'b, c']", "[]", "[a,]", "{a: 1}", "%x", "@x", "`x`", "a, b", "a]", "a}", "a b  c",
    "https://huggingface.co/x/y", "base_model:adapter:org/name", "apache-2.0", "été", "中文",
    "a\u00a0b", "a\u2028b", "a\x85b", "\ufeffa", "a\tb", "C#", "50%", "a?", "x/y-1.5B",
]  # fmt: skip
_KEYS = ["license", "tags", "base_model", "model-index", "a", "b", "k_1", "_x", "a.b", "x-y"]
_TRICKY_KEYS = [
    "yes", "on", "no", "null", "true", "Off", "y", "n", "NULL", "~", "key with space", "1a",
    "-a", "a:b", "<<", "=",
]  # fmt: skip
_CHARS = "ab019 -_.:#'\"[]{},&*!|>%@`~?/\\\t\n\u00e9\u2028\x85"

# What the fast path reads: plain words, typed scalars, simple quoted strings.
plain_scalars = st.one_of(
    st.sampled_from(
        ["yes", "no", "on", "null", "~", "1", "-2", "0x1F", "1.5", ".inf", "2024-06-17"]
    ),
    st.text("abyesnoultrf019 -_./:", min_size=1, max_size=10).map(str.strip).filter(bool),
    st.text("ab '#:,-", max_size=6).map(lambda s: "'" + s.replace("'", "''") + "'"),
    st.text("ab #:,-", max_size=6).map(lambda s: '"' + s + '"'),
)
plain_keys = st.text("abcdefghijklm_-.", min_size=3, max_size=8).map(lambda k: "k" + k)
# ... and what it must refuse, or type the way YAML does.
tricky_scalars = st.one_of(
    st.sampled_from(_TRICKY),
    plain_scalars,
    st.text(_CHARS.translate({ord(c): None for c in "\n\t\u2028\x85"}), max_size=10),
)
tricky_keys = st.one_of(
    st.sampled_from(_KEYS),
    plain_keys,
    st.sampled_from(_TRICKY_KEYS),
    st.text("abkyesnoultr_-.0", min_size=1, max_size=6),
)
indents = st.sampled_from([0, 1, 2, 3, 4])


@st.composite
def entry(draw: st.DrawFn, indent: int, depth: int, tricky: bool) -> list[str]:
    """Lines of one ``key: ...`` entry of a mapping at ``indent``."""
    pad = " " * indent
    key = draw(tricky_keys if tricky else plain_keys)
    scalars = tricky_scalars if tricky else plain_scalars
    kind = draw(st.sampled_from(["scalar", "scalar", "list", "flow", "map", "empty", "items"]))
    if kind == "scalar":
        return [f"{pad}{key}: {draw(scalars)}"]
    if kind == "flow":
        items = draw(st.lists(scalars, max_size=4))
        return [f"{pad}{key}: [{', '.join(items)}]"]
    if kind == "empty" or depth > 2:
        return [f"{pad}{key}:"]
    inner = indent + draw(indents)
    if kind == "list":
        items = draw(st.lists(scalars, min_size=1, max_size=4))
        return [f"{pad}{key}:"] + [f"{' ' * inner}- {item}" for item in items]
    if kind == "items":  # a list of mappings ("- key: value" then more keys)
        lines = [f"{pad}{key}:"]
        for _ in range(draw(st.integers(1, 2))):
            first, *rest = draw(entry(inner + 2, depth + 1, tricky))
            lines.append(f"{' ' * inner}- {first.lstrip(' ')}")
            lines.extend(rest)
            for _ in range(draw(st.integers(0, 2))):
                lines.extend(draw(entry(inner + 2, depth + 1, tricky)))
        return lines
    lines = [f"{pad}{key}:"]
    for _ in range(draw(st.integers(1, 3))):
        lines.extend(draw(entry(max(inner, indent + 1), depth + 1, tricky)))
    return lines


@st.composite
def documents(draw: st.DrawFn, tricky: bool = True) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        lines.extend(draw(entry(0, 0, tricky)))
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "# a comment", "  # indented", "   "])))
    if tricky and draw(st.integers(0, 3)) == 0:
        # A near miss: one character inserted, replaced or dropped anywhere.
        text = "\n".join(lines)
        at = draw(st.integers(0, len(text)))
        char = draw(st.sampled_from(_CHARS))
        how = draw(st.sampled_from(["insert", "replace", "drop"]))
        if how == "insert":
            return text[:at] + char + text[at:]
        tail = text[at + 1 :] if at < len(text) else ""
        return text[:at] + (char if how == "replace" else "") + tail
    return "\n".join(lines)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(tricky=False))
def test_fast_path_reads_plain_documents_like_pyyaml(source: str) -> None:
    assert_like_pyyaml(source)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example("license: mit\ntags:\n- a\n- b\nbase_model: org/name\n")
@example("a: 0b_\n")  # resolved as an int that int() refuses
@example("a:\n  b:\n  - c: 1\n    d: [x, 'y', \"z\"]\n")
def test_fast_path_reads_what_pyyaml_reads(source: str) -> None:
    assert_like_pyyaml(source)


@pytest.mark.parametrize("value", _TRICKY)
def test_tricky_scalars_are_typed_like_pyyaml(value: str) -> None:
    for source in (f"k: {value}\n", f"k:\n- {value}\n", f"k: [{value}]\n", f"{value}: v\n"):
        assert_like_pyyaml(source)


@pytest.mark.parametrize("key", _KEYS + _TRICKY_KEYS)
def test_tricky_keys_are_read_like_pyyaml(key: str) -> None:
    assert_like_pyyaml(f"{key}: v\n")


def test_plain_front_matter_takes_the_fast_path() -> None:
    source = (
        "license: apache-2.0\n"
        "language:\n  - en\n  - 'no'\n"
        'tags: [lora, "base_model:adapter:org/name"]\n'
        "base_model: org/name\n"
        "model-index:\n- name: x\n  results:\n  - task:\n      type: text-generation\n"
        "    metrics:\n    - type: acc\n      value: 0.5\n"
        "release_date: 2024-06-17\n"
        "# a comment line\n"
        "new_version:\n"
    )
    fast = fast_load(source)
    assert fast is not None
    assert same(fast, yaml.load(source, Loader=_DEFAULT_LOADER))
    assert fast["release_date"] == "2024-06-17"  # dates stay strings, like the loader
    assert same(load_yaml(source, "x"), fast)


@pytest.mark.parametrize(
    "source",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !!str 1\n",  # tags
        "a: |\n  text\n",  # block scalars
        "a: one\n  two\n",  # a multi-line plain scalar
        "a: 'one\n  two'\n",  # a multi-line quoted scalar
        "a: {b: 1}\n",  # flow mappings
        "a: b # comment\n",  # trailing comments
        "a: 1\na: 2\n",  # duplicate keys
        "\ta: 1\n",  # tabs
        "a:\n  b: 1\n c: 2\n",  # odd indentation
        "yes: 1\n",  # a key YAML reads as a bool
        "",  # nothing at all
        "- a\n- b\n",  # not a mapping
    ],
)
def test_fast_path_gives_up_on_what_it_does_not_know(source: str) -> None:
    assert fast_load(source) is None


# -- prose -------------------------------------------------------------------

_WORDS = [
    "fine-tuned", "Fine Tuned", "finetuned", "trained", "Further-trained", "instruction tuned",
    "version", "Variants", "edition", "of", "from", "on top of", "upon", "model", "a", "an",
    "the", "this is", "This  is", "refinement", "quantization", "quants", "conversion", "export",
    "re-packaging", "repackage", "converted", "to", "GGUF", "was", "LoRA", "qlora", "adapter",
    "adapters", "weights", "for", "distilled", "distillation", "knowledge", "merge", "merged",
    "merging", "with", "it", "blend", "method", "using", "following", "models", "were",
    "included", "in", "base", "Base_Model", "parent", "original", "source", "foundation", "(s)",
    ":", "：", "|", "based", "built", "predecessor", "its", "our", "training", "data", "dataset",
    "Datasets", "[org/name](https://huggingface.co/org/name)", "`org/name`", "org/name-7B",
    "https://hf.co/org/x", "基于", "以", "在", "预训练", "模型", "为基础", "适配器", "蒸馏",
    "peft", "dora", "only", "mergekit", "İ", "ı", "ſ", "K", "DİSTİLLED", "baſed", "**", "*",
    ">", "@misc{x,", "}", "```", "~~~", "<!--", "-->", "\n", "\n\n", "\n- ", "\n> ", "  ",
    "GGUF", "files", "for", "merged", "into", "LoRA", "was", "used", "as", "teacher", "student",
    "initialized", "from", "tune", "of", "на", "основе", "basiert", "auf", "ベース", "に", "を",
    "微調整", "変換", "기반으로", "微调", "量化", "从", "蒸馏", "identical", "to", "port",
    "combines", "combination", "and", "its", "starting", "with", "the", "weights", "Teacher",
    "(org/name)", "GGUF of", "Model page", "<br>", "fine-tuned on", "fine-tuned for", "chat",
    "Qwen2", "#", "# ", "is a", "Model Name", "as its base", "的",
    "alongside", "[teacher model](https://huggingface.co/org/t)", "named", '"org/name,"',
    "pre-trained", "can be found", "[here](https://huggingface.co/org/h)", "collection",
    "LLMs", "quantized", "this model is", "*org-base*",
]  # fmt: skip
_SEPARATORS = st.sampled_from([" ", "  ", "\n", "\t", "-", "", " \n ", ", "])


@st.composite
def prose_texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), max_size=40))
    return "".join(w + draw(_SEPARATORS) for w in words)


_ALL_TRIGGERS = (
    *prose_phrases.TRIGGERS,
    *prose_phrases.FALLBACK_TRIGGERS,
    *prose_phrases.CONVERSION_TRIGGERS,
)
_SCANS = [t.scan for t in _ALL_TRIGGERS] + [
    prose_phrases.DATASET_LABEL,
    prose_phrases.ADAPTER_WORDING,
    prose_phrases.MERGE_WORDING,
    prose_phrases.DISTILL_WORDING,
    prose_phrases.LORA_MERGED_WORDING,
    prose_phrases.QUANTIZED_COLLECTION_WORDING,
]


def assert_scans_like_finditer(text: str) -> None:
    lower = text.lower()
    probed = lower if prose_scan.aligned(text, lower) else None
    for scan in _SCANS:
        want = [(m.span(), m.groupdict()) for m in scan.pattern.finditer(text)]
        got = [(m.span(), m.groupdict()) for m in prose_scan.matches(scan, text, probed)]
        assert got == want, scan.pattern.pattern


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose_texts())
@example("This model is a fine-tuned version of [org/base](https://huggingface.co/org/base)")
@example("Base model: org/base\nA LoRA adapter for org/base, distilled from org/teacher")
def test_probed_scans_find_what_finditer_finds(text: str) -> None:
    assert_scans_like_finditer(text)


def _clean_everything(text: str) -> str:
    """`prose_clean._clean` without its shortcuts."""
    text = prose_clean._CODE_BLOCK.sub("\n", text)
    text = prose_clean._HTML_COMMENT.sub("", text)
    text = prose_clean._QUOTE_LINE.sub("", text)
    text = prose_clean._CITATION.sub("", text)
    text = prose_clean._SPLIT_ID.sub(r"\1/", text)
    return text.replace("**", "")


@settings(max_examples=1000, deadline=None)
@given(prose_texts())
@example(" > quoted\n@misc{x,\n}\n")
def test_clean_shortcuts_change_nothing(text: str) -> None:
    assert prose_clean._clean(text) == _clean_everything(text)


def test_case_traps_scan_the_plain_way() -> None:
    # re.I matches "ſ" to "s" and "ı" to "i", which str.lower() does not do.
    for text in ("baſed on org/x", "dıstilled from org/x", "İ fine-tuned version of org/x"):
        assert not prose_scan.aligned(text, text.lower())
        assert_scans_like_finditer(text)


def test_every_probe_starts_with_a_literal() -> None:
    # A probe is only fast if re can look for its first character directly: one that may be
    # left out ("q?loras?…") leaves re nothing to look for, and it tries every position.
    for scan in _SCANS:
        for probe in scan.probes:
            assert re.match(r"[\w\u4e00-\u9fff]", probe.pattern), probe.pattern
            assert not re.match(r".(?:[?*]|\{0)", probe.pattern), probe.pattern


def test_case_traps_are_every_letter_re_i_matches_to_ascii_but_lower_does_not() -> None:
    letters = re.compile("[a-z]", re.I)
    confusing = {
        char
        for char in map(chr, range(0x80, 0x30000))
        if letters.fullmatch(char) and not (len(char.lower()) == 1 and char.lower().isascii())
    }
    assert confusing <= set(prose_scan.CASE_TRAPS.pattern.strip("[]"))


@settings(max_examples=500, deadline=None)
@given(st.sets(st.sampled_from(sorted({n for _, ns in prose_needles.TRIGGER_NEEDLES for n in ns}))))
def test_needle_index_names_the_triggers_a_test_per_trigger_names(hits: set[str]) -> None:
    want = [t for t, needles in prose_needles.TRIGGER_NEEDLES if not hits.isdisjoint(needles)]
    assert prose._triggers_for(frozenset(hits)) == want


def test_shared_prose_is_read_for_each_card_on_its_own() -> None:
    # Equal prose is scanned once; what depends on the card's own id is read per card.
    body = "A fine-tuned version of [acme/base-7B](https://huggingface.co/acme/base-7B)."
    first = prose.read_prose(body, "acme/base-7B")
    assert first.claims == []  # a card never names itself as its parent
    first.claims.append(prose.ProseClaim("x/y", None, prose.Strength.WEAK, "changed"))
    second = prose.read_prose(body, "acme/tuned-7B")
    assert [c.parent for c in second.claims] == ["acme/base-7B"]
    assert prose.read_prose(body, "acme/base-7B").claims == []
    assert prose.read_prose(body * 400, "acme/tuned-7B").claims == second.claims  # not cached


# Triggers gated on purpose by a word their phrase does not hold: teacher and student phrases
# count only in cards that speak of distillation.
_GATED_BY_TOPIC = [
    t for t in _ALL_TRIGGERS if not any(n in t.scan.pattern.pattern for n in t.needles)
]


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose_texts())
@example("A GGUF port\nof org/base")
@example("ports of org/base")
@example("Parent_Model: org/base")
@example("This\nis org/x, fine-tuned on chat data")
@example("DİSTİLLED from org/teacher")
@example("A pretrained model, trained on Lark-7b.")
@example("Pretrained; the model trained with org/x")
@example("pretrained further-trained version of org/x")
@example("pretrained\ntrained on the Lark-34B base")
@example("pre_trained model trained on Lark-7b, then retrained")
def test_a_trigger_matches_only_where_one_of_its_needles_occurs(text: str) -> None:
    # The needle index skips a trigger none of whose needles occur: sound only if every
    # match of its pattern holds one (the scripts a card is not written in aside).
    lower = text.lower()
    hits = prose_needles.needle_hits(lower, prose_scan.aligned(text, lower))
    looked_for = set(prose_needles.needles_in(lower))
    for trigger in _ALL_TRIGGERS:
        indexed = prose_needles.ALL_NEEDLES
        if trigger in _GATED_BY_TOPIC or all(
            n in indexed and n not in looked_for for n in trigger.needles
        ):
            continue
        if trigger.scan.pattern.search(text):
            found = [
                n in hits if n in prose_needles.ALL_NEEDLES else n in lower for n in trigger.needles
            ]
            assert any(found), (trigger.scan.pattern.pattern, trigger.needles)


# Words the fallback and conversion phrases' own needles (not in the card scan) are made of,
# and the scanned needles some of them hold.
_FALLBACK_WORDS = st.sampled_from(
    [
        "based",
        "base",
        "trained",
        "dpo-trained",
        "-trained",
        "combines",
        "copy",
        "fork",
        "first",
        "takes",
        "named",
        "language",
        "warm-started",
        "repeated",
        "alongside",
        "fine-tuned",
        "tuned",
        "this",
        "model",
        "is",
        "#",
        "gguf",
        "unquantized",
        "quant",
        "full",
        "bf16",
        "page:",
        "org/x",
        "BASED",
        "ſ",
        "İ",
    ]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.tuples(_FALLBACK_WORDS, _SEPARATORS), max_size=30))
@example([("based", " "), ("org/x", "")])
@example([("dpo-trained", " "), ("with", " "), ("org/x", "")])
def test_fallback_needles_a_scanned_needle_rules_out_are_absent(
    words: list[tuple[str, str]],
) -> None:
    # `_with_needles` skips a needle ("based") when a needle it holds ("base") was looked for
    # and not found: the triggers it turns on must be those every needle tested would.
    text = "".join(w + sep for w, sep in words)
    lower = text.lower()
    hits = prose_needles.needle_hits(lower, prose_scan.aligned(text, lower))
    for triggers in (prose_phrases.FALLBACK_TRIGGERS, prose_phrases.CONVERSION_TRIGGERS):
        want = [
            t
            for t in triggers
            if any(n in hits if n in prose_needles.ALL_NEEDLES else n in lower for n in t.needles)
        ]
        assert prose._with_needles(triggers, hits, lower) == want


@settings(max_examples=300, deadline=None)
@given(st.sets(st.sampled_from(sorted(prose_needles.ALL_NEEDLES)), max_size=12))
def test_known_needles_turn_on_the_triggers_that_hold_them(hits: set[str]) -> None:
    # The answer kept per set of hits names the triggers (by position) with one of the hits
    # among their needles, for each tuple of triggers read this way; asked twice, the same.
    for triggers in (prose_phrases.FALLBACK_TRIGGERS, prose_phrases.CONVERSION_TRIGGERS):
        prose._needle_index(triggers)
        want = frozenset(i for i, t in enumerate(triggers) if not hits.isdisjoint(t.needles))
        assert prose._known_on(id(triggers), frozenset(hits)) == want
        assert prose._known_on(id(triggers), frozenset(hits)) == want


@pytest.mark.parametrize(
    "text",
    ["plain ascii", "emoji 🤗 and ™ only", "café", "модель", "基于 org/x", "€ 5 и 基", "ſ", "i̇"],
)
def test_scripts_of_a_card_as_each_script_search_says(text: str) -> None:
    # One search rules out the three scripts at once (emoji, symbols): same answer as the
    # three searches.
    want = {"en"}
    if prose_needles._ACCENTED.search(text):
        want.add("latin")
    if prose_needles._CYRILLIC.search(text):
        want.add("cyrillic")
    if prose_needles._CJK.search(text):
        want.add("cjk")
    assert prose_needles._scripts(text) == want


_CARD_LINES = st.sampled_from(
    [
        "# Original model card",
        "  ## original Model's card: org/x",
        "### ORIGINAL MODEL CARD",
        "<!-- original-model-card start -->",
        "  <!--original-model-card start",
        "Original model card",
        "# Original",
        "model card",
        "<b>Original model card</b>",
        "text with # Original model card inside",
        "",
        " \t",
    ]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_CARD_LINES, max_size=12), st.sampled_from(["\n", " \n", "\n\n"]))
@example(["", "# Original model card"], "\n")
def test_own_part_cuts_where_the_pattern_first_matches(lines: list[str], sep: str) -> None:
    raw = sep.join(lines)
    m = prose_clean._ORIGINAL_CARD.search(raw)
    want = raw[: m.start()] if m and "riginal" in raw else raw
    assert prose_clean._own_part(raw) == want


@pytest.mark.parametrize(
    ("pattern", "probes", "leads"),
    [
        (r"\badapter,?\s+für\s+", ("adapter",), True),
        (r"\b(?:adattatore|adapter)(?:\s+q?lora)?,?\s+per\s+", ("adattatore", "adapter"), True),
        (r"\bmerge\s+von\s+|\bfusion\s+de\s+", ("merge", "fusion"), True),
        (r"\bmodello\s+base", ("modell",), True),
        (r"\badapter?\s+für", ("adapter",), False),  # the last letter may be left out
        (r"\b(?:adapter|lora)\s+für", ("adapter",), False),  # "lora" is no probe
        (r"\b(?:adapter)?\s*für", ("adapter",), False),
        (r"\badapter\s+für|\bwir\s+haben", ("adapter", "haben"), False),  # "wir" first
        (r"(?:aus|von)\s+adapter", ("adapter",), False),
        (r"\badapter[|]x|\bfür", ("adapter", "für"), True),  # a bar in a class splits nothing
    ],
)
def test_a_language_phrase_leads_with_a_probe_only_when_every_match_does(
    pattern: str, probes: tuple[str, ...], leads: bool
) -> None:
    assert prose_scan.starts_with_a_probe(pattern, probes) is leads


_LANGUAGE_WORDS = [
    "adapter", "Adapter", "ADAPTER", "adattatore", "für", "fur", "per", "di", ",", "trainiert",
    "auf", "addestrato", "su", "qlora", "lora", "[org/x](https://hf.co/org/x)", "org/x",
    "Modello", "base", "basato", "sul", "merge", "von", "слияние", "моделей", "dựa", "trên",
    "đã", "Öğretmen", "modeli", ":", "X-7B",
]  # fmt: skip


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_LANGUAGE_WORDS), max_size=24).map(" ".join))
def test_language_phrases_that_lead_with_a_probe_find_what_finditer_finds(text: str) -> None:
    for text_ in (text, text.replace(" ", "\n"), text.replace(" ", "  ")):
        lower = text_.lower()
        probed = lower if prose_scan.aligned(text_, lower) else None
        for trigger in prose_phrases.TRIGGERS:
            if trigger.scan.lead != 0:
                continue
            want = [m.span() for m in trigger.scan.pattern.finditer(text_)]
            got = [m.span() for m in prose_scan.matches(trigger.scan, text_, probed)]
            assert got == want, trigger.scan.pattern.pattern


def test_a_reference_is_read_once_per_position() -> None:
    # "fine-tuned version of" and "version of" end at the same place: the second phrase
    # gets the reference the first one read, as a fresh read would give it.
    from importers.prose_claims import ProseFindings
    from importers.prose_reader import _Reader

    text = "A fine-tuned version of [org/base-7B](https://huggingface.co/org/base-7B) on data."
    at = text.index("[")
    reader = _Reader(text, text, "me/tuned-7B", ProseFindings())
    first = reader._ref_at(at)
    assert first is not None and first["lt"] == "org/base-7B"
    assert reader._ref_at(at) is first
    assert reader._read_ref_at(at).span() == first.span()  # type: ignore[union-attr]
    assert reader._ref_at(0) is None and reader._refs[0] is None
    claims = prose.read_prose(text, "me/tuned-7B").claims
    assert [(c.parent, c.relation) for c in claims] == [("org/base-7B", prose_phrases._FT)]


def test_a_dataset_after_a_reference_is_read_once_per_position() -> None:
    from importers.prose_claims import ProseFindings
    from importers.prose_reader import _Reader

    text = "Fine-tuned from [org/base](https://huggingface.co/org/base) on the acme/chat dataset."
    found = ProseFindings()
    reader = _Reader(text, text, "me/x", found)
    end = text.index(")") + 1
    reader._dataset_tail(end)
    assert found.datasets == ["acme/chat"] and reader._tails == {end}
    found.datasets.append("other/data")
    reader._dataset_tail(end)  # (read already: nothing added, nothing read)
    assert found.datasets == ["acme/chat", "other/data"]
    assert prose.read_prose(text, "me/x").datasets == ["acme/chat"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("It was pretrained on web text.", False),
        ("Untrained and pretrained weights.", False),
        ("pre_trained, x2trained", False),
        ("Pre-trained on web text.", True),
        ("trained on Lark-7b", True),
        ("The model trained with care.", True),
        ("pretrained, then further trained", True),
        ("état: ñtrained", True),  # after a letter \b may not see as ASCII: looked at
    ],
)
def test_trained_counts_only_where_it_may_start_a_word(text: str, found: bool) -> None:
    lower = text.lower()
    assert ("trained" in prose_needles.needle_hits(lower, prose_scan.aligned(text, lower))) is found

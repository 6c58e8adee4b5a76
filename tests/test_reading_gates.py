"""The card readers' cheap gates never turn away a card the full pattern would read.

Each gate is a test that must pass for every text the gated pattern (or rule) finds
something in; a text that fails the gate is not searched. Checked here on texts made of
the patterns' own words, in the forms cards write them: upper and mixed case, line-wrapped,
hyphenated, plural, with tabs and runs of spaces.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from importers import card_forms, lora_applied, references, training_start
from importers.prose import ProseClaim, ProseFindings, Strength
from lineage.core.records import Relation, SourceRecord

_SEPARATORS = st.sampled_from([" ", "  ", "\t", "\n", " \n", "-", "/", "", ", ", ". "])


def _texts(words: list[str]) -> st.SearchStrategy[str]:
    """Texts of ``words`` (in any case) joined by the separators cards use."""
    word = st.sampled_from(words).flatmap(lambda w: st.sampled_from([w, w.upper(), w.capitalize()]))
    return st.lists(st.tuples(word, _SEPARATORS), max_size=24).map(
        lambda parts: "".join(w + sep for w, sep in parts)
    )


# -- share sentences over bare Hub URLs (`card_forms.share_url_claims`) ---------------

_SHARE_WORDS = [
    "50", "5", "70.5", "30", "%", "/", "-", "a", "merge", "merges", "mix", "blend", "model",
    "models", "combination", "average", "linear", "slerp", "weighted", "of", "between",
    "off", "the", "\n", "https://huggingface.co/org/a", "hf.co/org/b", "é",
]  # fmt: skip


def _share_gate_passes(text: str) -> bool:
    lower = text.lower()
    return any(noun.search(lower) for noun in card_forms._SHARE_NOUNS)


# Share sentences and near misses, built part by part (random words seldom make one).
_SHARE_SENTENCES = st.tuples(
    st.sampled_from(["", "a ", "x", "A-"]),
    st.sampled_from(["50", "5", "70.5", "1x"]),
    st.sampled_from(["", " ", "%", " % ", "\t"]),
    st.sampled_from(["/", "-", " / ", "\n/"]),
    st.sampled_from(["50", "30%", "2.5 %", "x"]),
    st.sampled_from([" ", "\t", "  ", "\n", "-", ""]),
    st.sampled_from(["", "linear ", "SLERP\t", "weighted  "]),
    st.sampled_from(["merge", "MIX", "Blend", "model", "models", "combination", "Average"]),
    st.sampled_from([" ", "\t", "  ", "\n", "-", ""]),
    st.sampled_from(["of", "OF", "between", "off", "Between"]),
    st.sampled_from(["\n", " them\n", "", ".", "é\n"]),
).map("".join)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_texts(_SHARE_WORDS), _SHARE_SENTENCES))
@example("a 50/50 merge of\nhttps://huggingface.co/org/a\nhttps://huggingface.co/org/b\n")
@example("A 70% - 30%\tSLERP  Blend Between the two:\n")
def test_share_sentences_pass_the_noun_gate(text: str) -> None:
    if text.isascii() and card_forms._SHARE_MERGE.search(text):
        assert _share_gate_passes(text)


@pytest.mark.parametrize(
    ("text", "passes"),
    [
        ("a 50/50 merge of the A and B models:\n", True),
        ("A 60%-40% MODEL OF\n", True),
        ("a 70/30 weighted\tblend   between them\n", True),
        ("a 50/50 combination of\n", True),
        ("an average of two\n", True),
        ("a 50/50 mix of\n", True),
        # Not a share sentence the pattern reads: a line break, a plural or a hyphen
        # between the noun and "of", or "of" going on as a longer word.
        ("a 50/50 merge\nof the two\n", False),
        ("a 50/50 merges of\n", False),
        ("a 50/50 merge-of\n", False),
        ("a 50/50 merge offset\n", False),
    ],
)
def test_share_gate_table(text: str, passes: bool) -> None:
    assert _share_gate_passes(text) is passes
    if not passes:
        assert card_forms._SHARE_MERGE.search(text) is None


def test_share_urls_are_read_through_the_gate() -> None:
    body = (
        "A 50/50 merge of the two models:\n\n"
        "https://huggingface.co/acme/left-7b\n"
        "- https://huggingface.co/acme/right-7b\n"
    )
    claims = card_forms.share_url_claims(body, "acme/mixed-7b")
    assert [c.parent for c in claims] == ["acme/left-7b", "acme/right-7b"]
    assert card_forms.share_url_claims(body.replace("merge of", "merge\nof"), "acme/m") == []


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_texts(_SHARE_WORDS), _SHARE_SENTENCES), max_size=4).map("\n".join))
@example("x\na 50/50 merge of\nmodel of 2 - 3 mix of\n1/2 blend between them")
@example("a 50/50 merge of them")
def test_share_sentences_are_searched_on_the_noun_lines(text: str) -> None:
    # An ASCII card's share sentences are looked for only on the lines holding a noun and
    # "of": every match of the whole-text search lies on one of them.
    if not text.isascii():
        return
    lines = card_forms._noun_lines(text.lower())
    found = [
        m.span() for start, end in lines for m in card_forms._SHARE_MERGE.finditer(text, start, end)
    ]
    assert found == [m.span() for m in card_forms._SHARE_MERGE.finditer(text)]


# -- fenced code blocks (`references.code_spans`) --------------------------------------

_FENCE_LINES = st.sampled_from(
    [
        "```", "```python", "````", "~~~", "~~~~ yaml", "  ```", "\t~~~", "x ```", "``",
        "`` `", "code = 1", "", " ", "```` ```", "text ~~~ more", "```bash\r", "``` ", "```\t", "~~~~", "```python ```", "`````",
    ]
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(_FENCE_LINES, max_size=14), st.sampled_from(["\n", "\n\n", " \n"]))
@example(["```python", "x = 1", "```", "text", "~~~", "y"], "\n")
@example(["````", "```", "````"], "\n")
def test_code_spans_are_the_fence_pattern_matches(lines: list[str], sep: str) -> None:
    for body in (sep.join(lines), sep.join(lines) + "\n", "x" + sep.join(lines)):
        want = [m.span("code") for m in references._CODE_FENCE.finditer(body)]
        assert references.code_spans(body) == want


# -- training code blocks (`training_start`) ----------------------------------------

_TRAIN_BLOCK_WORDS = [
    "lr", "LR", "learning_rate", "num_train_epochs", "epochs", "do_train", "micro_batch_size",
    "per_device_train_batch_size", "gradient_accumulation_steps", "warmup_steps",
    "warmup_ratio", "TrainingArguments", "Trainer", "SFTTrainer", "trainer.train(",
    "trainer", ".train(", "(", "=", ":", "'", '"', "{", ",", "--", "x", "2e-5", "url",
]  # fmt: skip


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(_TRAIN_BLOCK_WORDS))
@example("trainer = SFTTrainer (model)")
@example("--lr 2e-5")
@example("trainer.train()")
def test_a_training_block_holds_a_training_word(block: str) -> None:
    assert training_start._trains(block) is (training_start._TRAINS.search(block) is not None)


def _starts_block_by_block(body: str) -> list[tuple[str, str]]:
    """`training_start.training_starts` without its test of the whole card."""
    found: list[tuple[str, str]] = []
    for block in references.code_blocks(body):
        if not training_start._trains(block) or training_start._MERGE_RECIPE.search(block):
            continue
        for pattern in (training_start._MODEL_FLAG, training_start._CONFIG_BASE):
            found += [(m["ref"], m.group(0)) for m in pattern.finditer(block)]
        for m in training_start._LOADED.finditer(block):
            if not (
                training_start._TOOL_CALL.search(m["call"])
                or training_start._TOOL_ROLE.search(m["lead"])
            ):
                found.append((m["ref"], m.group(0)))
    return found


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts([*_TRAIN_BLOCK_WORDS, "```", "```\n", "\n```\n", "--model org/x", "usage"]))
@example("```\npipe = pipeline('x', model='org/x')\n```\n")
@example("```\nargs = TrainingArguments(lr=1)\nm = A.from_pretrained('org/x')\n```\n")
def test_a_card_without_a_training_word_has_no_training_block(body: str) -> None:
    # A card none of whose text holds a training word is not cut into blocks at all.
    assert training_start.training_starts(body) == _starts_block_by_block(body)


# -- "This is X with the Y LoRA applied" (`lora_applied`) ------------------------------

_APPLIED_WORDS = [
    "this", "This", "THIS", "model", "is", "simply", "with", "the", "a", "org/base",
    "[B](https://huggingface.co/org/base)", "`org/lora`", "org/my-lora", "lora", "qlora",
    "adapter", "applied", "merged", "in", "glued", "on", "fused", "baked", ",", "thi", "s",
]  # fmt: skip


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(_APPLIED_WORDS))
@example("This is org/base with org/my-lora applied")
@example("THIS MODEL IS\n`org/base`,\twith the org/x-lora LoRA\nBAKED IN")
def test_an_applied_lora_phrase_passes_the_word_gate(text: str) -> None:
    if text.isascii() and lora_applied._APPLIED.search(text):
        lower = text.lower()
        assert "this" in lower
        assert any(verb in lower for verb in lora_applied._APPLIED_VERBS)


def test_applied_lora_read_through_the_gate() -> None:
    body = "This is org/base-7b with\nthe org/style-lora LoRA merged in."
    claims = lora_applied.lora_applied_claims(body, "acme/styled-7b")
    assert [c.parent for c in claims] == ["org/base-7b", "org/style-lora"]
    assert lora_applied.lora_applied_claims(body.replace("merged", "kept"), "acme/s") == []


# -- one-line phrases searched only on the lines holding their needle -----------------

_LINE_WORDS = [
    "we", "i", "fine-tuned", "finetuned", "fine tune", "tune", "used", "to", "the", "these",
    "are", "this", "is", "a", "it", "Lark-2", "Owl 7B", "model", "models", ",", "on", "with",
    "base", "model used", ":", "**", "- ", "type", "7B", "\n", "é", "İ",
]  # fmt: skip


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(_LINE_WORDS))
@example("We fine-tuned Lark-2 on notes\nused to fine-tune the Owl-7B model\n- Base model: Owl 7B")
def test_line_matches_finds_what_the_whole_text_search_finds(text: str) -> None:
    from importers import prose_bare_kinds, prose_tuned_names
    from importers.prose_scan import line_matches, line_starts_matching

    lower = text.lower()
    for pattern, needle in (
        (prose_tuned_names._USED_TO_TUNE, "tune"),
        (prose_tuned_names._WE_TUNED, "tune"),
        (prose_tuned_names._APPOSITIVE, "tune"),
    ):
        found = [(m.span(), m.groupdict()) for m in line_matches(pattern, text, lower, needle)]
        assert found == [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
    label = prose_bare_kinds._LABEL
    found = line_starts_matching(label, text, lower, prose_bare_kinds._LABEL_NEEDLES)
    assert [m.span() for m in found] == [m.span() for m in label.finditer(text)]


_APPOSITIVE_WORDS = [
    "these", "are", "this", "is", "an", "a", "it", "Lark-2", "Owl", "7B", "1.5/3b", "model",
    "models", "MODELS", ",", "fine-tuned", "fine tuned", "Finetuned", "fine", "tuned", " ",
    "\t", "\n", "é", "ſ", "ı", "K",
]  # fmt: skip


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(_APPOSITIVE_WORDS))
@example("These are Lark-2 models, fine-tuned on notes")
@example("This is a Lark-2 modelſ fine-tuned on notes")
def test_an_appositive_matches_only_where_its_gate_lets_it(text: str) -> None:
    from importers import prose_tuned_names

    if prose_tuned_names._APPOSITIVE.search(text):
        assert prose_tuned_names.appositive_possible(text, text.lower())


def test_an_appositive_read_through_the_gate() -> None:
    from importers.prose_tuned_names import tuned_name_claims

    text = "These are Lark-4-Base models finetuned on harbor notes."
    found = tuned_name_claims(text, text.lower(), "acme/harbor-4")
    assert [c.parent for _, c in found] == ["Lark-4-Base"]
    plain = "It can be used directly or fine-tuned for other tasks; a model of its own."
    assert tuned_name_claims(plain, plain.lower(), "acme/harbor-4") == []


# -- a size in this model's name (`card_passes.other_size`) ---------------------------

_NAME_PARTS = ["lark", "Owl", "7b", "13B", "8x7b", "350m", "1.5b", "v2", "chat", "x", "b", "7"]
_NAMES = st.lists(st.sampled_from(_NAME_PARTS), min_size=1, max_size=4).flatmap(
    lambda parts: st.sampled_from(["-", "_", "."]).map(lambda sep: "acme/" + sep.join(parts))
)
_SNIPPETS = st.sampled_from(["This is [X](…) trained with", "this model is X", "based on X", ""])


@settings(max_examples=400, deadline=None)
@given(_NAMES, _NAMES, _SNIPPETS, st.sampled_from([*Relation, None]))
def test_other_size_tests_need_a_size_in_the_own_name(
    own: str, parent: str, snippet: str, relation: Relation | None
) -> None:
    # `other_size` asks none of its three tests of a card whose own name has no size.
    from importers.card_names import larger_twin, recipe_at_other_size, smaller_twin
    from importers.prose_scope import sizes

    claim = ProseClaim(parent, relation, Strength.STRONG, snippet)
    if not sizes(own):
        assert not recipe_at_other_size(claim, own)
        assert not larger_twin(claim, own)
        assert not smaller_twin(claim, own)


def test_other_size_drops_a_larger_twin_and_keeps_all_without_own_size() -> None:
    from importers.card_passes import other_size

    claims = [ProseClaim("acme/lark-13b", Relation.FINETUNE, Strength.STRONG, "from X")]
    small = SourceRecord("acme/lark-7b", "card:acme/lark-7b", "README.md")
    assert other_size(small, ProseFindings(claims=claims)).claims == []
    plain = SourceRecord("acme/lark", "card:acme/lark", "README.md")
    findings = ProseFindings(claims=claims)
    assert other_size(plain, findings) is findings

"""Merge lists whose first input a phrase reader also names, merge lists of one acronym's
variants, and the typo "fined-tuned" (with the near-misses each guard keeps)."""

from __future__ import annotations

import time

from importers.card import read_card
from importers.merge_bare import bare_merge_list_claims
from importers.off_hub_trained import off_hub_trained_claims
from importers.prose_clean import _clean
from lineage.core.ids import key


def _parents(text: str, model_id: str = "acme/wren-blend") -> list[str]:
    return [key(c.parent) for c in read_card(text, model_id, "README.md").claims]


def test_first_input_of_a_merge_list_kept() -> None:
    text = "# Wren\n\nWren-Blend is a merge of RD 2.1, RD 2.2, Misty Vision, and Old Film Look.\n"
    parents = _parents(text)
    assert {"rd 2.1", "rd 2.2", "misty vision", "old film look"} <= set(parents)


def test_weak_base_phrase_stays_weak_beside_nothing_listed() -> None:
    # No list of inputs: a loose "based on" name is not made strong.
    text = "# Wren\n\nWren-Blend is based on our earlier work and tuned for portraits.\n"
    assert _parents(text) == []


def test_variants_of_one_acronym_family_are_a_merge_list() -> None:
    claims = bare_merge_list_claims("Merge of RDXL Quick & RDXL Sharp.\n", "acme/wren-blend")
    assert {c.parent for c in claims} == {"RDXL Quick", "RDXL Sharp"}


def test_plain_words_after_an_acronym_are_no_list() -> None:
    # Different leading words: no family shared, no model-shaped name.
    claims = bare_merge_list_claims("A merge of RDXL Quick & Soft Light.\n", "acme/wren-blend")
    assert claims == []
    # The acronym alone, with no variant word after it.
    claims = bare_merge_list_claims("A merge of RDXL & RDXL Sharp.\n", "acme/wren-blend")
    assert claims == []


def test_fined_tuned_typo_read_as_fine_tuned() -> None:
    text = (
        "# Finch\n\nThis is a [Lark-base](https://huggingface.co/birds/lark-base-cased) "
        "model fined-tuned using a sentence toolkit.\n"
    )
    assert "birds/lark-base-cased" in _parents(text, "acme/finch")


def test_fined_tuned_cleaning_keeps_length() -> None:
    text = "We Fined-tuned it; the refined-tuned words stay."
    out = _clean(text)
    assert len(out) == len(text)
    assert out.startswith("We Fine-tuned  it")
    assert "refined-tuned" in out  # not a word of its own


def test_long_line_is_fast() -> None:
    # A 20,000-character list whose names share no acronym (refused after one pass).
    line = "a merge of " + ", ".join(f"RDXL Part{i} & Rdxl Part" for i in range(800)) + "\n"
    start = time.perf_counter()
    bare_merge_list_claims(line, "acme/wren-blend")
    _clean("fined-tuned " * 2000)
    assert time.perf_counter() - start < 0.1


# --- a start named as one cased word after "fine-tuned from" ------------------------------


def test_cased_word_after_fine_tuned_from() -> None:
    text = "# Finch\n\n[finch-tagger] is a tagger that was fine-tuned from brieBERT on news.\n"
    assert _parents(text, "acme/finch-tagger") == ["briebert"]


def test_cased_word_of_an_org_or_data_is_no_start() -> None:
    for sentence in (
        "This model was fine-tuned from the HuggingFace checkpoint on news.",
        "The encoder was fine-tuned from ImageNet weights.",
        "It was fine-tuned from OpenAI weights.",
        "It was fine-tuned from brieBERT's tokenizer.",  # a possessive continues the name
    ):
        assert _parents(f"# Finch\n\n{sentence}\n", "acme/finch-tagger") == [], sentence


def test_cased_word_in_another_models_sentence_is_no_start() -> None:
    # The heading speaks of the model this card extends, not of this card.
    text = (
        "# brie-tagger: model fine-tuned from brieBERT for tagging.\n\n"
        "[finch-dates] extends the [brie-tagger](https://huggingface.co/cheese/brie-tagger) "
        "model with dates.\n"
    )
    assert "briebert" not in _parents(text, "acme/finch-dates")


def test_cased_word_gives_way_to_a_clearer_start() -> None:
    text = (
        "# Finch\n\nFine-tuned from brieBERT. Base model: "
        "[cheese/brie-base](https://huggingface.co/cheese/brie-base).\n"
    )
    assert _parents(text, "acme/finch-tagger") == ["cheese/brie-base"]


# --- a start named in words before "as a base" -------------------------------------------


def test_spoken_name_as_a_base() -> None:
    assert _parents("# Finch\n\nUses Heron XL as a base.\n", "acme/finch") == ["heron xl"]
    text = "# Finch\n\nThis model uses Heron Chat 2 as its base model.\n"
    assert _parents(text, "acme/finch") == ["heron chat 2"]


def test_spoken_words_as_a_base_are_no_start() -> None:
    for sentence in (
        "We use Heron Diffusion as a base.",  # words, no release or acronym last
        "We use This Model as a base.",
        "Uses Heron XL as a base for comparison.",
        "Unlike others, it uses Heron XL as a base.",
    ):
        assert _parents(f"# Finch\n\n{sentence}\n", "acme/finch") == [], sentence


# --- an off-Hub link whose text says "model" ----------------------------------------------


def test_off_hub_link_text_with_model() -> None:
    text = (
        "# Finch\n\nAn [OpenHeron-13B model](https://github.com/lark/heron) fine-tuned on chats.\n"
    )
    assert _parents(text, "acme/finch") == ["openheron-13b"]


def test_off_hub_link_text_with_model_needs_a_version() -> None:
    # A family's name in the link's text: the design it reproduces, trained from scratch.
    text = (
        "# Finch\n\nFinch is a [HERON model](https://github.com/lark/heron) fine-tuned on "
        "a big corpus.\n"
    )
    assert _parents(text, "acme/finch") == []


# --- Chinese "在 X 模型的基础上" ------------------------------------------------------------


def test_chinese_on_the_basis_of_the_model() -> None:
    text = "# 雀\n\n我们在[Heron-7B](https://huggingface.co/lark/heron-7b)模型的基础上，用中文语料训练。\n"
    assert _parents(text, "acme/finch") == ["lark/heron-7b"]


def test_chinese_base_model_of_another_is_no_start() -> None:
    # "X 的基础模型是 Y": X's base model, not this model's start.
    text = "# 雀\n\n[Heron-7B](https://huggingface.co/lark/heron-7b)的基础模型是另一个模型。\n"
    assert _parents(text, "acme/finch") == []


def test_cased_word_after_initialised_from() -> None:
    text = "# Finch\n\nThe model was initialised from HeronLM weights.\n"
    assert _parents(text, "acme/finch") == ["heronlm"]
    text = "# Finch\n\nIt was initialized with brieBERT and tuned on news.\n"
    assert _parents(text, "acme/finch") == ["briebert"]


def test_cased_word_after_initialised_near_misses() -> None:
    for sentence in (
        "The text encoder was initialized from brieBERT.",  # a part of the model
        "It was initialized with BioHeron (`BioHeron-Base v1 + more`).",  # a release noted
        "Weights were initialized with HuggingFace defaults.",
    ):
        assert "briebert" not in _parents(f"# Finch\n\n{sentence}\n", "acme/finch"), sentence
        assert "bioheron" not in _parents(f"# Finch\n\n{sentence}\n", "acme/finch"), sentence
        assert "huggingface" not in _parents(f"# Finch\n\n{sentence}\n", "acme/finch"), sentence


# --- a start linked off the Hub as "[X model](…) trained on" ------------------------------


def test_off_hub_link_model_trained_on() -> None:
    text = "# Finch\n\nAn [OpenHeron-13B model](https://github.com/lark/heron) trained on chats.\n"
    assert _parents(text, "acme/finch") == ["openheron-13b"]
    text = (
        "# Finch\n\nFinch is a [Heron-7B model](https://example.org/heron) that was further "
        "trained on legal text.\n"
    )
    assert _parents(text, "acme/finch") == ["heron-7b"]


def test_off_hub_link_model_trained_on_near_misses() -> None:
    for sentence in (
        "Finch is a [HERON model](https://github.com/lark/heron) trained on a corpus.",
        "A [Heron-2 model](https://github.com/lark/heron) trained on chats from scratch.",
        "We compare against a [Heron-2 model](https://github.com/lark/heron) trained on chats.",
        "A [Heron-2 model](https://arxiv.org/abs/1234) trained on chats.",
    ):
        assert _parents(f"# Finch\n\n{sentence}\n", "acme/finch") == [], sentence


def test_off_hub_link_long_line_is_fast() -> None:
    line = "A [Heron-2 model](https://github.com/x) " + "word " * 4000 + "\n"
    start = time.perf_counter()
    off_hub_trained_claims(line * 5, "acme/finch")
    assert time.perf_counter() - start < 0.1

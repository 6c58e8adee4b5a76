"""Parents named as people speak of them: with spaces, an owner, or a family's name alone."""

from __future__ import annotations

from importers.card import read_card
from importers.prose import Strength, read_prose
from lineage.core.records import Relation


def prose_parents(text: str, model_id: str = "me/this-model") -> list[str]:
    return [c.parent for c in read_prose(text, model_id).claims]


def card_parents(text: str, model_id: str = "me/this-model") -> dict[str, Relation]:
    record = read_card(text, model_id, "README.md")
    return {c.parent: c.relation for c in record.claims}


def test_name_with_spaces_after_a_strong_phrase_is_kept_as_written() -> None:
    text = "Our tutor bot was fine-tuned from Falcon 2 11B on school worksheets."
    assert card_parents(text) == {"Falcon 2 11B": Relation.FINETUNE}


def test_owner_and_adjective_before_a_spoken_name_are_not_part_of_it() -> None:
    text = "A helper built on Acme's original Nimbus v3 Chat model, tuned for legal notes."
    assert prose_parents(text) == ["Nimbus v3 Chat"]


def test_spaces_are_made_single_and_sizes_read_as_one_name() -> None:
    text = "This is a distillation of Orca  2 8x7b into a small student."
    found = read_prose(text, "me/student")
    assert [c.parent for c in found.claims] == ["Orca 2 8x7b"]
    assert found.claims[0].strength is Strength.WEAK


def test_family_name_alone_after_a_lineage_phrase() -> None:
    assert card_parents("Guidebot is based on LLaMA and answers travel questions.") == {
        "LLaMA": Relation.FINETUNE
    }


def test_family_name_gives_way_to_a_named_model_of_it() -> None:
    text = "It is based on Qwen. More precisely, it was fine-tuned from Qwen 7B for chess."
    assert prose_parents(text) == ["Qwen 7B"]


def test_spoken_name_gives_way_to_an_explicit_id() -> None:
    text = (
        "Fine-tuned from Mistral 7B for recipes.\n\n"
        "Base model: [mistral-org/Mistral-7B-v0.1](https://huggingface.co/mistral-org/Mistral-7B-v0.1)\n"
    )
    assert card_parents(text) == {"mistral-org/Mistral-7B-v0.1": Relation.FINETUNE}


def test_plain_words_and_licences_after_based_on_are_no_parents() -> None:
    assert prose_parents("The weights are based on the Llama 2 license terms.") == []
    assert prose_parents("Results are based on Version 2 of the benchmark.") == []
    assert prose_parents("This chatbot is based on GPT 4 outputs.") == []
    # A capitalised word with no size or version is no spoken name.
    assert prose_parents("The app is based on Streamlit and runs anywhere.") == []


def test_link_text_with_spaces_is_not_a_spoken_name() -> None:
    text = "It was fine-tuned from [my favourite base](https://example.org/blog) last year."
    assert prose_parents(text) == []


# -- hand-written recipes that weigh their inputs ------------------------------

_WEIGHED = """\
---
license: other
---

```
Step-A:
[river-lab/Delta-13b](0.7) x [hill-org/Summit-13B-v2](0.3)

Step-B:
[Step-A](0.6) x [lake/Shore-13b](0.4)

Final:
[forest/Canopy-13B merge with a gradient over Step-B]
Apply meadow/Bloom-LoRA-13b at 0.25 weight to the result
```

Still being tested.
"""


def test_weighted_recipe_names_every_input_and_no_step() -> None:
    assert card_parents(_WEIGHED, "me/blend-13b") == {
        "river-lab/Delta-13b": Relation.MERGE,
        "hill-org/Summit-13B-v2": Relation.MERGE,
        "lake/Shore-13b": Relation.MERGE,
        "forest/Canopy-13B": Relation.MERGE,
        "meadow/Bloom-LoRA-13b": Relation.MERGE,
    }


def test_one_weighted_id_is_no_recipe() -> None:
    text = "We found [acme/Widget-7b](0.5) useful as a reference point.\n"
    assert card_parents(text, "me/other-7b") == {}


# -- "a finetuned X", pruning, comparisons -------------------------------------


def test_a_finetuned_spoken_name() -> None:
    text = "Kestrel is a finetuned Falcon 2 that answers in Welsh."
    assert card_parents(text, "me/kestrel") == {"Falcon 2": Relation.FINETUNE}


def test_a_finetuned_needs_a_name_after_it() -> None:
    assert prose_parents("We ship a fine-tuned model for invoices.") == []


def test_pruned_then_distilled_is_a_distillation() -> None:
    text = (
        "Sparrow-3B is obtained by pruning Heron 9B; then we train it further "
        "with distillation from the larger model."
    )
    assert card_parents(text, "me/sparrow-3b") == {"Heron 9B": Relation.DISTILLATION}


def test_pruned_from_in_a_card_that_distils_elsewhere() -> None:
    text = (
        "Our smaller models are distilled.\n\nThis checkpoint, though, was pruned from "
        "acme/Heron-9B and healed on web text."
    )
    assert card_parents(text, "me/sparrow-3b") == {"acme/Heron-9B": Relation.FINETUNE}


def test_compared_models_are_no_parents() -> None:
    assert prose_parents("On maths it outperforms a fine-tuned Heron-9B-chat.") == []
    assert prose_parents("It is faster than models based on Heron-9B-chat.") == []


# -- adjectives before a name, derivatives, italics ----------------------------


def test_praise_words_before_a_bare_name_are_skipped() -> None:
    text = "Owlet is based on the powerful Heron-9B model and tuned for maths."
    assert prose_parents(text, "me/owlet") == ["Heron-9B"]


def test_distilled_version_of_the_larger_model() -> None:
    text = "It is a distilled version of the larger acme/Heron-70B-chat model."
    assert card_parents(text, "me/owlet") == {"acme/Heron-70B-chat": Relation.DISTILLATION}


def test_context_extended_version_is_a_fine_tune() -> None:
    text = "This is an extended (32K) context version of Heron 2 9B, trained on long books."
    assert card_parents(text, "me/owlet-32k") == {"Heron 2 9B": Relation.FINETUNE}


def test_italic_marks_around_an_id_are_not_part_of_it() -> None:
    text = "_GGUF quantization of acme/Heron-9B_, made with an importance matrix."
    assert prose_parents(text, "me/heron-gguf") == ["acme/Heron-9B"]


def test_merge_links_skip_obsolete_and_inspiration_lines() -> None:
    text = (
        "# Obsolete, see: https://huggingface.co/me/newer-blend-34b\n\n"
        "A merge of my favourite models.\n\n"
        "https://huggingface.co/river-lab/Delta-34b\n\n"
        "https://huggingface.co/hill-org/Summit-34B\n\n"
        "- Inspired by [Grand-120b](https://huggingface.co/peak/Grand-120b)\n"
    )
    assert card_parents(text, "me/blend-34b") == {
        "river-lab/Delta-34b": Relation.MERGE,
        "hill-org/Summit-34B": Relation.MERGE,
    }


# -- recipes written as sums ------------------------------------------------------

_SUMS = """\
A 13B blend, built so (all SLERP merges):

Garnet + Night Owl = GarnetOwl

Topaz + Quill = TopazQuill

GarnetOwl + TopazQuill (0.8,0,0) = Gemstone
"""


def test_sum_recipe_names_the_leaves_as_written() -> None:
    assert card_parents(_SUMS, "me/Gemstone") == {
        "Garnet": Relation.MERGE,
        "Night Owl": Relation.MERGE,
        "Topaz": Relation.MERGE,
        "Quill": Relation.MERGE,
    }


def test_sums_outside_merge_cards_are_arithmetic() -> None:
    text = "Our tutor explains why Apples + Pears = Fruit salad.\n\nApples + Pears = Fruit\n"
    assert card_parents(text, "me/tutor") == {}


def test_quantization_of_the_model_url() -> None:
    text = "Here is the Q4 GGUF quantization of the model https://huggingface.co/acme/Wren-3B\n"
    assert card_parents(text, "me/Wren-3B-GGUF") == {"acme/Wren-3B": Relation.QUANTIZED}


def test_based_on_a_list_of_models_is_a_merge() -> None:
    text = (
        "My first two-expert mixture, based on\n* [river-lab/Delta-34b]\n* [hill-org/Summit-34B]\n"
    )
    assert card_parents(text, "me/duo-2x34b") == {
        "river-lab/Delta-34b": Relation.MERGE,
        "hill-org/Summit-34B": Relation.MERGE,
    }


def test_fine_tuned_from_a_one_item_list() -> None:
    text = "Fine-tuned from:\n- [acme/Wren-3B](https://huggingface.co/acme/Wren-3B)\n"
    assert card_parents(text, "me/wren-chat") == {"acme/Wren-3B": Relation.FINETUNE}


def test_unpublished_merge_steps_give_way_to_their_ingredients() -> None:
    text = (
        "Merge of Heron-P1 & Heron-P2.\n\n"
        "Heron-P1 is a gradient merge of:\n"
        "- [river-lab/Delta-13b](https://huggingface.co/river-lab/Delta-13b)\n"
        "- [hill-org/Summit-13B](https://huggingface.co/hill-org/Summit-13B)\n"
    )
    found = card_parents(text, "me/Heron-13B")
    assert "Heron-P1" not in found and "Heron-P2" not in found
    assert found == {
        "river-lab/Delta-13b": Relation.MERGE,
        "hill-org/Summit-13B": Relation.MERGE,
    }

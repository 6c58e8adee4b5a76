"""Kinds of statement in randomly drawn cards (encoders, speech, diffusion, family cards).

Precision first: a choice of bases ("A or B"), one base per variant of a family, the method
a paper built on, the card text's own origin name no parent of this model; a two-word name
as spoken ("Stable Diffusion 1.5") is read whole. Each rule beside a look-alike trap.
"""

from __future__ import annotations

from importers.tables import base_column_claims
from lineage.core.records import Relation
from tests.test_prose_recall import HUB, claims, parents

FT = Relation.FINETUNE


# -- a choice of bases: "initialized with A or B" ----------------------------------------


def test_choice_of_bases_names_no_parent() -> None:
    text = (
        "The Lark Notes paper trains two clinical encoders: initialized with Lark-Base "
        "(`L-12_H-768`) or MedLark (`MedLark-Base v2 + notes`) and trained on ward notes.\n"
    )
    assert parents(text, "me/lark-icd-codes") == {}


def test_choice_of_bases_keeps_the_one_of_own_size() -> None:
    text = (
        f"- Language model: initialized with [Lark-34B-Chat]({HUB}/larkco/Lark-34B-Chat) or "
        f"[Lark-6B-Chat]({HUB}/larkco/Lark-6B-Chat), bilingual.\n"
    )
    assert parents(text, "larkco/Lark-VL-6B") == {"larkco/Lark-6B-Chat": FT}
    assert parents(text, "larkco/Lark-VL-34B") == {"larkco/Lark-34B-Chat": FT}


def test_single_base_followed_by_or_fewer_is_kept() -> None:
    # Trap: "or" followed by no second name leaves one base.
    text = f"Initialized with [Lark-7B]({HUB}/larkco/Lark-7B) or a smaller copy of it.\n"
    assert parents(text, "me/lark-notes") == {"larkco/Lark-7B": FT}


# -- one base per variant of a family: "[A](…) (for X) and [B](…) (for Y)" ---------------


_VARIANTS = (
    f"Our rankers are initialized from [larkco/lark-2b]({HUB}/larkco/lark-2b) (for the "
    f"llm-based ranker) and [owlco/Owl-2B-sft]({HUB}/owlco/Owl-2B-sft) (for the llm-based "
    "layerwise ranker), and trained on mixed data.\n"
)


def test_base_of_another_variant_is_no_parent() -> None:
    assert parents(_VARIANTS, "larkco/lark-ranker-small") == {}


def test_base_of_own_variant_is_kept() -> None:
    # Trap: the qualifier names this model's own variant (and no other names more of it).
    assert parents(_VARIANTS, "larkco/lark-llm-ranker") == {"larkco/lark-2b": FT}
    assert "larkco/lark-2b" not in parents(_VARIANTS, "larkco/lark-llm-layerwise-ranker")


def test_one_base_with_a_for_note_is_kept() -> None:
    # Trap: one parenthesis "(for …)" is a note on training, not a list of variants.
    text = (
        f"This model was initialized from [larkco/lark-2b]({HUB}/larkco/lark-2b) (for 3 epochs).\n"
    )
    assert parents(text, "me/lark-ranker") == {"larkco/lark-2b": FT}


# -- a method's origin: "representation learning based on X" -----------------------------


def test_method_based_on_a_framework_is_no_parent() -> None:
    text = (
        "## Abstract\n\nWe present Lark-S, a large model for multilingual speech "
        "representation learning based on owl2vec 2.0. We train models up to 2B.\n"
    )
    assert parents(text, "larkco/lark-s-300m") == {}


def test_model_based_on_a_name_is_kept() -> None:
    # Trap: the model itself is based on the name.
    text = "Lark-S is a speech model based on owl2vec-2.0-large, trained on 400k hours.\n"
    assert parents(text, "larkco/lark-s-300m") == {"owl2vec-2.0-large": FT}


# -- the card's text based on another card -----------------------------------------------


def test_model_card_based_on_another_card_is_no_parent() -> None:
    text = (
        "*This model card was written by: Ann Writer and is based on the [Lark v1]"
        "(https://github.com/larkco/lark/blob/main/card.md) and "
        f"[Owl model card]({HUB}/owlco/owl-mini).*\n"
    )
    assert claims(text, "larkco/lark-2") == []


def test_model_based_on_link_after_card_sentence_is_kept() -> None:
    # Trap: a sentence about the card ends; the next sentence says the model's base.
    text = (
        "See the model card for details. This model is based on "
        f"[owlco/owl-mini]({HUB}/owlco/owl-mini).\n"
    )
    assert parents(text, "larkco/lark-2") == {"owlco/owl-mini": FT}


# -- a two-word name as spoken -----------------------------------------------------------


def test_two_word_spoken_name_before_fine_tuned_is_read_whole() -> None:
    text = "# Lark Photo\n\nLark Photo is a realistic Crisp Owl 1.5 model fine tuned on photos.\n"
    assert parents(text, "larkco/lark-photo") == {"Crisp Owl 1.5": FT}


def test_sentence_opening_word_is_not_part_of_the_name() -> None:
    # Trap: "Finetuned" describes the model; the name is "Owl 1.5".
    text = "# Lark Photo\n\nLark Photo is a Finetuned Owl 1.5 model fine tuned on photos.\n"
    assert parents(text, "larkco/lark-photo") == {"Owl 1.5": FT}


def test_two_word_spoken_link_text_to_code_host() -> None:
    text = (
        "Lark-Math was initialized with [Owl Coder 34B](https://github.com/owlco/owlcoder) "
        "weights and trained on math papers.\n"
    )
    assert parents(text, "larkco/lark-math-34b") == {"Owl Coder 34B": FT}


# -- "OWN, which is [X](…) fine-tuned for …" ---------------------------------------------


def test_own_name_which_is_linked_base_fine_tuned() -> None:
    text = (
        "# LarkLite-NER\n\nWe present LarkLite-NER, which is [LarkLite]("
        + HUB
        + "/larkco/larklite-base) "
        "fine-tuned for the NER task in Welsh.\n"
    )
    assert parents(text, "larkco/larklite-base-ner") == {"larkco/larklite-base": FT}


def test_this_model_is_linked_base_fine_tuned() -> None:
    text = f"This model is [larkco/lark-base]({HUB}/larkco/lark-base) fine-tuned on reviews.\n"
    assert parents(text, "me/lark-reviews") == {"larkco/lark-base": FT}


def test_other_name_which_is_linked_model_fine_tuned_is_no_parent() -> None:
    # Trap: the relative clause speaks of another model than this card's.
    text = (
        "We compare with Owl-QA, which is [OwlLite](" + HUB + "/owlco/owllite-base) fine-tuned "
        "for questions.\n"
    )
    assert "owlco/owllite-base" not in claims_of(text, "larkco/lark-ner")


def claims_of(text: str, model_id: str) -> set[str]:
    return {parent for parent, _ in claims(text, model_id)}


# -- a "Backbone" column on the card's own row -------------------------------------------


_BACKBONES = (
    "| Model | Backbone | Tokens | Score |\n|:-:|:-:|:-:|:-:|\n"
    "| Owl-7B | - | 2.0T | 40 |\n"
    "| owlco/owl-zh-7b | Llama-2-7B | 1.0T | 38 |\n"
    "| **Lark-Zh-7b-base** | Llama-2-7B | 0.01T | 50 |\n"
)


def test_backbone_column_on_own_row() -> None:
    found = base_column_claims(_BACKBONES, "larkco/Lark-Zh-7b-base")
    assert [c.parent for c in found] == ["meta-llama/Llama-2-7b"]


def test_backbone_column_of_other_rows_is_ignored() -> None:
    # Trap: the card's own model is in no row; the siblings' backbones are theirs.
    assert base_column_claims(_BACKBONES, "larkco/Lark-Zh-13b-base") == []


# -- continued pretraining: "X with continued pretraining on …", "continually pretrained from X"


def test_opening_name_with_continued_pretraining() -> None:
    text = "Lark-7b with continued pretraining using a thinking method on web math.\n"
    assert parents(text, "me/lark-think") == {"Lark-7b": FT}


def test_later_sentence_with_continued_pretraining_is_no_parent() -> None:
    # Trap: not the card's opening; a method (no sized name) with continued pretraining.
    text = (
        "# Lark Long\n\nA long-context model.\n\nWe used RoPE-X with continued pretraining on "
        "300M tokens.\n"
    )
    assert claims(text, "me/lark-long") == []


def test_continually_pretrained_from_a_name() -> None:
    text = (
        "**Lark-MED-special** is continually pretrained from Lark-MED-general to focus on X-rays.\n"
    )
    assert parents(text, "larkco/Lark-MED-special") == {"Lark-MED-general": FT}


def test_continually_pretrained_from_scratch_is_no_parent() -> None:
    # Trap: "from scratch" names no model.
    text = "Lark-MED is continually pretrained from scratch on clinical notes.\n"
    assert claims(text, "larkco/Lark-MED") == []


# -- a merge recipe table with one column per release ------------------------------------


def _recipe_table(first: str) -> str:
    return (
        "## Checkpoint merging data\n\n<table>\n<tr><th>Models</th><th>Lark v1.2 (Photo)</th>"
        "<th>Lark x3.1 (Anime)</th></tr>\n"
        f"<tr><td>alpha_mix v1</td><td>{first}</td><td>20.00%</td></tr>\n"
        "<tr><td>beta-diffusion v2</td><td>40.00%</td><td></td></tr>\n"
        "<tr><td>gammamix</td><td></td><td>80.00%</td></tr>\n</table>\n"
    )


def test_own_column_of_a_recipe_table_names_the_inputs() -> None:
    found = parents(_recipe_table("60.00%"), "larkco/Lark_v1.2_Release")
    assert found == {"alpha_mix v1": Relation.MERGE, "beta-diffusion v2": Relation.MERGE}
    other = parents(_recipe_table("60.00%"), "larkco/Lark_x3.1_Release")
    assert other == {"alpha_mix v1": Relation.MERGE, "gammamix": Relation.MERGE}


def test_scores_per_release_column_are_no_recipe() -> None:
    # Trap: a results table in a merge card, one column per release, scores in percent: the
    # column's cells do not add up to the whole.
    text = (
        "A merge of our releases.\n\n| Benchmark | Lark v1.2 (Photo) | Lark x3.1 |\n"
        "|---|---|---|\n| MMLU | 61.2% | 60.1% |\n| ARC | 55.0% | 54.3% |\n"
    )
    assert parents(text, "larkco/Lark_v1.2_Release") == {}


def test_recipe_table_of_another_family_names_no_inputs() -> None:
    # Trap: no column names this card's release.
    assert parents(_recipe_table("60.00%"), "larkco/Owl_v1.2_Release") == {}


def test_table_member_outranks_a_family_banner() -> None:
    text = "We released Lark-Zh-7b-base based on LLaMA-2 !!\n\n" + _BACKBONES
    assert parents(text, "larkco/Lark-Zh-7b-base") == {"meta-llama/Llama-2-7b": FT}


def test_table_does_not_replace_another_familys_base() -> None:
    # Trap: the banner's base is no family of the table's name: the stated base stays.
    text = "We released Lark-Zh-7b-base based on Owl-3 !!\n\n" + _BACKBONES
    assert set(parents(text, "larkco/Lark-Zh-7b-base")) == {"Owl-3"}

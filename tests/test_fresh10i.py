"""Kinds of statements read on a randomly drawn corpus (encoders, diffusion, speech and chat
models): each rule fires on its form and stays quiet on a look-alike."""

from __future__ import annotations

from importers.card import read_card
from lineage.core.records import Relation
from tests.test_prose_recall import HUB, parents

FT, ME, DI = Relation.FINETUNE, Relation.MERGE, Relation.DISTILLATION


def _card(tags: list[str], body: str) -> str:
    listed = "".join(f"- {t}\n" for t in tags)
    return f"---\ntags:\n{listed}base_model: birdlab/Wren-8B\n---\n{body}"


# -- a "distillation" tag beside a "finetune" tag ---------------------------------------


def test_finetune_tag_beside_distillation_tag_types_the_base_a_finetune() -> None:
    # Synthetic data distilled from a hosted model, the declared base fine-tuned on it.
    text = _card(["finetune", "synthetic data", "distillation"], "# Songbird 3\n\nA chat model.\n")
    assert parents(text, "nestlab/Songbird-3-Wren-8B") == {"birdlab/Wren-8B": FT}


def test_distillation_tag_alone_still_types_the_base_a_distillation() -> None:
    # Trap: no fine-tune tag, nothing in the text says how the base was used.
    text = _card(["distillation", "chat"], "# Songbird 3\n\nA chat model.\n")
    assert parents(text, "nestlab/Songbird-3-Wren-8B") == {"birdlab/Wren-8B": DI}


# -- a name spoken with a hyphenated version --------------------------------------------


def test_teacher_spoken_with_a_hyphenated_version_is_read_whole() -> None:
    text = (
        "# Tiny painter\n\nThis model is initialized from paint-diffusion v2-1. It was trained "
        "in two stages.\n\n- **Stage 2** - Distill the model using paint-diffusion v2-2 as the "
        "teacher. Soft labels were used.\n\n"
        f"The card is adapted from the [Paint model card]({HUB}/easel/paint-diffusion-v2-1).\n"
    )
    assert parents(text, "brushes/tiny-painter") == {
        "easel/paint-diffusion-v2-1": FT,  # the card links it: that id
        "paint-diffusion v2-2": DI,  # never linked: kept as written
    }


def test_a_version_alone_before_as_the_teacher_names_no_model() -> None:
    # Trap: the words before the version are no name ("using the v2-2 as the teacher").
    text = "# Tiny painter\n\nWe distill the model using the v2-2 as the teacher.\n"
    assert parents(text, "brushes/tiny-painter") == {}


def test_making_words_before_a_version_name_no_model() -> None:
    # Trap: "fine-tuned v2" is how a checkpoint was made, not a model's name.
    text = "# Tiny painter\n\nDistilled using our fine-tuned v2 as the teacher.\n"
    assert parents(text, "brushes/tiny-painter") == {}


def test_spoken_name_at_a_sentence_end_keeps_its_size() -> None:
    text = "# Kite\n\nKite is a chat model fine-tuned from Lark 2 13B. It speaks French.\n"
    assert parents(text, "someone/kite-13b") == {"Lark 2 13B": FT}


def test_spoken_name_the_card_links_is_that_id_and_stands_for_the_merge() -> None:
    text = (
        "# Finch\n\nA merge of Lark-2 13B and Robin 13B.\n\n"
        f"Made from our [Lark-2 13B]({HUB}/larkorg/lark-2-13b) and the "
        f"[Robin model]({HUB}/robinorg/Robin-L2-13b).\n"
    )
    got = parents(text, "someone/finch-13b")
    assert got.get("larkorg/lark-2-13b") is ME
    assert "Lark-2 13B" not in got


def test_spoken_merge_input_does_not_hide_the_listed_inputs() -> None:
    # Trap: a name as spoken in a sentence is vaguer than the recipe's list of ids.
    text = (
        "# Finch\n\nFinch is a model based on Robin and merged with Lark 2.2.\n\n"
        "## Models used\n\n- larkorg/lark-13b-2.2\n- robinorg/Robin-L2-13b\n"
    )
    got = parents(text, "someone/finch-13b")
    assert {"larkorg/lark-13b-2.2", "robinorg/Robin-L2-13b"} <= set(got)
    assert "Lark 2.2" not in got


# -- a name before "fine-tuned on" ------------------------------------------------------


def test_title_names_a_cased_base_before_fine_tuned_on() -> None:
    text = "# PICO-Small fine-tuned on a mail dataset for spam detection\n\nAccuracy: 0.97\n"
    assert parents(text, "someone/pico-small-spam") == {"PICO-Small": FT}


def test_title_with_a_method_word_names_no_base() -> None:
    # Trap: "LoRA-Tuned" is a method, written with capitals like a name.
    text = "# LoRA-Tuned fine-tuned on a mail dataset for spam detection\n\nAccuracy: 0.97\n"
    assert parents(text, "someone/pico-small-spam") == {}


def test_code_name_of_the_model_fine_tuned_is_kept_as_written() -> None:
    text = (
        "# tone\n\nThis released `quill-tone` model is the `QuillBERT` model fine-tuned on "
        "9,000 labelled sentences from reports.\n"
    )
    assert parents(text, "quill/quill-tone") == {"QuillBERT": FT}


def test_plain_code_word_before_fine_tuned_names_no_model() -> None:
    # Trap: a lower-case identifier in code ("`classifier`") is no model's name.
    text = "# tone\n\nThis released model is the `classifier` model fine-tuned on reports.\n"
    assert parents(text, "quill/quill-tone") == {}


# -- a second bare base after "and" -----------------------------------------------------


def test_second_sized_base_after_and_with_a_greek_letter() -> None:
    text = (
        "# Heron-12B\n\nHeron is built based on VIT02-5B and Plover-7B-β, connected with a "
        "resampler layer, and trained on image-text data.\n"
    )
    assert parents(text, "birds/Heron-12B") == {"VIT02-5B": FT, "Plover-7B-β": FT}


def test_sized_name_after_and_before_data_is_no_base() -> None:
    # Trap: the second name names the data the base was tuned on.
    text = "# Heron-12B\n\nHeron is built based on VIT02-5B and Plover-2 data from the web.\n"
    assert parents(text, "birds/Heron-12B") == {"VIT02-5B": FT}


def test_name_after_a_comma_is_the_next_clause_subject_not_a_base() -> None:
    # Trap: "Built upon Heron1.5, Heron1.6 adds …": the second name is this model.
    text = "# Heron1.6-Plover-9B\n\nBuilt upon Heron1.5, Heron1.6 adds larger images.\n"
    assert parents(text, "birds/Heron1.6-Plover-9B") == {"Heron1.5": FT}


def test_card_reader_keeps_one_claim_per_spoken_and_linked_name() -> None:
    record = read_card(
        f"# Finch\n\nFine-tuned from Lark-2 13B.\n\n[weights]({HUB}/larkorg/lark-2-13b)\n",
        "someone/finch",
        "README.md",
    )
    assert [c.parent for c in record.claims] == ["larkorg/lark-2-13b"]


# -- a SuperMerger recipe: "Model A:" / "Model B:" --------------------------------------

_AB = (
    "# Dusk Mix\n\nDuskDream 2.1 mixed with NightFoto!\n\nOriginal pages:\n\n"
    f"{HUB}/lightorg/Night_Foto_V2\n\n# Recipe\n\n- SuperMerger Weight sum MBW 1,0,0,1\n\n"
)


def test_ab_recipe_names_its_inputs_by_written_id() -> None:
    # "DuskDream 2.1" has no Hub id in the card (its page is on another site): left out.
    text = _AB + "Model A:\n\nNight Foto 2\n\nModel B:\n\nDuskDream 2.1\n\nOutput Model:\n\nx\n"
    assert parents(text, "painter/DuskMix") == {"lightorg/Night_Foto_V2": ME}


def test_ab_recipe_output_of_a_step_is_no_input() -> None:
    text = _AB + (
        "Model A: Night Foto 2\n\nModel B: DuskDream 2.1\n\nOutput: DuskNight\n\n"
        "Model A: DuskNight\n\nModel B: Glow-4\n\nOutput: DuskMix\n"
    )
    text += f"\n[Glow]({HUB}/glowing/Glow-4-fp16)\n"
    got = parents(text, "painter/DuskMix")
    assert got == {"lightorg/Night_Foto_V2": ME, "glowing/Glow-4-fp16": ME}


def test_a_single_model_a_label_is_no_recipe() -> None:
    # Trap: a comparison table's "Model A:" without a "Model B:" names no merge input.
    text = "# Dusk\n\nWe merged nothing. Compared with Model A: SunsetNet in a blind test.\n"
    assert parents(text, "painter/Dusk") == {}

"""Kinds of statements read on a second randomly drawn corpus (encoders, repacks, model zoos):
each rule fires on its form and stays quiet on a look-alike."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import HUB, parents

FT, QU = Relation.FINETUNE, Relation.QUANTIZED


# -- a model zoo's legend: "`X` represents the LoRA-tuned version" ------------------------


def _zoo(legend: str) -> str:
    return (
        "---\nlicense: mit\n---\n# Otter encoders\n\nWe release a family of video encoders.\n\n"
        "## Model zoo\n\n"
        f"<td><a href='{HUB}/otterlab/Otter_Clip'>Otter_Clip</a></td>"
        f"<td><a href='{HUB}/otterlab/Otter_Clip_Full'>Otter_Clip_Full</a></td>\n\n"
        f"{legend}\n"
    )


def test_a_sibling_defined_by_a_zoo_legend_is_no_parent() -> None:
    legend = (
        "In the table, `otterlab/Otter_Clip_Full` represents the fully fine-tuned version, "
        "while `otterlab/Otter_Clip` represents the LoRA-tuned version."
    )
    assert parents(_zoo(legend), "otterlab/Otter_Clip_Full") == {}


def test_a_legend_word_before_a_name_still_credits_it() -> None:
    # Trap: "represents" is said of this model; the name after "fine-tuned from" is the source.
    legend = (
        "Otter_Clip_Full represents the fully tuned version: it was fine-tuned from "
        f"[otterlab/Otter_Clip]({HUB}/otterlab/Otter_Clip) on ten million clips."
    )
    assert parents(_zoo(legend), "otterlab/Otter_Clip_Full") == {"otterlab/Otter_Clip": FT}


# -- a repack over the original's copied card, the source only in its loading code -------


def _repack(
    code_id: str,
    note: str = "Quantized for the 4bit fork of a story writer UI.",
    title: str = "Quill-7B-Saga",
) -> str:
    return (
        f"---\nlicense: apache-2.0\n---\n# {title}\n\n"
        f"{note}\n\n"
        "Quill-7B-Saga writes long stories. It was built by finetuning Quill-7B on novels.\n\n"
        "```python\nimport transformers\n"
        f"model = transformers.AutoModelForCausalLM.from_pretrained('{code_id}')\n```\n"
    )


def test_group_sized_repack_names_the_copied_loading_code_id_as_its_source() -> None:
    got = parents(_repack("inkworks/quill-7b-saga"), "repacker/quill-7b-saga-4bit-128g")
    # The copied card's own base (Quill-7B) is a grand-parent, not this repack's parent.
    assert got == {"inkworks/quill-7b-saga": QU}


def test_repack_loading_another_name_takes_no_source_from_the_code() -> None:
    # Trap: the code loads a model of another name; only the copied sentence speaks. (Under
    # a title naming the original, the card would be its copied card: importers.
    # conversion_source reads that title; here the title names no model.)
    got = parents(_repack("inkworks/quill-7b", title="Stories"), "repacker/quill-7b-saga-4bit-128g")
    assert "inkworks/quill-7b-saga" not in got
    assert not any(r is QU for r in got.values())


def test_repack_that_never_speaks_of_a_conversion_takes_no_source_from_the_code() -> None:
    # Trap: a conversion-named repo whose text never says it converts anything.
    text = _repack("inkworks/quill-7b-saga", note="A story model.", title="Stories")
    got = parents(text, "repacker/quill-7b-saga-4bit-128g")
    assert "inkworks/quill-7b-saga" not in got


# -- a line opening with a Hub link and a bare participle --------------------------------


def test_line_opening_with_a_legacy_hub_link_and_finetuned_on_names_the_base() -> None:
    text = (
        "# Mood reader\n\n## Model description\n\n[Albert](https://arxiv.org/abs/1) is an "
        "encoder based architecture trained on masked words\n\n"
        f"[albert-small-cased]({HUB}/albert-small-cased) finetuned on a mood corpus with the "
        "usual trainer settings.\n\n## Results\n\n| Model | Accuracy |\n|---|---|\n"
        f"| [albert-small-cased]({HUB}/albert-small-cased) | 90.1 |\n"
        f"| [moodlab/tiny-mood]({HUB}/moodlab/tiny-mood) | 88.0 |\n"
    )
    # The results table compares the base too: the opening line is what credits it.
    assert parents(text, "moodlab/mood-reader") == {"albert-small-cased": FT}


def test_list_item_opening_with_a_hub_link_and_finetuned_on_is_a_zoo_row() -> None:
    # Trap: the same words as an item of a list of other models.
    text = (
        "# Mood reader\n\nOther checkpoints:\n\n"
        f"- [albert-small-cased]({HUB}/albert-small-cased) finetuned on tweets\n"
        f"- [moodlab/tiny-mood]({HUB}/moodlab/tiny-mood) finetuned on reviews\n"
    )
    got = parents(text, "moodlab/albert-large-mood")
    assert "albert-small-cased" not in got and "moodlab/tiny-mood" not in got


def test_line_opening_with_a_dataset_link_and_finetuned_names_no_base() -> None:
    # Trap: a dataset page, not a model, opens the line.
    text = (
        "# Mood reader\n\n"
        f"[moodlab/moods]({HUB}/datasets/moodlab/moods) finetuned on by us for two epochs.\n"
    )
    assert parents(text, "moodlab/albert-large-mood") == {}


# -- "# List of models" under a merge card -----------------------------------------------

ME = Relation.MERGE


def _list_card(banner: str) -> str:
    return (
        "---\ntags:\n- text-to-image\n---\n"
        f"<h1>inkwell-XL</h1>\n<p>{banner}</p>\n\n# List of models (some left out)\n\n"
        f"* [Pebble XL]({HUB}/rocklab/pebble-xl)\n"
        f"* [Moss]({HUB}/greenlab/Moss-XL/)\n"
        "* [Fern Mix - Anime/3D](https://civitai.com/models/1234/)\n"
    )


def test_list_of_models_heading_in_a_merge_card_lists_the_inputs() -> None:
    got = parents(_list_card("A merge of all the things"), "inkdrop/inkwell-XL")
    # The off-Hub item's display name is no Hub id, slash or not.
    assert got == {"rocklab/pebble-xl": ME, "greenlab/Moss-XL": ME}


def test_list_of_models_heading_in_a_card_that_never_merges_lists_no_inputs() -> None:
    # Trap: a family's index card lists its own sizes under the same heading.
    got = parents(_list_card("A family of painters"), "inkdrop/inkwell-XL")
    assert "rocklab/pebble-xl" not in got and "greenlab/Moss-XL" not in got


# -- a relative link whose text names the authors ----------------------------------------


def test_relative_link_target_is_the_model_when_its_text_names_a_group() -> None:
    text = (
        "# Tweet mood\n\nThis model is fine tuned and based on the "
        "[Harbor NLP Group](harbornlp/tweet-roberta-mood) mood classifier.\n"
    )
    assert parents(text, "citylab/tweet-xlmr-mood") == {"harbornlp/tweet-roberta-mood": FT}


def test_relative_link_to_a_repo_folder_or_file_is_no_model() -> None:
    # Traps: the card's own folders and files, linked relatively.
    for target in ("examples/train_mood", "harbornlp/plot.png"):
        text = (
            "# Tweet mood\n\nThis model is fine tuned and based on the "
            f"[training recipe]({target}) we wrote.\n"
        )
        assert parents(text, "citylab/tweet-xlmr-mood") == {}, target


# -- two described parts after "build upon" ----------------------------------------------


def test_two_described_parts_after_build_upon_are_both_bases() -> None:
    text = (
        "# Kite-VL\n\nOur kite-vl-3b is a small multimodal model, which is build upon a compact "
        f"yet capable LM [Swift-2 ]({HUB}/swiftlab/swift-2)(2.7B) and a sharp visual encoder "
        f"[Lens ]({HUB}/lenslab/lens-so400m)(0.4B), and trained on captioned pictures.\n"
    )
    got = parents(text, "kitelab/kite-vl-3b")
    assert got == {"swiftlab/swift-2": FT, "lenslab/lens-so400m": FT}


def test_build_upon_a_described_docs_link_names_no_base() -> None:
    # Trap: the link after the description is a documentation page, not a model.
    text = (
        "# Kite-VL\n\nThe code is build upon the well known library "
        f"[Transformers]({HUB}/docs/transformers) and a small helper [kit](https://kit.example).\n"
    )
    assert parents(text, "kitelab/kite-vl-3b") == {}


def test_a_legend_naming_the_base_model_does_not_rule_it_out() -> None:
    # Trap: the legend says the name stands for the base this model was tuned from.
    legend = (
        "In the table, `otterlab/Otter_Clip` represents the base model, which we tuned on "
        "ten million clips to make this one."
    )
    got = parents(_zoo(legend), "otterlab/Otter_Clip_Full")
    assert got.get("otterlab/Otter_Clip") is FT

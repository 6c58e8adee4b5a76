"""Kinds of statements read on randomly drawn cards: each rule fires on its form and stays
quiet on a look-alike."""

from __future__ import annotations

from importers.card_forms import dare_source_claims, lora_label_claims
from lineage.core.records import Relation
from tests.test_prose_recall import HUB, parents

FT, ME, DI, UN = Relation.FINETUNE, Relation.MERGE, Relation.DISTILLATION, Relation.UNKNOWN


# -- a bare name the card spells in full elsewhere ------------------------------------


def test_bare_name_takes_the_versioned_id_the_card_spells() -> None:
    text = (
        "This model is the Kestrel-9b model finetuned for 2k steps on forum text.\n\n"
        "| Model | ARC | MMLU |\n|---|---|---|\n| kestrelai/Kestrel-9B-v0.2 | 61.0 | 63.1 |\n"
    )
    assert parents(text, "someone/kestrel-forum") == {"kestrelai/Kestrel-9B-v0.2": FT}


def test_bare_name_with_two_versioned_ids_stays_as_written() -> None:
    # Trap: two releases spelled, so the card does not say which one was tuned.
    text = (
        "This model is the Kestrel-9b model finetuned for 2k steps on forum text.\n\n"
        "Compare kestrelai/Kestrel-9B-v0.2 and kestrelai/Kestrel-9B-v0.3 in the table.\n"
    )
    assert parents(text, "someone/kestrel-forum") == {"Kestrel-9b": FT}


def test_shell_variable_before_a_name_is_a_local_path() -> None:
    text = (
        "This is a preview version of the kestrel-9b model fine-tuned with our recipe.\n\n"
        "```python\ntok = AutoTokenizer.from_pretrained('kestrelai/kestrel-9b-v0.2')\n```\n\n"
        "```bash\nexport ROOT=/data\npython train.py --model $ROOT/kestrel-9b --out $ROOT/out\n```\n"
    )
    got = parents(text, "someone/kestrel-bagel")
    assert got == {"kestrelai/kestrel-9b-v0.2": FT}
    assert not any(p.startswith("ROOT/") for p in got)


# -- two families joined by a slash ---------------------------------------------------


def test_slash_between_two_families_is_no_hub_id() -> None:
    text = "The owlet 3.1 models are built on top of llama-2/codellama.\n"
    assert "llama-2/codellama" not in parents(text, "someone/owlet-l2-13b-3.1")


def test_a_real_id_after_built_on_is_still_read() -> None:
    # Trap: an org and a name, not two family names.
    text = "The owlet 3.1 models are built on top of [this](https://hf.co/owlorg/Owl-2-13b).\n"
    assert parents(text, "someone/owlet-l2-13b-3.1") == {"owlorg/Owl-2-13b": FT}


# -- fine-tunes of one model combined: that model is a grand-parent ---------------------


def test_combining_fine_tunes_of_a_linked_model_is_no_input() -> None:
    text = (
        "# Heron 40B\n\nA 40B model made by combining 2x finetuned longctx "
        f"[Heron 20b]({HUB}/heronlab/Heron-20B) into one.\n\n# Merge process\n\n"
        f"The models used in the merge are [Wren-20B]({HUB}/wrenco/Wren-20B) and "
        f"[Finch-20B]({HUB}/finchco/Finch-20B).\n"
    )
    got = parents(text, "someone/Heron-40B-merge")
    assert "heronlab/Heron-20B" not in got
    assert got == {"wrenco/Wren-20B": ME, "finchco/Finch-20B": ME}


def test_two_fine_tuned_models_named_are_inputs() -> None:
    # Trap: "two fine-tuned models:" then the links names the inputs themselves.
    text = (
        "# Heron 40B\n\nA merge of two fine-tuned models: "
        f"[Wren-20B]({HUB}/wrenco/Wren-20B) and [Finch-20B]({HUB}/finchco/Finch-20B).\n"
    )
    assert parents(text, "someone/Heron-40B-merge") == {
        "wrenco/Wren-20B": ME,
        "finchco/Finch-20B": ME,
    }


# -- a share table of bare names --------------------------------------------------------


def test_share_table_of_bare_names_gives_merge_inputs() -> None:
    text = (
        "## Merge composition\n\nThe merge ended with this share of each model:\n\n"
        "| Model | Contribution |\n|---|---|\n| Wren-7b-v2 | 50% |\n| Finch-7B-v1.1 | 30% |\n"
        "| Robin_2.5 | 20% |\n\nNo logic in the split.\n"
    )
    assert parents(text, "someone/Aviary-7b") == {
        "Wren-7b-v2": ME,
        "Finch-7B-v1.1": ME,
        "Robin_2.5": ME,
    }


def test_score_table_is_no_composition() -> None:
    # Trap: a table of scores in a merge card; its numbers do not share out a whole.
    text = (
        "We merged our best models.\n\n| Model | Weight |\n|---|---|\n"
        "| Wren-7b-v2 | 61% |\n| Finch-7B-v1.1 | 58% |\n"
    )
    assert parents(text, "someone/Aviary-7b") == {}


# -- a base and one LoRA on label lines -------------------------------------------------


def test_model_and_lora_label_lines_give_base_and_ingredient() -> None:
    text = (
        "LoRA merged into a model.\n\nModel : https://huggingface.co/wrenco/Wren-13b\n\n"
        "LoRA : https://huggingface.co/finchco/Finch-lora-13B\n\nWeight : 0.50\n"
    )
    assert parents(text, "someone/Wren-Finch-13b") == {
        "wrenco/Wren-13b": FT,
        "finchco/Finch-lora-13B": ME,
    }


def test_label_lines_without_merging_are_not_read() -> None:
    # Trap: the same labels in an adapter's card that merges nothing.
    text = (
        "Training notes.\n\nModel : https://huggingface.co/wrenco/Wren-13b\n\n"
        "LoRA : https://huggingface.co/finchco/Finch-lora-13B\n"
    )
    assert lora_label_claims(text, "someone/Wren-notes") == []


# -- a mixture of LoRA modules ----------------------------------------------------------


def test_lora_module_list_and_the_repo_holding_them() -> None:
    text = (
        "A static mixture of LoRAs built on the following 3 Wren-based LoRA modules.\n\n"
        "- wrenco/Wren-chat-7b\n- finchco/Finch-7B-v1\n- robin/robin-7b-instruct\n\n"
        f"All 3 LoRA modules from [wren-loras]({HUB}/wrenco/wren-loras-7b)\n"
    )
    assert parents(text, "someone/wren-moloras-7b") == {
        "wrenco/Wren-chat-7b": ME,
        "finchco/Finch-7B-v1": ME,
        "robin/robin-7b-instruct": ME,
        "wrenco/wren-loras-7b": ME,
    }


def test_following_models_without_lora_modules_is_not_this_rule() -> None:
    # Trap: a list of models compared, introduced without any LoRA modules.
    text = (
        "We evaluate the following 2 models with a LoRA probe.\n\n"
        "- wrenco/Wren-chat-7b\n- finchco/Finch-7B-v1\n"
    )
    got = parents(text, "someone/probe-7b")
    assert got.get("wrenco/Wren-chat-7b") is not ME


# -- a linked sum called a merge --------------------------------------------------------


def test_parenthesised_sum_of_links_then_merge() -> None:
    text = (
        "# wren-finch-13b\n"
        f"([wren-13b]({HUB}/wrenco/wren-13b) + [Finch-13b]({HUB}/finchco/Finch-13b)) 70/30 merge\n"
    )
    assert parents(text, "someone/wren-finch-13b") == {
        "wrenco/wren-13b": ME,
        "finchco/Finch-13b": ME,
    }


def test_sum_of_links_without_merge_word_is_not_read_so() -> None:
    # Trap: "+" between two links that are then compared, no merge said.
    text = (
        "# a test\nWe merged nothing here.\n"
        f"[wren-13b]({HUB}/wrenco/wren-13b) + [Finch-13b]({HUB}/finchco/Finch-13b) compared\n"
    )
    got = parents(text, "someone/wren-eval")
    assert "finchco/Finch-13b" not in got


# -- bare bases in prose ---------------------------------------------------------------


def test_is_a_named_model_trained_with() -> None:
    text = "Owl-9B-v3 is a Kestrel-9B model trained with guidance from a paper on tutoring.\n"
    assert parents(text, "someone/Owl-9B-v3") == {"Kestrel-9B": FT}


def test_is_a_size_model_trained_with_names_no_base() -> None:
    # Trap: no name before "model", only a size.
    text = "Owl-9B-v3 is a 9B model trained with guidance from a paper on tutoring.\n"
    assert parents(text, "someone/Owl-9B-v3") == {}


def test_trained_on_the_named_base() -> None:
    text = "Owl is a general model series. Owl-M-v2 was trained on the Kestrel-34B-100K base.\n"
    assert parents(text, "someone/Owl-M-v2") == {"Kestrel-34B-100K": FT}


def test_trained_on_the_named_dataset_is_no_base() -> None:
    # Trap: "trained on the X dataset": data.
    text = "Owl-M-v2 was trained on the Chats-2023-v1 dataset for three epochs.\n"
    assert parents(text, "someone/Owl-M-v2") == {}


def test_elliptic_based_at_a_sentence_start() -> None:
    text = "# Model card\n\nbased kestrel-34b, instruction tuned and dpo.\n"
    assert parents(text, "someone/kestrel-34b-inst") == {"kestrel-34b": FT}


def test_word_based_inside_a_compound_is_not_read() -> None:
    # Trap: "Kestrel-based" describes modules, "based 4bit" names no model.
    text = "# Model card\n\nThree Kestrel-based modules. Based 4bit quants are elsewhere.\n"
    assert parents(text, "someone/kestrel-34b-inst") == {}


def test_base_pretrained_model_type_label() -> None:
    text = "## Details\n\n- Base pretrained model type: Kestrel V2 70B\n- Architecture: GenX\n"
    assert parents(text, "someone/genx-70b") == {"Kestrel V2 70B": FT}


def test_base_pretrained_words_in_a_sentence_are_no_label() -> None:
    # Trap: no colon after the words, no label.
    text = "We compare against a base pretrained model of the same size, Kestrel V2 70B.\n"
    assert parents(text, "someone/genx-70b") == {}


# -- a teacher's logits ----------------------------------------------------------------


def test_training_logits_from_a_named_teacher() -> None:
    text = (
        "A small model trained with a distillation loss using training logits from "
        f"[Kestrel-8x7B]({HUB}/kestrelai/Kestrel-8x7B-v0.1) on web text.\n"
    )
    assert parents(text, "someone/kestrel-mini") == {"kestrelai/Kestrel-8x7B-v0.1": DI}


def test_logits_of_a_model_without_distillation_are_not_read() -> None:
    # Trap: the card never speaks of distillation; logits are only inspected.
    text = (
        "We plot the output logits of "
        f"[Kestrel-8x7B]({HUB}/kestrelai/Kestrel-8x7B-v0.1) for a few prompts.\n"
    )
    assert parents(text, "someone/logit-viewer").get("kestrelai/Kestrel-8x7B-v0.1") is not DI


# -- a DARE experiment named after the model it processed ------------------------------


def test_dare_experiment_names_its_model_through_its_own_name() -> None:
    text = (
        "Experiment for DARE (drop and rescale) of delta parameters.\n\n"
        "| Model | Average |\n|---|---|\n| wrenco/Wren-7B-v1.3 | 57.1 |\n"
        "| finchco/Finch-7B | 55.0 |\n"
    )
    assert parents(text, "someone/Wren-7B-v1.3-dare-0.85") == {"wrenco/Wren-7B-v1.3": UN}


def test_dare_merge_name_without_a_rate_is_not_this_rule() -> None:
    # Trap: "-DARE-TIES" names a merge method, not one model's drop rate.
    text = "A DARE-TIES merge.\n\n| Model | Average |\n|---|---|\n| wrenco/Wren-7B | 57.1 |\n"
    assert dare_source_claims(text, "someone/Wren-7B-DARE-TIES") == []
    # Nor a card that never speaks of DARE, whatever its name.
    assert dare_source_claims("| wrenco/Wren-7B | 1 |\n", "someone/Wren-7B-dare-0.5") == []

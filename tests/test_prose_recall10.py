"""Parents named without an org: family and version names, cased names, gerund phrases.

The convention (`importers.prose_bare`): such a parent is kept as the card writes it when a
lineage phrase says the model was built on it. Each kind has a look-alike beside it that
names no parent (a design, a comparison, a licence, a tokenizer, a judge, a method word).
"""

from __future__ import annotations

from importers.card import read_card
from importers.prose import read_prose
from importers.prose_bare import cased_name, named_bare
from lineage.core.records import Relation


def card_parents(text: str, model_id: str = "me/this-model") -> dict[str, Relation]:
    record = read_card(text, model_id, "README.md")
    return {c.parent: c.relation for c in record.claims}


def prose_parents(text: str, model_id: str = "me/this-model") -> list[str]:
    return [c.parent for c in read_prose(text, model_id).claims]


# -- kind 1: a family with its version glued on, after a clear phrase -----------------------


def test_family_with_glued_version_after_initialized_from() -> None:
    text = "# Sparrow\n\nInitialised from Qwen2, Sparrow then went through preference tuning.\n"
    assert card_parents(text) == {"Qwen2": Relation.FINETUNE}


def test_family_with_glued_version_named_as_a_design_is_no_parent() -> None:
    text = "# Sparrow\n\nWe trained it from scratch; its architecture is identical to Llama2.\n"
    assert card_parents(text) == {}


def test_family_with_glued_version_after_built_upon() -> None:
    text = "# Sparrow\n\nSparrow is built upon Qwen2 and speaks Catalan.\n"
    assert set(card_parents(text)) == {"Qwen2"}


def test_family_with_glued_version_after_a_chinese_based_on_is_left_alone() -> None:
    # In a family's shared card "基于Llama2" names the project's base, not this model's.
    text = "# 麻雀\n\n本系列模型基于Llama2，支持加泰罗尼亚语。\n"
    assert prose_parents(text) == []


def test_family_with_glued_version_named_for_its_licence_is_no_parent() -> None:
    text = "# Sparrow\n\nIts terms are based on the Llama2 license, nothing more.\n"
    assert card_parents(text) == {}


def test_family_with_glued_version_in_a_comparison_is_no_parent() -> None:
    text = "# Sparrow\n\nUnlike Llama2, Sparrow was trained from scratch on Catalan text.\n"
    assert card_parents(text) == {}


def test_a_name_the_card_also_writes_with_its_org_is_that_id_once() -> None:
    text = (
        "# Sparrow\n\nInitialized from Qwen2 and tuned on recipes.\n\n"
        "```python\nAutoModel.from_pretrained('qwen-lab/Qwen2')\n```\n"
    )
    assert card_parents(text) == {"qwen-lab/Qwen2": Relation.FINETUNE}


# -- kind 2: a hyphenated name written with an acronym's capitals ---------------------------


def test_cased_hyphenated_name_after_initialized_with() -> None:
    text = (
        "# Lexi\n\nThe encoder was initialized with ROBERTA-Legal-Cased and trained on rulings.\n"
    )
    assert card_parents(text) == {"ROBERTA-Legal-Cased": Relation.FINETUNE}


def test_method_words_are_not_cased_names() -> None:
    text = "# Lexi\n\nThe encoder was initialized with LoRA-tuned weights from our last run.\n"
    assert card_parents(text) == {}
    assert not cased_name("DPO-trained")
    assert not cased_name("GGUF-ready")
    assert not cased_name("pre-trained")
    assert cased_name("pegasus-XSUM")
    assert named_bare("Llama3") and not named_bare("Version2")


def test_a_name_glued_to_a_bracket_is_not_cut_short() -> None:
    # "XLM-RoBERTa(base)": the name is more than the word; half of it would be wrong.
    text = "# Lexi\n\nThe model was initialized with the weights of ALBERTO-X(base) and tuned.\n"
    assert card_parents(text) == {}


def test_a_tokenizer_named_so_is_no_parent() -> None:
    text = "# Lexi\n\nThe vocabulary was initialized with the ROBERTA-Legal-Cased tokenizer.\n"
    assert card_parents(text) == {}


# -- kind 3: "based on the X model": the word "model" makes a weak phrase name weights -----


def test_based_on_the_named_model() -> None:
    text = "# Ranker\n\nThis reward model is based on the Kiwi-LLaMA model, trained on rankings.\n"
    assert card_parents(text) == {"Kiwi-LLaMA": Relation.FINETUNE}


def test_based_on_the_named_model_architecture_is_no_parent() -> None:
    text = "# Ranker\n\nThis reward model is based on the Kiwi-LLaMA model architecture.\n"
    assert card_parents(text) == {}


# -- kind 4: "trained by fine-tuning X on …" ------------------------------------------------


def test_by_fine_tuning_a_family() -> None:
    text = "# Tapir\n\nTapir is a chatbot trained by fine-tuning LLaMA on forum dialogues.\n"
    assert card_parents(text) == {"LLaMA": Relation.FINETUNE}


def test_by_fine_tuning_on_data_names_no_model() -> None:
    text = "# Tapir\n\nTapir was made by fine-tuning on forum dialogues for three epochs.\n"
    assert card_parents(text) == {}


def test_two_families_joined_by_a_slash_are_no_org_id() -> None:
    text = "# Tapir\n\nTapir was made by fine-tuning LLaMA/Vicuna on forum dialogues.\n"
    assert "LLaMA/Vicuna" not in card_parents(text)


def test_by_fine_tuning_said_of_a_judge_is_no_parent() -> None:
    # The judge was tuned from LLaMA; this card only says how its answers were scored.
    text = "# Tapir\n\nAnswers were graded by a judge obtained by fine-tuning LLaMA on ratings.\n"
    assert card_parents(text) == {}


def test_by_fine_tuning_said_of_a_rival_is_no_parent() -> None:
    text = "# Tapir\n\nWe compare against a chatbot built by fine-tuning LLaMA on chats.\n"
    assert card_parents(text) == {}


# -- kind 5: "on the base model X" without a colon ------------------------------------------


def test_on_the_base_model_without_a_colon() -> None:
    text = (
        "# Coder\n\nCoder-34B was tuned on many code tasks on the base model "
        "CodeLlama-34b-Python. It keeps a 4K context.\n"
    )
    assert card_parents(text) == {"CodeLlama-34b-Python": Relation.FINETUNE}


def test_compared_with_the_base_model_is_no_parent() -> None:
    text = "# Coder\n\nOur scores beat those of the base model CodeLlama-34b-Python by far.\n"
    assert card_parents(text) == {}


# -- kind 6: "a model diverged from X" --------------------------------------------------------


def test_diverged_from() -> None:
    text = "# Fork\n\nThis is a model diverged from Llama-2-13b-chat-hf. We merged top rankers.\n"
    # (A well-known base named exactly as its Hub repo is that repo.)
    # How it diverged the phrase does not say.
    assert card_parents(text) == {"meta-llama/Llama-2-13b-chat-hf": Relation.UNKNOWN}


def test_a_licence_diverged_from_is_no_lineage() -> None:
    text = "# Fork\n\nThe licence text diverged from Llama-2-13b-chat-hf's own terms.\n"
    assert card_parents(text) == {}


# -- kind 7: a mergekit recipe in the card naming its inputs without an org -----------------

_RECIPE = """# Dune-40b

The following YAML configuration was used to produce this model:

```yaml
base_model: Glass-Dune-40b
models:
  - model: Sand-Dune-40b
    parameters:
      weight: 0.4
merge_method: dare_ties
dtype: bfloat16
```
"""


def test_bare_inputs_of_a_recipe_in_the_card_are_kept_as_written() -> None:
    parents = card_parents(_RECIPE, "me/Dune-40b")
    assert {"glass-dune-40b", "sand-dune-40b"} <= {p.casefold() for p in parents}
    assert all(r is Relation.MERGE for r in parents.values())


def test_a_recipe_short_name_of_a_linked_input_is_that_input_once() -> None:
    text = (
        "# Dune-40b\n\nThis is a frankenmerge of [Sand-Dune-40b-v0.2](https://huggingface.co/dunes/"
        "Sand-Dune-40b-v0.2) with itself.\n\n```yaml\nslices:\n  - sources:\n"
        "    - model: Sand-Dune-40b\n      layer_range: [0, 40]\nmerge_method: passthrough\n```\n"
    )
    parents = card_parents(text, "me/Dune-40b")
    assert set(parents) == {"dunes/Sand-Dune-40b-v0.2"}


# -- kind 8: labels a distillation card writes for its student ------------------------------


def test_student_model_label_is_the_start_of_a_distilled_model() -> None:
    text = (
        "# Tiny sentiment\n\nThis model is distilled from a zero-shot pipeline.\n\n"
        "    Teacher model: acme/huge-nli-xl\n    Student model: distilbert-base-multilingual-cased\n"
    )
    parents = card_parents(text)
    # (A legacy root repo is known under its org: the score matches either spelling.)
    assert parents["distilbert/distilbert-base-multilingual-cased"] is Relation.FINETUNE
    assert parents["acme/huge-nli-xl"] is Relation.DISTILLATION


def test_student_model_named_in_running_text_is_not_a_label() -> None:
    text = "# Tiny\n\nThis model is distilled; the student model Beta-2B of another lab was not.\n"
    assert "Beta-2B" not in card_parents(text)


# -- kind 9: a label on a line of its own, its value on the next ----------------------------


def test_label_line_then_value() -> None:
    text = "# Ko chat\n\n**Base Model**  \nOpenChat3.5\n\n**Trained On**  \nA100 80GB\n"
    assert set(card_parents(text)) == {"OpenChat3.5"}


def test_label_heading_above_a_results_table_names_no_parent() -> None:
    text = "# Ko chat\n\n### Base Model\nOpenChat3.5 results below.\n\n| a | b |\n|---|---|\n"
    assert card_parents(text) == {}


# -- kind 10: the authors' names before the link that names the weights ---------------------


def test_owners_possessives_before_a_link() -> None:
    text = (
        "# Snake chat\n\nThe model is a fine-tune of Ada Lovelace's and Alan Turing's model "
        "[Snake-2.8B](https://github.com/labs/snake) from their paper.\n"
    )
    assert card_parents(text) == {"Snake-2.8B": Relation.FINETUNE}


def test_owners_possessives_before_a_licence_link_name_no_parent() -> None:
    text = (
        "# Snake chat\n\nIt is a fine-tune under Ada Lovelace's and Alan Turing's "
        "[licence terms](https://example.org/terms).\n"
    )
    assert card_parents(text) == {}


# -- kind 11: families with their versions listed as merge inputs; a judge's own base -------


def test_merge_of_two_families_with_versions() -> None:
    text = "# Blend\n\nThis is a merge of Llama2 and Qwen2 made with slerp.\n"
    assert card_parents(text) == {"Llama2": Relation.MERGE, "Qwen2": Relation.MERGE}


def test_merge_of_a_model_and_a_plain_word_keeps_the_model_only() -> None:
    text = "# Blend\n\nThis is a merge of Alpha-7B and style made with slerp.\n"
    assert card_parents(text) == {"Alpha-7B": Relation.MERGE}


def test_a_judge_fine_tuned_from_a_family_is_no_parent_of_this_model() -> None:
    text = "# Blend\n\nThe judge model, fine-tuned from Llama3, scores every answer.\n"
    assert card_parents(text) == {}


def test_this_reward_model_is_the_card_s_own_role() -> None:
    text = "# Ranker\n\nThis reward model was fine-tuned from Llama3 on preference pairs.\n"
    assert card_parents(text) == {"Llama3": Relation.FINETUNE}


# -- kind 12: a family version and a model of it named for two different steps -------------


def test_start_and_merge_partner_of_one_family_are_both_parents() -> None:
    text = (
        "# Spark\n\nInitialized from Qwen2, this model then went through three steps:\n\n"
        "1. Tuned on a million samples\n2. Merged with Qwen2-7B-Instruct using mergekit\n"
    )
    assert set(card_parents(text, "lab/Spark")) == {"Qwen2", "Qwen/Qwen2-7B-Instruct"}


def test_a_family_version_repeating_the_id_s_step_is_dropped() -> None:
    # "fine-tuned from Qwen2 … fine-tuned from Qwen2-7B": one parent, named twice.
    text = (
        "# Spark\n\nSpark was fine-tuned from Qwen2. In detail, it was fine-tuned from "
        "[Qwen2-7B](https://huggingface.co/Qwen/Qwen2-7B) on recipes.\n"
    )
    assert set(card_parents(text, "lab/Spark")) == {"Qwen/Qwen2-7B"}


# -- kind 13: a mixture of unnamed experts tuned from one family ----------------------------


def test_mixture_of_experts_based_on_a_family_has_the_family_as_its_base() -> None:
    # The experts are unpublished fine-tunes: their common base stands for them.
    text = "# GemStack: a 8x2 Mixture of Experts based on Gemma.\n\nEight tuned experts.\n"
    assert card_parents(text, "lab/GemStack") == {"Gemma": Relation.FINETUNE}


def test_mixture_of_experts_based_on_a_plain_word_still_names_no_parent() -> None:
    text = "# GemStack: a 8x2 Mixture of Experts based on Gems.\n\nEight tuned experts.\n"
    assert card_parents(text, "lab/GemStack") == {}

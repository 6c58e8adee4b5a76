"""Sentences that tell another model's lineage, each beside the statement that still counts."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import HUB, parents

FT, ME, QU, DI = Relation.FINETUNE, Relation.MERGE, Relation.QUANTIZED, Relation.DISTILLATION


# -- a tuned card's base version and that version's own base ----------------------------


def test_base_of_the_base_version_is_a_grand_parent() -> None:
    text = (
        "# Heron-Vision-9b-chat\n\nHeron-Vision-9b-base pairs an image encoder with a text model "
        "and is constructed based on the Heron-Text-9b-base, trained on 2T tokens.\n"
        f"Heron-Vision-9b-chat is an instructed version based on "
        f"[Heron-Vision-9b-base]({HUB}/heron/heron-vision-9b-base).\n"
    )
    assert parents(text, "heron/heron-vision-9b-chat") == {"heron/heron-vision-9b-base": FT}


def test_thanks_to_the_family_base_after_the_base_version() -> None:
    text = (
        "A 7B model tuned on instructions, built on top of the base model "
        f"[Kite Base Delta 7B]({HUB}/kiteco/kite-base-delta-7b).\n\n## Credits\n\n"
        "This model is based on Breeze-7B-v0.2 by the Breeze team. We thank them.\n"
    )
    assert parents(text, "kiteco/kite-instruct-delta-7b") == {"kiteco/kite-base-delta-7b": FT}


def test_a_tuned_card_without_its_base_version_keeps_a_plain_base() -> None:
    # Trap: same shape, but the card names no base version of its own family.
    text = "This model is based on Breeze-7B-v0.2 and tuned on chat data.\n"
    assert parents(text, "kiteco/kite-instruct-delta-7b") == {"Breeze-7B-v0.2": FT}


# -- a sibling's or a predecessor's base ------------------------------------------------


def test_predecessor_built_on_an_older_family() -> None:
    text = (
        "Lark3-Ask-2.0 is built on top of the "
        f"[Lark-3 base model]({HUB}/larkco/Lark-3-8B).\n\n"
        "Note that Ask-2.0 is built based on Lark-3 base model, and Ask-1.0 is built based on "
        "Lark-2 base model.\n"
    )
    assert parents(text, "larkco/Lark3-Ask-2.0-8B") == {"larkco/Lark-3-8B": FT}


def test_sibling_released_earlier_on_another_base() -> None:
    text = (
        "# Quill-Code-34B\n\nIn May we open-sourced Quill-Code-15B-v1 based on Weaver-15B; "
        "what we learnt there went into this release.\n"
    )
    assert parents(text, "quillco/Quill-Code-34B") == {}
    zh = "# Quill-Code-34B\n\n五月我们开源了基于Weaver-15B的代码模型Quill-Code-15B-v1。\n"
    assert parents(zh, "quillco/Quill-Code-34B") == {}


def test_this_model_named_as_subject_keeps_its_base() -> None:
    # Trap: the subject is the card's own name (shortened), so the base is its parent.
    text = "Quill-Code-34B is built based on Weaver-34B-v2 with extra code data.\n"
    assert parents(text, "quillco/Quill-Code-34B") == {"Weaver-34B-v2": FT}


# -- links of a hand-made merge card that are no inputs ---------------------------------


_MERGE_TAG = "---\ntags:\n- merge\n---\n"


def test_a_liked_model_beside_the_one_thrown_in() -> None:
    text = _MERGE_TAG + (
        "# Blend-13B\nI wanted a sharper story writer. This recipe came out well.\n\n"
        "- [wren/Song](https://huggingface.co/wren/Song-13B) holds the rest together.\n"
        "- [robin/Chirp](https://huggingface.co/robin/Chirp-13B) of course.\n"
        "- I liked [lark/Tune](https://huggingface.co/lark/Tune-20B) so i threw in a bit of "
        "[finch/Trill](https://huggingface.co/finch/Trill-13B)\n"
    )
    assert parents(text, "me/Blend-13B") == {
        "wren/Song-13B": ME,
        "robin/Chirp-13B": ME,
        "finch/Trill-13B": ME,
    }


def test_a_liked_model_put_in_the_mixer_is_an_input() -> None:
    # Trap: "I liked X, so into the mixer it went" credits X as an input.
    text = _MERGE_TAG + (
        "# Blend-13B\nI wanted a sharper story writer. This recipe came out well.\n\n"
        "- [wren/Song](https://huggingface.co/wren/Song-13B) holds the rest together.\n"
        "- [lark/Tune](https://huggingface.co/lark/Tune-13B): I liked it, so in the mixer "
        "it goes\n"
    )
    assert parents(text, "me/Blend-13B") == {"wren/Song-13B": ME, "lark/Tune-13B": ME}


def test_two_fine_tunes_of_a_base_combined_name_the_base_as_grand_parent() -> None:
    text = _MERGE_TAG + (
        "# Giant 120B\n\nA causal LM made by stacking 2x finetuned "
        f"[Heron 70B]({HUB}/heron/Heron-70b-hf) into one.\n\n# Layers\n\n"
        f"Taken from [Song]({HUB}/wren/Song-70B) and [Chirp]({HUB}/robin/Chirp-70B).\n"
    )
    assert parents(text, "me/Giant-120b") == {"wren/Song-70B": ME, "robin/Chirp-70B": ME}


def test_a_fine_tuned_model_linked_in_a_merge_card_is_an_input() -> None:
    # Trap: one fine-tuned model named without a count is what went in.
    text = _MERGE_TAG + (
        "# Giant 120B\n\nA causal LM made by stacking a finetuned "
        f"[Heron 70B]({HUB}/heron/Heron-70b-hf) onto itself.\n\n# Layers\n\n"
        f"Taken from [Song]({HUB}/wren/Song-70B).\n"
    )
    assert "heron/Heron-70b-hf" in parents(text, "me/Giant-120b")


_LOCAL_RECIPE = """**Song-34B**, **Chirp-34B** merged with dare ties via mergekit.

```yaml
models:
  - model: /home/me/raw/wren_Song-34B
  - model: /home/me/raw/Chirp-34B
base_model: /home/me/raw/heron_Heron-34B-Long
merge_method: dare_ties
```

Credits:

https://huggingface.co/wren/Song-34B

https://huggingface.co/robin/Chirp-34B

https://huggingface.co/heron/Heron-34B-Long

https://huggingface.co/origin/Origin-34B
"""


def test_credit_links_outside_a_recipe_of_local_copies_are_no_inputs() -> None:
    assert parents(_LOCAL_RECIPE, "me/Blend-34B") == {
        "wren/Song-34B": ME,
        "robin/Chirp-34B": ME,
        "heron/Heron-34B-Long": ME,
    }


def test_credit_links_are_inputs_when_the_recipe_names_hub_ids() -> None:
    # Trap: without local paths the links are all the card says about its inputs.
    text = _LOCAL_RECIPE.replace("/home/me/raw/wren_Song-34B", "Song").replace(
        "/home/me/raw/Chirp-34B", "Chirp"
    )
    assert "origin/Origin-34B" in parents(text, "me/Blend-34B")


def test_a_version_number_far_from_see_keeps_the_line_of_inputs() -> None:
    text = _MERGE_TAG + (
        "# Blend-34B\n\nDare ties over three chat models.\n\n## Credits\n\n"
        f"{HUB}/wren/Song-34B-v1.4 (the 1.4 release of Song, kept for long prompts; see notes)\n\n"
        f"{HUB}/robin/Chirp-34B\n\n{HUB}/finch/Trill-34B\n"
    )
    assert parents(text, "me/Blend-34B") == {
        "wren/Song-34B-v1.4": ME,
        "robin/Chirp-34B": ME,
        "finch/Trill-34B": ME,
    }


def test_a_line_pointing_to_a_newer_version_is_no_input() -> None:
    # Trap: "v2 is here, see …" still marks a line about a successor.
    text = _MERGE_TAG + (
        "# Blend-34B\n\nDare ties over two chat models.\n\n"
        f"v2 of this blend: see {HUB}/me/Blend-34B-v2-long\n\n## Credits\n\n"
        f"{HUB}/robin/Chirp-34B\n\n{HUB}/finch/Trill-34B\n"
    )
    assert parents(text, "me/Blend-34B") == {"robin/Chirp-34B": ME, "finch/Trill-34B": ME}


def test_a_lookalike_of_a_removed_ingredient_is_no_input() -> None:
    text = _MERGE_TAG + (
        "# Thirty\n\nChat models and LoRAs, mixed.\n\n"
        f"{HUB}/wren/Song-30B\n\n{HUB}/robin/Chirp-30B\n\n"
        f"{HUB}/finch/ctx-30b-lora-test [A similar LoRA to one since taken down that went "
        "into this model.]\n"
    )
    assert parents(text, "me/Blend-30B") == {"wren/Song-30B": ME, "robin/Chirp-30B": ME}


# -- relations: a student's starting point, a LoRA taught by its own base ---------------


def test_yaml_base_beside_a_named_teacher_is_the_students_start() -> None:
    text = (
        "---\nbase_model: wren/Song-8B-Instruct\ntags:\n- mergekit\n- distillation\n---\n"
        "# Song-Lite\n\nSong-Lite is a distilled version of the larger "
        f"[Song-400B-Instruct]({HUB}/wren/Song-400B-Instruct), trained on its offline logits.\n"
    )
    assert parents(text, "me/Song-Lite") == {
        "wren/Song-8B-Instruct": FT,
        "wren/Song-400B-Instruct": DI,
    }


def test_yaml_base_that_is_the_teacher_stays_a_teacher() -> None:
    # Trap: the declared base is the teacher the prose names.
    text = (
        "---\nbase_model: wren/Song-8B-Instruct\n---\n"
        f"A small model distilled from [Song-8B-Instruct]({HUB}/wren/Song-8B-Instruct).\n"
    )
    assert parents(text, "me/Song-Tiny") == {"wren/Song-8B-Instruct": DI}


def test_lora_distilled_from_its_own_base_is_an_adapter() -> None:
    text = (
        "---\nbase_model: heron/picture-3-medium\nlibrary_name: peft\ntags:\n- lora\n---\n"
        "# Quick Picture 3\n\nA 90M LoRA distilled version of "
        f"[Picture 3]({HUB}/heron/picture-3-medium) that draws in four steps.\n"
    )
    assert parents(text, "me/quick-picture-3") == {"heron/picture-3-medium": Relation.ADAPTER}


def test_full_weights_distilled_from_the_yaml_base_stay_a_distillation() -> None:
    # Trap: no adapter signs, so the declared base is the teacher of a full model.
    text = (
        "---\nbase_model: heron/picture-3-medium\n---\n# Quick Picture 3\n\nA distilled "
        f"version of [Picture 3]({HUB}/heron/picture-3-medium) that draws in four steps.\n"
    )
    assert parents(text, "me/quick-picture-3") == {"heron/picture-3-medium": DI}


# -- a multi-step recipe beside a declared merge list -----------------------------------

_STEPS = """# Blend

### Blend-A

```yaml
models:
  - model: wren/Song-8B
  - model: robin/Chirp-8B
merge_method: ties
base_model: wren/Song-8B
```

### Blend-B

```yaml
models:
  - model: finch/Trill-8B
  - model: lark/Tune-8B
merge_method: ties
base_model: finch/Trill-8B
```

### Blend-Final

```yaml
models:
  - model: me/Blend-A
  - model: me/Blend-B
merge_method: slerp
base_model: me/Blend-A
```
"""
_DECLARED = (
    "---\nbase_model:\n- wren/Song-8B\n- robin/Chirp-8B\n- finch/Trill-8B\n- lark/Tune-8B\n"
    "tags:\n- merge\n---\n"
)


def test_step_outputs_of_a_recipe_are_no_parents_beside_a_declared_list() -> None:
    assert parents(_DECLARED + _STEPS, "me/Blend-8B") == {
        "wren/Song-8B": ME,
        "robin/Chirp-8B": ME,
        "finch/Trill-8B": ME,
        "lark/Tune-8B": ME,
    }


def test_step_outputs_stay_inputs_without_a_declared_list() -> None:
    # Trap: with no declaration the recipe is all the card says; its Hub ids are inputs.
    found = parents("---\ntags:\n- merge\n---\n" + _STEPS, "me/Blend-8B")
    assert {"me/Blend-A", "me/Blend-B"} <= set(found)


# -- the authors' other work, a title above a conversion note, a merge sentence ---------


def test_the_authors_other_published_model_is_no_input() -> None:
    text = _MERGE_TAG + (
        "# Gale-8B\n\nWe tuned a chat model, then merged our fine-tuned model with the "
        f"[Spark]({HUB}/wren/Spark-8B) model using SLERP.\n\n## About us\n\n"
        f"We won two contests. We have also published [a maths model]({HUB}/me/Abacus-7B).\n"
    )
    assert parents(text, "me/Gale-8B") == {"wren/Spark-8B": ME}


def test_a_title_above_a_conversion_note_is_the_card_itself() -> None:
    text = "# Gust-8x20B\n\nConverted to Transformers format with the script in this repo.\n"
    assert parents(text, "community/Gust-8x20B-v0.1") == {}


def test_a_model_named_before_converted_on_its_line_is_the_source() -> None:
    # Trap: on one line the name before "converted to" is the source.
    text = f"[Gust-8x20B]({HUB}/gustco/Gust-8x20B) converted to MLX format with mlx-lm.\n"
    assert parents(text, "me/Gust-8x20B-mlx") == {"gustco/Gust-8x20B": QU}


# -- a shortened name, things built on a model, a declared base two stages up -----------


def test_a_shortened_base_name_gives_way_to_the_full_one() -> None:
    text = (
        "This model was trained on top of a Wren-7B.\n\n- **Finetuned from model:** Wren-7B-Base\n"
    )
    assert parents(text, "me/dragonfly-7b") == {"Wren-7B-Base": FT}


def test_a_linked_org_less_hub_repo_is_no_shortened_name() -> None:
    # "gpt2" linked is the Hub's own repo, not "gpt2-small-nl" cut short.
    text = (
        "It was fine-tuned from the [English GPT-2 small]({HUB}/gpt2) checkpoint.\n\n"
        "Its training is based on the [Dutch GPT-2]({HUB}/someone/gpt2-small-nl) model.\n"
    ).replace("{HUB}", HUB)
    assert "gpt2" in parents(text, "me/gpt2-small-frisian")


def test_two_bare_names_of_a_merge_are_both_inputs() -> None:
    # Trap: merge inputs that share a prefix are two models.
    text = "A merge of Wren-7B and Wren-7B-Chat, made with mergekit.\n"
    assert parents(text, "me/Blend-7B") == {"Wren-7B": ME, "Wren-7B-Chat": ME}


def test_applications_built_on_a_model_are_no_claim_about_this_one() -> None:
    text = (
        "# Kite-13B-Chat\n\nWe have not developed any applications based on the Kite-13B "
        "model, on any platform.\n"
    )
    assert parents(text, "kiteco/Kite-13B-Chat") == {}


def test_this_model_based_on_a_named_base_is_kept() -> None:
    # Trap: the same words with this model as the subject.
    text = "# Kite-13B-Chat\n\nThis chat model is based on Kite-13B-Base and tuned on dialogues.\n"
    assert parents(text, "kiteco/Kite-13B-Chat") == {"Kite-13B-Base": FT}


def test_declared_root_gives_way_to_the_stage_the_prose_names() -> None:
    text = (
        "---\nbase_model: rook/neo-3b\n---\n# neo-3b-chat-rl\n\nThe model is based on "
        f"[`rook/neo-3b-chat-sft-v2`]({HUB}/rook/neo-3b-chat-sft-v2) and was aligned with RL.\n"
    )
    assert parents(text, "rook/neo-3b-chat-rl") == {"rook/neo-3b-chat-sft-v2": FT}


def test_declared_base_stays_beside_another_orgs_model() -> None:
    # Trap: the prose model is no later stage of the declared base.
    text = (
        "---\nbase_model: rook/neo-3b\n---\n# neo-3b-chat-rl\n\nThe reward model is based on "
        f"[`crow/caw-3b`]({HUB}/crow/caw-3b).\n"
    )
    assert parents(text, "rook/neo-3b-chat-rl") == {"rook/neo-3b": FT}


# -- an early layer-slice recipe and a step published under an org ----------------------

_SLICES = """Stacked layers:
```shell
layer_slices:
  - model: wren/Song-13B
    start: 0
    end: 16
  - model: wren/Stack-20B-Part1
    start: 8
    end: 20
  - model: wren/Song-13B
    start: 17
    end: 32
```
"""


def test_layer_slices_recipe_names_its_inputs_and_published_steps() -> None:
    assert parents(_SLICES, "wren/Stack-20B") == {
        "wren/Song-13B": ME,
        "wren/Stack-20B-Part1": ME,
    }


def test_a_published_step_beside_a_declared_list_is_no_parent() -> None:
    # Trap: the YAML lists the inputs, so the step stays a step.
    text = "---\nbase_model:\n- wren/Song-13B\n- robin/Chirp-13B\n---\n" + _SLICES
    assert "wren/Stack-20B-Part1" not in parents(text, "wren/Stack-20B")


# -- the card's own LoRA, merged into these weights -------------------------------------


def test_own_qlora_merged_into_the_full_weights_is_an_ingredient() -> None:
    text = (
        f"A re-creation of Heron chat, finetuned from the base [Wren-13b]({HUB}/wren/Wren-13b-hf) "
        "with the QLoRA scripts.\n\nThis repo holds the merged f16 model. The QLoRA adaptor "
        f"is [here]({HUB}/me/wren-13b-heron-qlora).\n"
    )
    assert parents(text, "me/wren-13b-heron-fp16") == {
        "wren/Wren-13b-hf": FT,
        "me/wren-13b-heron-qlora": ME,
    }


def test_own_qlora_listed_in_a_family_table_is_no_ingredient() -> None:
    # Trap: a table of the family's repos; nothing beside the name says it was merged in.
    text = (
        f"Chat model fine-tuned on top of [the base]({HUB}/me/heron-7b-base).\n\n"
        "| Model | Kind |\n|---|---|\n"
        f"| [heron-7b-chat-qlora]({HUB}/me/heron-7b-chat-qlora) | adapter |\n\n"
        "Adapters can be merged into the weights with our script.\n"
    )
    assert parents(text, "me/heron-7b-chat") == {"me/heron-7b-base": FT}


# -- a bare name and the "-hf" repo the card spells -------------------------------------


def test_bare_name_resolves_to_the_hf_repo_the_card_spells() -> None:
    text = (
        "This repo holds a low-rank adapter for Wren-7b, trained on instructions.\n\n"
        "```\npython finetune.py --base_model='birdhouse/wren-7b-hf' --data_path='d.json'\n```\n"
    )
    assert parents(text, "me/wren-lora-7b") == {"birdhouse/wren-7b-hf": Relation.ADAPTER}


def test_bare_name_is_not_a_longer_hf_repo() -> None:
    # Trap: "wren-7b-hf-chat" goes on past "-hf": another model.
    text = (
        "This repo holds a low-rank adapter for Wren-7b, trained on instructions.\n\n"
        "Compare with birdhouse/wren-7b-hf-chat for chat.\n"
    )
    assert "birdhouse/wren-7b-hf-chat" not in parents(text, "me/wren-lora-7b")


# -- a tuned card that names its base version's id --------------------------------------


def test_chat_card_naming_its_pretrained_release_is_tuned_from_it() -> None:
    text = (
        "# Kite-13B-Chat\n\nKite-13B-Chat is the aligned release of the Kite-13B series; the "
        f"pre-trained model is at [Kite-13B-Base]({HUB}/kiteco/Kite-13B-Base).\n\n"
        "Kite-13B grows the parameters to 13 billion based on "
        f"[Kite-7B]({HUB}/kiteco/Kite-7B).\n"
    )
    assert parents(text, "kiteco/Kite-13B-Chat") == {"kiteco/Kite-13B-Base": FT}


def test_named_base_version_leaves_another_orgs_stated_base() -> None:
    # Trap: the card states another org's model as its base; the named release stays out.
    text = (
        "# Kite-8x7B-Instruct\n\nThis instruct model is fine-tuned from "
        f"[Gust-8x7B-Instruct]({HUB}/gustco/Gust-8x7B-Instruct).\n\n"
        f"See also our [Kite-8x7B]({HUB}/kiteco/Kite-8x7B).\n"
    )
    assert parents(text, "kiteco/Kite-8x7B-Instruct") == {"gustco/Gust-8x7B-Instruct": FT}


def test_base_version_in_a_table_of_scores_is_no_parent() -> None:
    # Trap: the pretrained release only appears as a row of results.
    text = (
        "# Kite-12B-Chat\n\nA chat model.\n\n| Model | MMLU |\n|---|---|\n"
        "| kiteco/Kite-12B-Chat | 68 |\n| kiteco/Kite-12B | 63 |\n"
    )
    assert parents(text, "kiteco/Kite-12B-Chat") == {}


# -- "like its predecessor, X operates …" ------------------------------------------------


def test_subject_after_like_its_predecessor_is_this_model() -> None:
    text = (
        "Kite-2-Ko is a further pretrained Kite 2 with a larger Korean vocabulary. Just like its "
        "predecessor, Kite-2-Ko operates across sizes from 7 to 70 billion parameters.\n"
    )
    assert parents(text, "kiteco/kite-2-ko-7b") == {}


def test_predecessor_in_apposition_stays_a_claim() -> None:
    # Trap: "improves over its predecessor, X, in …" names the predecessor.
    text = "Gust-0324 shows clear gains over its predecessor, Gust-V3, in several areas.\n"
    assert parents(text, "gustco/Gust-0324") == {"gustco/Gust-V3": Relation.UNKNOWN}


# -- Korean / Japanese: a model specialised to a language --------------------------------


def test_korean_model_specialised_from_a_base() -> None:
    text = (
        "Kite 연구팀이 공개한 Kite-Ko-8B 모델은 Wren에서 출시한 Wren-3-8B 모델을 "
        "<b>한국어에 특화</b>한 모델입니다.\n\n### Tokenizer\n"
        "Wren-3-Tokenizer를 한국어 특화하기 위해 한국어 토큰을 추가했습니다.\n"
    )
    assert parents(text, "kiteco/Kite-Ko-8B") == {"Wren-3-8B": FT}


def test_japanese_model_specialised_from_a_base() -> None:
    text = "Kite-JA-7B は Wren-7B-v0.2 を日本語に特化させたモデルです。\n"
    assert parents(text, "kiteco/Kite-JA-7B") == {"Wren-7B-v0.2": FT}


def test_korean_comparison_with_a_less_specialised_model_is_no_base() -> None:
    # Trap: "more specialised for Korean than X" compares, it names no base.
    text = "Kite-Ko-8B 모델은 Wren-3-8B 모델보다 한국어에 더 특화된 모델입니다.\n"
    assert parents(text, "kiteco/Kite-Ko-8B") == {}

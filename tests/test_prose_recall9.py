"""Lineage sentences of older encoder cards: starts, teachers, plain ids, adapters, copies.

Each kind has a look-alike beside it that names no parent (a rival, a judge, a sibling).
"""

from __future__ import annotations

from importers.card import read_card
from importers.prose import read_prose
from lineage.core.records import Relation


def card_parents(text: str, model_id: str = "me/this-model") -> dict[str, Relation]:
    record = read_card(text, model_id, "README.md")
    return {c.parent.casefold(): c.relation for c in record.claims}


def prose_parents(text: str, model_id: str = "me/this-model") -> list[str]:
    """What the phrase rules alone find (the card's scorer may weigh a lone link apart)."""
    return [c.parent for c in read_prose(text, model_id).claims]


def link(model_id: str) -> str:
    return f"[{model_id}](https://huggingface.co/{model_id})"


# -- kind 1: how a fine-tune's start is worded --------------------------------------------


def test_warm_started_encoder_and_decoder_are_both_parents() -> None:
    text = (
        "A speech translator. The encoder was warm-started from the "
        f"{link('sound-lab/wave-enc-1b')} checkpoint and the decoder from the "
        f"{link('text-lab/polyglot-dec-600m')} checkpoint.\n"
    )
    assert card_parents(text) == {
        "sound-lab/wave-enc-1b": Relation.FINETUNE,
        "text-lab/polyglot-dec-600m": Relation.FINETUNE,
    }


def test_initialized_with_a_described_model_then_its_link() -> None:
    text = (
        "A pairwise reranker, initialized with our pointwise ranker, "
        f"{link('rank-lab/point-ranker-3b')}, and trained on query logs.\n"
    )
    assert card_parents(text) == {"rank-lab/point-ranker-3b": Relation.FINETUNE}


def test_takes_a_model_and_fine_tunes_it() -> None:
    text = f"This classifier takes {link('enc-lab/wide-encoder-2')} and fine-tunes it on reviews.\n"
    assert card_parents(text) == {"enc-lab/wide-encoder-2": Relation.FINETUNE}


def test_takes_without_a_tuning_verb_names_nothing() -> None:
    text = f"The demo takes {link('enc-lab/wide-encoder-2')} and compares it with ours.\n"
    assert prose_parents(text) == []


def test_first_fine_tuning_a_checkpoint() -> None:
    text = (
        "The checkpoint is obtained by first fine-tuning the sum-lab/short-sum-6-6 "
        "summarizer on a question set, then shrinking it.\n"
    )
    assert card_parents(text) == {"sum-lab/short-sum-6-6": Relation.FINETUNE}


def test_continue_the_pretraining_of() -> None:
    text = f"We continue the pretraining of {link('bio-lab/med-encoder-1')} on clinic notes.\n"
    assert card_parents(text) == {"bio-lab/med-encoder-1": Relation.FINETUNE}


def test_a_version_of_a_model_fine_tuned_on_data() -> None:
    text = f"This model is a version of {link('asr-lab/speech-2b-v2')} fine-tuned on Dutch radio.\n"
    assert card_parents(text) == {"asr-lab/speech-2b-v2": Relation.FINETUNE}


def test_a_newer_version_of_a_model_without_tuning_is_no_parent() -> None:
    text = f"Our previous release was a version of {link('asr-lab/speech-2b-v2')} for Dutch.\n"
    assert read_prose(text, "me/this-model").claims == []


def test_first_line_names_the_base_it_was_fine_tuned_from() -> None:
    text = "# my-ranker\n\n`bert-base-uncased` fine-tuned on a passage ranking task.\n"
    assert card_parents(text) == {"google-bert/bert-base-uncased": Relation.FINETUNE}


def test_first_line_id_in_brackets_before_fine_tuned() -> None:
    text = "Base encoder (`enc-lab/uncased_L-12_H-768`) fine-tuned on a passage task.\n"
    assert card_parents(text) == {"enc-lab/uncased_l-12_h-768": Relation.FINETUNE}


def test_a_later_line_naming_a_fine_tuned_model_is_no_parent() -> None:
    text = (
        "# my-ranker\n\nA passage ranker for support tickets.\n\n"
        "`bert-base-uncased` fine-tuned on the same data scores lower.\n"
    )
    assert card_parents(text) == {}


def test_own_name_is_the_linked_model_fine_tuned() -> None:
    text = (
        "**Description:** nli-large is the "
        "[RoBERTa large model](https://huggingface.co/roberta-large) fine-tuned on NLI pairs.\n"
    )
    assert card_parents(text, "me/nli-large") == {"roberta-large": Relation.FINETUNE}


def test_another_model_is_the_model_fine_tuned_is_no_parent() -> None:
    text = (
        "Our baseline, enc-lab/other-nli, is the "
        "[RoBERTa large model](https://huggingface.co/roberta-large) fine-tuned on NLI pairs.\n"
    )
    assert card_parents(text, "me/nli-large") == {}


# -- kind 2: teachers and students ------------------------------------------------------


def test_teacher_model_used_for_distillation_is() -> None:
    text = (
        "A small Romanian encoder. The teacher model used for distillation is: "
        f"{link('ro-lab/ro-encoder-base-v1')}.\n"
    )
    assert card_parents(text) == {"ro-lab/ro-encoder-base-v1": Relation.DISTILLATION}


def test_quoted_teacher_and_student_start() -> None:
    text = (
        "A bilingual sentence encoder made by knowledge distillation. We used the English "
        "bi-encoder "
        "([para-mpnet-base-v2](https://docs.example/models)) as a teacher model, and the "
        f"Swedish {link('se-lab/se-encoder-base')} as the student model.\n"
    )
    assert card_parents(text) == {
        "para-mpnet-base-v2": Relation.DISTILLATION,
        "se-lab/se-encoder-base": Relation.FINETUNE,
    }


def test_distilled_from_a_name_written_as_code() -> None:
    text = "This is distilled from the `enc-nli-mean-tokens` pre-trained model of a toolkit.\n"
    assert card_parents(text) == {"enc-nli-mean-tokens": Relation.DISTILLATION}


def test_custom_distillation_with_a_large_model() -> None:
    text = "Applied steps:\n\n1. Pruning\n2. Custom distillation with large model ```qa-large-teacher-squad```\n"
    assert card_parents(text) == {"qa-large-teacher-squad": Relation.DISTILLATION}


def test_a_fine_tune_of_a_model_as_teacher_is_not_that_model() -> None:
    text = (
        "# small-rte\n\n`bert-base-uncased` fine-tuned on RTE, using fine-tuned "
        "`bert-large-uncased` as a teacher model.\n"
    )
    assert card_parents(text) == {"google-bert/bert-base-uncased": Relation.FINETUNE}


def test_a_model_used_as_a_judge_is_no_teacher() -> None:
    text = (
        "A distilled helper. Answers were scored with "
        f"{link('judge-lab/grader-7b')} as the judge.\n"
    )
    assert prose_parents(text) == []


def test_no_teacher_distillation_is_a_fine_tune() -> None:
    text = (
        f"This is the distilled version of {link('nli-lab/seq2seq-large-nli')} made with the "
        "No Teacher Distillation technique: we copy alternating layers and train on.\n"
    )
    assert card_parents(text) == {"nli-lab/seq2seq-large-nli": Relation.FINETUNE}


# -- kind 3: Hub ids written plainly, legacy ids without an org ---------------------------


def test_legacy_id_in_any_casing_after_initialized_from() -> None:
    text = "The weights are initialized from pretrained XLM-Roberta-Base and tuned on tweets.\n"
    assert card_parents(text) == {"facebookai/xlm-roberta-base": Relation.FINETUNE}


def test_legacy_id_after_built_on_top_of() -> None:
    text = "This model was built on top of distilbert-base-uncased model for ten epochs.\n"
    assert card_parents(text) == {"distilbert/distilbert-base-uncased": Relation.FINETUNE}


def test_legacy_id_compared_against_is_no_parent() -> None:
    text = "Unlike roberta-base, this encoder was trained from scratch on legal text.\n"
    assert card_parents(text) == {}


def test_short_code_name_after_a_conversion_phrase_is_no_parent() -> None:
    # A two-part name in code ("distil-small.en") is often a file or a size, not a model.
    text = "2. Download the ggml weights for `distil-small.en` from the Hub.\n"
    assert card_parents(text) == {}


# -- kind 4: adapter-transformers cards ----------------------------------------------------


def test_adapter_heading_and_adapter_link_name_the_base() -> None:
    text = (
        "# Adapter `me/roberta-base-pf-race` for roberta-base\n\n"
        "An [adapter](https://adapterhub.ml) for the `roberta-base` model trained on a "
        "reading task.\n"
    )
    assert card_parents(text, "me/roberta-base-pf-race") == {
        "facebookai/roberta-base": Relation.ADAPTER
    }


def test_adapter_link_for_a_task_is_no_parent() -> None:
    text = "An [adapter](https://adapterhub.ml) for sentiment tasks, trained on reviews.\n"
    assert card_parents(text) == {}


# -- kind 5: copies, ports and forks --------------------------------------------------------


def test_a_copy_of_a_repository_is_a_repack() -> None:
    text = (
        "**This model is a copy of [this repository](https://huggingface.co/tiny-lab/Tiny_4L) "
        "at a fixed commit.**\n"
    )
    assert card_parents(text) == {"tiny-lab/tiny_4l": Relation.QUANTIZED}


def test_a_port_to_another_library_is_a_repack() -> None:
    text = f"This is a port of the {link('ret-lab/condenser-retriever')} model to a toolkit.\n"
    assert card_parents(text) == {"ret-lab/condenser-retriever": Relation.QUANTIZED}


def test_a_framework_fork_heading_is_a_repack() -> None:
    text = f"# PyTorch Fork of {link('fr-lab/tf-sentiment')}\n\nSame weights, other framework.\n"
    assert card_parents(text) == {"fr-lab/tf-sentiment": Relation.QUANTIZED}


def test_a_tiny_copy_of_a_sibling_is_no_parent() -> None:
    text = (
        "A small conversational encoder. It can be considered as tiny copy of "
        f"{link('ru-lab/conv-encoder-small')}.\n"
    )
    assert prose_parents(text) == []


def test_a_copy_of_the_licence_names_no_model() -> None:
    text = "You must give any other recipients a copy of this License with the weights.\n"
    assert read_prose(text, "me/this-model").claims == []


# -- kind 6: other languages --------------------------------------------------------------


def test_cantonese_fine_tuned_version_based_on() -> None:
    text = "# Chat-Yue\n基於Lark-7B-Chat嘅微調版本，用大量粵語數據訓練。\n"
    assert card_parents(text) == {"lark-7b-chat": Relation.FINETUNE}


def test_cantonese_based_on_data_names_no_model() -> None:
    text = "# Chat-Yue\n基於大量粵語數據進行訓練。\n"
    assert card_parents(text) == {}


# -- names resolved by the link beside them ----------------------------------------------


def test_short_name_then_its_checkpoint_link() -> None:
    text = (
        "A long-document encoder. Model is warm started from `fa-encoder`’s "
        "[checkpoint](https://huggingface.co/fa-lab/fa-encoder-zwnj-base).\n"
    )
    assert card_parents(text) == {"fa-lab/fa-encoder-zwnj-base": Relation.FINETUNE}


def test_family_name_then_its_hub_url() -> None:
    text = (
        "This model is used for sentiment, which is based on TurkBERT for Turkish "
        "https://huggingface.co/tr-lab/turk-encoder-cased\n"
    )
    assert card_parents(text) == {"tr-lab/turk-encoder-cased": Relation.FINETUNE}


def test_legacy_name_spoken_with_spaces_in_a_link() -> None:
    text = (
        "A Singlish encoder initialized from "
        "[Albert base v2](https://github.com/example/albert#albert), then trained on chats.\n"
    )
    assert card_parents(text) == {"albert-base-v2": Relation.FINETUNE}


def test_heading_fine_tuned_name_for_a_task() -> None:
    text = (
        "# Fine-tuned Byte5-small for lexical normalisation\n\n"
        "Byte models work well on noisy text, e.g. `byte-lab/Byte5-small` beats others.\n"
    )
    assert card_parents(text) == {"byte-lab/byte5-small": Relation.FINETUNE}


def test_vocabulary_trimmed_to_fewer_languages_is_a_fine_tune() -> None:
    text = (
        "A smaller sentence encoder distilled from the "
        "[original model](https://huggingface.co/lang-lab/LaSE) to 15 languages.\n"
    )
    assert card_parents(text) == {"lang-lab/lase": Relation.FINETUNE}


# -- extras: bases of other models -------------------------------------------------------


def test_sibling_list_items_name_their_own_bases() -> None:
    text = (
        "Also available in smaller sizes:\n\n"
        f"* {link('me/helper-7b')}, a 7 billion parameter model based on `base-lab/pile-6.9b`\n"
        f"* {link('me/helper-3b')}, a 3 billion parameter model based on `base-lab/pile-2.8b`\n"
    )
    assert prose_parents(text, "me/helper-12b") == []


def test_footnote_on_other_tasks_names_no_parent() -> None:
    text = (
        "#### Notes.\n"
        " - <sup>1</sup> For RTE and MRPC we fine-tune the tasks based on "
        f"{link('nli-lab/encoder-large-nli')}.\n"
    )
    assert prose_parents(text, "nli-lab/encoder-xxl-nli") == []


def test_first_stage_retriever_is_no_parent() -> None:
    text = (
        "Scores come from re-ranking 1K passages retrieved by a dense retriever based on "
        f"{link('ret-lab/mini-retriever-v3')}.\n"
    )
    assert prose_parents(text) == []


def test_based_on_outside_a_list_still_names_the_base() -> None:
    text = f"Our helper is based on {link('base-lab/pile-12b')} and tuned on 15k answers.\n"
    assert prose_parents(text, "me/helper-12b") == ["base-lab/pile-12b"]

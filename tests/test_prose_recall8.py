"""More ways cards state lineage in prose, each with the look-alike that is no lineage."""

from __future__ import annotations

from importers.prose import read_prose
from lineage.core.records import Relation
from tests.test_prose_recall import HUB, claims, parents

FT, ME, DI, QU = Relation.FINETUNE, Relation.MERGE, Relation.DISTILLATION, Relation.QUANTIZED


# -- merge credits on www.huggingface.co ------------------------------------------------


def test_merge_credits_written_with_www_are_hub_links() -> None:
    text = (
        "---\ntags:\n- merge\n---\nA layered merge of three chat models.\n\n"
        "Credits:\n\nhttps://www.huggingface.co/wren/Song-13b\n\n"
        "https://www.huggingface.co/robin/Chirp-13b\n\nhttps://huggingface.co/jay/Call-13b\n"
    )
    assert parents(text, "me/Flock-13b") == {
        "wren/Song-13b": ME,
        "robin/Chirp-13b": ME,
        "jay/Call-13b": ME,
    }


def test_image_on_a_hub_subdomain_is_no_merge_input() -> None:
    text = (
        "---\ntags:\n- merge\n---\nA merge.\n\n"
        "![pic](https://cdn-uploads.huggingface.co/production/uploads/abc/pic.png)\n\n"
        "https://huggingface.co/wren/Song-13b\nhttps://huggingface.co/robin/Chirp-13b\n"
    )
    assert set(parents(text, "me/Flock-13b")) == {"wren/Song-13b", "robin/Chirp-13b"}


# -- "models used" lists written with <br> ------------------------------------------------


def test_models_used_list_with_html_breaks() -> None:
    text = (
        "An experimental merge, three ways (Ties, SLERP, gradient).\n\n### Models used:\n\n"
        f"<br>[wren/Song-70b]({HUB}/wren/Song-70b)\n"
        f"<BR>[robin/Chirp-70b]({HUB}/robin/Chirp-70b)\n"
        f"<br/>[jay/Story-lora]({HUB}/jay/Story-lora)\n"
    )
    assert parents(text, "me/Flock-70b") == {
        "wren/Song-70b": ME,
        "robin/Chirp-70b": ME,
        "jay/Story-lora": ME,
    }


def test_html_breaks_under_another_heading_are_no_merge_list() -> None:
    # Quantizations listed with <br> under their own heading are children, not inputs.
    text = (
        "An experimental merge, three ways (Ties, SLERP, gradient).\n\n### Quants:\n\n"
        f"<br>[me/Flock-70b-GGUF]({HUB}/me/Flock-70b-GGUF)\n"
        f"<br>[other/Flock-70b-exl2]({HUB}/other/Flock-70b-exl2)\n"
    )
    assert parents(text, "me/Flock-70b") == {}


def test_merged_models_heading_over_an_html_definition_list() -> None:
    text = (
        "A merge for painting in soft colours.\n\n## Merged models\n\n<dl>\n"
        f'  <dt><a href="{HUB}/brush/SoftMix">SoftMix / openrail</a></dt>\n'
        "    <dd>SoftMix-v2</dd>\n"
        f'  <dt><a href="{HUB}/ink/Wash_M">Wash_M / openrail</a></dt>\n'
        "</dl>\n"
    )
    assert parents(text, "me/Pastel") == {"brush/SoftMix": ME, "ink/Wash_M": ME}


def test_merged_models_heading_skips_the_quantized_items() -> None:
    text = (
        "A merge.\n\n## Source models\n\n"
        f"- [brush/SoftMix]({HUB}/brush/SoftMix)\n"
        f"- [GGUF of this merge]({HUB}/me/Pastel-GGUF)\n"
        f"- [ink/Wash_M]({HUB}/ink/Wash_M)\n"
    )
    assert parents(text, "me/Pastel") == {"brush/SoftMix": ME, "ink/Wash_M": ME}


# -- "基于" and a bare name, nothing after it ------------------------------------------


def test_zh_based_on_a_spoken_family_name() -> None:
    text = "本模型面向法律问答，模型基于Baichuan 13B，需要约28G显存。"
    assert [c.parent for c in read_prose(text, "me/law-chat").claims] == ["Baichuan 13B"]


def test_zh_based_on_a_name_written_straight_before_the_next_word() -> None:
    text = "Lark-Chat基于Lark-7B中文对话微调，支持长上下文。"
    assert claims(text, "me/Lark-Chat") == [("Lark-7B", None)]


def test_zh_based_on_only_the_first_name_counts() -> None:
    # The second sentence tells how the parent itself was made: a grand-parent.
    text = "基于Lark-7B具有32k上下文的对话模型。Lark-7B基于Finch-7B采用大量中文语料继续预训练。"
    assert [c.parent for c in read_prose(text, "me/Lark-7B-Chat").claims] == ["Lark-7B"]


def test_zh_based_on_data_comes_before_the_model() -> None:
    text = "我们基于法律文书数据训练了一个模型，模型基于Lark-13B。"
    assert [c.parent for c in read_prose(text, "me/law").claims] == ["Lark-13B"]


def test_zh_based_on_a_design_tokenizer_data_or_tool_is_no_parent() -> None:
    for text in (
        "本模型基于Lark-7B架构，从零开始训练。",
        "基于Lark-7B的分词器扩充了中文词表。",
        "训练数据基于GPT-4生成。",
        "基于Lark-7B对比，我们的模型更强。",
        "基于PyTorch 2.0实现。",
    ):
        assert read_prose(text, "me/own-7b").claims == [], text


# -- "X (model) fine-tuned on/for …": the name before the verb ---------------------------


def test_title_names_the_model_fine_tuned() -> None:
    text = "# Model card for Lark 2 fine-tuned on Welsh recipes\n\nIt cooks."
    assert claims(text, "me/lark-2-welsh") == [("Lark 2", FT)]


def test_name_label_names_the_model_fine_tuned() -> None:
    text = "Some intro.\n\nModel name: Wren3 2.5B Fine-tuned for Basque\n\nMore."
    assert claims(text, "me/Wren3-2.5B-eu") == [("Wren3 2.5B", FT)]


def test_is_a_spoken_chat_model_fine_tuned() -> None:
    text = "This is a Lark2 13B chat model fine-tuned on 40k shell commands."
    assert claims(text) == [("Lark2 13B chat", FT)]


def test_is_an_id_model_further_fine_tuned() -> None:
    text = "Owl-v1 is an birds/Hoot-merged-v2 model that has been further fine-tuned with DPO."
    assert claims(text, "me/Owl-v1") == [("birds/Hoot-merged-v2", FT)]


def test_name_before_fine_tuned_elsewhere_is_no_parent() -> None:
    for text in (
        # a rival, a later section heading, a child, a baseline, a denial
        "We compare it with Lark-7B fine-tuned on the same recipes.",
        "# Owl\n\nIntro.\n\n## Lark-7B fine-tuned on recipes\n\nResults of the old run.",
        "Lark-7B fine-tuned on our data is also available.",
        "Our baseline is a Lark-7B model fine-tuned on recipes.",
        "This is not a Lark-7B model fine-tuned on recipes.",
    ):
        assert read_prose(text, "me/Owl").claims == [], text


# -- "… from / with / using X as its base (model)" ----------------------------------------


def test_trained_from_a_link_as_its_base_model() -> None:
    text = f"Owl-2-DPO is trained with DPO from [Owl-2]({HUB}/birds/Owl-2) as its base model."
    assert claims(text, "me/Owl-2-DPO") == [("birds/Owl-2", None)]


def test_with_a_bare_name_model_as_its_base_model() -> None:
    text = "Owl-2 is trained with SFT, with the Lark-72B model as its base-model."
    assert claims(text, "me/Owl-2") == [("Lark-72B", None)]


def test_bullet_naming_the_base() -> None:
    text = f"**Approach:**\n\n- [birds/Lark-8B]({HUB}/birds/Lark-8B) as the base\n- long context\n"
    assert claims(text, "me/Lark-8B-1M") == [("birds/Lark-8B", None)]


def test_as_its_base_said_of_another_model_or_a_comparison_is_no_parent() -> None:
    for text in (
        # the parent's own story, a baseline, a comparison, a base for comparison
        f"[Owl-2]({HUB}/birds/Owl-2) is trained with the Lark-72B model as its base-model.",
        "We train with Lark-72B as the baseline.",
        "It beats models trained with Lark-72B as the base model.",
        "We use Lark-72B as the base for comparison.",
    ):
        assert read_prose(text, "me/Owl-2-DPO").claims == [], text


# -- "Teacher (X)" rows, "starting with the weights of X", names the card links ----------


def test_teacher_row_names_a_model_the_card_links() -> None:
    text = (
        f"Trained like [the large talker]({HUB}/chat-lab/talker-base-cased) was.\n\n"
        "| Model | Latency |\n|---|---|\n"
        "| Teacher (Talker-base-cased) | 600 |\n| Student (mini-talker-cased) | 300 |\n"
    )
    assert claims(text, "me/mini-talker-cased") == [("chat-lab/talker-base-cased", DI)]


def test_teacher_brackets_without_a_model_are_no_parent() -> None:
    for text in (
        "| Teacher (a larger model) | 600 |",
        "| Teacher (GPT-4) | 600 |",
        "The teacher (see below) scores higher.",
    ):
        assert read_prose(text, "me/mini").claims == [], text


def test_hyphenated_name_without_a_size_needs_a_link_in_the_card() -> None:
    # No ORG/NAME for it anywhere: a plain hyphenated phrase, not a model.
    text = "| Teacher (instruction-following-expert) | 600 |"
    assert read_prose(text, "me/mini").claims == []


def test_code_span_of_a_linked_name_is_not_read_as_a_parent() -> None:
    text = (
        f"| [tiny-talker.en]({HUB}/chat-lab/tiny-talker.en) | 3 |\n\n"
        "Download the ggml weights for `tiny-talker.en` from the Hub."
    )
    assert read_prose(text, "me/large-talker").claims == []


def test_starting_with_the_weights_of_a_model() -> None:
    text = "Pretrained on Welsh text, starting with the weights of Lark-1-7B, for one epoch."
    assert claims(text, "me/lark-cy") == [("Lark-1-7B", FT)]


def test_starting_from_a_version_is_no_parent() -> None:
    text = "Starting from v1.5, the weights of the model are released in bf16."
    assert read_prose(text, "me/lark-cy").claims == []


# -- conversion cards: "GGUF of X", "Model page: <br> X" -----------------------------------


def test_gguf_of_a_hub_url_in_link_text() -> None:
    text = (
        "---\nbase_model: birds/Lark-8B-Instruct\n---\n"
        f"[GGUF of {HUB}/me/Lark-8B-Free]({HUB}/me/Lark-8B-Free)\n\n"
        "This model is based on Lark-8B-Instruct."
    )
    assert parents(text, "me/Lark-8B-Free-GGUF") == {"me/Lark-8B-Free": QU}


def test_gguf_of_this_model_names_no_parent() -> None:
    text = "A GGUF of this model will follow. Fine-tuned from [birds/Lark-8B]({HUB}/birds/Lark-8B)."
    assert [c.parent for c in read_prose(text.format(HUB=HUB), "me/Lark-8B-Free").claims] == [
        "birds/Lark-8B"
    ]


def test_model_page_label_across_an_html_break_in_a_quant_repo() -> None:
    text = (
        "**Request:** <br>\nhttps://example.org/requests/71\n\n"
        f"**Model page:** <br>\n{HUB}/wren/Song-8B-Free\n"
    )
    assert parents(text, "quanter/Song-8B-Free-GGUF-IQ-Imatrix") == {"wren/Song-8B-Free": QU}


def test_model_page_label_in_a_full_weights_repo_is_no_parent() -> None:
    # The page of a repo that is no conversion is its own page or a collection.
    text = f"**Model page:** {HUB}/wren/Song-8B-Free\n"
    assert read_prose(text, "wren/Song-8B-Free-v2").claims == []


def test_family_and_version_before_based_chat_model_fine_tuned() -> None:
    text = "“Owl Talk” is a Qwen2 based chat model <br />fine-tuned on long chats."
    assert claims(text, "me/Owl-Talk") == [("Qwen2", FT)]


def test_design_or_unknown_word_before_based_model_is_no_parent() -> None:
    for text in (
        "It is a transformer based chat model fine-tuned on long chats.",
        "It is a Lark2 based chat model fine-tuned on long chats.",  # no known family
    ):
        assert read_prose(text, "me/Owl-Talk").claims == [], text


# -- fallback phrases are read only when nothing clearer names a parent ---------------------


def test_fallback_phrases_wait_for_a_card_without_other_parents() -> None:
    text = (
        "This is a Lark2 13B chat model fine-tuned on shell commands.\n\n"
        f"It is a fine-tuned version of [birds/Lark2-13B-chat]({HUB}/birds/Lark2-13B-chat)."
    )
    assert claims(text) == [("birds/Lark2-13B-chat", FT)]


def test_fallback_phrases_are_skipped_when_the_yaml_declares_a_parent() -> None:
    text = "This is a Lark2 13B chat model fine-tuned on shell commands."
    assert read_prose(text, "me/shell-13b", fallback=False).claims == []
    card = f"---\nbase_model: birds/Lark2-13B-chat\n---\n{text}\n"
    assert parents(card, "me/shell-13b") == {"birds/Lark2-13B-chat": FT}


# -- "combines A and B", "a mix of A and B" -------------------------------------------------


def test_this_model_combines_two_named_models() -> None:
    text = "Owl-2.5 is an upgraded model that combines Owl-2-Chat and Owl-Coder-2-Instruct."
    assert claims(text, "me/Owl-2.5") == [("Owl-2-Chat", ME), ("Owl-Coder-2-Instruct", ME)]


def test_a_combination_of_two_linked_models() -> None:
    text = (
        f"It is a combination of [Brush-1.5]({HUB}/ink/Brush-1.5) and "
        f"[Wash-2.0]({HUB}/ink/Wash-2.0)."
    )
    assert claims(text, "me/Pastel") == [("ink/Brush-1.5", ME), ("ink/Wash-2.0", ME)]


def test_combines_without_two_models_or_said_of_data_is_no_merge() -> None:
    for text in (
        "This dataset combines Owl-7B and Lark-7B answers.",
        "It combines Owl-7B with a vision tower.",
        "A combination of English and Welsh text.",
        "The model combines speed and accuracy.",
    ):
        assert read_prose(text, "me/x").claims == [], text


def test_format_checkpoints_for_a_model_are_its_conversion() -> None:
    # "checkpoints" alone names the files: no "files", "weights" or "quant" word needed.
    text = f"These are GGUF checkpoints for [birds/Lark-8B]({HUB}/birds/Lark-8B), in four sizes."
    assert [(c.parent, c.relation) for c in read_prose(text, "me/Lark-8B-GGUF").claims] == [
        ("birds/Lark-8B", QU)
    ]


def test_resumed_from_a_model_is_its_fine_tune() -> None:
    text = (
        f"This model is resumed from [lark-2-base]({HUB}/birds/lark-2-base) and trained 90k steps."
    )
    assert parents(text, "birds/lark-2") == {"birds/lark-2-base": FT}
    assert parents("It was resumed training from birds/lark-2-base.", "birds/lark-2") == {
        "birds/lark-2-base": FT
    }


def test_training_resumed_from_a_step_or_checkpoint_names_no_parent() -> None:
    assert read_prose("Training was resumed from step 5000 after a crash.", "me/x").claims == []
    assert read_prose("The run was resumed from the last checkpoint.", "me/x").claims == []


def test_resumed_from_a_checkpoint_file_names_no_parent() -> None:
    text = "Resumed from `base-ema.ckpt` and trained for 200k steps at 512x512."
    assert read_prose(text, "me/x").claims == []


def test_model_named_by_a_link_to_the_hub_docs_is_read_by_its_text() -> None:
    docs = "https://huggingface.co/transformers/model_doc/bert.html"
    text = f"This model is a fine-tuned version of the [bert-base-uncased]({docs}) model."
    assert [(c.parent, c.relation) for c in read_prose(text, "me/x").claims] == [
        ("google-bert/bert-base-uncased", FT)
    ]


def test_a_hub_docs_link_whose_text_names_no_model_is_no_parent() -> None:
    text = "Fine-tuned from [the model docs](https://huggingface.co/docs/transformers/index)."
    assert read_prose(text, "me/x").claims == []

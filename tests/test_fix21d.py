"""Bases named by the text of a link that leaves the Hub, and bare names after lineage words
the phrase readers did not take."""

from __future__ import annotations

import time

from importers.card import read_card
from lineage.core.ids import key


def _parents(text: str, model_id: str = "acme/wren-7b") -> list[str]:
    return [key(c.parent) for c in read_card(text, model_id, "README.md").claims]


# --- a lineage phrase, then an off-Hub link whose text is a model's name (`off_hub_names`) ---


def test_tuned_version_of_off_hub_link_then_model() -> None:
    text = (
        "# Wren QA\n\nA fine-tuned version of the multi-modal [DocuNet](https://go.example/docunet)"
        " model for answering questions on scanned forms.\n"
    )
    assert _parents(text, "acme/wren-qa") == ["docunet"]


def test_based_on_off_hub_link_with_version() -> None:
    text = (
        "# Wren Vision\n\n**Wren Vision** is a vision-language model based on "
        "[Kestrel3](https://github.com/acme/Kestrel), reading large images.\n"
    )
    assert _parents(text, "acme/wren-vision") == ["kestrel3"]


def test_off_hub_link_to_a_tool_is_no_parent() -> None:
    text = "# Wren\n\nThis model is built on [FastServe](https://github.com/acme/FastServe).\n"
    assert _parents(text) == []


def test_off_hub_link_to_a_dataset_repo_is_no_parent() -> None:
    text = "# Wren\n\nA chat model trained upon [OwlChat](https://github.com/acme/OwlChat).\n"
    assert _parents(text) == []


def test_off_hub_link_named_after_a_tool_before_a_merge_word() -> None:
    text = (
        "# Wren\n\nThe full-precision version of my first [MergeBeast](https://github.com/a/b) "
        "13b merge, tuned against stock phrases.\n"
    )
    assert "mergebeast" not in _parents(text)


def test_off_hub_link_to_a_paper_is_no_parent() -> None:
    text = (
        "# Wren\n\nIt is fine-tuned from [OwlNet2](https://arxiv.org/abs/2401.00001) model"
        " on our data.\n"
    )
    assert _parents(text) == []


def test_off_hub_link_after_architecture_words_is_no_parent() -> None:
    text = (
        "# Wren\n\nThe design is identical to the architecture of "
        "[OwlNet2](https://huggingface.co/docs/transformers/model_doc/owl) model.\n"
    )
    assert _parents(text) == []


def test_off_hub_link_with_a_plain_word_is_no_parent() -> None:
    text = "# Wren\n\nThis model is fine-tuned from [Transformers](https://github.com/a/b) model.\n"
    assert _parents(text) == []


def test_off_hub_link_on_a_long_line_is_fast() -> None:
    line = "fine-tuned from [Kestrel2](https://github.com/a/b) model " * 400
    read_card("# Wren\n\n" + line[:200] + "\n", "acme/wren", "README.md")  # warm the caches
    start = time.perf_counter()
    read_card("# Wren\n\n" + line + "\n", "acme/wren", "README.md")
    assert time.perf_counter() - start < 0.5  # a whole card of 400 links: linear is ~0.05 s


# --- a name in italics after a lineage phrase (`prose_refs._LEAD`) --------------------------


def test_italic_spoken_name_after_initialized_with() -> None:
    text = (
        "# Wren Mono\n\nThe checkpoint is initialized with *Wren-Multi 350M* and further "
        "pre-trained on a Python set.\n"
    )
    assert _parents(text, "acme/wren-mono-350m") == ["wren-multi 350m"]


def test_italic_words_that_are_no_name() -> None:
    text = "# Wren\n\nThe model is fine-tuned from *our own notes* and trained for a week.\n"
    assert _parents(text) == []


# --- "Base model is NAME" with a bare name (`label_lines`) ----------------------------------


def test_base_model_is_bare_name_then_comma() -> None:
    text = "# Wren\n\nA classifier of comments. Base model is OWLO, a Spanish encoder.\n"
    assert _parents(text, "acme/wren-comments") == ["owlo"]


def test_base_model_is_plain_word_is_no_name() -> None:
    text = "# Wren\n\nThe base model is trained on citation links between papers.\n"
    assert _parents(text) == []


def test_base_model_is_closed_model_or_description() -> None:
    assert _parents("# Wren\n\nThe base model is GPT-4.\n") == []
    assert _parents("# Wren\n\nThe base model is LoRA-trained.\n") == []


def test_own_repo_under_another_org_is_no_fuller_base() -> None:
    text = (
        "# Wren\n\nA detector of hate speech. Base model is OWLO, a Spanish encoder.\n\n"
        "```python\nname = 'old-org/owlo-hate-speech'\n```\n"
    )
    assert _parents(text, "new-org/owlo-hate-speech") == ["owlo"]


def test_base_named_in_full_elsewhere_still_wins() -> None:
    text = (
        "# Wren\n\nBase model is OWLO, a Spanish encoder.\n\n"
        "Weights: [acme/OWLO-cased](https://huggingface.co/acme/OWLO-cased)\n"
    )
    assert "owlo" not in _parents(text, "new-org/wren-hate")


# --- "trained against" a sized base (`label_lines`) -----------------------------------------


def test_trained_against_sized_base_beside_a_recipe_link() -> None:
    text = (
        "# Wren\n\nThis is [owl-chat-13b](https://huggingface.co/acme/owl-chat-13b) trained "
        "against Kestrel-7B with a subset of the data, refusals removed.\n"
    )
    assert _parents(text, "acme/owl-chat-7b-open") == ["kestrel-7b"]


def test_trained_against_a_reward_model_or_adversarially() -> None:
    assert _parents("# Wren\n\nThe policy was trained against Owl-7B reward model.\n") == []
    assert _parents("# Wren\n\nIt was adversarially trained against Owl-7B.\n") == []
    assert _parents("# Wren\n\nWe trained against GPT-4 outputs on hard prompts.\n") == []


def test_off_hub_link_to_a_framework_is_no_parent() -> None:
    text = "# Wren\n\nA GGUF conversion of the [MLX](https://github.com/ml-explore/mlx) weights.\n"
    assert _parents(text) == []

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
    assert time.perf_counter() - start < 0.1

"""Merge inputs in lists and sentences of kinds the other readers leave: plain lines of
names under a label, a merge card's credits heading over Hub URLs, "a merged version of A
and B", and the Chinese "基于A、B等模型融合而来". Fixtures are invented."""

from __future__ import annotations

from importers.card import read_card
from importers.listed_parents import listed_parent_claims
from importers.merge_name_lists import name_list_claims
from importers.merge_prose import merged_from_zh_claims, merged_version_claims


def _parents(text: str, model_id: str = "me/Blend-13B") -> set[str]:
    return {c.parent for c in read_card(text, model_id, "README.md").claims}


# Plain lines of names under a label.

PLAIN = """# Blend-13B
A merge of chat models and two adapters.

## Ingredients credits

# Models:

Lark-Chat

Wren 2

# Adapters:

Tidy-LoRA

GLOW RP
"""


def test_plain_lines_under_models_and_adapters_headings() -> None:
    names = {c.parent for c in name_list_claims(PLAIN, "me/Blend-13B")}
    assert names == {"Lark-Chat", "Wren 2", "Tidy-LoRA", "GLOW RP"}


def test_names_with_source_lines_under_a_japanese_label() -> None:
    body = """マージしたモデルです。

**マージ利用モデル一覧**
paper-bloom-v2
(https://example.org/models/123/paper-bloom) ©someone
inkwell_v10(旧名inkwellReal)
(https://example.org/models/456) ©another

NOTE
この一覧は参考です。
"""
    names = {c.parent for c in name_list_claims(body, "me/Blend")}
    assert names == {"paper-bloom-v2", "inkwell_v10"}  # not "NOTE": it has no source line


def test_a_source_line_on_the_hub_gives_the_id() -> None:
    body = "Merged.\n\n**Models used for the merge**\nLark\n(https://huggingface.co/acme/Lark-7B)\nWren-2\n(https://example.org/w)\n"
    assert {c.parent for c in name_list_claims(body, "me/x")} == {"acme/Lark-7B", "Wren-2"}


def test_plain_name_lists_need_a_merge_card_and_two_names() -> None:
    no_merge = PLAIN.replace("A merge of", "Chat with")
    assert name_list_claims(no_merge, "me/x") == []
    one = "A merge.\n\n# Models:\n\nLark-Chat\n\nThat is all for now.\n"
    assert name_list_claims(one, "me/x") == []


def test_sentences_and_quantizations_are_no_names() -> None:
    body = "A merge.\n\n## Models\n\nComing soon to this page\n\nother things\n"
    assert name_list_claims(body, "me/x") == []
    quants = "A merge.\n\n## Models:\n\nBlend-GGUF\n\nBlend-AWQ\n"
    assert name_list_claims(quants, "me/x") == []


def test_a_plain_label_line_without_colon_or_bold_is_no_label() -> None:
    body = "A merge.\n\nModels\n\nLark-Chat\n\nWren-2\n"
    assert name_list_claims(body, "me/x") == []


# A merge card's "Resources" / "Credits" heading over Hub URLs.

RESOURCES = """# Quill Mix
Different approach at merging this time.

## Resources
https://huggingface.co/datasets/someone/BadHandsSet \\
https://huggingface.co/acme/PaperBloom \\
https://example.org/models/99/other \\
https://huggingface.co/brightorg/Inkwell-v2
"""


def test_resources_heading_lists_the_merge_inputs() -> None:
    found = {c.parent for c in listed_parent_claims(RESOURCES, "me/Quill")}
    assert found == {"acme/PaperBloom", "brightorg/Inkwell-v2"}  # the data set is passed over


def test_credits_heading_on_a_card_that_speaks_of_no_merge_names_no_input() -> None:
    body = RESOURCES.replace("Different approach at merging this time.", "A fine picture model.")
    assert listed_parent_claims(body, "me/Quill") == []


def test_credits_heading_with_one_link_or_prose_names_no_input() -> None:
    one = "A merge.\n\n## Credits\nhttps://huggingface.co/acme/PaperBloom\n"
    assert listed_parent_claims(one, "me/Quill") == []
    prose = "A merge.\n\n## Credits\nThanks to [Ann](https://huggingface.co/ann) for help.\n"
    assert listed_parent_claims(prose, "me/Quill") == []


# "A merged version of A and B".


def test_merged_and_further_trained_version_of_two_models() -> None:
    body = (
        "Blend Θ is a merged and then further DPO'ed version of our fine Lark 2 Pro model "
        "and Acme's Wren-3 Chat model to form a new model.\n"
    )
    names = {c.parent for c in merged_version_claims(body, "me/Blend")}
    assert names == {"Lark 2 Pro", "Wren-3 Chat"}


def test_frankenmerge_version_between_two_models() -> None:
    body = (
        "A frankenmerge version of Kite, between Osprey and the further trained Heron. 90 layers.\n"
    )
    assert {c.parent for c in merged_version_claims(body, "me/Kite-90B")} == {"Osprey", "Heron"}


def test_merged_version_in_a_comparison_names_no_input() -> None:
    body = "It beats the merged version of Lark 2 and Wren 3 on every test.\n"
    assert merged_version_claims(body, "me/x") == []
    lower = "This is a merged version of two chat models and a coder.\n"
    assert merged_version_claims(lower, "me/x") == []


# Chinese: "基于A、B、C等模型…融合而来".


def test_chinese_merged_from_list() -> None:
    body = "该模型基于paper bloom,Inkwell、KiteMix等优秀模型微调，融合而来。\n"
    names = {c.parent for c in merged_from_zh_claims(body, "me/x")}
    assert names == {"paper bloom", "Inkwell", "KiteMix"}


def test_chinese_list_of_datasets_or_a_single_base_names_no_input() -> None:
    data = "基于AlphaSet、BetaSet数据集训练，并与基础模型融合。\n"
    assert merged_from_zh_claims(data, "me/x") == []
    single = "基于Lark模型融合而来。\n"
    assert merged_from_zh_claims(single, "me/x") == []


def test_card_reader_keeps_the_plain_names() -> None:
    assert {"Lark-Chat", "Wren 2", "Tidy-LoRA", "GLOW RP"} <= _parents(PLAIN)

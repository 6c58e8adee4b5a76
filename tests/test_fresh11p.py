"""Kinds of statements read on a randomly drawn corpus of 2023-24 cards (family cards, merges,
cards that name no base): each rule fires on its form and stays quiet on a look-alike."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT, ME = Relation.FINETUNE, Relation.MERGE


def _card(body: str, front: str = "") -> str:
    head = f"---\n{front}---\n\n" if front else ""
    return f"{head}# Heron 7B\n\n{body}\n"


# -- a model not made yet, or only a design, is no parent ----------------------------------


def test_a_planned_release_based_on_a_model_is_not_this_ones_base() -> None:
    text = _card(
        "Heron was tuned on ten thousand dialogues.\n\n"
        "Next we intend to ship bigger sizes, and maybe a potential 2B version based on "
        "finch-2.5 or a similar design."
    )
    assert parents(text, "marsh/Heron-7B") == {}


def test_a_future_model_built_on_x_is_not_this_ones_base() -> None:
    text = _card("Heron is the first of a family; an upcoming variant built on kestrel-3b follows.")
    assert parents(text, "marsh/Heron-7B") == {}


def test_the_model_itself_based_on_a_bare_name_is_kept() -> None:
    # Trap: no plan, no design word: the card's own model is based on it.
    text = _card("Heron is a chat model based on finch-2.5, tuned on ten thousand dialogues.")
    assert parents(text, "marsh/Heron-7B") == {"finch-2.5": FT}


def test_an_architecture_based_on_a_family_is_no_parent() -> None:
    text = _card(
        "A German assistant model.\n\n"
        "The model architecture is based on Kestrel version 2 with 7B parameters."
    )
    assert parents(text, "marsh/Heron-7B") == {}


def test_a_model_based_on_a_family_is_still_read() -> None:
    # Trap: the model (not its architecture) is based on the release.
    text = _card("A German assistant model.\n\nThe model is based on Kestrel-2-7b.")
    assert parents(text, "marsh/Heron-7B") == {"Kestrel-2-7b": FT}


# -- "This is X trained on … (Y)" on a card called X-Y ----------------------------------------


def test_own_name_then_base_reads_the_base() -> None:
    text = _card("This is Heron-v3 trained on the official Kestrel release (Kestrel-7B).")
    assert parents(text, "marsh/Heron-v3-Kestrel-7B") == {"Kestrel-7B": FT}


def test_this_is_x_trained_on_data_keeps_x() -> None:
    # Trap: the card is named after X, but nothing after X spells the rest of its name.
    text = _card("This is Kestrel-7B trained on ten thousand German dialogues.")
    assert parents(text, "marsh/Kestrel-7B-german") == {"Kestrel-7B": FT}


# -- a table's header row names columns, not a base ---------------------------------------------


def test_a_family_table_header_gives_no_base() -> None:
    text = _card(
        "Heron comes in four releases.\n\n"
        "|      | Base Model  | Base-32k Model | Chat Model |\n"
        "|------|-------------|----------------|------------|\n"
        "| 7B   | Heron-7B-Base | Heron-7B-Base-32k | Heron-7B-Chat |\n"
    )
    assert "Base-32k" not in parents(text, "marsh/Heron-7B-Chat")


def test_a_key_value_table_row_gives_the_base() -> None:
    # Trap: "| Base model | X |" as a row of a two-column table is a value.
    text = _card("| Field | Value |\n|---|---|\n| Base model | Kestrel-7B |\n| Licence | MIT |\n")
    assert parents(text, "marsh/Heron-7B") == {"Kestrel-7B": FT}


# -- merge inputs as the rows of the table a merge sentence points to ---------------------------

_SCORES = (
    "| Model | Average | ARC |\n|---|---|---|\n"
    "| finch/robin-7b | 61.5 | 66.2 |\n| birds/lark-7b-v2 | 59.3 | 62.1 |\n"
    "| Heron-7B (merge of 2) | 64.7 | 63.5 |\n"
)


def test_merge_sentence_pointing_at_a_score_table_reads_its_rows() -> None:
    text = _card(f"We merged the two chat models below.\n\nmask rate: 0.8\n\n{_SCORES}")
    assert parents(text, "marsh/Heron-7B") == {"finch/robin-7b": ME, "birds/lark-7b-v2": ME}


def test_a_score_table_without_a_merge_pointer_gives_no_inputs() -> None:
    # Trap: the same table under "compared with the models below" is a leaderboard.
    text = _card(f"Heron is compared with the models below.\n\n{_SCORES}")
    assert parents(text, "marsh/Heron-7B") == {}


# -- a "Recipe:" list of linked models with their parts in the merge ---------------------------

HUB = "https://huggingface.co"


def test_recipe_bullets_with_roles_are_merge_inputs() -> None:
    text = _card(
        "A storyteller.\n\nRecipe:\n"
        f"* [Robin]({HUB}/finch/robin-13b) base\n"
        f"* a gentle SLERP of [Lark]({HUB}/birds/lark-13b)\n"
        f"* [Tale LoRA]({HUB}/tales/tale-13b-lora) x 0.4\n"
        "* an unreleased LoRA of my own\n"
    )
    assert parents(text, "marsh/Heron-13b") == {
        "finch/robin-13b": ME,
        "birds/lark-13b": ME,
        "tales/tale-13b-lora": ME,
    }


def test_recipe_bullets_without_roles_are_not_inputs() -> None:
    # Trap: a cooking-style "Recipe:" list that links tools and data, no merge part named.
    text = _card(
        "Recipe:\n"
        f"* data from [Robin chats]({HUB}/finch/robin-13b)\n"
        f"* evaluated against [Lark]({HUB}/birds/lark-13b)\n"
    )
    assert "birds/lark-13b" not in parents(text, "marsh/Heron-13b")


# -- "I then merged [X](…) into the blend" ------------------------------------------------------


def test_first_person_merged_in_adds_an_input() -> None:
    text = _card(
        f"This model is a blend of [Robin]({HUB}/finch/robin-70b) and [Lark]({HUB}/birds/lark-70b)."
        f" I then merged [Tern]({HUB}/sea/tern-70b) into the resulting blend."
    )
    assert parents(text, "marsh/Heron-70b") == {
        "finch/robin-70b": ME,
        "birds/lark-70b": ME,
        "sea/tern-70b": ME,
    }


def test_merged_with_someone_else_is_not_read_as_merged_in() -> None:
    # Trap: "I merged [X](…) with [Y](…)" elsewhere in a card is another merge's recipe.
    text = _card(
        f"Heron is a fine-tune of [Robin]({HUB}/finch/robin-70b).\n\n"
        f"Last year I merged [Tern]({HUB}/sea/tern-70b) with [Lark]({HUB}/birds/lark-70b) for fun."
    )
    assert "sea/tern-70b" not in parents(text, "marsh/Heron-70b")


# -- "X is a <sized name>-based model" -----------------------------------------------------------


def test_sized_name_hyphened_to_based_is_the_base() -> None:
    text = _card("Heron-7b is a Kestrel2-7b-based model trained by the Marsh lab on curated chats.")
    assert parents(text, "marsh/Heron-7b-v0") == {"Kestrel2-7b": FT}


def test_hardware_hyphened_to_based_is_no_base() -> None:
    # Trap: "a GPU-based model" (no size) and "a 7B-based" count (no name) name no model.
    text = _card("Heron-7b is a GPU-based model served from the Marsh lab.")
    assert parents(text, "marsh/Heron-7b-v0") == {}


# -- "trained on <sized family name>" and "trained on the X as the base" ------------------------


def test_trained_on_the_name_as_the_base() -> None:
    text = _card("Heron-XL is trained on the Kestrel-120B as the base.")
    assert parents(text, "marsh/Heron-XL-v1.0") == {"Kestrel-120B": FT}


def test_trained_on_a_sized_family_name_ending_the_clause() -> None:
    text = _card("This Heron is special. Trained on CodeLlama-34b, she can write code.")
    assert parents(text, "marsh/Heron-1.1-34b") == {"CodeLlama-34b": FT}


def test_trained_on_a_bold_sized_family_name_in_a_news_line() -> None:
    text = _card(
        "- [2023/10] We released **Heron-7B-V1.2**, which was trained on **Baichuan-7b-v0.3** "
        "and beats our older releases."
    )
    assert parents(text, "marsh/Heron-7B-V1.2") == {"Baichuan-7b-v0.3": FT}


def test_a_sibling_release_trained_on_a_name_is_not_this_ones_base() -> None:
    # Trap: the news line speaks of the 7B release, on the 13B card.
    text = _card(
        "- [2023/10] We released **Heron-7B-V1.2**, which was trained on **Baichuan-7b-v0.3** "
        "and beats our older releases."
    )
    assert parents(text, "marsh/Heron_13B_V1.0") == {}


def test_trained_on_a_models_outputs_or_a_sized_data_set_is_no_base() -> None:
    # Traps: data a model wrote, and a data set named with its size.
    assert parents(_card("Heron was trained on Llama-2-70b outputs."), "marsh/Heron-7b") == {}
    assert parents(_card("A CLIP model trained on DFN-2B."), "marsh/Heron-CLIP") == {}


# -- "a merge of [A](…) and the freshly released [B](…)" ---------------------------------------


def test_second_merge_input_after_a_few_words() -> None:
    text = _card(
        f"This one is a straight 60/40 merge of [Robin]({HUB}/finch/robin-13b) and the freshly "
        f"released [Lark]({HUB}/birds/lark-13b), a solid base for stories."
    )
    assert parents(text, "marsh/Heron-13b") == {"finch/robin-13b": ME, "birds/lark-13b": ME}


def test_a_link_after_thanks_to_is_no_merge_input() -> None:
    # Trap: a preposition among the words: the link names a helper, not an input.
    text = _card(
        f"This one is a merge of [Robin]({HUB}/finch/robin-13b) and [Lark]({HUB}/birds/lark-13b),"
        f" thanks to [Tern]({HUB}/sea/tern-tools), nothing else."
    )
    assert "sea/tern-tools" not in parents(text, "marsh/Heron-13b")


# -- a family table's "Base Model" cell written as a family and a size -------------------------


_FAMILY_TABLE = (
    "| Base Model | HF | GGUF |\n|---|---|---|\n"
    f"| Mistral 7b | [Link]({HUB}/marsh/heron_7b_v01) | [Link]({HUB}/quant/heron_7b_v01-GGUF) |\n"
    f"| Mistral 13b | [Link]({HUB}/marsh/heron_13b_v01) | [Link]({HUB}/quant/heron_13b_v01-GGUF) |\n"
)


def test_family_table_base_cell_with_a_size_is_kept_as_written() -> None:
    text = _card(f"Heron speaks German.\n\n{_FAMILY_TABLE}")
    assert parents(text, "marsh/heron_13b_v01") == {"Mistral 13b": FT}


def test_family_table_base_cell_of_plain_words_gives_nothing() -> None:
    # Trap: a cell that is no family with a size ("our own 7b") names no model.
    text = _card("Heron speaks German.\n\n" + _FAMILY_TABLE.replace("Mistral 13b", "our own 13b"))
    assert parents(text, "marsh/heron_13b_v01") == {}

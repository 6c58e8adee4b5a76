"""Cards that describe several models: a parent stated for another model of the card.

A statement gives its parent to its subject (the name before the verb, an apposition's head,
a list item's head, a table column's label); only a statement whose subject is this model
(its name, "this model", "we") or none gives the parent to this card. Beside each rule, the
statements that stay: this model's own sentence, its name with words left out or a size
word, a model of another family, a card named after its base's family.
"""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import HUB, parents

FT, DI = Relation.FINETUNE, Relation.DISTILLATION


def _link(model_id: str) -> str:
    return f"[{model_id.rsplit('/', 1)[-1]}]({HUB}/{model_id})"


# -- one sentence a size: the sentence of this model's size ------------------------------

_TWO_SIZES = (
    "# Pelican\n\nPelican-20B is a fine-tune of {big}. Pelican-6B is a fine-tune of {small}.\n"
).format(big=_link("stoneco/Quarry-20b"), small=_link("stoneco/Quarry-6b"))


def test_each_size_its_own_sentence() -> None:
    assert parents(_TWO_SIZES, "gulls/Pelican-6B") == {"stoneco/Quarry-6b": FT}
    assert parents(_TWO_SIZES, "gulls/Pelican-20B") == {"stoneco/Quarry-20b": FT}


def test_a_contrast_clause_names_its_own_subject() -> None:
    text = (
        "# Pelican\n\nWe train Pelican-6B and Pelican-20B. Pelican-6B is fine-tuned from "
        f"{_link('stoneco/Quarry-6b')}, while Pelican-20B is fine-tuned from "
        f"{_link('stoneco/Quarry-20b')}.\n"
    )
    assert parents(text, "gulls/Pelican-20B") == {"stoneco/Quarry-20b": FT}


def test_an_apposition_of_another_release() -> None:
    text = (
        "# Pelican-6B\n\nPelican-6B is our small model. It is a fine-tune of "
        f"{_link('stoneco/Quarry-6b')}.\nWe also publish Pelican-20B, a fine-tune of "
        f"{_link('stoneco/Quarry-20b')}.\n"
    )
    assert parents(text, "gulls/Pelican-6B") == {"stoneco/Quarry-6b": FT}


def test_a_sibling_set_off_by_commas() -> None:
    text = (
        "# Pelican-6B-Chat\n\nOur coding sibling, Pelican-6B-Code, was fine-tuned from "
        f"{_link('bytes/Coder-6b')}.\nThis model was fine-tuned from {_link('stoneco/Quarry-6b')}.\n"
    )
    assert parents(text, "gulls/Pelican-6B-Chat") == {"stoneco/Quarry-6b": FT}


def test_a_coordinated_verb_after_another_release() -> None:
    text = (
        "# Pelican\n\nPelican-Quarry-6B is tuned on our data and based on the strong "
        "Quarry-6B model.\n"
    )
    assert parents(text, "gulls/Pelican-20B-v1") == {}


# -- a list of releases, one item a release ----------------------------------------------

_LIST = (
    "# Pelican\n\n## Releases\n"
    f"* {_link('gulls/Pelican-6B')} - fine-tuned from {_link('stoneco/Quarry-6b')}\n"
    f"* {_link('gulls/Pelican-20B')} - fine-tuned from {_link('stoneco/Quarry-20b')}\n"
)


def test_a_release_list_with_dashes() -> None:
    assert parents(_LIST, "gulls/Pelican-6B") == {"stoneco/Quarry-6b": FT}
    assert parents(_LIST, "gulls/Pelican-20B") == {"stoneco/Quarry-20b": FT}


def test_a_collection_list_of_variants_without_sizes() -> None:
    text = (
        "# Pelican collection\n\n"
        f"- Pelican-Chat: a fine-tune of {_link('stoneco/Quarry-6b-instruct')}\n"
        f"- Pelican-Code: a fine-tune of {_link('bytes/Coder-6b')}\n"
    )
    assert parents(text, "gulls/Pelican-Code") == {"bytes/Coder-6b": FT}


# -- a parent's own lineage: a grand-parent ----------------------------------------------


def test_the_parents_own_making_told_after_it() -> None:
    text = (
        f"# Pelican-Chat\n\nPelican-Chat is fine-tuned from {_link('gulls/Pelican-Base')}. "
        f"Pelican-Base itself was continued pre-training of {_link('stoneco/Quarry-6b')}.\n"
    )
    assert parents(text, "gulls/Pelican-Chat") == {"gulls/Pelican-Base": FT}


def test_the_parent_was_originally_tuned_from() -> None:
    text = (
        f"# Pelican-Chat-v2\n\nPelican-Chat-v2 is fine-tuned from {_link('gulls/Pelican-Base-v2')}."
        f"\nThe Pelican-Base-v2 was originally fine-tuned from {_link('stoneco/Quarry-6b')}.\n"
    )
    assert parents(text, "gulls/Pelican-Chat-v2") == {"gulls/Pelican-Base-v2": FT}


def test_a_sibling_sentence_alone_is_not_read_again_by_the_scorer() -> None:
    text = (
        f"# Pelican-1B\n\nPelican-20B is a fine-tuned version of {_link('stoneco/Quarry-20b')}.\n"
    )
    assert parents(text, "gulls/Pelican-1B") == {}


# -- statements that stay ----------------------------------------------------------------


def test_this_models_name_with_a_word_left_out() -> None:
    text = f"# Pelican\n\nPelican-2-Chat is a fine-tune of {_link('stoneco/Quarry-2-7b')}.\n"
    assert parents(text, "gulls/Pelican-2-7b-chat-hf") == {"stoneco/Quarry-2-7b": FT}


def test_this_model_under_a_size_word() -> None:
    text = (
        "# Pelican\n\nPelican is a series of chat models. Pelican-XS-v2 was fine-tuned from "
        f"{_link('stoneco/Quarry-6b')}.\n"
    )
    assert parents(text, "gulls/Pelican-6B-v2") == {"stoneco/Quarry-6b": FT}


def test_a_subject_of_another_family_keeps_the_claim() -> None:
    text = f"# Wader\n\nKestrel-9B is a fine-tune of {_link('stoneco/Quarry-9b')}.\n"
    assert parents(text, "gulls/Wader-9B") == {"stoneco/Quarry-9b": FT}


def test_a_card_named_after_its_bases_family() -> None:
    # The family's own release told on a card named after that family: left to other rules.
    text = (
        f"# Quarry-6b-heron\n\nQuarry-6b-chat was fine-tuned from {_link('stoneco/Quarry-6b')}.\n"
    )
    assert "stoneco/Quarry-6b" in parents(text, "gulls/Quarry-6b-heron")


def test_this_model_as_the_subject() -> None:
    text = (
        "# Pelican-6B\n\nPelican-20B is our large model. This model was fine-tuned from "
        f"{_link('stoneco/Quarry-6b')}.\n"
    )
    assert parents(text, "gulls/Pelican-6B") == {"stoneco/Quarry-6b": FT}


def test_the_title_as_the_subject() -> None:
    text = f"# Pelican-Mini-Chat\n\nPelican-Mini-Chat was distilled from {_link('stoneco/Quarry-6b')}.\n"
    assert parents(text, "gulls/pmc-v1") == {"stoneco/Quarry-6b": DI}


def test_a_comparison_after_the_sentence_keeps_the_claim() -> None:
    text = (
        f"# Pelican-6B\n\nPelican-6B is a fine-tune of {_link('stoneco/Quarry-6b')}. "
        "It beats Pelican-3B on every benchmark.\n"
    )
    assert parents(text, "gulls/Pelican-6B") == {"stoneco/Quarry-6b": FT}


# -- a table: this model's row, this model's column --------------------------------------


def test_a_table_with_a_plain_base_column() -> None:
    text = (
        "# Pelican family\n\n| Model | Base |\n|---|---|\n"
        f"| {_link('gulls/Pelican-6B')} | {_link('stoneco/Quarry-6b')} |\n"
        f"| {_link('gulls/Pelican-20B')} | {_link('stoneco/Quarry-20b')} |\n"
    )
    assert parents(text, "gulls/Pelican-6B") == {"stoneco/Quarry-6b": FT}


def test_a_table_with_a_fine_tuned_from_column() -> None:
    text = (
        "# Pelican\n\n| Model | Fine-tuned from |\n|---|---|\n"
        f"| Pelican-1B | {_link('stoneco/Quarry-1b')} |\n"
        f"| Pelican-3B | {_link('stoneco/Quarry-3b')} |\n"
    )
    assert parents(text, "gulls/Pelican-3B") == {"stoneco/Quarry-3b": FT}


def test_a_table_whose_columns_name_their_bases() -> None:
    text = (
        "# Pelican\n\n| | **Base Model: Quarry-2** | **Base Model: Quarry-Code** |\n|---|---|---|\n"
        f"| 6B | {_link('gulls/Pelican-6B')} | {_link('gulls/Pelican-Coder-6B')} |\n"
        f"| 20B | {_link('gulls/Pelican-20B')} | {_link('gulls/Pelican-Coder-20B')} |\n"
    )
    assert set(parents(text, "gulls/Pelican-Coder-20B")) == {"Quarry-Code"}
    assert set(parents(text, "gulls/Pelican-6B")) == {"Quarry-2"}


def test_a_base_column_in_a_score_table_names_no_parent() -> None:
    text = (
        "# Pelican-6B\n\n| Benchmark | Base | Pelican-6B |\n|---|---|---|\n"
        "| ARC | 41.0 | 44.2 |\n| MMLU | 50.1 | 52.3 |\n"
    )
    assert parents(text, "gulls/Pelican-6B") == {}


def test_a_sibling_of_this_size_alone_may_be_this_model_renamed() -> None:
    # "Pelican-6B-Pro" on the card of "Pelican-6B-v2", nothing else: perhaps its release name.
    text = f"# Pelican\n\nPelican-6B-Pro was fine-tuned from {_link('stoneco/Quarry-6b')}.\n"
    assert parents(text, "gulls/Pelican-6B-v2") == {"stoneco/Quarry-6b": FT}


def test_a_predecessor_beside_this_models_own_sentence() -> None:
    text = (
        "# Pelican-6B-v2\n\nOur previous model, Pelican-6B-v1, was fine-tuned from "
        f"{_link('stoneco/Quarry-6b')}.\nPelican-6B-v2 is fine-tuned from "
        f"{_link('stoneco/Quarry-2-6b')}.\n"
    )
    assert parents(text, "gulls/Pelican-6B-v2") == {"stoneco/Quarry-2-6b": FT}

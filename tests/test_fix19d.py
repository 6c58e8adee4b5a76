"""The Hub's legacy repos without an org ("distilroberta-base", "xlm-roberta-base", "gpt2")
as parents: a link to their root-level Hub page, and "fine-tuned on X model", each with
look-alikes where the same names are a yardstick, a tool, data or no model of this card's."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT = Relation.FINETUNE
HUB = "https://huggingface.co"
CARD = "---\nlicense: mit\n---\n\n# pond-sorter\n\n"


def _found(text: str, model_id: str = "acme/pond-sorter") -> set[str]:
    return {p.rpartition("/")[2] for p in parents(CARD + text, model_id)}


# -- a root-level Hub link of a legacy repo is a Hub id -----------------------------------


def test_a_legacy_repo_linked_by_its_root_page_is_the_start_the_card_credits() -> None:
    text = (
        "We used the pretrained "
        f"[`distilroberta-base`]({HUB}/distilroberta-base) model and fine-tuned it on pond notes.\n"
    )
    assert _found(text) == {"distilroberta-base"}


def test_a_model_section_holding_only_a_legacy_link() -> None:
    text = (
        "Sorts pond notes into twelve kinds.\n\n## Model\n\n"
        f"XLM-Roberta : [{HUB}/xlm-roberta-base]({HUB}/xlm-roberta-base)\n"
    )
    assert _found(text) == {"xlm-roberta-base"}


def test_a_legacy_link_as_a_yardstick_a_tool_or_a_table_row_is_no_parent() -> None:
    for text in (
        f"We compare pond-sorter with [roberta-base]({HUB}/roberta-base) as a baseline.\n",
        f"pond-sorter uses the tokenizer of [gpt2]({HUB}/gpt2).\n",
        f"Notes were scored with [gpt2]({HUB}/gpt2) as the judge.\n",
        "| Model | F1 |\n|---|---|\n"
        f"| [bert-base-uncased]({HUB}/bert-base-uncased) | 81.2 |\n| pond-sorter | 88.0 |\n",
    ):
        assert _found(text) == set(), text


def test_a_root_page_that_is_no_legacy_repo_is_no_candidate() -> None:
    # The site's own root pages ("/models", "/pricing") and deeper paths are no model.
    for text in (
        f"We used the pretrained [models]({HUB}/models) list to pick a start.\n",
        f"We used the pretrained [pricing]({HUB}/pricing) page.\n",
        f"We used the [docs]({HUB}/gpt2/tree/main) files.\n",
    ):
        assert _found(text) == set(), text


# -- "fine-tuned on X model" ------------------------------------------------------------


def test_fine_tuned_on_a_legacy_repo_called_a_model() -> None:
    text = "pond-sorter is fine-tuned on distilroberta-base model from the Hub.\n"
    assert _found(text) == {"distilroberta-base"}


def test_fine_tuned_on_a_hub_id_called_a_model() -> None:
    text = "pond-sorter is finetuned on acme/heron-base model with our notes.\n"
    assert parents(CARD + text, "acme/pond-sorter") == {"acme/heron-base": FT}


def test_fine_tuned_on_a_models_outputs_or_vocabulary_is_data() -> None:
    for text in (
        "pond-sorter is fine-tuned on roberta-base model outputs.\n",
        "pond-sorter is fine-tuned on the bert-base-uncased model vocabulary.\n",
        "pond-sorter is fine-tuned on gpt2 model generations of pond notes.\n",
        "pond-sorter is fine-tuned on pond notes with a RoBERTa model.\n",
    ):
        assert _found(text) == set(), text


def test_a_link_whose_configuration_or_architecture_is_followed_is_a_design() -> None:
    # "follows the configuration of [X]": X's shape, not its weights (a run from scratch).
    for link in (f"[distilgpt2]({HUB}/distilgpt2)", f"[acme/heron-small]({HUB}/acme/heron-small)"):
        text = (
            "pond-sorter was pre-trained from scratch on pond notes. The small size is called "
            f"pond-distil because it follows the configuration of {link}.\n"
        )
        assert _found(text) == set(), text


# -- "This is a <word> <legacy repo> model trained …" ------------------------------------


def test_this_is_a_described_legacy_repo_model_trained_on_data() -> None:
    text = (
        "This is a multilingual XLM-roBERTa-base model trained on pond notes and tuned to sort.\n"
    )
    assert _found(text) == {"xlm-roberta-base"}


def test_a_described_family_or_a_distilled_or_smaller_legacy_model_is_no_start() -> None:
    for text in (
        "This is a multilingual RoBERTa model trained on pond notes.\n",
        "This is a distilled roberta-base model trained on pond notes.\n",
        "This is a smaller roberta-base model trained on pond notes.\n",
        "This is a multilingual roberta-base model trained from scratch on pond notes.\n",
    ):
        assert _found(text) == set(), text


# -- a conversion of a legacy repo under its own name ---------------------------------------


def _exported(model_id: str, url: str) -> dict[str, Relation]:
    text = f"---\nlicense: mit\n---\n\n## [t5-small]({url}) exported to the ONNX format\n"
    return parents(text + f'\n```python\nm = load("{model_id}")\n```\n', model_id)


def test_a_legacy_repo_exported_under_its_own_name_by_another_org() -> None:
    found = _exported("pondware/t5-small", f"{HUB}/t5-small")
    assert {p.rpartition("/")[2] for p in found} == {"t5-small"}
    assert "pondware/t5-small" not in found


def test_an_export_linking_the_card_itself_names_no_parent() -> None:
    assert _exported("pondware/t5-small", f"{HUB}/pondware/t5-small") == {}

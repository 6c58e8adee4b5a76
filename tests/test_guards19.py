"""Guards against false parents in the card readers: a data set, hardware or a sibling
named where an adapter's base goes, lead-ins and verbs naming other models than a merge's
inputs, a language word before a legacy name, a data set led by a family's name, and a
label's link whose text names no model."""

from __future__ import annotations

from importers.card import read_card
from importers.merge_credits import composed_link_claims, reference_line_claims
from importers.prose_bare_starts import bare_start_claims
from importers.stated_roles import stated_role_claims

_LORA = frozenset({"lora"})


def _roles(text: str, datasets: tuple[str, ...] = ()) -> list[str]:
    return [c.parent for c in stated_role_claims(text, "acme/wren-lora", _LORA, datasets)]


def _parents(text: str, model_id: str = "acme/wren-chat") -> list[str]:
    return [c.parent for c in read_card(text, model_id, "README.md").claims]


# ---- an adapter's base


def test_a_lora_on_a_model_is_still_its_base() -> None:
    assert _roles("We trained a QLoRA on Heron-13B with our own notes.") == ["Heron-13B"]


def test_a_lora_on_a_data_set_for_epochs_is_no_base() -> None:
    assert _roles("We trained a QLoRA on Finchtalk-2.5 for 3 epochs.") == []


def test_a_lora_on_a_data_set_the_metadata_names_is_no_base() -> None:
    text = "We trained a QLoRA on Finchtalk-2.5 with a rank of 16."
    assert _roles(text) == ["Finchtalk-2.5"]
    assert _roles(text, ("songbirds/Finchtalk-2.5",)) == []


def test_a_lora_on_a_data_set_in_the_cards_metadata_is_no_base() -> None:
    card = (
        "---\ndatasets:\n- songbirds/finchtalk-2.5\n---\n# Wren LoRA\n\n"
        "We trained a QLoRA on Finchtalk-2.5 with a rank of 16.\n"
    )
    assert "Finchtalk-2.5" not in _parents(card, "acme/wren-lora")


def test_a_lora_for_a_model_is_still_its_base() -> None:
    assert _roles("A LoRA for Heron-13B, trained on recipes.") == ["Heron-13B"]


def test_a_lora_for_hardware_is_no_base() -> None:
    assert _roles("A LoRA for A100 GPUs, trained on recipes.") == []
    assert _roles("This is a LoRA for H100 and nothing else.") == []


def test_a_sibling_lora_offered_is_no_base() -> None:
    assert _roles("We also provide a LoRA for Heron-13B, see the other repo.") == []
    assert _roles("A LoRA for Heron-13B lives in our other repo.") == []


# ---- a merge's inputs

_ASH = "[Ash](https://huggingface.co/acme/ash-7b)"
_OAK = "[Oak](https://huggingface.co/kin/oak-7b)"


def _composed(text: str) -> list[str]:
    return [c.parent for c in composed_link_claims(text, "acme/wren-merge")]


def _referenced(text: str) -> list[str]:
    return [c.parent for c in reference_line_claims(text, "acme/wren-merge")]


def test_a_merge_powered_by_links_keeps_them() -> None:
    assert _composed(f"Its core is powered by {_ASH}, further augmented by {_OAK}.") == [
        "acme/ash-7b",
        "kin/oak-7b",
    ]


def test_our_other_model_powered_by_is_no_input() -> None:
    assert _composed(f"Our other model, Finch, is powered by {_ASH}.") == []


def test_a_draft_model_boost_is_no_input() -> None:
    assert _composed(f"Generation is boosted by {_ASH} as a draft model.") == []
    assert _composed(f"Speculative decoding boosted by {_OAK} makes it fast.") == []


_LINES = "Ash; https://huggingface.co/acme/ash-7b\nOak; https://huggingface.co/kin/oak-7b\n"


def test_reference_lines_under_a_merge_lead_in_are_inputs() -> None:
    assert _referenced(f"The models merged into this one:\n{_LINES}") == [
        "acme/ash-7b",
        "kin/oak-7b",
    ]


def test_reference_lines_under_a_pointer_to_other_merges_are_no_inputs() -> None:
    for lead in (
        "Try my newer merge:",
        "The latest merge of the series:",
        "Check out this merge too:",
        "Also try this merge:",
    ):
        assert _referenced(f"{lead}\n{_LINES}") == [], lead


# ---- a language word before a legacy repo's name


def test_a_described_legacy_model_is_still_read() -> None:
    text = "This is a sturdy roberta-base model trained on pond notes.\n"
    assert [p.rsplit("/", 1)[-1] for p in _parents(text)] == ["roberta-base"]
    text = "This is a multilingual xlm-roberta-base model trained on pond notes.\n"
    assert [p.rsplit("/", 1)[-1] for p in _parents(text)] == ["xlm-roberta-base"]


def test_a_language_before_a_legacy_name_gives_no_english_repo() -> None:
    for text in (
        "This is a Chinese roberta-base model trained on pond notes.\n",
        "This is a multilingual bert-base-cased model trained on pond notes.\n",
        "This is a Korean bert-base-uncased model trained on reviews.\n",
    ):
        assert _parents(text) == [], text


# ---- a data set led by a family's name


def _bare(text: str) -> list[str]:
    return [c.parent for _, c in bare_start_claims(text, text.lower(), "acme/wren")]


def test_a_family_release_trained_on_is_still_read() -> None:
    assert _bare("This model was trained on Falcon-40B.") == ["Falcon-40B"]
    assert _bare("It is a fine-tuned model of Falcon-7B.") == ["Falcon-7B"]


def test_a_data_set_led_by_a_family_name_is_no_start() -> None:
    for text in (
        "This model was trained on Falcon-RefinedWeb.",
        "It was trained on Mistral-Instruct-Data and is small.",
        "This model was fine-tuned on Llama-Pile.",
        "This model was trained on Qwen-Corpus with care.",
        "This model was trained on Falcon-7B dataset.",
        "It is a fine-tuned model of Falcon-7B corpus.",
    ):
        assert _bare(text) == [], text


# ---- a label's link text


def test_a_labelled_base_link_with_a_models_name_is_read() -> None:
    text = "# Wren\n\nBase model: [HeronNet-2](https://github.com/finch/heronnet)\n"
    assert _parents(text) == ["HeronNet-2"]


def test_a_labelled_base_links_text_naming_no_model_is_no_parent() -> None:
    for link in (
        "[README](https://github.com/finch/heronnet/blob/main/README.md)",
        "[HERE](https://github.com/finch/heronnet)",
        "[Code](https://github.com/finch/heronnet)",
        "[REPO](https://gitlab.com/finch/heronnet)",
        "[HeronNet2](https://arxiv.org/abs/2101.00001)",
        "[HeronNet2](https://finch.example.org/heronnet2.pdf)",
    ):
        assert _parents(f"# Wren\n\nBase model: {link}\n") == [], link

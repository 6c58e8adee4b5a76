"""`importers.scorer_bare`: bare-name candidates, their traps, the ids they stand for, decisions."""

from __future__ import annotations

import pytest

from bench import train_roles
from importers import scorer, scorer_bare
from importers.card import read_card
from importers.known_models import known_id

# A hand-set model: a lineage phrase or list right before the name speaks for a parent.
LEAN = scorer.Model(
    {
        "of-from-before": 3.0,
        "near-finetune": 1.5,
        "after-finetune": 3.0,
        "near-merge": 1.5,
        "near-base": 1.0,
        "list-after-merge": 3.0,
        "list-after-base": 1.0,
        "in-table": 0.5,
        "has-size": 0.5,
    },
    bias=-3.0,
    threshold=0.6,
)


def _read(text: str, model_id: str = "quillworks/Heron-Tales-7B") -> dict[str, str]:
    with scorer.using(None), scorer_bare.using(LEAN):
        record = read_card(text, model_id, "README.md")
    return {c.parent: c.value or "" for c in record.claims}


def _cands(text: str, model_id: str = "quillworks/Heron-Tales-7B") -> dict[str, scorer.Candidate]:
    found = scorer_bare.candidates(text, model_id, scorer.CardContext(), ruled_out=True)
    return {c.model_id: c for c in found}


def test_a_label_line_names_the_base() -> None:
    card = "# Heron Tales\n\nStories, told slowly.\n\n| Field | Value |\n|---|---|\n"
    card += "| Base model | Marten 2 13B |\n| Licence | open |\n"
    got = _read(card)
    assert list(got) == ["Marten 2 13B"]  # once, whether a rule or the bare model read it


def test_the_inputs_listed_after_a_merge_sentence() -> None:
    card = (
        "# Heron Tales\n\nThis is a merge of the following models:\n\n"
        "- Kestrel-13b\n- Osprey-v2-13B\n\nUse it for tales.\n"
    )
    got = _read(card)
    assert {"Kestrel-13b", "Osprey-v2-13B"} <= set(got)


UNUSUAL = (
    "# Heron Tales\n\nWe polished Plover-7B-v0.3 (our starting point, further trained on tales).\n"
)


def test_an_unusual_verb_with_fine_tuning_after() -> None:
    assert "Plover-7B-v0.3" in _read(UNUSUAL)


def test_a_comparison_table_is_no_lineage() -> None:
    card = (
        "# Heron Tales\n\nA fine-tuned storyteller.\n\n## Results\n\n"
        "| Model | Score |\n|---|---|\n| Plover-7B-v0.3 | 61.2 |\n| Kestrel-13b | 58.0 |\n"
    )
    got = _read(card)
    assert "Plover-7B-v0.3" not in got and "Kestrel-13b" not in got


def test_a_judge_and_an_architecture_are_no_parents() -> None:
    card = (
        "# Heron Tales\n\nOur answers were graded by a judge fine-tuned from Plover-7B-v0.3.\n"
        "It keeps the Kestrel-13b architecture.\n"
    )
    cands = _cands(card)
    assert cands["Kestrel-13b"].ruled_out == "role"
    assert cands["Plover-7B-v0.3"].features.get("other-role-before") == 1.0
    assert "Kestrel-13b" not in _read(card)


def test_the_cards_own_name_and_a_held_parents_short_form_are_dropped() -> None:
    card = (
        "# Heron-Tales-7B\n\nHeron-Tales-7B is fine-tuned from "
        "[Plover 7B](https://huggingface.co/ploverlab/Plover-7B-v0.3) (Plover-7B-v0.3).\n"
    )
    held = scorer.CardContext(held=frozenset({"ploverlab/plover-7b-v0.3"}))
    found = scorer_bare.candidates(card, "quillworks/Heron-Tales-7B", held, ruled_out=True)
    names = {c.model_id.casefold() for c in found}
    assert "heron-tales-7b" not in names
    assert "plover-7b-v0.3" not in names and "ploverlab/plover-7b-v0.3" not in names


def test_method_words_files_and_library_versions_are_no_names() -> None:
    assert not scorer_bare.name_counts("LoRA-7B")
    assert not scorer_bare.name_counts("Plover2-based")
    assert not scorer_bare.name_counts("Transformers 4.35.2")
    assert not scorer_bare.name_counts("sample-1.png")
    assert not scorer_bare.name_counts("Day 1")
    assert scorer_bare.name_counts("Marten 2 13B")
    assert scorer_bare.name_counts("Plover-7B-v0.3")


def test_two_families_joined_by_a_slash_are_not_read() -> None:
    assert "llama" not in scorer_bare.scan("built on the LLaMA/Vicuna line")


def test_names_are_read_near_lineage_phrases_and_pooled_over_the_card() -> None:
    text = (
        "Kestrel-13b is great. Nothing else here.\n\n"
        + "filler words " * 80
        + "\n\nThis merge of Kestrel-13B and Osprey-v2-13B tells tales.\n"
    )
    found = scorer_bare.scan(text)
    assert [w for _, w in found["kestrel-13b"]] == ["Kestrel-13b", "Kestrel-13B"]
    assert "osprey-v2-13b" in found
    assert scorer_bare.scan("Kestrel-13b is great, and Osprey-v2-13B too.") == {}


def test_a_known_name_is_emitted_as_its_hub_id() -> None:
    hub_id = known_id("Mistral-7B-v0.1")
    assert hub_id is not None
    assert scorer_bare.emitted_id("Mistral-7B-v0.1", {}) == hub_id
    card = "# Heron Tales\n\nWe polished Mistral-7B-v0.1 (our starting point, further trained).\n"
    assert hub_id in _read(card)


def test_a_name_written_elsewhere_with_its_org_is_that_id() -> None:
    written = scorer_bare.written_ids("weights at ploverlab/Plover-7B-v0.3 for all")
    assert scorer_bare.emitted_id("plover-7b-v0.3", written) == "ploverlab/Plover-7B-v0.3"
    assert scorer_bare.emitted_id("Kestrel-13b", written) == "Kestrel-13b"


def test_the_snippet_says_bare_and_the_deciding_features() -> None:
    value = _read(UNUSUAL)["Plover-7B-v0.3"]
    head = value.split("]", 1)[0]
    assert head.startswith(scorer.MARK) and "+bare" in head and "+after-finetune" in head
    assert "polished Plover-7B-v0.3" in value


def test_no_model_no_bare_claims() -> None:
    with scorer.using(None), scorer_bare.using(None):
        record = read_card(UNUSUAL, "quillworks/Heron-Tales-7B", "README.md")
    assert not record.claims
    with scorer_bare.using(scorer.Model({}, 0.0, 1.0)):
        assert not scorer_bare.active()


def test_bare_labels_follow_the_shared_scorer() -> None:
    truth: dict[str, object] = {"plover 7b": ("finetune", "prose")}
    assert train_roles.bare_label("Plover 7B", truth) == 1
    assert train_roles.bare_label("ploverlab/plover 7b", truth) == 1
    assert train_roles.bare_label("Plover-7B-v0.3", truth) is None  # another spelling
    assert train_roles.bare_label("Kestrel-13b", truth) == 0


@pytest.mark.parametrize(
    ("name", "feature"),
    [("Marten 2 13B", "spoken"), ("starcoder", "family-only"), ("Plover-7B-v0.3", "has-size")],
)
def test_name_shape_features(name: str, feature: str) -> None:
    card = f"# Heron Tales\n\nFine-tuned from {name} on tales.\n"
    cands = _cands(card)
    assert any(feature in c.features for c in cands.values())


def test_the_hub_template_line_is_no_lineage_phrase() -> None:
    template = "- **Finetuned from model [optional]:** [More Information Needed]\n"
    assert not scorer_bare.worth_reading("# Heron Tales\n\n" + template + "Kestrel-13b\n")
    assert scorer_bare.worth_reading("# Heron Tales\n\nFinetuned from Kestrel-13b.\n")


def test_positions_line_up_when_lower_casing_changes_length() -> None:
    text = "İİİ a merge of Kestrel-13b and Osprey-v2-13B."
    found = scorer_bare.scan(text)
    assert [w for _, w in found["kestrel-13b"]] == ["Kestrel-13b"]

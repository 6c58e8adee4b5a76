"""`importers.scorer_relation`: the relation of a parent the scorer found, by kind of evidence.

Every card here is hand-written. The scorer's weights are replaced by a model that takes
every linked reference for a parent, so that each test is about the relation alone.
"""

from __future__ import annotations

import pytest

from importers import scorer
from importers.card import read_card
from lineage.core.records import Relation

LINKED = scorer.Model({"linked": 8.0}, bias=-4.0, threshold=0.5)


def relations(text: str, model_id: str) -> dict[str, Relation]:
    """The card's parents and their relations, read with ``LINKED`` as the scorer."""
    with scorer.using(LINKED):
        record = read_card(text, model_id, "README.md")
    return {c.parent: c.relation for c in record.claims}


def test_the_repo_the_yaml_says_this_one_duplicates_is_a_repack() -> None:
    text = (
        "---\nduplicated_from: inkwell/Lantern-3\n---\n# Lantern 3\n\nSoft lantern light "
        "for painted scenes.\n\n<img src=https://huggingface.co/inkwell/Lantern-3/resolve/"
        "main/sample.png>\n"
    )
    assert relations(text, "mirrors/inkwell-lantern-3") == {"inkwell/Lantern-3": Relation.QUANTIZED}
    # Without the YAML line the same link is read by the card's kind (a plain fine-tune).
    plain = text.replace("duplicated_from: inkwell/Lantern-3\n", "license: mit\n")
    assert relations(plain, "mirrors/inkwell-lantern-3") == {"inkwell/Lantern-3": Relation.FINETUNE}


def test_merge_words_at_the_reference_outweigh_a_quantized_name() -> None:
    text = (
        "# Owl-Fox 30B, 4 bit\n\nAn attempt to keep the fox's style with the owl's manners. "
        "The merge combines [Owl Chat](https://huggingface.co/owlworks/owl-chat-30b) with "
        "our older tune.\n\nGPTQ files in two group sizes are included.\n"
    )
    got = relations(text, "someone/Owl-Fox-30b-4bit")
    assert got == {"owlworks/owl-chat-30b": Relation.MERGE}


def test_a_conversion_card_naming_its_own_stem_converted_it_even_in_a_merge_card() -> None:
    body = (
        "# Quill-Blend-7B GGUF\n\nFiles for llama.cpp of a merge of two writers.\n\n"
        "Source: https://huggingface.co/quillhouse/Quill-Blend-7B\n\n"
        "Its inputs: https://huggingface.co/quillhouse/Quill-7B and "
        "https://huggingface.co/inkwell/Blend-7B\n"
    )
    context = scorer.CardContext(quantized=True, merge=True)
    with scorer.using(LINKED):
        found = scorer.decide(body, "quantfolk/Quill-Blend-7B-GGUF", context)
    assert {d.candidate.model_id: d.relation for d in found} == {
        "quillhouse/Quill-Blend-7B": Relation.QUANTIZED,  # the same stem: what it converted
        "quillhouse/Quill-7B": Relation.MERGE,
        "inkwell/Blend-7B": Relation.MERGE,
    }


def test_applying_delta_weights_reconstructs_that_repo() -> None:
    text = (
        "# Marten 13B, full weights\n\nThese files come from applying the "
        "[delta weights](https://huggingface.co/marten-lab/Marten-13B) to the original "
        "base model.\n"
    )
    got = relations(text, "someone/Marten-13B-full")
    assert got == {"marten-lab/Marten-13B": Relation.QUANTIZED}


def test_a_teacher_named_at_the_reference_is_distillation() -> None:
    text = (
        "# Tiny Sparrow\n\nA small student model; the teacher was "
        "[Big Sparrow](https://huggingface.co/sparrow-lab/big-sparrow).\n"
    )
    assert relations(text, "me/tiny-sparrow") == {"sparrow-lab/big-sparrow": Relation.DISTILLATION}


@pytest.mark.parametrize(
    ("model_id", "expected"),
    [
        ("me/CandleMix", Relation.MERGE),  # "…Mix": a merge by its name
        ("me/candle-slerp-7b", Relation.MERGE),
        ("me/LanternMix-XL", Relation.FINETUNE),  # the parent is a LanternMix too: a family
        ("me/Candle-7B", Relation.FINETUNE),
    ],
)
def test_a_merge_by_the_cards_own_name_unless_the_parent_shares_the_token(
    model_id: str, expected: Relation
) -> None:
    text = (
        "# Candle\n\nWarm tones, soft edges.\n\n"
        "The colours come from https://huggingface.co/inkwell/LanternMix.\n"
    )
    assert relations(text, model_id) == {"inkwell/LanternMix": expected}


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("A mix of Lantern and Ember, for the best of both.", Relation.MERGE),
        ("An experimental blend of two painters' styles.", Relation.MERGE),
        ("A chat model trained on a mix of public datasets.", Relation.FINETUNE),
        ("Its palette is a blend of warm colours and cold light.", Relation.FINETUNE),
    ],
)
def test_a_merge_by_the_cards_opening_sentence(opening: str, expected: Relation) -> None:
    text = (
        f"# Dusk\n\n{opening}\n\n## Samples\n\nMany pictures here.\n\n"
        "## Links\n\nhttps://huggingface.co/inkwell/Lantern-3\n"
    )
    assert relations(text, "me/Dusk") == {"inkwell/Lantern-3": expected}


ADAPTER_CARD = """{front}# Heron {name}

Heron {name} is trained with preference optimization from
[Heron](https://huggingface.co/{parent}) as its starting point.
{extra}"""


@pytest.mark.parametrize(
    ("name", "parent", "front", "extra", "expected"),
    [
        # Both names say LoRA: the token is the family's name, not how this step was made.
        ("72B-lora-2-DPO", "heron-lab/Heron-72B-LoRA-v1", "", "", Relation.FINETUNE),
        # Only this card's name says LoRA: an adapter of its parent.
        ("72B-lora-2-DPO", "heron-lab/Heron-72B-v1", "", "", Relation.ADAPTER),
        # The library declares an adapter: the shared token does not overrule it.
        (
            "72B-lora-2-DPO",
            "heron-lab/Heron-72B-LoRA-v1",
            "---\nlibrary_name: peft\n---\n",
            "",
            Relation.ADAPTER,
        ),
        # The card links quantizations of itself: full weights, not an adapter.
        (
            "7B-lora",
            "heron-lab/Heron-7B",
            "",
            "\nGGUF: https://huggingface.co/quantfolk/Heron-7B-lora-GGUF\n",
            Relation.FINETUNE,
        ),
    ],
)
def test_an_adapter_named_card_is_an_adapter_only_when_more_than_a_name_says_so(
    name: str, parent: str, front: str, extra: str, expected: Relation
) -> None:
    text = ADAPTER_CARD.format(name=name, parent=parent, front=front, extra=extra)
    assert relations(text, f"heron-lab/Heron-{name}") == {parent: expected}


def test_a_reference_denied_once_is_no_candidate_whatever_else_names_it() -> None:
    text = (
        "# Pipit 3B\n\nPipit 3B is not based on [Lark](https://huggingface.co/larks/lark-3b); "
        "we trained it from scratch.\n\nIts tokenizer follows "
        "[Lark](https://huggingface.co/larks/lark-3b) closely.\n"
    )
    assert scorer.candidates(text, "me/pipit-3b", scorer.CardContext()) == []
    assert relations(text, "me/pipit-3b") == {}


def test_card_features_for_a_merge_cue_pictures_and_own_quantizations() -> None:
    body = (
        "# Ember\n\nA mix of Lantern and Coal, for warm night scenes.\n\n"
        "![sample](https://huggingface.co/inkwell/Lantern-3/resolve/main/a.png)\n"
        '<img src="https://huggingface.co/inkwell/Lantern-3/resolve/main/b.png">\n\n'
        "Coal: [Coal v2](https://huggingface.co/coalshed/Coal-v2), "
        "![coal](https://huggingface.co/coalshed/Coal-v2/resolve/main/c.png)\n\n"
        "GGUF files: https://huggingface.co/quantfolk/Ember-GGUF\n"
    )
    found = {c.model_id: c.features for c in scorer.candidates(body, "me/Ember", CONTEXT)}
    assert set(found) == {"inkwell/Lantern-3", "coalshed/Coal-v2"}
    for feats in found.values():
        assert feats["card-merge-cue"] == feats["card-links-own-conversions"] == 1.0
    # Shown only as pictures from that repo: decoration; a text link as well: a mention.
    assert found["inkwell/Lantern-3"]["only-image"] == 1.0
    assert "only-image" not in found["coalshed/Coal-v2"]
    # A card the reader already calls a merge gets no second, weaker merge cue.
    merge = scorer.CardContext(merge=True)
    (first, _) = scorer.candidates(body, "me/Ember", merge)
    assert "card-merge-cue" not in first.features
    plain = body.replace("A mix of Lantern and Coal", "Tuned on a mix of public datasets")
    (first, _) = scorer.candidates(plain, "me/Ember", CONTEXT)
    assert "card-merge-cue" not in first.features
    first = scorer.candidates(plain, "me/EmberMix", CONTEXT)[0]
    assert first.features["card-merge-cue"] == 1.0


CONTEXT = scorer.CardContext()

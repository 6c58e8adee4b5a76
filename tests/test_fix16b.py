"""Sentences that relate this model to a linked model by a derivation word
(`importers.derived_links`), each kind beside the same words where they name no parent."""

from __future__ import annotations

import pytest

from importers.card import read_card
from importers.derived_links import derived_link_claims, used_as_start_claims
from lineage.core.records import Relation

FT = Relation.FINETUNE
URL = "https://huggingface.co/pinecone-lab/quill-7b"
LINK = f"[Quill 7B]({URL})"
PARENT = "pinecone-lab/quill-7b"


def _found(body: str, model_id: str = "fernwood/quill-7b-tuned") -> dict[str, Relation | None]:
    return {c.parent: c.relation for c in derived_link_claims(body, model_id)}


def _card(body: str, model_id: str = "fernwood/quill-7b-tuned") -> dict[str, Relation]:
    record = read_card(body, model_id, "README.md")
    return {c.parent: c.relation for c in record.claims}


@pytest.mark.parametrize(
    "sentence",
    [
        f"This is the DPO'd version of {URL}, trained on preference pairs.",
        f"This is simply an RLHF'd version of {LINK}.",
        f"It's the instruct version of {LINK} for chat.",
        f"Continuation of {URL} on 20B more tokens of legal text.",
        f"A continued pretraining of {LINK} on Icelandic news.",
    ],
)
def test_copula_and_derivation_noun(sentence: str) -> None:
    assert _found(f"# Quill tuned\n\n{sentence}\n") == {PARENT: FT}


@pytest.mark.parametrize(
    "sentence",
    [
        f"This model uses weights from {LINK}.",
        f"This `quill-7b-tuned` model fine-tunes {LINK} with 40k extra steps.",
        f"Our quill model continues {LINK} on recipes.",
        f"This model fine-tunes `pinecone-lab/quill-7b` ({URL}) on customer e-mails.",
        f"It extends the pretrained {LINK} with a vision head.",
        f"This model further pretrains {LINK} on Basque web text.",
        f"This checkpoint starts from {LINK} and adds 2k steps.",
    ],
)
def test_model_as_subject_parent_as_object(sentence: str) -> None:
    assert _found(f"# Quill tuned\n\n{sentence}\n") == {PARENT: FT}


@pytest.mark.parametrize(
    "sentence",
    [f"The exact underlying model is {LINK}.", f"The starting model used was {URL} ."],
)
def test_identity_with_the_start(sentence: str) -> None:
    assert _found(f"Trained with our scripts.\n\n{sentence}\n") == {PARENT: FT}


def test_a_line_that_only_says_what_the_repo_holds() -> None:
    body = f"# Quill encoders\n\nText encoder weights from {LINK}.\n\nLoad them with our code.\n"
    assert _found(body) == {PARENT: Relation.QUANTIZED}
    assert _found(f"# Quill\n\nLoRA weights of {LINK}\n") == {}  # trained on top of it
    assert _found(f"# Quill\n\nWeights from {LINK} were used for the encoder only.\n") == {}


@pytest.mark.parametrize(
    "sentence",
    [
        f"This is the {LINK} model which has been fine-tuned over our support tickets.",
        f"This is the {LINK} checkpoint, that was further trained with 4k dialogues.",
    ],
)
def test_the_link_then_what_was_done_to_it(sentence: str) -> None:
    assert _found(f"# Quill tuned\n\n{sentence}\n") == {PARENT: FT}


def test_pointer_back_to_the_link_of_the_sentence_before() -> None:
    body = (
        f"Read the original {LINK} card first. This is just a fine-tuned version of that model.\n"
    )
    assert _found(body) == {PARENT: FT}
    lines = (
        f"Read the original {LINK} card first.\nThis is just a fine-tuned version of that model.\n"
    )
    assert _found(lines) == {PARENT: FT}


def test_everything_from_and_same_as_on_a_card_that_fine_tuned() -> None:
    body = f"## Model card\n\nEverything from {LINK}, plus our style data.\n\nWe fine-tuned 3 epochs.\n"
    assert _found(body) == {PARENT: FT}
    trained = f"## Model card\n\nEverything from {LINK}, plus our look.\n\nTrained on 9k photos.\n"
    assert _found(trained) == {PARENT: FT}
    items = f"## Model\n\n- **Architecture:** Same as {LINK}, see config.json\n- **Finetuning steps:** 900\n"
    assert _found(items) == {PARENT: FT}


def test_the_reader_keeps_the_claim() -> None:
    body = f"# Quill tuned\n\nThis is the DPO'd version of {URL}\n\nUse it for drafting.\n"
    assert _card(body) == {PARENT: FT}


# -- the same words where they name no parent ------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        f"A smaller version of {LINK} is on its way.",  # a sibling
        f"This is the previous version of {LINK}.",  # a successor's link
        f"This is the GGUF version of {LINK}.",  # the conversion phrases read it
        f"This is the online demo version of {LINK}.",
        f"This is a retraining of {URL} with a filtered dataset.",  # a twin of the recipe
        f"We compare it with {LINK}. This is just a fine-tuned version of this model.",
        f"It uses the tokenizer of {LINK}.",
        f"Same as {LINK}: the prompt format is ChatML.",  # no fine-tuning on the card
        f"- **Architecture:** Same as {LINK}",  # an architecture alone
        f"- **Architecture:** Same as {LINK}\n- Trained on 2T tokens from scratch",
        f"You can fine-tune {LINK} yourself.",
        f"This model trains faster than {LINK}.",
        f"Our data pipeline builds on {URL}/tree/main/scripts for cleaning.",
        f"This model uses weights from {LINK} as a baseline for comparison.",
        f"The judge model is {LINK}.",
        f"Our other models: {LINK}.",
        f"This is the {LINK} model which is trained by another lab; we compare to it.",
        "This model uses weights from [ours](https://huggingface.co/datasets/pinecone-lab/quill).",
    ],
)
def test_look_alikes_name_no_parent(sentence: str) -> None:
    assert _found(f"# Quill tuned\n\n{sentence}\n") == {}


def test_a_child_is_not_its_parent() -> None:
    # The own id in the link: "this is the DPO'd version of" a page of this very repo.
    body = "This is the DPO'd version of https://huggingface.co/fernwood/quill-7b-tuned\n"
    assert _found(body) == {}


def test_cards_without_the_words_are_not_read() -> None:
    assert derived_link_claims(f"# Quill\n\nA model. See {LINK}.\n", "a/b") == []
    assert derived_link_claims("# Quill\n\nThis is the DPO'd version of Quill.\n", "a/b") == []


@pytest.mark.parametrize(
    "sentence",
    [
        f"This is a Qwen version of {LINK}.",  # the same recipe on another base: a sibling
        f"This model is the miniature version of {LINK}.",
    ],
)
def test_a_version_needs_a_word_of_training(sentence: str) -> None:
    assert _found(f"# Quill tuned\n\n{sentence}\n") == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "The **pinecone-lab/quill-7b** (its English and Welsh rows only) model was used as the"
        " original; ours beats it on our benchmark.",
        f"{LINK} is used as the starting point of our training.",
    ],
)
def test_the_passive_of_using_a_model_as_the_start(sentence: str) -> None:
    found = {c.parent: c.relation for c in used_as_start_claims(f"# Quill\n\n{sentence}\n", "f/q")}
    assert found == {PARENT: FT}


@pytest.mark.parametrize(
    "sentence",
    [
        "**pinecone-lab/quill-7b** was used as the teacher.",
        "**pinecone-lab/quill-7b** was used as the judge of every answer.",
        f"{LINK} was used as the base of the comparison.",
        "**pinecone-lab/quill-data** is used as our training set.",
    ],
)
def test_other_uses_are_no_start(sentence: str) -> None:
    assert used_as_start_claims(f"# Quill\n\n{sentence}\n", "f/q") == []

"""Parents written with their org that a card calls by what they are: "trained … on the
[ORG/X](…) checkpoint" (a training verb, then a Hub link or an id the next word calls a
checkpoint)."""

from __future__ import annotations

import pytest

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT, QU = Relation.FINETUNE, Relation.QUANTIZED
HUB = "https://huggingface.co"


# -- "trained … on/from the [X](…) checkpoint" ------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "This model was trained on 900,000 short poems on the [wren/verse-gen]({hub}/wren/verse-gen)"
        " checkpoint for another 2,000 steps.",
        "We continued training from the `wren/verse-gen` checkpoint with a lower learning rate.",
        "The encoder was initialised from the [**`wren/verse-gen`**]({hub}/wren/verse-gen) "
        "checkpoint.",
        "Training started from the pretrained wren/verse-gen checkpoint.",
        "It was fine-tuned for two epochs on the [Verse Gen]({hub}/wren/verse-gen) checkpoints.",
    ],
)
def test_a_checkpoint_a_training_verb_starts_from_is_the_parent(sentence: str) -> None:
    text = "# Verse-Gen-2\n\n" + sentence.format(hub=HUB) + "\n"
    assert parents(text, "wren/verse-gen-2") == {"wren/verse-gen": FT}


@pytest.mark.parametrize(
    "sentence",
    [
        # A tokenizer, a comparison, a download: no training verb before "from/on the X".
        "We reuse the tokenizer from the [lark/base-7b]({hub}/lark/base-7b) checkpoint.",
        "Scores are compared with those of the [lark/base-7b]({hub}/lark/base-7b) checkpoint.",
        "You can download it from the lark/base-7b checkpoint page.",
        # A dataset link is no model checkpoint.
        "It was trained on the [lark/poems]({hub}/datasets/lark/poems) checkpoint of the data.",
        # The verb's sentence ends before the checkpoint is named.
        "The model was trained for a day. Judged on the lark/judge-7b checkpoint.",
        # A checkpoint of this model's own training (a child), named as its next step.
        "The weights were later fine-tuned into [lark/verse-chat]({hub}/lark/verse-chat), a chat "
        "model.",
    ],
)
def test_checkpoint_words_that_name_no_parent(sentence: str) -> None:
    # (The card states its parent, so only the sentence's own reading can add one.)
    text = (
        f"# Verse-Gen-2\n\nVerse-Gen-2 is a fine-tuned version of [wren/verse-gen]({HUB}/wren/"
        "verse-gen).\n\n" + sentence.format(hub=HUB) + "\n"
    )
    assert parents(text, "wren/verse-gen-2") == {"wren/verse-gen": FT}


# -- a text encoder of a pipeline: a frozen part, not a parent --------------------------------

_PIPELINE = (
    "# Heron Diffusion\n\nHeron Diffusion is a latent diffusion model that uses two fixed, "
    "pretrained text encoders\n([Lark-Text](https://github.com/lark/text) and "
    f"[Wren-T5]({HUB}/wren/t5-mini)).\n"
)


def test_a_linked_text_encoder_is_no_parent() -> None:
    assert parents(_PIPELINE, "acme/heron-diffusion") == {}


def test_a_text_encoder_beside_a_stated_base_leaves_the_base() -> None:
    text = _PIPELINE + f"\nIt was fine-tuned from [acme/heron-base]({HUB}/acme/heron-base).\n"
    assert parents(text, "acme/heron-diffusion") == {"acme/heron-base": FT}


@pytest.mark.parametrize(
    "sentence",
    [
        # A lineage word in the sentence: the weights decide, no rule rules it out.
        f"We fine-tuned the text encoder of [wren/t5-mini]({HUB}/wren/t5-mini) on captions.",
        # The text encoder spoken of in an earlier sentence: this one names another role.
        f"The text encoder is frozen. The weights start from [wren/t5-mini]({HUB}/wren/t5-mini).",
    ],
)
def test_text_encoder_words_that_do_not_rule_a_reference_out(sentence: str) -> None:
    from importers.scorer import CardContext, candidates

    found = candidates("# Heron\n\n" + sentence + "\n", "acme/heron", CardContext(), True)
    assert [(c.model_id, c.ruled_out) for c in found] == [("wren/t5-mini", None)]


# -- a conversion card: "# X GGUF" with the name alone, the one ORG/X written elsewhere --------

_GGUF_HEAD = "# Wren-Poet-7B-v2 GGUF Models\n\nQuantized with llama.cpp; pick a file below.\n\n"


def test_the_one_org_id_the_conversion_card_writes_is_its_source() -> None:
    text = (
        "---\nbase_model: lark/Lark-7B\n---\n" + _GGUF_HEAD + "# Model Card for "
        "finch/Wren-Poet-7B-v2\n\nWren-Poet-7B-v2 was fine-tuned from lark/Lark-7B on poems.\n"
    )
    # (The YAML line and the fine-tune sentence are the original's card, copied.)
    assert parents(text, "quanter/Wren-Poet-7B-v2-GGUF") == {"finch/Wren-Poet-7B-v2": QU}


@pytest.mark.parametrize(
    "elsewhere",
    [
        # Two repos of that name: the card does not say which one it converts.
        "See finch/Wren-Poet-7B-v2 and heron/Wren-Poet-7B-v2 for the originals.\n",
        # The name only inside a local path: a folder, no repo.
        "Converted from ./models/finch/Wren-Poet-7B-v2/ with llama.cpp.\n",
    ],
)
def test_no_written_source_when_the_card_names_none_or_several(elsewhere: str) -> None:
    text = "---\nbase_model: lark/Lark-7B\n---\n" + _GGUF_HEAD + elsewhere
    assert "finch/Wren-Poet-7B-v2" not in parents(text, "quanter/Wren-Poet-7B-v2-GGUF")

"""Kinds of statements that name a parent without its org (`importers.prose_bare_kinds`):
a training label whose value is a model's name with a size, a version or an acronym."""

from __future__ import annotations

import pytest

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT = Relation.FINETUNE


# -- "Model used: X", "Pretrained model: X", "Base Model: 300M Heron Tide" ---------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "# Wren\n\n## Training\n\n- Model used: Kestrel 7B\n- Epochs: 3\n- Data: field notes\n",
            "Kestrel 7B",
        ),
        (
            "# Wren\n\n## Training\n\nBase model used: Kestrel-13B\n\nLoss went down.\n",
            "Kestrel-13B",
        ),
        ("# Wren\n\n**Pretrained model:** Kestrel-2\n\nIt answers bird questions.\n", "Kestrel-2"),
        (
            "# Wren\n\n# Technical details\n\nArchitecture: Heron variant\n\n"
            "Base Model: 300M Heron Tide\n\n# Credits\n",
            "300M Heron Tide",
        ),
        (
            "# Wren\n\n- **Developed by:** Ann\n- **Model type:** OwlAI 7B\n- **Licence:** MIT\n",
            "OwlAI 7B",
        ),
        ("# Wren\n\n1. Pre-trained model: KBERT-Tiny\n2. Data: our notes\n", "KBERT-Tiny"),
        # one id or Hub URL and nothing else
        (
            "# Wren\n\n  - Pretrained model used: Birdlab-X/kbert-base-nest\n",
            "Birdlab-X/kbert-base-nest",
        ),
        ("# Wren\n\nBase model used: https://huggingface.co/acme/Kestrel-7B\n", "acme/Kestrel-7B"),
    ],
)
def test_a_training_label_names_the_base_as_written(text: str, name: str) -> None:
    assert parents(text, "me/Wren") == {name: FT}


@pytest.mark.parametrize(
    "text",
    [
        # a description, not a name
        "# Wren\n\n- **Model type:** decoder-only transformer language model\n",
        "# Wren\n\n- **Model type:** Causal LM\n",
        # "model type" needs a size: a family alone is the design's name
        "# Wren\n\n- **Model type:** Kestrel 2\n",
        # a bare size, a hosted model, plain words
        "# Wren\n\nModel used: 7B\n",
        "# Wren\n\nModel used: GPT-4 (for the synthetic answers)\n",
        "# Wren\n\nPretrained model: our own checkpoint\n",
        # the card's own name
        "# Wren-7B\n\nBase model used: Wren-7B\n",
        # an id inside words, and "model type" (a design) with an id
        "# Wren\n\nPretrained model used: like acme/Kestrel-7B\n",
        "# Wren\n\n- **Model type:** acme/Kestrel-7B\n",
        # long values are sentences
        "# Wren\n\nModel used: The Kestrel 7B Chat Model From Acme Labs In 2023\n",
    ],
)
def test_label_values_that_name_no_parent(text: str) -> None:
    got = parents(text, "me/Wren-7B" if "Wren-7B" in text else "me/Wren")
    assert got == {}


def test_a_label_gives_way_to_a_phrase_that_names_a_parent() -> None:
    text = (
        "# Wren\n\nWren is a fine-tuned version of "
        "[Kestrel-7B](https://huggingface.co/acme/Kestrel-7B).\n\n- Model used: Osprey 7B\n"
    )
    assert parents(text, "me/Wren") == {"acme/Kestrel-7B": FT}


def test_a_label_in_code_is_not_read() -> None:
    text = "# Wren\n\n```yaml\nmodel used: Kestrel 7B\n```\n"
    assert parents(text, "me/Wren") == {}

"""`importers.prose_reader.FROM_SCRATCH`: the Trainer's "trained from scratch on … dataset."
is left before a reference is read, and the prose reads exactly as when it was read."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from importers import prose_reader
from importers.prose import read_prose
from importers.prose_claims import ProseFindings
from importers.prose_reader import FROM_SCRATCH, _Reader

_NEVER = re.compile(r"(?!)")

# Dataset names as the Trainer writes them, and words that other readers look for.
_DATASET = st.one_of(
    st.just("an unknown"),
    st.builds(
        "the {}".format,
        st.sampled_from(
            ["None", "imdb", "acme/chat-mix_v2", "found", "available", "Llama-2-7b", "x.y", "v2"]
        ),
    ),
)
_TAILS = st.sampled_from(
    [
        "",
        "\n",
        " It reaches 0.91 accuracy.",
        " See https://huggingface.co/acme/Other-7B for more.",
        "\n- item one\n- item two",
        " [this commit](https://huggingface.co/acme/Other-7B/tree/main)",
        "'s [weights](https://huggingface.co/acme/Other-7B)",
        " released Foo-33B trained from [acme/Bar-7B](https://huggingface.co/acme/Bar-7B).",
        "\nThis model is a fine-tuned version of [acme/Base-7B](https://huggingface.co/acme/Base-7B).",
    ]
)
_BEFORE = st.sampled_from(
    [
        "This model was ",
        "We released Foo-33B ",
        "# Title\n\nThe encoder was ",
        "Acme's model, ",
        "It is pre",
    ]
)


def _card(before: str, space: str, dataset: str, tail: str) -> str:
    return f"{before}trained from{space}scratch on {dataset} dataset.{tail}"


def _read(text: str, model_id: str) -> ProseFindings:
    return read_prose(text, model_id)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    _BEFORE,
    st.sampled_from([" ", "  ", "\t", " \t"]),
    _DATASET,
    _TAILS,
    st.sampled_from(["acme/Mine-7B", "acme/scratch", "other/Tiny"]),
)
@example("This model was ", " ", "an unknown", "", "acme/Mine-7B")
def test_skip_reads_like_the_full_reading(
    monkeypatch: pytest.MonkeyPatch,
    before: str,
    space: str,
    dataset: str,
    tail: str,
    model_id: str,
) -> None:
    text = _card(before, space, dataset, tail)
    at = text.index("from") + len("from")
    # (The phrase may end before or after the space: "trained from" or "trained from ".)
    for pos in (at, at + len(space)):
        assert FROM_SCRATCH.match(text, pos)
        # The reference the full reading would read there: none.
        reader = _Reader(text, text, model_id, ProseFindings())
        assert reader._read_ref_at(pos) is None
    fast = _read(text, model_id)
    with monkeypatch.context() as patched:
        patched.setattr(prose_reader, "FROM_SCRATCH", _NEVER)
        slow = _read(text, model_id)
    assert fast == slow


@pytest.mark.parametrize(
    ("after", "skipped"),
    [
        (" scratch on an unknown dataset.", True),
        ("scratch on the acme/mix dataset.", True),
        (" scratch on the wiki text dataset.", False),  # two words: not the Trainer's
        (" scratch on [acme/Data](https://hf.co/datasets/acme/Data) dataset.", False),
        (" scratch-7B on an unknown dataset.", False),
        (" Scratch on an unknown dataset.", False),
        (" scratch on an unknown dataset", False),
    ],
)
def test_precondition(after: str, skipped: bool) -> None:
    assert (FROM_SCRATCH.match(after) is not None) is skipped

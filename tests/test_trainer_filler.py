"""The Trainer's machine-written lines and the Hub template's unfilled fields, emptied before
the card readers (importers.trainer_filler): nothing a person wrote is lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from importers import trainer_filler
from importers.card import read_card
from importers.trainer_filler import (
    HYPERPARAMETERS,
    without_template_blanks,
    without_trainer_filler,
)

TRAINER_CARD = """---
license: mit
---

# tidewater-summarizer

This model is a fine-tuned version of [brookline/tidewater-base](https://huggingface.co/brookline/tidewater-base) on the harbor-notes dataset.
It achieves the following results on the evaluation set:
- Loss: 0.8123
- Rouge1: 41.2

## Model description

More information needed

## Training procedure

### Training hyperparameters

The following hyperparameters were used during training:
- learning_rate: 3e-05
- train_batch_size: 16
- optimizer: Adam with betas=(0.9,0.999) and epsilon=1e-08
- init_checkpoint: brookline/tidewater-base
- model_variant: large

### Training results

| Training Loss | Epoch | Step | Validation Loss |
|:-------------:|:-----:|:----:|:---------------:|
| 1.2000        | 1.0   | 100  | 0.9500          |

### Framework versions

- Transformers 4.40.0
- Pytorch 2.3.0+cu121
"""

TEMPLATE_CARD = """# Model Card for Model ID

## Model Details

- **Developed by:** [More Information Needed]
- **Model type:** [More Information Needed]
- **Finetuned from model [optional]:** [brookline/tidewater-base](https://huggingface.co/brookline/tidewater-base)
- **License:** [More Information Needed]

### Direct Use

[More Information Needed]
"""


def test_trainer_lines_are_emptied_and_lines_keep_their_numbers() -> None:
    out = without_trainer_filler(TRAINER_CARD)
    assert out.count("\n") == TRAINER_CARD.count("\n")
    for gone in (
        "learning_rate",
        "train_batch_size",
        "| Training Loss",
        "| 1.2000",
        "Transformers 4.40.0",
        "Pytorch 2.3.0",
        "- Loss: 0.8123",
        "The following hyperparameters",
        "It achieves the following results",
        "More information needed",
        "### Training results",
    ):
        assert gone not in out, gone
    # A value with an id, a key that speaks of a model, headings and prose stay.
    for kept in (
        "- init_checkpoint: brookline/tidewater-base",
        "- model_variant: large",
        "## Model description",
        "## Training procedure",
        "This model is a fine-tuned version of [brookline/tidewater-base]",
    ):
        assert kept in out, kept


def test_a_card_without_the_trainers_sentence_is_left_as_it_is() -> None:
    text = TRAINER_CARD.replace("The following hyperparameters were used during training:", "")
    assert without_trainer_filler(text) == text


def test_template_fields_left_unfilled_are_emptied_and_filled_ones_stay() -> None:
    out = without_template_blanks(TEMPLATE_CARD)
    assert out.count("\n") == TEMPLATE_CARD.count("\n")
    assert "[More Information Needed]" not in out
    assert "Developed by" not in out
    assert "- **Finetuned from model [optional]:** [brookline/tidewater-base]" in out
    # A field whose text holds a link or a name besides the blank stays whole.
    mixed = "- **Finetuned from model:** [x](https://huggingface.co/a/b) [More Information Needed]"
    assert without_template_blanks(mixed) == mixed


def test_the_readers_find_the_same_parent_on_both_kinds_of_card() -> None:
    for text in (TRAINER_CARD, TEMPLATE_CARD):
        record = read_card(text, "shoreline/tidewater-summarizer", "README.md")
        assert [c.parent for c in record.claims] == ["brookline/tidewater-base"], text[:40]


def _emptied_by_every_pattern(body: str) -> str:
    """`without_trainer_filler` as it read line by line: each line after the results (or the
    hyperparameter sentence) tried against the filler lines and every pattern."""
    start = body.find(HYPERPARAMETERS)
    if start < 0:
        return body
    results = body.find(trainer_filler._RESULTS, 0, start)
    start = body.rfind("\n", 0, results if results >= 0 else start) + 1
    lines = [
        ""
        if line in trainer_filler._FILLER
        or trainer_filler._KEY_VALUE.fullmatch(line)
        or trainer_filler._TABLE_ROW.fullmatch(line)
        or trainer_filler._VERSION.fullmatch(line)
        else line
        for line in body[start:].split("\n")
    ]
    head = body[:start].replace("\nMore information needed\n", "\n\n")
    return head + "\n".join(lines)


_PIECES = ["- ", "-", "|", " |", "| a |", "lr", ": ", "3e-05", "/", "model", "x", " ", "\t", "1."]
_LINE_PIECES = st.sampled_from([*_PIECES, *sorted(trainer_filler._FILLER)])


@given(st.lists(st.lists(_LINE_PIECES, max_size=5).map("".join), max_size=12))
def test_one_search_empties_what_every_pattern_empties(
    lines: list[str],
) -> None:
    body = "\n".join(["# card", "More information needed", HYPERPARAMETERS, *lines])
    assert without_trainer_filler(body) == _emptied_by_every_pattern(body)
    assert without_trainer_filler(TRAINER_CARD) == _emptied_by_every_pattern(TRAINER_CARD)


# Characters each pattern turns on, and some it must refuse (a non-ASCII letter and digit, a
# Kelvin sign that lowercases to "k", a newline-free carriage return).
_LINE_CHARS = st.sampled_from(list("- |:/_.+ \tamodelMx9é٣K\r"))
_TRAINER_LINES = st.one_of(
    st.text(_LINE_CHARS, max_size=14).map(lambda text: "- " + text),
    st.text(_LINE_CHARS, max_size=14).map(lambda text: "|" + text),
    st.lists(_LINE_PIECES, max_size=5).map("".join).map(lambda text: "- " + text),
    st.text(max_size=12).filter(lambda text: "\n" not in text).map(lambda text: "- " + text),
)


@given(_TRAINER_LINES)
def test_the_string_tests_empty_what_the_patterns_empty(line: str) -> None:
    body = "\n".join(["# card", HYPERPARAMETERS, line])
    assert without_trainer_filler(body) == _emptied_by_every_pattern(body)


# Characters the patterns turn on, and some they must refuse (a non-ASCII letter and digit, a
# Kelvin sign, a carriage return), then any text at all.
_LINE_CHARS = st.sampled_from(list("- |:/_.+ \tamodelMx9é٣K\r"))
_ANY_LINE = st.one_of(
    st.text(_LINE_CHARS, max_size=14).map(lambda text: "- " + text),
    st.text(_LINE_CHARS, max_size=14).map(lambda text: "|" + text),
    st.text(_LINE_CHARS, max_size=14),
    st.text(max_size=12).map(lambda text: "- " + text),
)


@given(
    st.lists(_ANY_LINE, max_size=6),
    st.sampled_from(["", "\n", "More information needed\n", "a\nMore information needed\n"]),
    st.lists(_ANY_LINE, max_size=8),
)
def test_one_search_empties_what_every_pattern_empties_in_any_text(
    before: list[str], head: str, after: list[str]
) -> None:
    body = "\n".join(before) + head + trainer_filler._RESULTS + "\n" + "\n".join(after)
    body += "\n" + HYPERPARAMETERS
    assert without_trainer_filler(body) == _emptied_by_every_pattern(body)
    assert without_trainer_filler(head + HYPERPARAMETERS) == _emptied_by_every_pattern(
        head + HYPERPARAMETERS
    )

"""The lines the Hugging Face Trainer writes into a card it generates, blanked before reading.

A card the Trainer generated ("This model is a fine-tuned version of [X](…) on the Y dataset")
ends in machine-written sections: the evaluation results, the hyperparameters, a table of
losses by epoch and the library versions, with "More information needed" under every heading
nobody filled in. They never name a parent, yet their words ("the following", "used during
training", "Training results") turn on a dozen of the prose phrases, each of which then
searches the whole card. About a quarter of the Hub's cards are of this kind, and these lines
cost a quarter of their reading. So on a card that holds the Trainer's hyperparameter sentence,
each line of exactly those shapes is blanked (emptied, so that lines keep their numbers):

- the sentences and headings the Trainer writes word for word (`_FILLER`);
- ``- key: value`` lines after "It achieves the following results" or the hyperparameter
  sentence, unless the value holds a ``/`` (an id or a path) or the key speaks of a model;
- table rows (``| … |``) and ``- Library 1.2.3`` version lines in those sections.

The section headings a person may have filled in ("## Model description", "## Training
procedure") stay, and so does every line of another shape.

The Hub's own card template ("# Model Card for Model ID", another quarter of the Hub) is the
same case: each field nobody filled in reads "[More Information Needed]", and its labels
("Finetuned from model [optional]:") turn on the label phrases for nothing. Such a line holding
nothing but the blank is emptied too (`without_template_blanks`); a filled field stays whole.
Every labelled corpus reads the same with and without these two steps.
"""

from __future__ import annotations

import re
from functools import lru_cache

HYPERPARAMETERS = "The following hyperparameters were used during training:"
_RESULTS = "It achieves the following results on the evaluation set:"
_FILLER = frozenset(
    {
        HYPERPARAMETERS,
        _RESULTS,
        "More information needed",
        "### Training hyperparameters",
        "### Training results",
        "### Framework versions",
    }
)
# "- learning_rate: 2e-05", "- Loss: 1.4500"; not "- base_model: org/x" nor "- model: x".
_KEY_VALUE = re.compile(r"- (?![^:\n]*model)[A-Za-z][\w ]*: [^/\n]*")
_TABLE_ROW = re.compile(r"\|.*\|[ \t]*")
_VERSION = re.compile(r"- [A-Za-z][\w.-]* [\w.+-]+")
# A whole line of one of the shapes above, with the newline before it.
_FILLER_LINE = re.compile(
    "\n(?:"
    + "|".join(
        [_KEY_VALUE.pattern, _TABLE_ROW.pattern, _VERSION.pattern]
        + [re.escape(line) for line in sorted(_FILLER)]
    )
    + ")(?=\n|\\Z)"
)


def without_trainer_filler(body: str) -> str:
    """``body`` with the Trainer's machine-written lines emptied (unchanged unless the card
    holds the Trainer's hyperparameter sentence)."""
    start = body.find(HYPERPARAMETERS)
    if start < 0:
        return body
    results = body.find(_RESULTS, 0, start)
    if results >= 0:
        start = results
    # From the newline before that line (or a newline put in front of the body), one search
    # empties every line of a filler shape, each line tried where it starts: the patterns are
    # tried in C rather than line by line in Python (half the time on a Trainer card).
    newline = body.rfind("\n", 0, start)
    if newline < 0:
        return _FILLER_LINE.sub("\n", "\n" + body)[1:]
    head = body[:newline]
    # "More information needed" also stands under the headings before the results.
    if "\nMore information needed\n" in head + "\n":
        head = (head + "\n").replace("\nMore information needed\n", "\n\n")[:-1]
    return head + _FILLER_LINE.sub("\n", body[newline:])


# The Hub's card template: a field nobody filled in is "[More Information Needed]".
TEMPLATE_BLANK = "[More Information Needed]"
_UNFILLED = re.compile(r"(?:[^\n\[\]()]|\[optional\])*\[More Information Needed\][ \t]*")
# A whole line of `_UNFILLED`'s shape, with the newline before it: the same language with its
# alternation unrolled (no bracket or parenthesis but "[optional]"'s before the blank), so one
# search walks the card's lines in C instead of a Python loop over the lines holding the blank.
_UNFILLED_LINE = re.compile(
    r"\n[^\n\[\]()]*+(?:\[optional\][^\n\[\]()]*+)*+\[More Information Needed\][ \t]*+(?=\n|\Z)"
)


def without_template_blanks(body: str) -> str:
    """``body`` with each line of the Hub's card template that holds nothing but an unfilled
    field ("- **Finetuned from model [optional]:** [More Information Needed]") emptied."""
    if len(body) <= _RECURRING_MAX_CHARS:
        return _recurring_blanks(body)
    return _blanks(body)


def _blanks(body: str) -> str:
    return _UNFILLED_LINE.sub("\n", "\n" + body)[1:]


# The template's prose recurs word for word from card to card (most fill in nothing): a
# recent text's answer is kept for the next card holding it, a few hundred texts back (at
# most ~4 M characters of text and answers). Longer texts seldom recur: not kept.
_RECURRING_MAX_CHARS = 8_192
_recurring_blanks = lru_cache(maxsize=256)(_blanks)


__all__ = ["HYPERPARAMETERS", "TEMPLATE_BLANK", "without_template_blanks", "without_trainer_filler"]

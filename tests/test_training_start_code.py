"""The training-command rule looks for its words in the code blocks the prose cleaning cut
out (`ProseFindings.code`), not in the whole card: those blocks must hold every block
`importers.references.code_spans` finds, so no training block is missed."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from importers.prose import MAX_PROSE_CHARS, read_prose
from importers.references import code_spans
from importers.roles import role_claims
from importers.training_start import training_starts

_PIECES = st.sampled_from(
    [
        "```", "````", "~~~", "```python", "``` ", " ```", "\t~~~~", "\n", "\n\n", " ", "x",
        "lr=2e-5", "epochs: 3", "Trainer(", "--model ab/cd", "from_pretrained('ab/cd')",
        "num_train_epochs=1", "## Original model card", "# Heading", "<!-- c -->", "> q",
        "@misc{a,\n}", "base_model: ab/cd", "learning_rate: 1", "**", "[a [b]](c)", "x/ ab-c",
    ]
)  # fmt: skip
_BODIES = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
@given(_BODIES)
@example("```\nlr=1\n```\n")
@example("text\n ```py\nTrainer(\n``` \nmore")
@example("```\nnever closed lr: 2")
def test_cut_code_holds_every_code_block(body: str) -> None:
    code = read_prose(body, "me/model").code
    if code is None:  # (a copied card cut off: the whole card is searched)
        return
    for start, end in code_spans(body):
        assert body[start:end] in code


@settings(max_examples=2000, suppress_health_check=[HealthCheck.too_slow])
@given(_BODIES)
@example("```\n--model ab/cd --lr 2\n```\n")
def test_training_starts_with_the_cut_code_as_without(body: str) -> None:
    code = read_prose(body, "me/model").code
    assert training_starts(body, code) == training_starts(body)
    assert role_claims(body, "me/model", code=code) == role_claims(body, "me/model")


def test_code_is_unknown_for_a_cut_card() -> None:
    copied = "# Mine\n\n# Original model card\n```\nlr: 1\n```\n"
    assert read_prose(copied, "me/model").code is None
    assert read_prose("x" * MAX_PROSE_CHARS + "\n```\nlr: 1\n```\n", "me/model").code is None
    assert read_prose("no code here", "me/model").code == ""

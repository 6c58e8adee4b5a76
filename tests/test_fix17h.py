"""A series' licence sentence naming its base family (`importers.family_trained_on`)."""

from __future__ import annotations

import pytest

from importers.card import read_card
from importers.family_trained_on import family_built_on_claims


def _parents(body: str, model_id: str, yaml: str = "") -> set[str]:
    text = f"---\nlicense: mit\n{yaml}---\n\n{body}\n"
    return {c.parent for c in read_card(text, model_id, "README.md").claims}


# A series' licence sentence naming its bases.
@pytest.mark.parametrize(
    ("model_id", "parent"),
    [
        ("acme/kestrel-l2-13b-4.2", "llama-2"),
        ("acme/sparrowkestrel-7b-4.2", "llama-2"),  # the series' version
        ("acme/kestrel-c34b-4.2", "codellama"),  # a code size
        ("acme/kestrel-code-13b-4.2", "codellama"),
    ],
)
def test_series_built_on_top_of(model_id: str, parent: str) -> None:
    body = "### Licence\n\nThe kestrel 4.2 models are built on top of llama-2/codellama.\n"
    assert {c.parent for c in family_built_on_claims(body, model_id)} == {parent}
    assert _parents(body, model_id) == {parent}


@pytest.mark.parametrize(
    ("body", "model_id"),
    [
        # another series' licence
        ("The osprey 4.2 models are built on top of llama-2/codellama.", "acme/wren-13b-1.0"),
        # a choice per release, and no names
        ("The kestrel 4.2 models are built on top of either llama or llama-2.", "acme/kestrel-4.2"),
        (
            "The kestrel 5.0 models are built on top of multiple base models.",
            "acme/kestrel-5.0",
        ),
        # not a family: a method
        ("The kestrel 4.2 models are built on top of transformers.", "acme/kestrel-4.2"),
    ],
)
def test_series_built_on_no_base(body: str, model_id: str) -> None:
    assert family_built_on_claims(body, model_id) == []


def test_series_built_on_gives_way_to_a_declared_base() -> None:
    body = "The kestrel 4.2 models are built on top of llama-2/codellama."
    yaml = "base_model: acme/Wren-13b\n"
    assert _parents(body, "acme/kestrel-l2-13b-4.2", yaml) == {"acme/Wren-13b"}

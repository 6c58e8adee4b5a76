"""The reader's exact cuts: each gate or cache against the plain reading it stands for."""

from __future__ import annotations

import itertools
import random

import pytest

from importers import label_lines, roles, trainer_filler
from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.references import mentions
from lineage.core.ids import key
from lineage.core.records import Relation

# --- label_lines: one search per form instead of a substring test per needle ---------

_PIECES = (
    "ase model is [",
    "ase Model is [",
    "ase model: [",
    "ase model:** [",
    "ase model:[",
    "ase model is (",
    "Base model is [X](https://example.org/x)",
    "rom model:",
    "rom Model:",
    "rom MODEL:",
    "rom model ",
    "nitialization of",
    "nitialisation of",
    "nitializat",
    "initialization  of",
    "Finetuned from model: Lark-2 (512x320)",
    "with RoBERTuito as the initialization of the LLM",
    "base",
    "model",
    "\n",
    " ",
    "[",
    "é",
    "模型",
)


def _texts() -> list[str]:
    rng = random.Random(21)
    out = ["", *_PIECES]
    out += ["".join(p) for p in itertools.product(_PIECES[:8], repeat=2)]
    out += ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    return out


def test_label_gates_are_the_needle_tests() -> None:
    for text in _texts():
        for i, (needles, _, _, _) in enumerate(label_lines._FORMS):
            assert (label_lines._GATES[i].search(text) is not None) == any(
                n in text for n in needles
            ), (text, needles)


@pytest.mark.parametrize(
    ("body", "parents"),
    [
        ("Base model is [Lark-2](https://example.org/lark)\n", ["Lark-2"]),
        ("The base Model is [RoBERTuito](https://github.com/x/y) here.\n", ["RoBERTuito"]),
        (
            "Finetuned from model: DynamiCrafter-interpolation (512x320)\n",
            ["DynamiCrafter-interpolation"],
        ),
        ("- **Finetuned from model:** Lark-2 (512x320)\n", ["Lark-2"]),
        ("We use Qwen2-7B as the initialization of the LLM.\n", ["Qwen2-7B"]),
        ("Base model: [here](https://example.org)\n", []),
        ("nothing to see\n", []),
    ],
)
def test_label_line_claims_read_as_before(body: str, parents: list[str]) -> None:
    assert [c.parent for c in label_lines.label_line_claims(body, "me/my-model")] == parents


# --- trainer_filler: the template's blanks found once per recurring text ----------------

_TEMPLATE_PIECES = (
    "- **Finetuned from model [optional]:** [More Information Needed]",
    "[More Information Needed]",
    "- **Developed by:** Lark Labs",
    "## Uses",
    "- **License:** [More Information Needed] (see [here](x))",
    "### Direct Use  [More Information Needed]   ",
    "",
    "é [optional] [More Information Needed]",
)


def test_template_blanks_read_as_one_search() -> None:
    rng = random.Random(2108)
    texts = [
        "\n".join(rng.choice(_TEMPLATE_PIECES) for _ in range(rng.randint(1, 12)))
        for _ in range(400)
    ]
    long = "\n".join(_TEMPLATE_PIECES) * (trainer_filler._RECURRING_MAX_CHARS // 100)
    assert len(long) > trainer_filler._RECURRING_MAX_CHARS
    texts.append(long)
    for _ in range(2):  # the second time from the kept answers
        for text in texts:
            want = trainer_filler._UNFILLED_LINE.sub("\n", "\n" + text)[1:]
            assert trainer_filler.without_template_blanks(text) == want
    assert trainer_filler._recurring_blanks.cache_info().hits > 0


# --- roles: the recipe and precision-twin passes skipped when they cannot drop anything ---


def _disjoint_recipe_ungated(stated: list[ProseClaim], roles: list[ProseClaim]) -> list[ProseClaim]:
    said = {
        key(c.parent)
        for c in stated
        if c.relation is Relation.MERGE
        and not c.inferred
        and c.strength is Strength.STRONG
        and "/" in c.parent
    }
    recipe = {key(c.parent) for c in roles if c.snippet.startswith("[mergekit-in-card]")}
    if len(said) < 2 or not recipe or not said.isdisjoint(recipe):
        return roles
    return [c for c in roles if not c.snippet.startswith("[mergekit-in-card]")]


def _precision_twins_ungated(claims: list[ProseClaim], body: str) -> set[str]:
    groups: dict[str, set[str]] = {}
    for c in claims:
        org, _, name = c.parent.rpartition("/")
        if org:
            groups.setdefault(f"{org}/{roles._PRECISION.sub('', name)}".casefold(), set()).add(
                key(c.parent)
            )
    twins = [g for g in groups.values() if len(g) > 1]
    if not twins:
        return set()
    linked = {key(m.model_id) for m in mentions(body) if m.form == "url" and not m.in_code}
    dropped: set[str] = set()
    for group in twins:
        kept = group & linked
        if len(kept) == 1:
            dropped |= group - kept
    return dropped


_PARENTS = ("Org/Lark-7B", "Org/Lark-7B-bf16", "org/lark-7b-FP16", "Other/Wren", "Wren-2", "a/b")
_SNIPPETS = ("[mergekit-in-card] models: …", "merged from A and B", "[label-line] x")
_BODY = (
    "See [Lark](https://huggingface.co/Org/Lark-7B-bf16) and https://huggingface.co/Other/Wren\n"
    "```yaml\nmodels:\n  - model: Org/Lark-7B\n```\n"
)


def _random_claims(rng: random.Random) -> list[ProseClaim]:
    return [
        ProseClaim(
            rng.choice(_PARENTS),
            rng.choice((Relation.MERGE, Relation.FINETUNE, None)),
            rng.choice((Strength.STRONG, Strength.WEAK, Strength.LABEL)),
            rng.choice(_SNIPPETS),
            inferred=rng.random() < 0.2,
        )
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3, 4)))
    ]


def test_role_passes_read_as_ungated() -> None:
    rng = random.Random(2112)
    recipes_dropped = twins_found = 0
    for _ in range(3000):
        stated, found = _random_claims(rng), _random_claims(rng)
        kept = _disjoint_recipe_ungated(stated, found)
        assert roles.without_disjoint_recipe(stated, found) == kept
        recipes_dropped += kept != found
        both = stated + found
        for body in (_BODY, ""):
            twins = _precision_twins_ungated(both, body)
            assert roles.precision_twins(both, body) == twins
            twins_found += bool(twins)
    assert recipes_dropped and twins_found  # the fixtures reach the passes' work

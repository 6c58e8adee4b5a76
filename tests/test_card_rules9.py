"""Card-level rules: a declared tuned release the prose corrects, grand-parents, siblings."""

from __future__ import annotations

from importers.card import read_card
from lineage.core.records import EvidenceKind, Relation


def parents(text: str, model_id: str = "harbor/tern-coder-1") -> dict[str, Relation]:
    record = read_card(text, model_id, "README.md")
    return {c.parent: c.relation for c in record.claims}


def _card(base_model: str, body: str) -> str:
    return f"---\nlicense: mit\nbase_model:\n- {base_model}\n---\n\n{body}"


_TUNED = "gullwing/Kite-Mid-2.0-12B-Instruct-2601"
_BASE = "gullwing/Kite-Mid-2.0-12B-Base-2601"


def test_prose_fine_tuned_from_the_base_release_replaces_a_declared_instruct_sibling() -> None:
    body = (
        "# Tern Coder\n\nTern is an agent for code review. It is finetuned from "
        f"[Kite-Mid-2.0](https://huggingface.co/{_BASE}), so it reads long files.\n"
    )
    record = read_card(_card(_TUNED, body), "harbor/tern-coder-1", "README.md")
    assert {c.parent: c.relation for c in record.claims} == {_BASE: Relation.FINETUNE}
    # The declared value is not lost: it stays as unresolved, against the prose.
    (entry,) = [u for u in record.unresolved if u.kind is EvidenceKind.CARD_YAML]
    assert entry.value == _TUNED and "tuned sibling" in entry.reason


def test_declared_instruct_release_stays_when_the_prose_names_it_as_the_source() -> None:
    # Same shape, but the text tunes from the declared release; the base is only compared.
    body = (
        f"It is finetuned from [Kite-Mid-2.0-Instruct](https://huggingface.co/{_TUNED}).\n\n"
        f"| model | score |\n|---|---|\n| [{_BASE}](https://huggingface.co/{_BASE}) | 41 |\n"
    )
    assert parents(_card(_TUNED, body)) == {_TUNED: Relation.FINETUNE}


def test_base_release_only_mentioned_leaves_the_declared_parent() -> None:
    # No fine-tuning sentence names the base release: the YAML declaration stands.
    body = f"Compare with the pretrained [Kite](https://huggingface.co/{_BASE}) on our tasks.\n"
    assert parents(_card(_TUNED, body)) == {_TUNED: Relation.FINETUNE}


def test_base_release_of_another_family_is_no_correction() -> None:
    other = "gullwing/Kite-Large-3.0-70B-Base-2601"
    body = f"It is finetuned from [Kite](https://huggingface.co/{other}).\n"
    got = parents(_card(_TUNED, body))
    assert _TUNED in got and other not in got

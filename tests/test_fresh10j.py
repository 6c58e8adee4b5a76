"""Kinds of statements read on a second randomly drawn corpus (encoders, repacks, model zoos):
each rule fires on its form and stays quiet on a look-alike."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import HUB, parents

FT, QU = Relation.FINETUNE, Relation.QUANTIZED


# -- a model zoo's legend: "`X` represents the LoRA-tuned version" ------------------------


def _zoo(legend: str) -> str:
    return (
        "---\nlicense: mit\n---\n# Otter encoders\n\nWe release a family of video encoders.\n\n"
        "## Model zoo\n\n"
        f"<td><a href='{HUB}/otterlab/Otter_Clip'>Otter_Clip</a></td>"
        f"<td><a href='{HUB}/otterlab/Otter_Clip_Full'>Otter_Clip_Full</a></td>\n\n"
        f"{legend}\n"
    )


def test_a_sibling_defined_by_a_zoo_legend_is_no_parent() -> None:
    legend = (
        "In the table, `otterlab/Otter_Clip_Full` represents the fully fine-tuned version, "
        "while `otterlab/Otter_Clip` represents the LoRA-tuned version."
    )
    assert parents(_zoo(legend), "otterlab/Otter_Clip_Full") == {}


def test_a_legend_word_before_a_name_still_credits_it() -> None:
    # Trap: "represents" is said of this model; the name after "fine-tuned from" is the source.
    legend = (
        "Otter_Clip_Full represents the fully tuned version: it was fine-tuned from "
        f"[otterlab/Otter_Clip]({HUB}/otterlab/Otter_Clip) on ten million clips."
    )
    assert parents(_zoo(legend), "otterlab/Otter_Clip_Full") == {"otterlab/Otter_Clip": FT}


# -- a repack over the original's copied card, the source only in its loading code -------


def _repack(code_id: str, note: str = "Quantized for the 4bit fork of a story writer UI.") -> str:
    return (
        "---\nlicense: apache-2.0\n---\n# Quill-7B-Saga\n\n"
        f"{note}\n\n"
        "Quill-7B-Saga writes long stories. It was built by finetuning Quill-7B on novels.\n\n"
        "```python\nimport transformers\n"
        f"model = transformers.AutoModelForCausalLM.from_pretrained('{code_id}')\n```\n"
    )


def test_group_sized_repack_names_the_copied_loading_code_id_as_its_source() -> None:
    got = parents(_repack("inkworks/quill-7b-saga"), "repacker/quill-7b-saga-4bit-128g")
    # The copied card's own base (Quill-7B) is a grand-parent, not this repack's parent.
    assert got == {"inkworks/quill-7b-saga": QU}


def test_repack_loading_another_name_takes_no_source_from_the_code() -> None:
    # Trap: the code loads a model of another name; only the copied sentence speaks.
    got = parents(_repack("inkworks/quill-7b"), "repacker/quill-7b-saga-4bit-128g")
    assert "inkworks/quill-7b-saga" not in got
    assert not any(r is QU for r in got.values())


def test_repack_that_never_speaks_of_a_conversion_takes_no_source_from_the_code() -> None:
    # Trap: a conversion-named repo whose text never says it converts anything.
    text = _repack("inkworks/quill-7b-saga", note="A story model.")
    got = parents(text, "repacker/quill-7b-saga-4bit-128g")
    assert "inkworks/quill-7b-saga" not in got

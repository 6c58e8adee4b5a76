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


_STAGE_BODY = (
    "## Training\n"
    "The base model is [lark-base](https://huggingface.co/lark-base). A partner lab then "
    "trained it further on question pairs in forty languages.\n\n"
    "The resulting model called `lark-base-pairs-v2` was published on their site.\n\n"
    "Starting from that model we tuned it on Dutch and Frisian similarity data.\n"
)


def test_stated_base_of_a_named_intermediate_stage_is_a_grand_parent() -> None:
    record = read_card(_STAGE_BODY, "polder/lark-nl-fy-similarity", "README.md")
    assert {c.parent: c.relation for c in record.claims} == {
        "lark-base-pairs-v2": Relation.FINETUNE
    }
    assert any(u.value == "lark-base" for u in record.unresolved)


def test_resulting_model_that_is_the_card_itself_leaves_the_stated_base() -> None:
    # "The resulting model, called <this model>": the stated base is the real parent.
    body = (
        "The base model is [lark-base](https://huggingface.co/lark-base). We trained it on "
        "Dutch question pairs.\n\nThe resulting model, named `lark-nl-pairs`, is this repo.\n"
    )
    assert parents(body, "polder/lark-nl-pairs") == {"lark-base": Relation.FINETUNE}


def test_resulting_model_under_another_heading_is_not_the_stage() -> None:
    body = (
        "The base model is [lark-base](https://huggingface.co/lark-base).\n\n"
        "## Related work\nOthers trained a paraphraser; the resulting model called "
        "`lark-para-x` is not what we used.\n"
    )
    assert parents(body, "polder/lark-nl-fy") == {"lark-base": Relation.FINETUNE}


def test_explicit_fine_tune_sentence_is_never_moved_to_a_stage() -> None:
    body = (
        "This model is a fine-tuned version of [lark-base](https://huggingface.co/lark-base).\n\n"
        "The resulting model called `lark-tiny-v3` is smaller.\n"
    )
    assert parents(body, "polder/lark-nl-fy") == {"lark-base": Relation.FINETUNE}


def _release_table(own_cell: str) -> str:
    return (
        "---\ntags:\n- merge\n---\n"
        "Wren is a family of small Welsh encoders distilled from one teacher.\n\n"
        "| Variant | Notes | Link |\n|---|---|---|\n"
        "| Ordered | kept the corpus order | [fenlab/wren-ordered](https://huggingface.co/fenlab/"
        "wren-ordered) |\n"
        "| Mixed | shuffled corpus | [fenlab/wren-mixed](https://huggingface.co/fenlab/wren-mixed) |\n"
        f"| Merged | joined neighbouring sentences | {own_cell} |\n"
    )


def test_siblings_in_a_release_table_with_a_row_for_this_model_are_no_merge_inputs() -> None:
    assert parents(_release_table("this model"), "fenlab/wren-merged") == {}


def test_linked_rows_of_a_merge_table_without_the_cards_own_row_stay_inputs() -> None:
    # Same table shape, but no row stands for the card: the links are what it merged.
    got = parents(_release_table("see below"), "fenlab/wren-merged")
    assert got == {"fenlab/wren-ordered": Relation.MERGE, "fenlab/wren-mixed": Relation.MERGE}


def _command_card(intro: str) -> str:
    return (
        f"## Heron\n\n{intro}\n\n"
        "### Tuning it on your task\n\n```bash\npython train_cls.py \\\n"
        "  --model_name_or_path bayside/heron-v3-huge \\\n  --task_name rte \\\n"
        "  --output_dir out\n```\n"
    )


def test_training_command_of_a_copied_card_names_no_parent() -> None:
    # The text presents itself as the command's start model: it is that model's card.
    body = _command_card("This is the Heron V3 huge model with 40 layers and 1.2B parameters.")
    record = read_card(body, "someone/heron-nli-mix", "README.md")
    assert record.claims == []
    assert any(u.value == "bayside/heron-v3-huge" for u in record.unresolved)


def test_training_command_start_named_as_the_source_stays_a_parent() -> None:
    body = _command_card("This is the Heron V3 huge model fine-tuned on our entailment mix.")
    assert parents(body, "someone/heron-nli-mix") == {"bayside/heron-v3-huge": Relation.FINETUNE}


def test_training_command_on_a_card_about_another_model_stays_a_parent() -> None:
    body = _command_card("This is the Heron NLI mix model with 40 layers.")
    assert parents(body, "someone/heron-nli-mix") == {"bayside/heron-v3-huge": Relation.FINETUNE}


def _lora_card(code: str) -> str:
    return (
        "---\ntags:\n- lora\n- peft\n---\n# Finch LoRA 3B\n\n"
        "I used [owlet-3b](https://huggingface.co/treeline/owlet-3b) as a base model and "
        "trained it with LoRA on recipe instructions.\n\n```python\n" + code + "\n```\n"
    )


def test_lora_card_whose_code_loads_itself_whole_is_a_fine_tune() -> None:
    code = 'model = OwletForCausalLM.from_pretrained(\n    "meadow/finch-lora-3b",\n)'
    assert parents(_lora_card(code), "meadow/finch-lora-3b") == {
        "treeline/owlet-3b": Relation.FINETUNE
    }


def test_lora_card_loaded_through_peft_stays_an_adapter() -> None:
    code = (
        'base = AutoModelForCausalLM.from_pretrained("treeline/owlet-3b")\n'
        'model = PeftModel.from_pretrained(base, "meadow/finch-lora-3b")'
    )
    assert parents(_lora_card(code), "meadow/finch-lora-3b") == {
        "treeline/owlet-3b": Relation.ADAPTER
    }


def test_lora_card_whose_code_loads_only_the_base_stays_an_adapter() -> None:
    code = 'base = AutoModelForCausalLM.from_pretrained("treeline/owlet-3b")'
    assert parents(_lora_card(code), "meadow/finch-lora-3b") == {
        "treeline/owlet-3b": Relation.ADAPTER
    }


def test_org_ids_written_between_chinese_words_are_read() -> None:
    # Chinese runs words together: the id starts right after a CJK character and ends at one.
    body = (
        "我们对treeline/owlet-7b-chat进行LoRA微调。\n\n"
        "本仓库为LoRA参数hilltop/Owlet-Zh-7b-Chat-LoRA和treeline/owlet-7b-chat参数结合后的版本。\n"
    )
    got = parents(body, "hilltop/Owlet-Zh-7b-Chat")
    assert got.get("hilltop/Owlet-Zh-7b-Chat-LoRA") is Relation.MERGE


def test_org_glued_to_a_latin_prefix_is_another_org() -> None:
    # "xhilltop/…" belongs to the org "xhilltop", not to the card's "hilltop".
    body = (
        "我们对treeline/owlet-7b-chat进行LoRA微调。\n\n"
        "本仓库为LoRA参数 xhilltop/Owlet-Zh-7b-Chat-LoRA 和基础参数结合后的版本。\n"
    )
    got = parents(body, "hilltop/Owlet-Zh-7b-Chat")
    assert "hilltop/Owlet-Zh-7b-Chat-LoRA" not in got
    assert "xhilltop/Owlet-Zh-7b-Chat-LoRA" not in got

"""Kinds of statements of the twelfth round's third pass: the start checkpoint of a training
recipe pasted in a card, and the look-alikes (usage, serving and evaluation code, tools of
the training) that load other models."""

from __future__ import annotations

import pytest

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT, ME = Relation.FINETUNE, Relation.MERGE
HUB = "https://huggingface.co"

# -- the start checkpoint of a training command, config or script ----------------------------

_TRAINING_RECIPES = [
    # A command with --model and a learning rate.
    "## Training\n\n```bash\npython run_pretrain.py \\\n    --model birds/heron-base \\\n"
    "    --helper_name birds/heron-small \\\n    --epochs 2 \\\n    --lr 3e-5\n```\n",
    # A trainer's YAML config.
    "## Settings\n\n```yaml\nbase_model: birds/heron-base\nmodel_type: AutoModelForCausalLM\n"
    "tokenizer_type: AutoTokenizer\nsequence_len: 4096\nmicro_batch_size: 2\nnum_epochs: 3\n"
    "learning_rate: 0.0002\n```\n",
    # A training script.
    "## How we trained it\n\n```python\nmodel = AutoModelForCTC.from_pretrained(\n"
    '    "birds/heron-base",\n    hidden_dropout=0.1,\n)\n'
    'tok = AutoTokenizer.from_pretrained("birds/heron-tokenizer")\n'
    'args = TrainingArguments(output_dir="out", num_train_epochs=10, learning_rate=1e-4)\n'
    "trainer = Trainer(model=model, args=args)\ntrainer.train()\n```\n",
    # A flag with '=' and quotes.
    '```\naccelerate launch sft.py --model="birds/heron-base" --num_train_epochs 1\n```\n',
]


@pytest.mark.parametrize("recipe", _TRAINING_RECIPES)
def test_the_start_checkpoint_of_a_training_recipe_is_the_base(recipe: str) -> None:
    text = f"# Heron tuned\n\nA small model for bird calls.\n\n{recipe}"
    assert parents(text, "me/heron-tuned") == {"birds/heron-base": FT}


@pytest.mark.parametrize(
    "code",
    [
        # Serving the card's own model, and an evaluation harness.
        "```bash\nvllm serve --model me/heron-tuned\nlm_eval --model hf --tasks arc\n```\n",
        # Usage code loading another model beside this one.
        '```python\nbase = AutoModel.from_pretrained("birds/heron-base")\n'
        "out = base.generate(**inputs)\n```\n",
        # A merge tool's command lists merge inputs, not a start.
        "```\nmerge-tool ./out --model birds/heron-base --weight 0.5 "
        "--model birds/wren-base --weight 0.5\n```\n",
    ],
)
def test_usage_serving_and_evaluation_code_names_no_start(code: str) -> None:
    text = f"# Heron tuned\n\nA small model for bird calls.\n\n{code}"
    assert "birds/heron-base" not in parents(text, "me/heron-tuned")


def test_a_reward_model_or_a_tokenizer_in_a_training_script_is_no_start() -> None:
    text = (
        "# Heron tuned\n\nTrained with preference tuning.\n\n```python\n"
        'policy = AutoModelForCausalLM.from_pretrained("birds/heron-base")\n'
        'reward_model = AutoModelForSequenceClassification.from_pretrained("birds/judge-rm")\n'
        'tok = AutoTokenizer.from_pretrained("birds/heron-tok")\n'
        "trainer = PPOTrainer(model=policy, reward_model=reward_model, learning_rate=1e-6)\n"
        "```\n"
    )
    assert parents(text, "me/heron-tuned") == {"birds/heron-base": FT}


def test_two_different_starts_name_none() -> None:
    # Trap: two training configs from different bases (one per size): no one start.
    text = (
        "# Heron tuned\n\n```yaml\nbase_model: birds/heron-base-1b\nlearning_rate: 1e-4\n```\n\n"
        "```yaml\nbase_model: birds/heron-base-7b\nlearning_rate: 1e-4\n```\n"
    )
    found = parents(text, "me/heron-tuned")
    assert "birds/heron-base-1b" not in found
    assert "birds/heron-base-7b" not in found


def test_a_mergekit_recipe_is_no_training_config() -> None:
    text = (
        "# Heron mix\n\nA merge.\n\n```yaml\nslices:\n  - sources:\n"
        "      - model: birds/heron-base\n        layer_range: [0, 32]\n"
        "      - model: birds/wren-base\n        layer_range: [0, 32]\n"
        "merge_method: slerp\nbase_model: birds/heron-base\n```\n"
    )
    assert parents(text, "me/heron-mix") == {"birds/heron-base": ME, "birds/wren-base": ME}


_QLORA_CONFIG = (
    "```yaml\nbase_model: birds/heron-7b\nadapter: qlora\nlora_r: 16\nnum_epochs: 2\n"
    "learning_rate: 0.0002\n```\n"
)


def test_an_adapter_by_name_that_links_its_own_quantizations_holds_full_weights() -> None:
    # Quantizers convert full weights: the QLoRA was merged into its base.
    text = (
        "# Heron-7B-code-qlora\n\nQuantized copies:\n"
        f"- {HUB}/quant/Heron-7B-code-qlora-GPTQ\n- {HUB}/quant/Heron-7B-code-qlora-GGUF\n\n"
        f"## Settings\n\n{_QLORA_CONFIG}"
    )
    assert parents(text, "me/Heron-7B-code-qlora") == {"birds/heron-7b": FT}


def test_an_adapter_by_name_alone_stays_an_adapter() -> None:
    text = f"# Heron-7B-code-qlora\n\nOur adapter.\n\n## Settings\n\n{_QLORA_CONFIG}"
    assert parents(text, "me/Heron-7B-code-qlora") == {"birds/heron-7b": Relation.ADAPTER}


def test_a_declared_adapter_linking_quantized_copies_stays_an_adapter() -> None:
    # Trap: the peft library declares the repo an adapter, whatever its links say.
    text = (
        "---\nlibrary_name: peft\n---\n# Heron-7B-code-qlora\n\n"
        f"See {HUB}/quant/Heron-7B-code-qlora-GGUF.\n\n{_QLORA_CONFIG}"
    )
    assert parents(text, "me/Heron-7B-code-qlora") == {"birds/heron-7b": Relation.ADAPTER}


# -- a merge sentence above a pasted recipe of other models -----------------------------------

_OTHER_RECIPE = (
    "\n\n```yaml\nslices:\n  - sources:\n      - model: gulls/Gull-7B\n"
    "        layer_range: [0, 32]\n      - model: terns/Tern-7B\n        layer_range: [0, 32]\n"
    "merge_method: slerp\nbase_model: gulls/Gull-7B\nparameters:\n  t: 0.5\n```\n"
)


@pytest.mark.parametrize(
    "sentence",
    [
        "Merge birds/Heron-7B and nest/Wren-7B using slerp with mergekit.",
        f"# Merged [Heron-7B]({HUB}/birds/Heron-7B) and [Wren-7B]({HUB}/nest/Wren-7B) with TIES",
        "Merging `birds/Heron-7B` with `nest/Wren-7B` via DARE.",
        "This model is a merge of birds/Heron-7B and nest/Wren-7B, made with slerp.",
    ],
)
def test_the_merge_sentence_decides_over_a_recipe_of_other_models(sentence: str) -> None:
    text = f"{sentence}{_OTHER_RECIPE}"
    assert parents(text, "me/Kite-7B") == {"birds/Heron-7B": ME, "nest/Wren-7B": ME}


def test_a_recipe_that_shares_an_input_with_the_sentence_stays() -> None:
    # The recipe adds the input the sentence left out.
    text = (
        "Merge birds/Heron-7B and nest/Wren-7B using slerp.\n\n```yaml\nmodels:\n"
        "  - model: birds/Heron-7B\n  - model: nest/Wren-7B\n  - model: gulls/Gull-7B\n"
        "merge_method: ties\nbase_model: birds/Heron-7B\n```\n"
    )
    assert parents(text, "me/Kite-7B") == {
        "birds/Heron-7B": ME,
        "nest/Wren-7B": ME,
        "gulls/Gull-7B": ME,
    }


@pytest.mark.parametrize(
    "line",
    [
        "Merge birds/heron-7b-lora into your own model to try it.",
        "Merge the adapter with the base before use.",
    ],
)
def test_an_instruction_to_merge_names_no_input(line: str) -> None:
    text = f"# Kite-7B\n\nA chat model.\n\n{line}\n"
    assert not any(v is ME for v in parents(text, "me/Kite-7B").values())


# -- a legacy Hub id without an org, linked after a lineage phrase ----------------------------


@pytest.mark.parametrize(
    ("sentence", "parent"),
    [
        (
            f"This is a fine-tune checkpoint of [DistilBERT base]({HUB}/distilbert-base-uncased), "
            "tuned on movie reviews.",
            "distilbert-base-uncased",
        ),
        (f"A fine-tune version of [RoBERTa]({HUB}/roberta-base) for bird names.", "roberta-base"),
        (
            f"The model is a fine-tuned version of [multilingual DistilBERT]"
            f"({HUB}/distilbert-base-multilingual-cased) on place names.",
            "distilbert-base-multilingual-cased",
        ),
    ],
)
def test_a_legacy_id_linked_after_a_lineage_phrase_is_the_parent(
    sentence: str, parent: str
) -> None:
    assert parents(f"# Bird tagger\n\n{sentence}\n", "me/bird-tagger") == {parent: FT}


def test_a_linked_legacy_id_with_no_lineage_phrase_is_no_parent() -> None:
    # Trap: a comparison with a legacy model is no lineage.
    text = (
        "# Bird tagger\n\nA tagger trained from scratch on bird names. It is faster than "
        f"[RoBERTa]({HUB}/roberta-base) on our benchmark.\n"
    )
    assert "roberta-base" not in parents(text, "me/bird-tagger")


# -- "This is [X](…) with [Y-LoRA](…) applied" ---------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        f"This is [birds/Heron-20B]({HUB}/birds/Heron-20B) with "
        f"[me/Heron-20b-Gloss-LoRA]({HUB}/me/Heron-20b-Gloss-LoRA) applied.",
        "This is `birds/Heron-20B` with `me/Heron-20b-Gloss-qlora` merged in, for story telling.",
        f"This model is {HUB}/birds/Heron-20B with the [gloss]({HUB}/me/heron-gloss) LoRA glued on.",
    ],
)
def test_a_base_with_a_lora_applied_names_both(sentence: str) -> None:
    text = f"# Heron 20B glossed\n\n{sentence}\n\nThe LoRA was trained on our own stories.\n"
    found = parents(text, "me/Heron-20b-Glossed")
    assert found.pop("birds/Heron-20B") is FT
    assert list(found.values()) == [ME]
    assert next(iter(found)).casefold().startswith("me/heron-")


def test_a_full_model_merged_in_is_no_lora_applied() -> None:
    # Trap: "with Y merged in" where Y is a full model: two merge inputs, no base.
    text = (
        f"# Heron mix\n\nThis is [birds/Heron-20B]({HUB}/birds/Heron-20B) with "
        f"[nest/Wren-20B]({HUB}/nest/Wren-20B) merged in.\n"
    )
    assert parents(text, "me/Heron-mix").get("nest/Wren-20B") is not FT


# -- a recipe's id and a linked list item's precision variant of the same model ---------------

_MODELS_USED = (
    "# Kite-11B\n\nA merge.\n\n## Models used\n"
    f"- [birds/Heron-7B]({HUB}/birds/Heron-7B)\n"
    f"- [Wren 7B v2]({HUB}/nest/wren-7b-v2{{linked}})\n\n"
    "## Recipe\n\n```yaml\nslices:\n  - sources:\n      - model: birds/Heron-7B\n"
    "        layer_range: [0, 24]\n  - sources:\n      - model: nest/wren-7b-v2{pasted}\n"
    "        layer_range: [8, 32]\nmerge_method: passthrough\n```\n"
)


@pytest.mark.parametrize(
    ("linked", "pasted"), [("-bf16", ""), ("", "-fp16"), ("_fp16", ""), ("-bf16", "-fp16")]
)
def test_a_precision_variant_of_a_linked_input_gives_way(linked: str, pasted: str) -> None:
    text = _MODELS_USED.format(linked=linked, pasted=pasted)
    assert parents(text, "me/Kite-11B") == {"birds/Heron-7B": ME, f"nest/wren-7b-v2{linked}": ME}


def test_two_linked_precisions_both_stay() -> None:
    # Trap: the card links both (it cannot tell which it used): no choice made for it.
    text = (
        "# Kite-11B\n\nA merge of the following models:\n"
        f"- [A]({HUB}/nest/wren-7b-v2)\n- [B]({HUB}/nest/wren-7b-v2-bf16)\n"
        f"- [C]({HUB}/birds/Heron-7B)\n"
    )
    found = parents(text, "me/Kite-11B")
    assert {"nest/wren-7b-v2", "nest/wren-7b-v2-bf16", "birds/Heron-7B"} <= set(found)

"""The weights a training recipe pasted in a card starts from.

A card often shows how it was trained instead of saying what it was trained from: a
command (``python train.py --model ORG/X --lr 2e-5``), a trainer's YAML config
(``base_model: ORG/X`` beside ``learning_rate:`` and ``num_epochs:``) or a training
script (``AutoModelForCausalLM.from_pretrained("ORG/X")`` before ``TrainingArguments``).
The model loaded there is the start checkpoint: a fine-tune parent.

Only a code block that trains counts (it sets a learning rate, epochs, a batch size per
device, or builds a trainer): the same flags and calls in usage, serving or evaluation
code (``vllm serve --model ORG/X``, ``lm_eval --model hf``) load the card's own model or
a tool. Tokenizers, processors, configs, and models loaded as a reward, judge, teacher or
reference model are tools of the training, not its start.
"""

from __future__ import annotations

import re

from importers.references import code_blocks

# What a block that trains sets or builds (never usage or evaluation code).
_TRAINS = re.compile(
    r"(?:^|[\s\"'{,(-])(?:learning_rate|lr|num_train_epochs|num_epochs|epochs|do_train|"
    r"micro_batch_size|per_device_train_batch_size|gradient_accumulation_steps|warmup_steps|"
    r"warmup_ratio)[\"']?[ \t]*[:=\s]"
    r"|\b(?:TrainingArguments|\w*Trainer)\s*\(|\btrainer\.train\(",
    re.M,
)
# Words one of which every `_TRAINS` match holds ("epochs" in "num_train_epochs", "Train" in
# "Trainer"): a block without any is not searched (the pattern has no literal for re to look
# for first, so a search tries it at every position).
_TRAIN_WORDS = (
    "lr", "learning_rate", "epochs", "do_train", "batch_size", "gradient_accumulation_steps",
    "warmup_", "Train", "trainer.train(",
)  # fmt: skip
# A mergekit recipe is no training, whatever its keys.
_MERGE_RECIPE = re.compile(r"^[ \t]*(?:merge_method|slices|layer_slices)[ \t]*:", re.M)
_MODEL_FLAG = re.compile(r"(?<![\w-])--model[ \t=]+[\"']?(?P<ref>[^\s\"'\\]+)")
_CONFIG_BASE = re.compile(r"^[ \t]*base_model[ \t]*:[ \t]*[\"']?(?P<ref>[^\s\"'#]+)", re.M)
_LOADED = re.compile(
    r"^(?P<lead>[^\n]*?)(?P<call>\w+)\.from_pretrained\(\s*(?:[\w.]+\s*,\s*)?"
    r"[\"'](?P<ref>[^\"']+)[\"']",
    re.M,
)
# Classes and variables that load a tool of the training, not its start.
_TOOL_CALL = re.compile(r"Tokenizer|Processor|FeatureExtractor|Config|PeftModel", re.I)
_TOOL_ROLE = re.compile(r"reward|judge|teacher|\bref|critic|rm_|classifier", re.I)


def training_starts(body: str, code: str | None = None) -> list[tuple[str, str]]:
    """``(reference, line)`` for each start checkpoint a training block in ``body`` loads.

    ``code``: text holding each of ``body``'s code blocks (`ProseFindings.code`), when known;
    the training words are looked for there, not in all of the card.
    """
    if not any(word in (body if code is None else code) for word in _TRAIN_WORDS):
        return []  # no block can train (usage and citation blocks): none is cut out
    found: list[tuple[str, str]] = []
    for block in code_blocks(body):
        if not _trains(block) or _MERGE_RECIPE.search(block):
            continue
        for m in _MODEL_FLAG.finditer(block):
            found.append((m["ref"], m.group(0)))
        for m in _CONFIG_BASE.finditer(block):
            found.append((m["ref"], m.group(0)))
        for m in _LOADED.finditer(block):
            if _TOOL_CALL.search(m["call"]) or _TOOL_ROLE.search(m["lead"]):
                continue
            found.append((m["ref"], m.group(0)))
    return found


def _trains(block: str) -> bool:
    """Whether a code block sets a training key or builds a trainer (`_TRAINS`)."""
    return any(word in block for word in _TRAIN_WORDS) and _TRAINS.search(block) is not None

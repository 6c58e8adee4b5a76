"""A parent named by the text of a link that leaves the Hub.

"a fine-tuned version of the [LayoutLM](https://aka.ms/…) model", "based on
[InternLM2](https://github.com/…)": a lineage phrase, then a link whose text is one word
written as a model's name and whose target is the project's page or code, not a Hub repo.
The phrase says the text is the parent; the name is kept as the card writes it (the shared
convention for a base named without an org).

Read only when the phrase reader met such a link (`importers.prose_refs._Resolver._claim`),
so most cards never reach it. Left alone:

* a link to a paper (arxiv, openreview, the ACL anthology, a DOI, a PDF): its text is the
  paper's or the method's name;
* link texts that name the link ("code", "GitHub", "here", "paper", "repo", …) and plain
  words ("Transformers", "Diffusers"): a name has a capital or a digit after its first letter;
* a name without a digit that is not followed by "model" ("built on [FastChat](…)",
  "trained upon [UltraChat](…)", "a version of my first [MergeMonster](…) merge": code, data
  and tools); a name with a version ("InternLM2"), "the [X](…) model" and a label's link
  ("Parent Models: [X](…)") are weights;
* a design ("identical to the architecture of [X](…)").
"""

from __future__ import annotations

import re

from importers.prose_bare import design_before
from importers.prose_phrases import Strength

OFF_HUB = "URL outside the Hugging Face Hub"

# One word written as a model's name ("LayoutLM", "InternLM2", "Lark-2", "SigLIP").
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*")
_NOT_NAMES = frozenset(
    {
        "github", "gitlab", "paper", "arxiv", "here", "link", "website", "repo", "readme",
        "code", "source", "homepage", "docs", "pdf", "project", "blog", "this", "huggingface",
        "modelscope", "pytorch", "tensorflow", "jax", "onnx", "colab", "kaggle", "wandb",
        # Frameworks and weight formats: "converted from the [MLX](…) weights".
        "mlx", "openvino", "coreml", "tflite", "gguf", "ggml", "safetensors", "paddlepaddle",
        "mindspore", "tensorrt", "ctranslate2", "exllamav2", "exllama", "keras", "flax",
    }
)  # fmt: skip
_PAPER_URL = re.compile(
    r"https?://(?:[\w-]+\.)*(?:arxiv\.org|openreview\.net|aclanthology\.org|doi\.org|"
    r"semanticscholar\.org|papers\.nips\.cc|proceedings\.\w+)/|\.pdf(?:[?#]|$)",
    re.I,
)
# "[X model](…)": a name, then "model" or "checkpoint" inside the link's text.
_MODEL_IN_LABEL = re.compile(r"(?P<name>[^\s`*_]+)[ \t]+(?:model|checkpoint)", re.I)
# "the [X](…) model": the word after the link says it names weights.
_MODEL_AFTER = re.compile(r"[ \t]+(?:base[ \t]+)?(?:model|checkpoint|weights)\b", re.I)


def off_hub_name(text: str, ref: re.Match[str], strength: Strength) -> str | None:
    """The model name a lineage phrase's off-Hub link writes as its text, if it is one."""
    label, url = ref["lt"], ref["lu"]
    if label is None or not url:
        return None
    name = label.strip("`*_ ")
    # "An [OpenWren-13B model](github…) trained on …": the word "model" inside the link's
    # text says it names weights, as after the link; only a name with a size or version.
    worded = _MODEL_IN_LABEL.fullmatch(name)
    if worded is not None:
        name = worded["name"]
    if _NAME.fullmatch(name) is None or name.casefold() in _NOT_NAMES:
        return None
    if worded is not None and not any(ch.isdigit() for ch in name):
        return None  # "a [BERT model](github…) trained on a corpus": a design, from scratch
    if not any(ch.isupper() or ch.isdigit() for ch in name[1:]):
        return None  # a plain word ("Transformers", "Diffusers")
    if _PAPER_URL.search(url):
        return None  # a paper's or a method's name
    if design_before(text, ref.start()):
        return None  # "identical to the architecture of [X](…)": a design
    if (
        strength is not Strength.LABEL
        and not any(ch.isdigit() for ch in name)
        and _MODEL_AFTER.match(text, ref.end()) is None
        and worded is None
    ):
        return None  # "built on [FastChat](…)", "trained upon [UltraChat](…)": code, data
    return name

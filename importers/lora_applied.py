"""A base model with a LoRA folded into its weights, said in one sentence.

"This is [X](…) with [Y-LoRA](…) applied" (also "merged in", "glued on", "fused",
"baked in"): the repo holds X's weights changed by the LoRA repo Y. By the labelling
conventions X is the base of a fine-tune and Y, whose weights are now part of the model,
an ingredient of the merge. Y must be a LoRA: its repo name says so (``…-LoRA``,
``…-qlora``, ``…-adapter``) or the sentence does ("[Y](…) LoRA applied"); "This is X with
[Z](…) merged in" where Z is a full model is a merge the phrase readers already read.
"""

from __future__ import annotations

import re

from importers.prose import ProseClaim, Strength
from importers.references import reference
from lineage.core.ids import key
from lineage.core.records import Relation


def _ref(name: str) -> str:
    # A Hub link, a reference in backticks, a Hub URL or a plain ORG/NAME.
    return (
        rf"(?:\[[^\]\n]{{1,200}}\]\((?P<{name}_url>[^)\s]+)\)|`(?P<{name}_code>[^`\n]{{1,200}})`"
        rf"|(?P<{name}_id>https?://\S+?|[\w.-]+/[\w.-]+))"
    )


_APPLIED = re.compile(
    r"\bthis\s+(?:model\s+)?is\s+(?:simply\s+|just\s+)?"
    + _ref("base")
    + r"\s*,?\s+with\s+(?:the\s+|a\s+|an\s+)?"
    + _ref("lora")
    + r"(?P<word>\s+(?:q?lora|adapter))?\s+(?:applied|merged(?:\s+in)?|glued(?:\s+on)?|"
    r"fused(?:\s+in)?|baked\s+in)\b",
    re.I,
)
# Words every `_APPLIED` match holds: the card's "this" and the verb that ends the phrase.
# Tested first in an ASCII card's lower case (re.I matches it as its lower case does): the
# pattern has no literal for re to look for first, so a search tries it at every position.
_APPLIED_VERBS = ("applied", "merged", "glued", "fused", "baked")
_ADAPTER_TOKEN = re.compile(r"(?:^|[-_.])(?:q?lora|dora|adapter)(?=$|[-_.\d])", re.I)
_SNIPPET = 200


def _model(m: re.Match[str], name: str) -> str | None:
    raw = m[f"{name}_url"] or m[f"{name}_code"] or m[f"{name}_id"]
    found = reference(raw.rstrip(".,;:")).model_id
    return found if found and "/" in found else None


def lora_applied_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The base (``finetune``) and the LoRA (``merge``) of "This is X with Y applied"."""
    if "with" not in body:
        return []
    if body.isascii():
        lower = body.lower()
        if "this" not in lower or not any(verb in lower for verb in _APPLIED_VERBS):
            return []
    own = key(model_id)
    for m in _APPLIED.finditer(body):
        base, lora = _model(m, "base"), _model(m, "lora")
        if base is None or lora is None or own in (key(base), key(lora)):
            continue
        if not m["word"] and not _ADAPTER_TOKEN.search(lora.rsplit("/", 1)[-1]):
            continue  # a full model merged in: the phrase readers read that merge
        snippet = ("[lora-applied] " + " ".join(m.group(0).split()))[:_SNIPPET]
        return [
            ProseClaim(base, Relation.FINETUNE, Strength.STRONG, snippet),
            ProseClaim(lora, Relation.MERGE, Strength.STRONG, snippet),
        ]
    return []

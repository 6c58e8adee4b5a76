"""Adapter words on a repo that holds full weights: the LoRA was folded into its base.

The card speaks of LoRA, QLoRA or adapters, but what the repo holds is a whole model, so
its base is a fine-tune's base, not an adapter's (the labels' convention: a LoRA merged back
into full weights is a fine-tune). Kinds of evidence, each a statement of the card's shape:

- the card's code loads this repo whole (``AutoModelForCausalLM.from_pretrained("this/repo")``)
  and no peft loader takes it, whatever else the code loads through peft (a local adapter
  folder, an older LoRA);
- the card's code loads models whole only (a loader of a whole model and no peft word at
  all) while the adapter is named only by the words of a training method ("fine-tuned
  with QLoRA on X");
- the adapter words stand only in a link's text to another repo ("here is the [LoRA
  adapter](…/other-repo)"): the adapter lives there, and says nothing of this one;
- the repo's name ends the LoRA's story with "-merged" / "-full" (`merged_name`) and the
  adapter relation was only inferred.
"""

from __future__ import annotations

import re

from importers.card_signals import adapter_claimed, adapter_name, declared_adapter, merged_name
from importers.prose import ProseFindings
from lineage.core.records import SourceRecord

# A peft loader right before an id (read backwards from the id), or a peft loader's call.
_PEFT_LOADER = re.compile(
    r"(?:PeftModel\w*\.from_pretrained\(\s*\w+\s*,|AutoPeft\w*\.from_pretrained\(|"
    r"\.load_adapter\()\s*(?:\w+\s*=\s*)?[\"']\Z"
)
_WHOLE_LOADER = re.compile(r"\b(?:Auto\w*|\w+For\w+)\.from_pretrained\(\s*(?:\w+\s*=\s*)?[\"']\Z")
_PEFT_WORDS = ("peft", "Peft", "LoraConfig", "adapter_model", "load_adapter", "lora_weights")
_ANY_WHOLE_LOADER = re.compile(r"\b(?:AutoModel\w*|\w+For\w+)\.from_pretrained\(")


def loaded_whole_not_by_peft(body: str, model_id: str) -> bool:
    """Whether the code loads this repo whole and no peft loader takes it (peft words may
    stand elsewhere: an adapter folder of the author's, loaded onto a base)."""
    if "from_pretrained" not in body:
        return False  # most cards
    at = body.find(model_id)
    whole = False
    while at >= 0:
        if _PEFT_LOADER.search(body, max(0, at - 80), at):
            return False
        window = body[max(0, at - 80) : at]
        if "Peft" not in window and _WHOLE_LOADER.search(body, max(0, at - 80), at):
            whole = True
        at = body.find(model_id, at + 1)
    return whole


def loads_whole_only(body: str) -> bool:
    """Whether the card's code loads a model whole and nothing through peft."""
    if "from_pretrained" not in body or any(w in body for w in _PEFT_WORDS):
        return False
    return _ANY_WHOLE_LOADER.search(body) is not None


# A markdown link's text and target: "[LoRA adapter](https://…/org/repo)".
_LINK = re.compile(r"\[(?P<text>[^\]\n]{1,120})\]\((?P<url>[^)\s]+)\)")


def adapter_words_only_in_links(body: str, model_id: str) -> bool:
    """Whether every "adapter" the card writes is a link's text to another repo's page."""
    lower = body.lower()
    own = model_id.lower()
    spans: list[tuple[int, int]] = []
    for m in _LINK.finditer(body):
        if "adapter" in m["text"].lower():
            url = m["url"].lower()
            if own in url or ("huggingface.co/" not in url and "hf.co/" not in url):
                return False  # an adapter link to this repo, or off the Hub
            spans.append(m.span())
    if not spans:
        return False
    at = lower.find("adapter")
    while at >= 0:
        if not any(s <= at < e for s, e in spans):
            return False
        at = lower.find("adapter", at + 1)
    return True


def merged_named(model_id: str) -> bool:
    """Whether this repo's name says the adapter was folded in ("X-LoRA-Merged", "X-full")."""
    return merged_name(model_id.rsplit("/", 1)[-1])


def folded_lora(
    body: str, model_id: str, adapter: bool, prose: ProseFindings, record: SourceRecord
) -> bool:
    """Whether the card's adapter signs speak of a LoRA folded into full weights (above).

    ``adapter``: the card's signals call the repo an adapter.
    """
    if merged_named(model_id):
        return True
    claimed = adapter_claimed(prose)  # a prose claim calls a parent an adapter's base
    if not adapter and not claimed:
        return False  # most cards
    if loaded_whole_not_by_peft(body, model_id):
        return True
    if claimed and not adapter and loads_whole_only(body):
        return True
    return (
        adapter
        and not declared_adapter(record)  # the peft library or an adapter tag
        and not adapter_name(model_id.rsplit("/", 1)[-1])  # a LoRA token in the name
        and adapter_words_only_in_links(body, model_id)
    )

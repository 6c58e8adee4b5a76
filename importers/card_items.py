"""Claims judged by the list item or table row they were read from, for `importers.card`.

A list item headed by another model tells that model's own making after its colon
(`told_in_other_models_item`, `told_only_in_items`); a merge sentence may name list items by
their labels ("merged Component 1 and Component 2": `labelled_items_merged`); a "Base model
| X" read off a table's header row names a column, not a value (`header_cell`).
"""

from __future__ import annotations

import re

from importers.markdown_tables import is_rule
from importers.prose import ProseClaim, Strength
from lineage.core.ids import key
from lineage.core.records import Relation

# A list item headed by another model, its lineage told after a colon: "* [X](…) (part 2):
# made by merging A and B", "- X-70b-v2 (unreleased): a merge of …". What follows the colon
# is X's own making; A and B are grand-parents of a card that uses X.
_MODEL_ITEM = re.compile(
    r"^[ \t]*[-*+][ \t]+(?:\*\*|__)?(?:\[[^\]\n]{1,120}\]\((?:https?://)?(?:www\.)?"
    r"(?:huggingface\.co|hf\.co)/(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*?)/?\)"
    r"|(?P<name>[A-Za-z][\w.-]*\d[\w.-]*[A-Za-z0-9]))(?:\*\*|__)?"
    r"[ \t]*(?:\((?P<tag>[^)\n]{0,80})\)[ \t]*)?:[ \t]*(?P<told>[^\n]*)",
    re.M,
)


def in_other_models_item(body: str, at: int, model_id: str, parent: str) -> bool:
    """Whether ``at`` is in the description after the colon of a list item headed by another
    model than the card's and ``parent``."""
    item = _MODEL_ITEM.match(body, body.rfind("\n", 0, at) + 1)
    if item is None or not item.start("told") <= at < item.end("told"):
        return False
    head = key(item["id"] or item["name"])
    return head not in (key(model_id), key(parent), key(model_id.rsplit("/", 1)[-1]))


def told_in_other_models_item(body: str, claim: ProseClaim, model_id: str) -> bool:
    """Whether every place the claim was read from is the description after the colon of a
    list item headed by another model than the card's and the claimed one."""
    snippet = claim.snippet
    if not snippet or len(snippet) < 6 or ":" not in body:
        return False
    start, found = 0, False
    while (at := body.find(snippet, start)) >= 0:
        found, start = True, at + 1
        if not in_other_models_item(body, at, model_id, claim.parent):
            return False
    return found


# "Finally, I merged Component 1 and Component 2 …": labels the list items carry. (The
# snippet's mark: the items name the inputs as their author calls them, kept without an org.)
LABELLED_ITEMS = "[labelled-items]"
_LABEL = r"[A-Z][a-z]{2,12}[ \t](?:\d{1,2}|[A-Z])"
_LABELS_MERGED = re.compile(
    rf"\bmerg(?:ed|ing|e)[ \t]+(?:the[ \t]+)?(?P<a>{_LABEL})[ \t]+(?:and|with)[ \t]+(?:the[ \t]+)?"
    rf"(?P<b>{_LABEL})\b"
)


def labelled_items_merged(body: str, model_id: str) -> list[ProseClaim]:
    """The models heading list items whose labels a merge sentence names: "* [X](…)
    (Component 2): …", "* Y (Component 1, unreleased): …", "I merged Component 1 and
    Component 2 to make this model"."""
    said = _LABELS_MERGED.search(body)
    if said is None:
        return []
    labels = {said["a"].casefold(), said["b"].casefold()}
    if len(labels) != 2:
        return []
    heads: dict[str, str] = {}
    for item in _MODEL_ITEM.finditer(body):
        tag = (item["tag"] or "").split(",", 1)[0].strip().casefold()
        if tag in labels and tag not in heads:
            heads[tag] = item["id"] or item["name"]
    if len(heads) != 2 or any(key(h) == key(model_id) for h in heads.values()):
        return []
    snippet = f"{LABELLED_ITEMS} " + " ".join(said.group(0).split())
    return [ProseClaim(h, Relation.MERGE, Strength.STRONG, snippet) for h in heads.values()]


_HUB_LINKED = re.compile(
    r"(?:huggingface\.co|hf\.co)/(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])"
)


def told_only_in_items(body: str, model_id: str) -> set[str]:
    """The keys of the ids linked only in what list items headed by another model tell
    ("* [X](…) (part 2): a merge of [A](…) and [B](…)"): X's inputs, never this model's."""
    if ":" not in body or "huggingface.co/" not in body:
        return set()
    told: dict[str, int] = {}
    for item in _MODEL_ITEM.finditer(body):
        head = key(item["id"] or item["name"])
        if head == key(model_id) or head == key(model_id.rsplit("/", 1)[-1]):
            continue
        for m in _HUB_LINKED.finditer(item["told"]):
            told[key(m["id"])] = told.get(key(m["id"]), 0) + 1
    lower = body.casefold()
    return {k for k, n in told.items() if lower.count(k) <= 2 * n}  # a link's text may say it


def header_cell(body: str, claim: ProseClaim) -> bool:
    """Whether the claim reads "Base model | X" off a table's header row: X is the next
    column's title ("| Base Model | Base-32k Model |" over a rule row), not a value."""
    if "|" not in claim.snippet:
        return False
    # (The snippet's spaces are collapsed; the table pads its cells.)
    found = re.search(r"[ \t]+".join(map(re.escape, claim.snippet.split())), body)
    if found is None:
        return False
    end = body.find("\n", found.end())
    if end < 0:
        return False
    nxt = body.find("\n", end + 1)
    rule = body[end + 1 : nxt if nxt >= 0 else len(body)]
    return is_rule(rule)

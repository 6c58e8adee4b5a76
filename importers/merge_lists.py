"""Merge inputs a card writes outside a mergekit config file.

* `merge_list_claims`: the list under a heading that names the models (and LoRAs)
  used, as hand-made merges (block-weight, gradient, task-arithmetic merges of
  2023) credit their ingredients::

      ## Models and LoRAs used
      - ORG/NAME
      - [Display name](https://huggingface.co/ORG/NAME)

  Each item's first Hub reference is one input; a LoRA in the list was folded
  into the merge, so it is an input too. Only cards that speak of merging or of
  LoRAs are read so; items naming a conversion, a successor or a leaderboard are
  skipped.
* `plain_recipe_claims`: a mergekit recipe pasted as plain text (no code block).
* `sum_recipe_claims`: recipes written as sums, ``A + B = AB`` then ``AB + C = Final``:
  the names that are no step's result are the inputs, kept as written.
* `weighted_recipe_claims`: a hand-written recipe that gives each input its weight,
  ``[ORG/A](0.85) x [ORG/B](0.15)`` or "apply ORG/C at 0.3 weight".
* `merge_links`: a merge card with no recipe at all: the models it links are the
  inputs (lines about successors, quantizations or leaderboards aside).

Pure: text in, claims out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.card_bases import org_ids
from importers.card_items import in_other_models_item
from importers.markdown_tables import pipe_led, table_at
from importers.merge_link_roles import compared_row, file_in_repo
from importers.prose import ProseClaim, Strength
from importers.prose_bare import named_bare
from importers.prose_names import _model_like, name_tokens
from importers.prose_scan import lines_holding
from importers.references import HUB_ID_TEXT, HUB_PREFIX, code_spans, mentions
from importers.roles import is_child
from lineage.core.ids import key
from lineage.core.records import Relation

# "Models used", "Models and LoRAs used", "Models+loras used and recipe", "LoRAs used".
# It starts with a literal newline, so ``re`` finds candidates as fast as ``str.find``.
_USED_HEADING = re.compile(
    r"\n[ \t]*(?P<h>#{1,6}[ \t]*(?:the[ \t]+)?(?:models?|loras?)(?:[ \t]*(?:\+|&|/|,|and)[ \t]*"
    r"(?:models?|loras?))*[ \t]+(?:used|merged|combined)\b[^\n]*"
    # "## Merged models", "## Source models / マージ元モデル": the words the other way round.
    r"|#{1,6}[ \t]+(?:[^\n#]*?[ \t/])?(?:merged|source)[ \t]+models\b[^\n]*"
    # "# List of models (not all are included)": a merge card's ingredients, listed.
    r"|#{1,6}[ \t]+(?:a[ \t]+)?list[ \t]+of[ \t]+(?:the[ \t]+)?(?:models?|loras?)\b[^\n]*)",
    re.I,
)
# "Models used:" / "**Models merged:**" as a plain line of its own, the list right under it.
_USED_LINE = re.compile(
    r"\n[ \t]*(?P<h>(?:\*\*)?(?:the[ \t]+)?(?:models?|loras?)(?:[ \t]*(?:\+|&|/|,|and)[ \t]*"
    r"(?:models?|loras?))*[ \t]+(?:used|merged|combined)[ \t]*:[ \t]*(?:\*\*)?)[ \t]*(?=\n)",
    re.I,
)
_NEXT_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]", re.M)
# The end of a list under a plain line: the first line that is neither blank nor an item.
# (A line opened by an HTML break or list item, "<br> Wren-70B", is an item too.)
_LIST_END = re.compile(
    r"^[ \t]*(?![*+-][ \t]|\d+\.[ \t]|\||\*\*|[ \t]*$|<(?:br[ \t]*/?|dt|li)>)\S", re.M | re.I
)
# A list item: a bullet, a number, a table row, or a line opened by an HTML break or
# list item ("<br>[ORG/NAME](…)", "<dt><a href=…>"): lists written for HTML rendering.
_ITEM = re.compile(
    r"^[ \t]*(?:[*+-]|\d+\.|\||<(?:br[ \t]*/?|dt|li)>)[ \t]*(?P<item>[^\n]*)$", re.M | re.I
)
_NOT_AN_INPUT = re.compile(r"\b(?:quant|gguf|gptq|awq|exl2|successor|leaderboard)", re.I)
_SNIPPET = 200
# An item that is a link off the Hub ("[Some Mix - Anime/3D](https://civitai.com/…)"): its
# text is a display name, whatever slash it holds.
_OFF_HUB_ITEM = re.compile(
    r"[*_ \t]*\[[^\]\n]*\]\((?!(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/)"
    r"(?:https?://|www\.)"
)


# An item that is one name without an org ("- Wren-v3", "- **Kestrel-13B**"): the input
# as its author calls it (the card reader keeps claims marked so as written).
MERGE_LIST_NAME = "[merge-list-name]"
# A note in brackets may follow the name ("- Heron-70B (at a 0.1 weight)").
_ITEM_NAME = re.compile(
    r"[*_` \t]*(?P<name>[A-Za-z][\w.-]*)[*_` \t]*(?P<note>\([^()\n]{0,80}\))?[ \t]*"
)
# A note saying the item was never published: a step whose own inputs the list names.
_UNPUBLISHED = re.compile(
    r"private|unreleased|unpublished|not[ \t]+(?:yet[ \t]+)?released|intermediate", re.I
)
# A capital opening a second word inside a word ("SunsetBoulevard"): a name as its author
# wrote it (not an acronym's case, "LoRA-tuned").
_INNER_CAPITAL = re.compile(r"[a-z]{2}[A-Z][a-z]")


def _item_name(text: str) -> str | None:
    """The item's one bare name, when the item is nothing else and the name has a model's
    shape (a size or version joined by a hyphen or dot, "Wren-v3"; a family and version,
    "Lark2"; a cased hyphenated name; a capital inside a word, "DuskHarbor"), a note in
    brackets after it aside: a plain word ("Notes") or a sentence names no input."""
    m = _ITEM_NAME.fullmatch(text)
    if m is None:
        return None
    if m["note"] and _UNPUBLISHED.search(m["note"]):
        return None
    name = m["name"].rstrip(".-")
    if _model_like(name) or named_bare(name) or _INNER_CAPITAL.search(name):
        return name
    return None


# A note in brackets after an id (not a link's target).
_NOTE = re.compile(r"\((?!<?https?://)(?P<note>[^()\n]{1,80})\)")


def _unpublished_note(text: str) -> bool:
    """Whether a note in brackets in ``text`` says the item was never published."""
    return any(_UNPUBLISHED.search(m["note"]) for m in _NOTE.finditer(text))


def merge_list_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs from "models (and LoRAs) used" lists in a card that speaks of merging."""
    # A newline in front lets a heading on the first line match too; positions shift by one.
    heads = (
        [(m.end() - 1, m["h"]) for m in _USED_HEADING.finditer("\n" + body)] if "#" in body else []
    )
    lines = (
        [(m.end() - 1, m["h"]) for m in _USED_LINE.finditer("\n" + body)]
        if "d:" in body  # "used:", "merged:", "combined:"
        else []
    )
    if not heads and not lines:
        return []
    if "erge" not in body and not any("lora" in h.lower() for _, h in heads):
        # "Models used" alone may list anything; a merge card or "models and LoRAs" says so.
        return []
    own, own_name = key(model_id), key(model_id.rsplit("/", 1)[-1])
    out: list[ProseClaim] = []
    seen: set[str] = set()
    sections: list[tuple[str, str]] = []
    for end, heading in heads:
        nxt = _NEXT_HEADING.search(body, end)
        sections.append((heading, body[end : nxt.start() if nxt else len(body)]))
    for end, heading in lines:
        stop = _LIST_END.search(body, end + 1)
        sections.append((heading, body[end : stop.start() if stop else len(body)]))
    for heading, section in sections:
        for item in _ITEM.finditer(section):
            text = item["item"]
            bold = text.lstrip("*").find("**") if text.startswith("*") else -1
            # "**ORG/NAME** - why it was chosen": the remark after the bold name is no sign.
            if _NOT_AN_INPUT.search(text.lstrip("*")[:bold] if bold > 0 else text):
                continue
            if _OFF_HUB_ITEM.match(text):
                continue
            refs = [m for m in mentions(text) if not m.in_code]
            if refs and "(" in text and _unpublished_note(text):
                continue  # "- ORG/Wren-13B (base/private)": a step no one can download
            name = None if refs else _item_name(text)
            if not refs and name is None:
                continue
            parent = refs[0].model_id if refs else name or ""
            if key(parent) in seen or key(parent) in (own, own_name):
                continue
            seen.add(key(parent))
            line = " ".join(f"{heading.strip()} … {item.group(0).strip()}".split())
            tag = "[merge-list]" if refs else MERGE_LIST_NAME
            snippet = f"{tag} {line}"[:_SNIPPET]
            out.append(ProseClaim(parent, Relation.MERGE, Strength.STRONG, snippet))
    return out


# A mergekit recipe pasted as plain text, outside any code block ("models:\n  - model: A").
_RECIPE_MODEL = re.compile(
    r"^[ \t]*(?:-[ \t]*)?(?:model|base_model)[ \t]*:[ \t]*[\"']?"
    r"(?P<ref>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)[\"']?[ \t]*$",
    re.M,
)


def plain_recipe_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs of a mergekit recipe written in the text rather than in a code block."""
    if "merge_method" not in body:
        return []
    spans = code_spans(body)
    outside = body
    for a, b in reversed(spans):
        outside = outside[:a] + "\n" + outside[b:]
    if "merge_method" not in outside:
        return []  # a fenced recipe: `importers.roles` reads it
    own = key(model_id)
    out: list[ProseClaim] = []
    seen: set[str] = set()
    for m in _RECIPE_MODEL.finditer(outside):
        parent = m["ref"]
        if key(parent) in seen or key(parent) == own:
            continue
        seen.add(key(parent))
        snippet = f"[plain-recipe] {m.group(0).strip()}"[:_SNIPPET]
        out.append(ProseClaim(parent, Relation.MERGE, Strength.STRONG, snippet))
    return out


# "[ORG/A](0.85) x [ORG/B](0.15)", "ORG/A (70%) + ORG/B (30%)", "apply ORG/C at 0.3 weight":
# an id with its share of the blend is an input of a hand-written merge recipe. Steps
# without an org ("[Mix-p1](0.5)") are the recipe's own intermediate merges, not inputs.
_WEIGHT = r"(?:0?\.\d+|1\.0+|\d{1,3}(?:\.\d+)?[ \t]*%)"
# Each starts with a literal, so ``re`` finds candidates as fast as ``str.find``; the id is
# then looked for right before the weight.
_WEIGHT_MARKS = (
    re.compile(rf"\([ \t]*{_WEIGHT}[ \t]*\)"),
    re.compile(rf" at[ \t]+{_WEIGHT}(?:[ \t]+weight)?\b"),
    # "[ORG/A merge with …]": a step of the recipe that starts from ORG/A.
    re.compile(r" merged? with\b"),
)
_RECIPE_ID = re.compile(r"[A-Za-z0-9][\w-]*/[A-Za-z0-9][\w.-]*")
# "(0.70) ORG/A & (0.30) ORG/B/adapters/code": the weight first; a path after the id is a
# folder of that repo (an adapter kept beside others).
_WEIGHT_FIRST = re.compile(
    rf"\([ \t]*{_WEIGHT}[ \t]*\)[ \t]+(?P<id>[A-Za-z0-9][\w-]*/[A-Za-z0-9][\w.-]*?)"
    r"(?P<sub>/[\w./-]+)?(?=[\s,;&+)]|$)"
)


# "[Lark 7b](https://huggingface.co/ORG/Lark-7b) (60%)": a Hub link's target before the weight.
_NOT_REPOS = ("datasets/", "spaces/", "collections/", "papers/", "docs/", "blog/")
_LINK_BEFORE = re.compile(rf"\]\(<?{HUB_PREFIX}(?P<id>{HUB_ID_TEXT})/?>?\)[ \t]*\Z")


def _id_before(body: str, end: int, step: bool) -> tuple[int, str] | None:
    """The ORG/NAME written right before ``end`` (``[ORG/NAME`` for a recipe step), or the
    target of the Hub link that ends there (not in a table's row: a score beside a link)."""
    head = body[max(0, end - 160) : end]
    if not step and head.endswith(")", 0, len(head.rstrip(" \t"))) and "](" in head:
        link = _LINK_BEFORE.search(head)
        line_start = body.rfind("\n", 0, end) + 1
        if link is None or pipe_led(body[line_start:end]) or link["id"].startswith(_NOT_REPOS):
            return None
        return end - len(head) + link.start("id"), link["id"]
    if not step:
        head = head.rstrip(" \t").removesuffix("]")
    cut = max(head.rfind(c) for c in " \t\n[(`'\"")
    token = head[cut + 1 :]
    if step and (cut < 0 or head[cut] != "["):
        return None
    if not token or _RECIPE_ID.fullmatch(token) is None:
        return None
    return end - len(body[max(0, end - 160) : end]) + cut + 1, token


def weighted_recipe_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs a hand-written recipe names with their weights (two at least).

    Such recipes sit in code blocks as often as not; usage code never weighs ids so.
    """
    if "erge" not in body or ("(0." not in body and "%)" not in body and " at 0." not in body):
        return []  # a recipe belongs to a card that speaks of merging
    own = key(model_id)
    out: dict[int, str] = {}
    for i, mark in enumerate(_WEIGHT_MARKS):
        for m in mark.finditer(body):
            ref = _id_before(body, m.start(), step=i == 2)
            if ref is not None:
                out.setdefault(*ref)
    adapters: set[str] = set()
    for m in _WEIGHT_FIRST.finditer(body):
        out.setdefault(m.start("id"), m["id"])
        if m["sub"]:
            adapters.add(key(m["id"]))
    found: dict[str, ProseClaim] = {}
    for start, parent in sorted(out.items()):
        if key(parent) in found or key(parent) == own or is_child(parent, model_id):
            continue
        line_start = body.rfind("\n", 0, start) + 1
        line_end = body.find("\n", start)
        line = body[line_start : line_end if line_end >= 0 else len(body)]
        snippet = f"[weighted-recipe] {line.strip()}"[:_SNIPPET]
        found[key(parent)] = ProseClaim(parent, Relation.MERGE, Strength.STRONG, snippet)
    full = [k for k in found if k not in adapters]
    if len(found) == 2 and len(full) == 1:
        # "(0.70) ORG/BASE & (0.30) ORG/REPO/adapters/x": an adapter folded into one model,
        # whose weights it tunes; the adapter's repo is the ingredient.
        found[full[0]] = replace(found[full[0]], relation=Relation.FINETUNE)
    return list(found.values()) if len(found) >= 2 else []


# "NAME: 0.44" lines, two at least, whose weights add up to one: a merge's composition
# (names kept as written, as in a sum recipe).
# Found from the share (it starts with a literal, so ``re`` finds it as fast as ``str.find``),
# then the name is read from the start of its line.
_SHARE = re.compile(r":[ \t]*(?P<w>0?\.\d+|1(?:\.0+)?)[ \t]*$", re.M)
_SHARE_NAME = re.compile(r"[ \t]*(?:[*+-][ \t]+)?(?P<name>[A-Za-z0-9][\w.]*(?:[-/][\w.]+)+)[ \t]*")
WEIGHT_LIST = "[weight-list]"


def weight_list_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs of a list of names with their shares ("A-7b: 0.6" / "B-7b: 0.4")."""
    if ": 0." not in body or ("erge" not in body and "ERGE" not in body):
        return []  # ("MERGE COMPOSITION" as the list's title)
    own = key(model_id)
    # (line start, line end, name, share) of each "NAME: share" line, in runs of lines in a row.
    runs: list[list[tuple[int, int, str, float]]] = []
    for m in _SHARE.finditer(body):
        start = body.rfind("\n", 0, m.start()) + 1
        named = _SHARE_NAME.fullmatch(body, start, m.start())
        if named is None:
            continue
        line = (start, m.end(), named["name"], float(m["w"]))
        if runs and body.count("\n", runs[-1][-1][1], start) == 1:
            runs[-1].append(line)  # the next line: the same list
        else:
            runs.append([line])
    found: dict[str, ProseClaim] = {}
    for run in runs:
        if len(run) < 2 or abs(sum(share for *_, share in run) - 1.0) > 0.02:
            continue  # sampling settings and the like do not add up to one
        for start, end, name, _ in run:
            if key(name) in found or key(name) in (own, own.rsplit("/", 1)[-1]):
                continue
            snippet = f"{WEIGHT_LIST} {body[start:end].strip()}"[:_SNIPPET]
            found[key(name)] = ProseClaim(name, Relation.MERGE, Strength.STRONG, snippet)
    return list(found.values())


# "Amethyst + Open Chat = Stone", "Stone + Mix (0.9,0,0) = Final", "13B-Lark+13B-Wren=13B-Larkwren":
# a name is a word or an id (a size may lead it, a letter is in it), perhaps followed by
# capitalised words ("Openchat Super").
_SUM_NAME = r"(?:[A-Za-z]|\d+[A-Za-z]*[-_.](?=[\w.-]*[A-Za-z]))[\w./-]*(?:[ \t]+[A-Z][\w.-]*){0,2}"
_SUM_LINE = re.compile(
    rf"^[ \t]*(?:[*+-][ \t]+)?(?P<parts>{_SUM_NAME}(?:[ \t]*\+[ \t]*{_SUM_NAME})+)"
    rf"[ \t]*(?:\([^)\n]*\))?[ \t]*=[ \t]*(?P<result>{_SUM_NAME})[ \t]*$",
    re.M,
)
SUM_RECIPE = "[sum-recipe]"


# "the merge with 75% chronos 33B, and 25% airoboros-1.4 33B", "merged 60% lark v2 40% robin 13b":
# shares written before the names (an id, or a word with a size or version after it), in a
# sentence that speaks of merging.
_SHARE_NAME_AFTER = (
    r"[A-Za-z0-9][\w-]*/[A-Za-z0-9][\w.-]*|[A-Za-z][\w.-]*"
    r"(?:[ \t]+(?:\d{1,3}(?:\.\d)?[BbMm]|[vV]\d+(?:\.\d+)*|\d+(?:\.\d+)+)(?!\w|\.\w)){0,2}"
)
_PERCENT_ITEM = rf"\d{{1,3}}(?:\.\d+)?[ \t]*%[ \t]+(?:of[ \t]+)?(?:{_SHARE_NAME_AFTER})"
_PERCENT_LIST = re.compile(
    rf"{_PERCENT_ITEM}(?:[ \t]*(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+|\+[ \t]*|(?<=\S)[ \t]+)"
    rf"{_PERCENT_ITEM})+"
)
_PERCENT_PART = re.compile(
    rf"(?P<w>\d{{1,3}}(?:\.\d+)?)[ \t]*%[ \t]+(?:of[ \t]+)?(?P<name>{_SHARE_NAME_AFTER})"
)
# (Merge words only: data sets are "mixed" and "blended" in shares too.)
_MERGE_SENTENCE = re.compile(r"\bmerg(?:e[ds]?|ing)\b", re.I)
# Words a share may name that are no model: "75% of the weights", "50% more data".
_NOT_A_SHARE_NAME = frozenset(
    {"the", "more", "less", "weights", "weight", "layers", "data", "of", "each"}
)


def percent_recipe_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs written as shares that make up the whole ("75% A and 25% B"), in a
    sentence about merging, outside code; names kept as written (marked as a sum)."""
    if "%" not in body or "erge" not in body:
        return []  # most cards
    spans = code_spans(body)
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for m in _PERCENT_LIST.finditer(body):
        if any(a <= m.start() < b for a, b in spans):
            continue
        start = max(body.rfind("\n", 0, m.start()), body.rfind(". ", 0, m.start())) + 1
        if not _MERGE_SENTENCE.search(body, start, m.start()):
            continue
        parts = list(_PERCENT_PART.finditer(m.group(0)))
        if abs(sum(float(p["w"]) for p in parts) - 100) > 1:
            continue  # shares of something else (accuracy, a dataset mix) or a partial list
        names = [p["name"] for p in parts]
        if any(not _share_name(n) for n in names):
            continue
        for name in names:
            k = key(name)
            if k in found or k in (own, own.rsplit("/", 1)[-1]):
                continue
            snippet = f"{SUM_RECIPE} {m.group(0).strip()}"[:_SNIPPET]
            found[k] = ProseClaim(name, Relation.MERGE, Strength.STRONG, snippet)
    return list(found.values()) if len(found) >= 2 else []


def _share_name(name: str) -> bool:
    """Whether a share's name looks like a model's: an id, or a word with a digit, a capital
    or a hyphen in it (or a size after it), not a plain word."""
    first = name.split()[0]
    if first.casefold() in _NOT_A_SHARE_NAME:
        return False
    return " " in name or "/" in name or any(c.isdigit() or c.isupper() or c == "-" for c in first)


def sum_recipe_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs of recipes written as sums; a step's result is no input.

    Only in cards that speak of merging, outside code blocks; the names are kept as
    written (the card reader lets claims marked ``[sum-recipe]`` keep a bare name).
    Shares that add up to the whole are a sum too (`percent_recipe_claims`).
    """
    if "erge" not in body:
        return []
    shares = percent_recipe_claims(body, model_id)
    if "=" not in body or "+" not in body:
        return shares
    # Only lines holding both signs are tried (`lines_holding`); the spaces around "=" may
    # be left out ("A+B=AB").
    steps = [
        m
        for start, end in lines_holding(body, "=")
        if "+" in body[start:end] and (m := _SUM_LINE.match(body, start, end))
    ]
    if not steps:
        return shares
    spans = code_spans(body)
    steps = [m for m in steps if not any(a <= m.start() < b for a, b in spans)]
    results = {key(m["result"].strip()) for m in steps}
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for m in steps:
        for part in m["parts"].split("+"):
            name = " ".join(part.split())
            k = key(name)
            if k in results or k in found or k in (own, own.rsplit("/", 1)[-1]):
                continue
            snippet = f"{SUM_RECIPE} {m.group(0).strip()}"[:_SNIPPET]
            found[k] = ProseClaim(name, Relation.MERGE, Strength.STRONG, snippet)
    for c in shares:
        found.setdefault(key(c.parent), c)
    return list(found.values())


_NOT_AN_INPUT_LINE = re.compile(
    r"succe|previous|predecessor|quant|gguf|ggml|gptq|awq|exl2|fp8|int[48]|[48]-?bit|leaderboard"
    r"|outperform|compar|\bvs\b|\bthan\b|version|v\d+\b[^\[\]]{0,40}(?:here|see)"
    # "Obsolete, see: …", "Inspired by …", "a LoRA similar to one since removed": no inputs.
    r"|obsolete|deprecated|supersed|inspired|similar\s+(?:\w+\s+)?to|sister",
    re.I,
)
# The clause just before one link that makes it no input: "I liked X (so I threw in Y)",
# "we have also published X", "combining 2x finetuned X" (fine-tunes of X went in: X is
# their base, a grand-parent).
_NOT_AN_INPUT_CLAUSE = re.compile(
    r"\b(?:i|we)[ \t]+(?:really[ \t]+|also[ \t]+)?(?:liked?|lov(?:e|ed|es)|enjoyed)\b[^.!?]*\Z"
    # "We have also published [a maths model](…)": the authors' other work.
    r"|\b(?:i|we)[ \t]+(?:have[ \t]+|'ve[ \t]+)?also[ \t]+(?:published|released|made|trained|"
    r"built|created|shared|uploaded)\b[^.!?]*\Z"
    r"|(?:\b(?:two|three|four|several|multiple)|\b\d+[ \t]*x|\bx[ \t]*\d+|\b\d+)[ \t]+"
    r"(?:different[ \t]+)?(?:fine-?tuned|fine-?tunes[ \t]+of|finetunes[ \t]+of)"
    # "2x finetuned llamafied [X]": a word or two more about X ("2 fine-tuned models: [A]"
    # names the inputs themselves).
    r"(?:[ \t]+(?!models?\b|checkpoints?\b|variants?\b|versions?\b)[A-Za-z][\w-]*){0,2}"
    r"[ \t]*\W{0,2}\Z"
    # "The X architecture is based off: [Y](…)", "Architecture: [Y](…)": the design the
    # merged models share, not one of them.
    r"|\barch(?:itecture)?[ \t]*(?:(?:is|was)[ \t]+)?(?:(?:based|built)[ \t]+(?:up)?o(?:n|ff)"
    r"(?:[ \t]+(?:of|top[ \t]+of))?[ \t]*)?:?[ \t*_]*\Z",
    re.I,
)
# A recipe line naming a model by a local path ("- model: /home/me/models/org_Name").
_LOCAL_RECIPE_MODEL = re.compile(
    r"^[ \t]*(?:-[ \t]*)?(?:model|base_model)[ \t]*:[ \t]*[\"']?(?P<path>(?:~|\.{1,2})?/[^\s\"']+)",
    re.M,
)
_CLAUSE_CUT = re.compile(r".*(?:[.!?;](?:\s|$)|\))", re.S)


def _local_recipe_names(body: str) -> frozenset[str]:
    """The folder names of an embedded recipe's models when it names two or more by a
    local path ("/home/me/raw/org_Name"), else none."""
    if "model" not in body:
        return frozenset()
    names = {
        m["path"].rstrip("/").rsplit("/", 1)[-1].casefold()
        for m in _LOCAL_RECIPE_MODEL.finditer(body)
    }
    names.discard("")
    return frozenset(names) if len(names) >= 2 else frozenset()


def _in_recipe(model_id: str, local: frozenset[str]) -> bool:
    """Whether a local recipe folder holds ``model_id`` ("Name", "org_Name", "org--Name")."""
    org, _, name = model_id.casefold().partition("/")
    return bool({name, f"{org}_{name}", f"{org}--{name}", f"models--{org}--{name}"} & local)


# A table row that stands for the card itself: "| Merged | … | this model |".
_THIS_MODEL_CELL = re.compile(r"\|\s*(?:\*\*)?(?:this\s+(?:model|repo|one|checkpoint))\b", re.I)


def _family_table(body: str, line_start: int) -> bool:
    """Whether the table holding the line at ``line_start`` has a row for the card itself.

    A table of a family's releases gives each sibling's link and the card's own row
    ("this model"): the siblings were released beside it, not merged into it.
    """
    table = table_at(body, line_start)
    if table is None:
        return False
    # A body's last line, with no line break after it, is read with a table right above it.
    end = table.end if body.find("\n", table.end) >= 0 else len(body)
    # Only the words: a row with the card's id may be a score table of inputs and merge.
    return bool(_THIS_MODEL_CELL.search(body, table.start, end))


def _clause_not_an_input(body: str, line_start: int, at: int) -> bool:
    """Whether the clause before the link at ``at`` names it as no input (liked, a base)."""
    lead = body[line_start:at]
    bracket = lead.rfind("[")
    if bracket >= 0 and "](" in lead[bracket:]:
        lead = lead[:bracket]  # "[label](https://huggingface.co/": the clause before "["
    cut = _CLAUSE_CUT.match(lead)
    return _NOT_AN_INPUT_CLAUSE.search(lead[cut.end() :] if cut else lead) is not None


def _on_subdomain(body: str, start: int) -> bool:
    """Whether the Hub URL ending at ``start`` has a host other than (www.)huggingface.co."""
    head = body[max(0, start - 40) : start]
    at = head.rfind(".huggingface.co/")
    if at < 0:
        return False
    host = head[: at + 1].rsplit("/", 1)[-1].split()[-1:] or [""]
    # "www.huggingface.co/ORG/NAME" is the Hub itself (hand-written credits use it).
    return host[0].casefold().lstrip("([<") != "www."


# The rest of a URL that names a picture inside a repo: "/resolve/main/logo.jpeg".
_REPO_IMAGE = re.compile(
    r"/(?:resolve|blob|raw)/[^\s)\]>\"'`]{1,200}?\.(?:png|jpe?g|gif|webp|svg|bmp)(?:\?[^\s)\]>\"']*)?"
    r"(?=[\s)\]>\"'`]|$)",
    re.I,
)


def _repo_image(body: str, end: int) -> bool:
    """Whether the Hub URL whose id ends at ``end`` goes on to a picture file in the repo:
    the page shows the repo's image (a logo, a banner), it does not credit the model."""
    return body.startswith("/", end) and _REPO_IMAGE.match(body, end) is not None


def merge_links(
    body: str, model_id: str, new_version: str | None, claims: list[ProseClaim]
) -> list[ProseClaim]:
    """A merge card that lists no recipe: the models it links in its text are the inputs.

    Hand-made merges (2023 cards) credit each ingredient with a Hub link instead of a
    mergekit recipe. Only used when the phrases and roles found fewer than two inputs;
    links on lines about successors, quantizations or leaderboards are skipped.
    """
    if sum(c.relation is Relation.MERGE for c in claims) >= 2:
        return []
    own = key(model_id)
    successor = key(new_version) if new_version else None
    local = _local_recipe_names(body)
    out: dict[str, ProseClaim] = {}
    adapters: set[str] = set()
    for m in mentions(body):
        if m.form != "url" or m.in_code or _on_subdomain(body, m.start):
            # cdn-uploads.huggingface.co/production/uploads/… is an image, not a model.
            continue
        if _repo_image(body, m.start + len(m.model_id)):
            continue  # a logo or banner kept in a repo ("…/X/resolve/main/logo.png")
        if file_in_repo(body, m.start + len(m.model_id)):
            continue  # a preset or template kept in a repo: `importers.merge_link_roles`
        k = key(m.model_id)
        if k in out or k in (own, successor) or is_child(m.model_id, model_id):
            continue
        line_start = body.rfind("\n", 0, m.start) + 1
        line_end = body.find("\n", m.start)
        line = body[line_start : line_end if line_end >= 0 else len(body)]
        if _NOT_AN_INPUT_LINE.search(line) or _clause_not_an_input(body, line_start, m.start):
            continue
        if pipe_led(line) and (
            _family_table(body, line_start) or compared_row(body, line_start, line, m.model_id)
        ):
            continue  # a family's table, or a model scored beside this one
        if ":" in line and in_other_models_item(body, m.start, model_id, m.model_id):
            continue  # "* [X](…) (part 2): a merge of [A](…) and …": X's inputs
        if local and not _in_recipe(m.model_id, local):
            # The recipe ran on local copies: a link that names none of them is a credit
            # (the family's original release, an older version of an ingredient).
            continue
        out[k] = ProseClaim(m.model_id, Relation.MERGE, Strength.STRONG, line.strip()[:200], True)
        if _LORA_WORD.search(line) or _LORA_APPLIED.search(_line_before(body, line_start)):
            adapters.add(k)
    full = [k for k in out if k not in adapters]
    if len(out) == 2 and len(full) == 1:
        # "X … and a LoRA applied at 0.5 weight: <link>": the one full model is the base the
        # adapter tunes; the adapter's repo is the ingredient. (A composite of a model and
        # several LoRAs stays a merge of them all.)
        out[full[0]] = replace(out[full[0]], relation=Relation.FINETUNE)
    return list(out.values()) if len(out) >= 2 else []


_LORA_WORD = re.compile(r"\b(?:q?lora|adapter)s?\b", re.I)
# The line before a bare link: "… applied as a LoRA at 0.5 weight".
_LORA_APPLIED = re.compile(
    r"\b(?:q?lora|adapter)\b[^\n]{0,40}?\bat[ \t]+(?:0?\.\d+|\d{1,3}[ \t]*%)"
    r"|\bapplied\b[^\n]{0,30}?\b(?:q?lora|adapter)\b",
    re.I,
)


def _line_before(body: str, line_start: int) -> str:
    """The last non-blank line before the one starting at ``line_start``."""
    head = body[max(0, line_start - 400) : line_start].rstrip()
    return head[head.rfind("\n") + 1 :]


_LORA_TOKENS = frozenset({"lora", "qlora", "adapter", "adapters"})
# Tokens a merged repo adds to its adapter's name: the precision it was saved in.
_FULL_TOKENS = frozenset({"fp16", "bf16", "fp32", "f16", "merged", "full", "hf", "16bit"})
# "the merged f16 model", "LoRA参数和…参数结合后的版本" (the LoRA combined with the base).
_MERGED_WORDS = re.compile(r"merged|\bmerge\b|combined|结合|合并|融合|マージ", re.I)


def merged_lora_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The card's own LoRA repo, named beside words saying this repo merged it in.

    "This repo holds the merged f16 model; the QLoRA adapter is at ORG/NAME-qlora":
    an adapter of the same org whose name is this card's name with a LoRA token is an
    ingredient of these weights (a merge input beside the base it was trained on).
    """
    if "/" not in model_id:
        return []
    own = name_tokens(model_id.rsplit("/", 1)[-1])
    if not _LORA_TOKENS.isdisjoint(own):
        return []  # the adapter's own card
    stem = [t for t in own if t not in _FULL_TOKENS]
    for start, parent in org_ids(body, model_id.split("/", 1)[0]):
        theirs = name_tokens(parent.rsplit("/", 1)[-1])
        if _LORA_TOKENS.isdisjoint(theirs):
            continue
        if [t for t in theirs if t not in _LORA_TOKENS and t not in _FULL_TOKENS] != stem:
            continue
        # The merging is said on the name's line (a table of the family's repos says nothing).
        line_start = body.rfind("\n", 0, start) + 1
        line_end = body.find("\n", start)
        line = body[line_start : line_end if line_end >= 0 else len(body)]
        if _MERGED_WORDS.search(line) and not pipe_led(line):
            return [ProseClaim(parent, Relation.MERGE, Strength.STRONG, line.strip()[:200])]
    return []


# SuperMerger's recipe as people paste it: "Model A:" and "Model B:" (perhaps "Model C:")
# labels, each with a model's name after it or on the next line, then "Output Model: X"
# (or "Output: X"), a step's result that a later step may use again.
_SLOT = re.compile(
    r"^[ \t]*(?:\*\*)?(?P<label>model[ \t]+[abc]|output(?:[ \t]+model)?)[ \t]*:[ \t]*(?:\*\*)?"
    r"[ \t]*(?:\n[ \t]*)*(?P<name>[A-Za-z0-9][^\n:]{0,80}?)[ \t]*$",
    re.M | re.I,
)
AB_RECIPE = "[ab-recipe]"


def ab_recipe_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs of "Model A: X / Model B: Y / Output Model: Z" recipes.

    A name is the id the card writes for it (a Hub URL "…/ORG/X"); a name the card gives
    no Hub id for is left out, and so is a step's output. Two slots at least, A and B,
    make a recipe.
    """
    if "odel B" not in body and "odel b" not in body and "ODEL B" not in body:
        return []  # most cards
    slots = [m for m in _SLOT.finditer(body) if not m["name"].casefold().startswith("model ")]
    outputs = {key(m["name"]) for m in slots if m["label"][:1] in ("o", "O")}
    inputs = [m for m in slots if m["label"][:1] in ("m", "M")]
    if not {m["label"][-1].casefold() for m in inputs} >= {"a", "b"}:
        return []
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for m in inputs:
        name = " ".join(m["name"].split())
        k = key(name)
        if k in outputs or k in found or k in (own, own.rsplit("/", 1)[-1]):
            continue
        written = _written_id(body, name)
        if written is None:
            # A name with no Hub id in the card is a checkpoint from another site (its
            # page a civitai link) or the base subtracted in an add-difference step.
            continue
        snippet = f"{AB_RECIPE} {m['label']}: {name}"[:_SNIPPET]
        found[k] = ProseClaim(written, Relation.MERGE, Strength.STRONG, snippet)
    return list(found.values())


def _written_id(body: str, name: str) -> str | None:
    """The one ``ORG/NAME`` the card writes (plainly or in a Hub URL) whose name is ``name``
    spelled another way ("Paragon 1.0" for "ORG/Paragon_V1.0"), or starts so ("Foto
    Diffusion" for "ORG/Foto-Diffusion-V0"), if exactly one."""
    wanted = _squeezed(name)
    if len(wanted) < 4:
        return None
    ids = {
        m["id"].rstrip("/.")
        for m in _WRITTEN_ID.finditer(body)
        if m["id"].split("/", 1)[0].casefold() not in ("datasets", "spaces")
        and _squeezed(m["id"].rstrip("/.").rsplit("/", 1)[1]).startswith(wanted)
    }
    return next(iter(ids)) if len(ids) == 1 else None


# An id in a Hub URL or written plainly ("ORG/NAME").
_WRITTEN_ID = re.compile(
    r"(?:(?<=huggingface\.co/)|(?<=hf\.co/)|(?<![\w./-]))(?P<id>[A-Za-z0-9][\w-]*/[A-Za-z0-9][\w.-]*)"
)
_SQUEEZE = re.compile(r"[^a-z0-9]+|v(?=\d)")


def _squeezed(name: str) -> str:
    """A name lower-cased without separators or a "v" before its version: "paragon10"."""
    return _SQUEEZE.sub("", name.casefold())

"""Parents listed under a label: the label says what the items are, the list's shape says
where it ends.

Three kinds of statement, each read only where its words occur (the labels and lead-ins
only on cards that write a Hub link):

- a label line or heading that names the items ("Base model:", "## Original model",
  "Merged models:", "Experts", "Ingredients") over a list whose every item is one
  reference and nothing else: a Hub link, a bare Hub URL, an ``ORG/NAME``, one a line
  (bullets, numbers, ``<br>`` or a trailing backslash between them, blank lines allowed:
  a loose list). The list ends at the first line that is not such an item; under a heading
  it must open the section and end with a blank line (no prose right after an item). An
  item that is a link off the Hub (a mirror, a civitai page) is passed over;
- a lead-in sentence ending with a colon that speaks of the inputs ("uses parts from the
  following models:", "is made of these experts:", "It combines:") on a card that speaks
  of merging or of a mixture of experts, over such a list. Not a lead-in that compares,
  evaluates, recommends or lists other releases ("compared with the following models:");
- a merge script run in a code block ("python ties_merge.py ORG/A ./out --merge ORG/B"):
  its ``--merge`` / ``--base`` arguments and the ids written right after the script's
  name are the inputs (a local path is none).
"""

from __future__ import annotations

import re
from functools import lru_cache

from importers.merge_lists import _local_recipe_names
from importers.prose import ProseClaim, Strength
from importers.prose_scan import aligned, lines_holding
from importers.references import code_blocks, mentions
from importers.roles import is_child
from lineage.core.ids import key
from lineage.core.records import Relation

LISTED = "[listed-parents]"
SCRIPT = "[merge-script]"
_SNIPPET = 200

# A line that is a label and nothing else: a heading or a plain line, bold or not, perhaps
# with a colon and a break after it.
_LABEL = re.compile(
    r"[ \t]*(?P<head>#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*(?:the[ \t]+)?"
    r"(?P<label>(?P<base>(?:base|original|parent|pre-?trained)[ \t]+models?"
    r"(?:[ \t]+used)?)"
    r"|merged[ \t]+models|models[ \t]+merged|source[ \t]+models|experts|ingredients"
    # "## Resources", "## Credits", "## Models": read only as a merge card's heading.
    r"|(?P<credit>resources|credits|models))"
    r"[ \t]*(?:\*\*|__)?[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*(?P<rest><br[ \t]*/?>.*)?$",
    re.I,
)
_LABEL_NEEDLES = (
    "base model",
    "original model",
    "parent model",
    "trained model",
    "merged models",
    "models merged",
    "source models",
    "experts",
    "ingredients",
)
# A sentence that leads in a list of the inputs, ending with a colon.
_LEAD_IN = re.compile(
    r"[^\n]*?\b(?:(?:following|these|those|below)[ \t]+(?:\w+[ \t]+)?(?:models|experts|"
    r"checkpoints)|(?:made|built|composed|constructed)[ \t]+(?:up[ \t]+)?(?:of|from)"
    r"|combines|consists[ \t]+of|parts[ \t]+(?:of|from))[ \t]*(?:\*\*)?:[ \t]*(?:\*\*)?$",
    re.I,
)
_CREDIT_NEEDLES = ("# resources", "# credits", "# models")  # headings only
_LEAD_NEEDLES = (
    "following ",
    "these ",
    "those ",
    "below ",
    "made ",
    "built ",
    "composed ",
    "constructed ",
    "combines",
    "consists ",
    "parts ",
)
# Lead-ins that list models in another role than this model's inputs.
_NOT_INPUTS = re.compile(
    r"compar|benchmark|evaluat|\bscor|outperform|\bbeat|quantiz|recommend|\btry\b|check[ \t]+out"
    r"|\bsee\b|\bother\b|\bsimilar|\balso\b|\bour\b|\bmy[ \t]+other|version|tokeni|datasets?"
    r"|\bjudge|\bbaseline|\b(?:from|of|on|upon|using|with)[ \t]+this\b",
    re.I,
)
_BREAK = re.compile(r"<br[ \t]*/?>", re.I)
_HUB = r"(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/[^\s<>()\[\]\\|`*]+"
# One item: a marker perhaps, then exactly one reference, perhaps a separator after it.
_ITEM = re.compile(
    r"[ \t]*(?:[*+-][ \t]+|\d+[.)][ \t]+|<(?:li|dt)>[ \t]*)?(?:\*\*|__)?[ \t]*"
    r"(?P<ref>\[[^\]\n]*\]\(" + _HUB + r"\)"
    r"|<a[ \t]+href=[\"']?" + _HUB + r"[\"']?[^>]*>[^<\n]*</a>"
    r"|" + _HUB + r"|`?[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*`?)"
    r"[ \t]*(?:\*\*|__)?[ \t]*(?:\\|,|</li>|</dt>)?[ \t]*",
    re.I,
)
# An item that is a link or URL off the Hub, or to a data set or a Space: passed over.
_OFF_HUB = re.compile(
    r"[ \t]*(?:[*+-][ \t]+|\d+[.)][ \t]+|<li>[ \t]*)?(?:\[[^\]\n]*\]\()?https?://(?!(?:www\.)?"
    r"(?:huggingface\.co|hf\.co)/(?!datasets/|spaces/))\S+[ \t]*\\?[ \t]*",
    re.I,
)
_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]")
_MOE_NAME = re.compile(r"\d+x\d+(?:\.\d+)?[bm]\b|moe\b", re.I)
_MAX_LINES = 40


def _moe_name(model_id: str) -> bool:
    """Whether `_MOE_NAME` matches ``model_id``; each match holds "x" or "moe" in any case,
    so the pattern (tried at every position) runs only on ids holding one."""
    lower = model_id.lower()
    return ("x" in lower or "moe" in lower) and _MOE_NAME.search(model_id) is not None


def listed_parent_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Parents listed under a label line, a heading or a lead-in sentence."""
    if "huggingface.co/" not in body and "hf.co/" not in body:
        # Only cards that write a Hub link are read (two substring tests; a plain id's list
        # on a card with no Hub link anywhere is rare, and the lower-casing costs).
        return []
    lower = body.lower()
    if not aligned(body, lower):
        return []
    merge_card = "erge" in body or "mixture of experts" in lower or _moe_name(model_id)
    # ("merging" holds no "erge": a card may speak of its merging so only.)
    credit_card = "#" in body and (merge_card or "merging" in lower)
    needles = _LABEL_NEEDLES + _CREDIT_NEEDLES if credit_card else _LABEL_NEEDLES
    labels = _short_lines(body, lower, needles, _LABEL)
    leads: list[re.Match[str]] = []
    if merge_card:
        leads = [m for m in _lead_ins(body, lower) if not _NOT_INPUTS.search(m.group(0))]
    if not labels and not leads:
        return []
    own = key(model_id)
    out: list[ProseClaim] = []
    seen: set[str] = set()
    for m in labels:
        label = m
        base = label["base"] is not None
        heading = label["head"] is not None
        first = label["rest"] or ""
        if base and not heading and not label.group(0).rstrip().rstrip("*_").endswith(":"):
            continue  # "Base model" alone on a line is a table's or a sentence's piece
        refs = _items(body, m.end(), first, whole_section=heading)
        if label["credit"] is not None:
            if not heading or not credit_card or len(refs) < 2:
                continue  # "## Credits" heads a merge's inputs only as a list of two or more
            if _local_recipe_names(body):
                # The card's recipe ran on local copies: the credits name those and more (the
                # tools' base, an ingredient's origin), which the links' reader tells apart.
                continue
        relation = None if base else Relation.MERGE
        strength = Strength.LABEL if base else Strength.STRONG
        _add(out, seen, own, model_id, refs, relation, strength, m.group(0))
    for m in leads:
        refs = _items(body, m.end(), "", whole_section=False)
        if len(refs) >= 2:  # a lead-in of inputs lists two at least
            _add(out, seen, own, model_id, refs, Relation.MERGE, Strength.STRONG, m.group(0))
    return out


_LABEL_LONGEST = 60


def _short_lines(
    body: str, lower: str, needles: tuple[str, ...], pattern: re.Pattern[str]
) -> list[re.Match[str]]:
    """The lines holding a needle, short enough to be a label, that ``pattern`` matches whole.

    The needles holding "model" are looked for together: the text is searched once for
    "model", and each short line holding it is tested for them (a search of the whole
    text per needle cost more than the few lines that hold "model").
    """
    starts: set[int] = set()
    out: list[re.Match[str]] = []
    for probe, held in _probe_groups(needles):
        for start, end in lines_holding(lower, probe):
            if end - start <= _LABEL_LONGEST and start not in starts:
                line = lower[start:end]
                if not any(needle in line for needle in held):
                    continue
                starts.add(start)
                if m := pattern.fullmatch(body, start, end):
                    out.append(m)
    return sorted(out, key=lambda m: m.start())


_ANCHOR = "model"


@lru_cache(maxsize=8)
def _probe_groups(needles: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``(probe, needles)``: "model" for the needles holding it, each other needle alone."""
    anchored = tuple(n for n in needles if _ANCHOR in n)
    alone = tuple((n, (n,)) for n in needles if _ANCHOR not in n)
    return ((_ANCHOR, anchored), *alone) if anchored else alone


_COLON_ENDS = (":\n", ":**\n", ": \n")


def _lead_ins(body: str, lower: str) -> list[re.Match[str]]:
    """The lines ending with a colon (found by plain search) that are a lead-in of inputs."""
    out: list[re.Match[str]] = []
    for end_mark in _COLON_ENDS:
        at = lower.find(end_mark)
        while at >= 0:
            start = lower.rfind("\n", 0, at) + 1
            end = at + len(end_mark) - 1
            line = lower[start:end]
            if any(n in line for n in _LEAD_NEEDLES) and (
                m := _LEAD_IN.fullmatch(body, start, end)
            ):
                out.append(m)
            at = lower.find(end_mark, end)
    return sorted(out, key=lambda m: m.start())


def _items(body: str, end: int, first: str, whole_section: bool) -> list[str]:
    """The ids listed from ``end`` on, up to the first line of another kind. Under a heading
    the list must be the section's first paragraphs and end with a blank line or a heading
    (a line of prose right after an item makes the items part of that prose)."""
    text = first + body[end : end + 4000]
    lines = _BREAK.sub("\n", text).split("\n")
    refs: list[str] = []
    blank = True
    for line in lines[:_MAX_LINES]:
        if not line.strip():
            blank = True
            continue
        if _OFF_HUB.fullmatch(line):
            blank = False
            continue
        if _HEADING.match(line):
            break
        item = _ITEM.fullmatch(line)
        found = mentions(item["ref"].strip("`")) if item else []
        if not found:
            if whole_section and (not refs or not blank):
                return []
            break
        refs.append(found[0].model_id)
        blank = False
    return refs


def _add(
    out: list[ProseClaim],
    seen: set[str],
    own: str,
    model_id: str,
    refs: list[str],
    relation: Relation | None,
    strength: Strength,
    label: str,
) -> None:
    for ref in refs:
        if key(ref) in seen or key(ref) == own or is_child(ref, model_id):
            continue
        seen.add(key(ref))
        snippet = " ".join(f"{LISTED} {label.strip()} … {ref}".split())[:_SNIPPET]
        out.append(ProseClaim(ref, relation, strength, snippet))


# A merge script's run: its name, then its arguments to the line's end.
_SCRIPT = re.compile(r"\b[\w-]*merg[\w-]*\.py\b(?P<args>[^\n]*)", re.I)
_SCRIPT_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*")
_INPUT_FLAGS = frozenset({"--merge", "--base", "--base_model", "--base-model", "--models"})


def merge_script_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Inputs of a merge script run in a code block (`--merge ORG/X`, ids after its name)."""
    if "```" not in body or ".py" not in body or "merg" not in body.lower():
        return []
    own = key(model_id)
    out: list[ProseClaim] = []
    seen: set[str] = set()
    for block in code_blocks(body):
        lower = block.lower()
        if "merg" not in lower or ".py" not in lower:
            continue
        for start, stop in lines_holding(lower, ".py"):
            for m in _SCRIPT.finditer(block, start, stop):
                for parent in _script_inputs(m["args"].split()):
                    if key(parent) in seen or key(parent) == own or is_child(parent, model_id):
                        continue
                    seen.add(key(parent))
                    snippet = f"{SCRIPT} {m.group(0).strip()}"[:_SNIPPET]
                    out.append(ProseClaim(parent, Relation.MERGE, Strength.STRONG, snippet))
    return out


def _script_inputs(args: list[str]) -> list[str]:
    out: list[str] = []
    positional = True  # the ids right after the script's name, before any option
    for i, arg in enumerate(args):
        if arg.startswith("-"):
            positional = False
            continue
        flag = args[i - 1] if i else ""
        if not (positional or flag in _INPUT_FLAGS):
            continue
        if arg.startswith((".", "/", "~", "$")) or not _SCRIPT_ID.fullmatch(arg):
            continue
        found = mentions(arg)
        if found:
            out.append(found[0].model_id)
    return out


# An id in a Hub URL or written plainly, its name ending where an id's may not go on.
_WRITTEN = re.compile(
    r"(?:(?<=huggingface\.co/)|(?<=hf\.co/)|(?<![\w./-]))"
    r"(?P<org>[A-Za-z0-9][\w-]*)/(?P<name>[A-Za-z0-9][\w.-]*?)(?=[.]?(?![\w.-]))"
)
_NOT_ORGS = frozenset({"datasets", "spaces", "models", "docs", "blog", "papers"})


def written_in_full(name: str, body: str) -> str | None:
    """The one ``ORG/NAME`` the card writes (a Hub link, a URL or a plain id) whose name is
    ``name`` exactly (case aside): a recipe's bare "model: Lark-7B-v0.1" beside a link to
    ``acme/Lark-7B-v0.1`` names that repo. None when no org or two orgs write it."""
    wanted = name.casefold()
    if "/" in name or len(wanted) < 3 or wanted not in body.casefold():
        return None
    found = {
        f"{m['org']}/{m['name']}"
        for m in _WRITTEN.finditer(body)
        if m["name"].casefold() == wanted and m["org"].casefold() not in _NOT_ORGS
    }
    return next(iter(found)) if len({key(f) for f in found}) == 1 else None

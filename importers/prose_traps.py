"""Last checks on prose claims that read another model's statement as this card's.

Each drops a claim whose words, read in place, speak of something other than this model's
start:

* `_sibling_entry`: a family card that gives each member its own list item or section, led
  by the member's name ("- Foo-7B: based on X", "### [foo-small](…)" then "Based on the X
  model"), one of them this model: a claim under another member's lead is that member's base.
* `_data_identical`: "training data identical to [X](…)": X's data, not its weights (and
  "tokenizer/architecture identical to X": its design).
* `_possessor`: "X 的基础模型 Y" ("X's base model is Y") read as the label "基础模型: X": X is
  the model built on this one.
* `_evaluation_tool`: "基于 [X](…) 的评测" ("evaluated with X"): X is the benchmark tool.
* `_base_history`: "This `X` model fine-tunes [Y](…)" where X is another parent the card
  claims (the converted original, its card copied): Y is X's base, a grand-parent.
* `_placeholder`: "a fine-tuned version of Foo-XX" in a credit template: no model.
* `_after_predecessors`: "In comparison to its predecessors, X …": X starts a new clause
  (it is this model); "improves on its predecessor, X" is left to the predecessor rule.

All are pure: findings and text in, findings out. Most cards return at the first test.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.prose_claims import ProseClaim, ProseFindings
from lineage.core.ids import key

_TAG = re.compile(r"\A\[[^\]\n]{1,80}\][ \t]*")


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def _bare(snippet: str) -> str:
    return _TAG.sub("", snippet, count=1) if snippet.startswith("[") else snippet


def _places(body: str, snippet: str) -> list[tuple[int, int]]:
    """Where a claim's snippet stands in the body (start, end; at most 20 places; the
    emphasis marks a snippet drops may stand between its words)."""
    text = _bare(snippet)
    if len(text) < 6 or len(text) > 300:
        return []
    words = text.split()
    if not words:
        return []
    loose = re.compile(r"[ \t*_`]*".join(re.escape(w) for w in words))
    found: list[tuple[int, int]] = []
    for m in loose.finditer(body):
        found.append((m.start(), m.end()))
        if len(found) == 20:
            break
    return found


def _where(body: str, snippet: str) -> tuple[int, int]:
    """The first place of a claim's snippet in the body ((-1, -1): not found)."""
    places = _places(body, snippet)
    return places[0] if places else (-1, -1)


# A lead: a list item or a heading that is only a name (bold, code or a link), then a colon
# for the list item. The name has no space.
_ITEM_LEAD = re.compile(
    r"^[ \t]*[-*+][ \t]+\[?[*_`]*(?P<name>[A-Za-z][\w.-]{1,80})[*_`]*"
    r"(?:\]\((?P<link>[^)\s]{1,300})\))?[*_`]*[ \t]*[:：]",
    re.M,
)
_HEAD_LEAD = re.compile(
    r"^#{1,6}[ \t]+\[?[*_`]*(?P<name>[A-Za-z][\w.-]{1,80})[*_`]*"
    r"(?:\]\((?P<link>[^)\s]{1,300})\))?[*_`]*[ \t]*$",
    re.M,
)
_ANY_HEADING = re.compile(r"^#{1,6}[ \t]", re.M)


_LABEL_WORDS = re.compile(
    r"model|base|parent|backbone|tun|licen|type|architect|language|paper|repo|develop|"
    r"token|teacher|data|author|note|train|version|usage|install|eval|result|citation",
    re.I,
)


def _name_like(name: str) -> bool:
    """A model's name, not a label ("Base", "Model-Type"): a digit inside, or a joiner or
    two capitals (OpenChat) and no label word."""
    if re.search(r"[0-9]", name):
        return True
    if _LABEL_WORDS.search(name):
        return False
    return bool(re.search(r"[._-]", name.strip("._-"))) or (
        sum(ch.isupper() for ch in name) >= 2 and not name.isupper()
    )


def _member(lead: re.Match[str], own: str) -> bool:
    """A lead naming a member of this model's family: a model's name, linked to the Hub or
    sharing its first four letters with this model's name ("Single-turn" is no member)."""
    if not _name_like(lead["name"]):
        return False
    link = lead["link"] or ""
    return "huggingface.co/" in link or "hf.co/" in link or _norm(lead["name"])[:4] == own[:4]


def _family_leads(leads: list[re.Match[str]], own: str) -> bool:
    """This model leads one entry and at least two other members lead theirs."""
    names = {_norm(m["name"]) for m in leads}
    return own in names and len(names - {own}) >= 2


def _sibling_entry(claims: list[ProseClaim], body: str, own: str) -> set[int]:
    dropped: set[int] = set()
    items = [m for m in _ITEM_LEAD.finditer(body) if _member(m, own)]
    heads = [m for m in _HEAD_LEAD.finditer(body) if _member(m, own)]
    item_own = _family_leads(items, own)
    head_own = _family_leads(heads, own)
    if not item_own and not head_own:
        return dropped
    for i, c in enumerate(claims):
        places = _places(body, c.snippet)
        if places and all(_under_other(body, pos, own, item_own, head_own) for pos, _ in places):
            dropped.add(i)
    return dropped


def _under_other(body: str, pos: int, own: str, item_own: bool, head_own: bool) -> bool:
    """Whether the text at ``pos`` stands in another member's list item or section."""
    if item_own:
        start = body.rfind("\n", 0, pos) + 1
        lead = _ITEM_LEAD.match(body, start)
        if lead is not None and lead.start("name") < pos and _member(lead, own):
            return _norm(lead["name"]) != own
    if head_own:
        section = None
        for h in _ANY_HEADING.finditer(body, 0, pos):
            section = h
        if section is None:
            return False
        lead = _HEAD_LEAD.match(body, section.start())
        return lead is not None and _member(lead, own) and _norm(lead["name"]) != own
    return False


_NOT_WEIGHTS_BEFORE = re.compile(
    r"\b(?:data|dataset|datasets|corpus|tokeni[sz]er|vocabulary|architecture|config|"
    r"prompt(?:s|[ \t]+format)?|template)\b[^.\n\[]{0,20}\Z",
    re.I,
)


def _data_identical(c: ProseClaim, body: str, pos: int) -> bool:
    if not c.snippet.casefold().startswith("identical to"):
        return False
    return _NOT_WEIGHTS_BEFORE.search(body, max(0, pos - 60), pos) is not None


_POSSESSOR_AFTER = re.compile(r"[ \t*]*的[ \t]*(?:基础|基座|底座)模型")


def _possessor(c: ProseClaim, body: str, end: int) -> bool:
    """ "X 的基础模型 Y" read as the label "基础模型: X" (kept when the card also builds this
    model "在 X 的基础上", on X)."""
    if _POSSESSOR_AFTER.match(body, end) is None:
        return False
    written = _bare(c.snippet).split()[-1].strip("*_`[]")
    on_it = re.compile(
        r"在[ \t]*\[?" + re.escape(written) + r"\]?(?:\([^)\s]{1,300}\))?[ \t]*的基础上"
    )
    return on_it.search(body) is None


_EVALUATION = re.compile(r"评测|测评|评估|测试结果")


def _evaluated(body: str, pos: int, end: int) -> bool:
    """ "以上评测结果基于 [X](…) 获得", "基于 X 的评测": the results' tool, in the same clause."""
    before = re.split(r"[。.，,；;\n]", body[max(0, pos - 20) : pos])[-1]
    after = re.split(r"[。.，,；;\n]", body[end : end + 30])[0]
    return _EVALUATION.search(before) is not None or _EVALUATION.search(after) is not None


_THIS_NAMED = re.compile(r"\AThis[ \t]+[`*_]*(?P<name>[\w.-]{2,80})[`*_]*[ \t]+model\b")
_PLACEHOLDER = re.compile(r"(?:^|[-_ ])(?:XX|XXX|xx|xxx)$")
# "In comparison to its predecessors, X …", "Unlike our predecessor, X …": X is the subject
# (this model); "improves on its predecessor, X," keeps X.
_PREDECESSORS = re.compile(
    r"\b(?:compar\w*[ \t]+(?:to|with)|like|unlike|than|versus|vs\.?)[ \t]+(?:its|our|the)[ \t]+"
    r"predecessors?[ \t]*,[ \t]*",
    re.I,
)


def _after_predecessors(c: ProseClaim, body: str, pos: int, end: int) -> bool:
    """ "In comparison to its predecessors, X …": the name after the comma is the subject."""
    window = body[max(0, pos - 60) : end]
    if "predecessor" not in window.casefold():
        return False
    return any(window.startswith(c.parent, m.end()) for m in _PREDECESSORS.finditer(window))


def without_traps(findings: ProseFindings, body: str, model_id: str) -> ProseFindings:
    """The findings without claims that speak of another model's start (module doc)."""
    claims = findings.claims
    if not claims:
        return findings
    own = _norm(model_id.rsplit("/", 1)[-1])
    dropped = _sibling_entry(claims, body, own) if len(claims) > 1 or ":" in body else set()
    names = {_norm(c.parent.rsplit("/", 1)[-1]) for c in claims}
    for i, c in enumerate(claims):
        if i in dropped:
            continue
        if "/" not in c.parent and _PLACEHOLDER.search(c.parent):
            dropped.add(i)
            continue
        pos, end = _where(body, c.snippet)
        if pos < 0:
            continue
        if (
            _data_identical(c, body, pos)
            or ("的" in body and _possessor(c, body, end))
            or (c.snippet.startswith("基于") and _evaluated(body, pos, end))
            or _after_predecessors(c, body, pos, end)
        ):
            dropped.add(i)
            continue
        if (m := _THIS_NAMED.match(_bare(c.snippet))) is not None:
            named = _norm(m["name"])
            if named != own and named in names and named != _norm(c.parent.rsplit("/", 1)[-1]):
                dropped.add(i)
    if not dropped:
        return findings
    kept = [c for i, c in enumerate(claims) if i not in dropped]
    unique: dict[str, ProseClaim] = {}
    for c in kept:
        unique.setdefault(key(c.parent), c)
    return replace(findings, claims=list(unique.values()))

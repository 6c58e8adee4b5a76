"""Merge and LoRA statements written in a card's own layout, outside phrases and recipes.

* `composition_claims`: a table of the merged models and each one's share, the shares
  adding up to the whole (``| Model | Contribution |`` / ``| Alpha-7B | 60% |``); the
  names are kept as written.
* `lora_label_claims`: "LoRA merged into a model" written as two label lines,
  ``Model: <link>`` and ``LoRA: <link>``: the model is the base the LoRA tunes (a
  fine-tune), the LoRA's repo an ingredient.
* `lora_module_claims`: "based on the following N LoRA modules" above a list of ids, then
  "N LoRA modules from [X](…)": every listed model and the repo holding the modules
  went into the mixture.
* `link_formula_claims`: "([A](…) + [B](…)) 70/30 merge": the linked models summed.
* `share_url_claims`: "a 50/50 merge of the A and B models" over lines that each hold one
  bare Hub URL: the URLs say which repos the two halves are.
* `recipe_url_claims`: a recipe that names its inputs by short names ("58% A 42% B",
  "A + B = C") right above as many lines that each hold one bare Hub URL: the URLs are
  the inputs, the short names give way to them.

Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.merge_lists import SUM_RECIPE, WEIGHT_LIST
from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.recipe_columns import column_recipe_claims
from importers.references import reference
from lineage.core.ids import key
from lineage.core.records import Relation

_SNIPPET = 200
_MARKUP = re.compile(r"[*`]")

# The header of a share table: a model column and a share column.
_SHARE_HEADER = re.compile(
    r"^[ \t]*\|[ \t]*(?:\*\*)?(?:models?|model[ \t]+name|name|ingredients?)(?:\*\*)?[ \t]*\|"
    r"[ \t]*(?:\*\*)?(?:contributions?|weights?|shares?|ratios?|proportions?|percent(?:age)?|%)"
    r"(?:[ \t]*\(%\))?(?:\*\*)?[ \t]*\|[ \t]*$",
    re.M | re.I,
)
_SEPARATOR = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|[ \t]*:?-{3,}:?[ \t]*\|?[ \t]*")
_SHARE_ROW = re.compile(
    r"[ \t]*\|[ \t]*(?P<name>[^|\n]+?)[ \t]*\|[ \t]*(?P<share>\d{1,3}(?:\.\d+)?[ \t]*%|0?\.\d+|1\.0*)"
    r"[ \t]*\|[ \t]*"
)
_LINK_CELL = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?P<url>[^)\s]+)\)")
_NAME_CELL = re.compile(r"[A-Za-z0-9][\w.-]*(?:/[A-Za-z0-9][\w.-]*)?")


def form_claims(body: str, model_id: str, erge: bool, lora_words: bool) -> list[ProseClaim]:
    """The claims of every form below, looked for only in cards that speak of merging
    (``erge``) or of LoRAs (``lora_words``): most cards pay for none of them."""
    found = lora_module_claims(body, model_id) if lora_words else []
    if erge:
        found += lora_label_claims(body, model_id)
        found += composition_claims(body, model_id) + link_formula_claims(body, model_id)
    # ("Checkpoint Merging Data": "merg" without "erge".)
    found += column_recipe_claims(body, model_id)
    return found


def composition_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs of a table whose rows give each model's share of the merge."""
    if "|" not in body or ("%" not in body and "0." not in body) or "---" not in body:
        return []
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for header in _SHARE_HEADER.finditer(body):
        lines = body[header.end() + 1 :].split("\n")
        if not lines or not _SEPARATOR.fullmatch(lines[0]):
            continue
        rows: list[tuple[str, float, str]] = []
        for line in lines[1:]:
            row = _SHARE_ROW.fullmatch(line)
            if row is None:
                break
            share = row["share"].replace(" ", "")
            value = float(share[:-1]) / 100 if share.endswith("%") else float(share)
            name = _cell_name(row["name"])
            if name is None:
                rows = []
                break  # a row of something else than a model: not a composition
            rows.append((name, value, line))
        if len(rows) < 2 or abs(sum(v for _, v, _ in rows) - 1.0) > 0.03:
            continue  # shares that do not add up to the whole are scores or settings
        for name, _, line in rows:
            k = key(name)
            if k in found or k in (own, own.rsplit("/", 1)[-1]):
                continue
            snippet = f"{WEIGHT_LIST} {line.strip()}"[:_SNIPPET]
            found[k] = ProseClaim(name, Relation.MERGE, Strength.STRONG, snippet)
    return list(found.values())


def _cell_name(cell: str) -> str | None:
    """The model a table cell names: a Hub link's id, or the name as written."""
    link = _LINK_CELL.search(cell)
    if link is not None:
        parsed = reference(link["url"])
        if parsed.model_id is not None:
            return parsed.model_id
        cell = link["text"]
    name = _MARKUP.sub("", cell).strip(" _")
    if _NAME_CELL.fullmatch(name) is None or not any(ch.isdigit() for ch in name):
        return None  # model names carry a size or a version ("Total", "Others" do not)
    return name


# "Model : <link>" and "LoRA : <link>" label lines (a bullet and bold allowed).
_LABEL_LINE = (
    r"^[ \t]*(?:[*+-][ \t]+)?(?:\*\*)?{label}(?:\*\*)?[ \t]*[:：][ \t]*(?:\*\*)?[ \t]*"
    r"(?:\[[^\]\n]*\]\()?(?P<ref>(?:https?://)?(?:www\.)?(?:huggingface\.co/|hf\.co/)?"
    r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)"
)
_MODEL_LABEL = re.compile(_LABEL_LINE.format(label=r"(?:base[ \t]+)?model"), re.M | re.I)
_LORA_LABEL = re.compile(_LABEL_LINE.format(label=r"(?:q?lora|adapter)"), re.M | re.I)
_MERGED_INTO = re.compile(
    r"\b(?:q?lora|adapter)s?\b[^\n]{0,40}?\bmerged?[ \t]+(?:in)?to\b|\bmerged?[ \t]+"
    r"(?:the[ \t]+|a[ \t]+)?(?:q?lora|adapter)\b",
    re.I,
)


def lora_label_claims(body: str, model_id: str) -> list[ProseClaim]:
    """A model and one LoRA on label lines of a card saying the LoRA was merged in."""
    if not _has_lora_label(body) or _MERGED_INTO.search(body) is None:
        return []
    models = {key(m): m for m in _label_ids(_MODEL_LABEL, body)}
    loras = {key(m): m for m in _label_ids(_LORA_LABEL, body)}
    own = key(model_id)
    models.pop(own, None)
    loras.pop(own, None)
    if len(models) != 1 or len(loras) != 1 or models.keys() == loras.keys():
        return []
    (base,), (lora,) = models.values(), loras.values()
    snippet = f"LoRA {lora} merged into {base}"
    return [
        ProseClaim(base, Relation.FINETUNE, Strength.STRONG, snippet),
        ProseClaim(lora, Relation.MERGE, Strength.STRONG, snippet),
    ]


_LABEL_LEAD = frozenset(" \t*+-q")


def _has_lora_label(body: str) -> bool:
    """Whether a line starts with a "LoRA:" label: looked for by ``str.find`` (the common
    card names LoRA in running text, and pays for no regex)."""
    for word in ("LoRA", "lora", "Lora", "LORA"):
        at = body.find(word)
        while at >= 0:
            line = body.rfind("\n", 0, at) + 1
            end = at + 4
            if all(ch in _LABEL_LEAD for ch in body[line:at]):
                rest = body[end : end + 6].lstrip(" \t*")
                if rest[:1] in (":", "："):
                    return True
            at = body.find(word, end)
    return False


def _label_ids(pattern: re.Pattern[str], body: str) -> list[str]:
    """The Hub ids written after the label lines ``pattern`` finds."""
    return [
        parsed.model_id
        for m in pattern.finditer(body)
        if (parsed := reference(m["ref"])).model_id is not None
    ]


# "based on the following 6 Mistral-based LoRA modules." then a list of ids.
_MODULES_INTRO = re.compile(
    r"\bthe[ \t]+following[ \t]+(?:\d+[ \t]+|two[ \t]+|three[ \t]+|four[ \t]+|five[ \t]+|"
    r"six[ \t]+)?[^\n.:]{0,40}?\b(?:q?lora|adapter)s?[ \t]+modules?\b[^\n]*\n",
    re.I,
)
_ITEM = re.compile(
    r"[ \t]*[*+-][ \t]+(?:\[[^\]\n]*\]\()?(?P<ref>(?:https?://)?(?:www\.)?"
    r"(?:huggingface\.co/|hf\.co/)?[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)[)\s]*"
)
# "Totally 6 LoRA modules from [X](…)": the repo that holds the modules.
_MODULES_FROM = re.compile(
    r"\b(?:q?lora|adapter)s?[ \t]+modules?[ \t]+(?:are[ \t]+)?(?:from|in|at)[ \t]+"
    r"(?:\[[^\]\n]*\]\()?(?P<ref>(?:https?://)?(?:www\.)?(?:huggingface\.co/|hf\.co/)?"
    r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)",
    re.I,
)


def lora_module_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The models whose LoRA modules a mixture combines, listed under "the following N
    LoRA modules", and the repo those modules are taken from."""
    if "odule" not in body or "following" not in body:
        return []
    intro = _MODULES_INTRO.search(body)
    if intro is None:
        return []
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    snippet = intro.group(0).strip()[:_SNIPPET]
    for line in body[intro.end() :].lstrip("\n").split("\n"):
        item = _ITEM.fullmatch(line)
        if item is None:
            break
        parsed = reference(item["ref"])
        if parsed.model_id is not None and key(parsed.model_id) != own:
            found.setdefault(
                key(parsed.model_id),
                ProseClaim(parsed.model_id, Relation.MERGE, Strength.STRONG, snippet),
            )
    if len(found) < 2:
        return []
    source = _MODULES_FROM.search(body, intro.end())
    holder = reference(source["ref"]).model_id if source is not None else None
    if source is not None and holder is not None and key(holder) != own:
        snippet = source.group(0)[:_SNIPPET]
        found.setdefault(key(holder), ProseClaim(holder, Relation.MERGE, Strength.STRONG, snippet))
    return list(found.values())


_HUB_LINK = r"\[[^\]\n]{1,120}\]\((?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/[^)\s]+\)"
# "([A](…) + [B](…)) 75/25 merge", "[A](…) + [B](…) merged at 0.5".
_FORMULA = re.compile(
    rf"^[ \t]*\(?[ \t]*(?P<sum>{_HUB_LINK}(?:[ \t]*\+[ \t]*{_HUB_LINK})+)[ \t]*\)?"
    r"[^\n\[]{0,40}?\bmerged?\b",
    re.M | re.I,
)
_LINK_URL = re.compile(r"\]\((?P<url>[^)\s]+)\)")


def link_formula_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs of a line that sums linked models and calls the sum a merge."""
    if ") + [" not in body and ")+[" not in body:
        return []
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for m in _FORMULA.finditer(body):
        snippet = m.group(0).strip()[:_SNIPPET]
        for url in _LINK_URL.finditer(m["sum"]):
            parsed = reference(url["url"])
            if parsed.model_id is not None and key(parsed.model_id) != own:
                found.setdefault(
                    key(parsed.model_id),
                    ProseClaim(parsed.model_id, Relation.MERGE, Strength.STRONG, snippet),
                )
    return list(found.values())


# "a 50/50 merge of", "a 50%-50% model of", "a 70/30 blend of": shares, then what was mixed.
_SHARE_MERGE = re.compile(
    r"\b\d{1,2}(?:\.\d+)?[ \t]*%?[ \t]*[/-][ \t]*\d{1,2}(?:\.\d+)?[ \t]*%?[ \t]+"
    r"(?:(?:linear|slerp|weighted|weight)[ \t]+)?"
    r"(?:merge|mix|blend|model|combination|average)[ \t]+(?:of|between)\b[^\n]*\n",
    re.I,
)
# The noun and "of" every `_SHARE_MERGE` match holds, each led by a literal (re finds a literal
# fast; the digit-led pattern above is tried at every digit): in an ASCII card's lower-cased
# text they rule out a share sentence for the price of a few searches.
_SHARE_NOUNS = tuple(
    re.compile(noun + r"[ \t]+(?:of|between)\b")
    for noun in ("merge", "mix", "blend", "model", "combination", "average")
)
# A line holding one bare Hub URL and nothing else (a bullet or number at most).
_URL_LINE = re.compile(
    r"[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?<?(?P<url>(?:https?://)?(?:www\.)?"
    r"(?:huggingface\.co|hf\.co)/[\w.-]+/[\w.-]+)(?:/tree/[\w.-]+)?/?>?[ \t]*"
)


def share_url_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs given as bare Hub URLs on the lines right after a sentence of shares
    ("a 50/50 merge of the A and B models"), blank lines between them allowed; at least
    two, the first thing after the sentence (no other text between)."""
    if "huggingface.co/" not in body and "hf.co/" not in body:
        return []
    if not _url_lines_twice(body):
        return []  # (the inputs: two lines at least, each one bare Hub URL)
    if body.isascii():
        # (re.I matches an ASCII text as its lower case does.) A match lies on one line that
        # holds a noun and "of": only those lines are searched.
        lines = _noun_lines(body.lower())
        if not lines:
            return []
        shares = [m for start, end in lines for m in _SHARE_MERGE.finditer(body, start, end)]
    else:
        shares = list(_SHARE_MERGE.finditer(body))
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for m in shares:
        ids = _url_lines(body, m.end())
        if len(ids) < 2:
            continue
        snippet = m.group(0).strip()[:_SNIPPET]
        for parent in ids:
            if key(parent) != own:
                found.setdefault(
                    key(parent), ProseClaim(parent, Relation.MERGE, Strength.STRONG, snippet)
                )
    return list(found.values())


def _url_lines_twice(body: str) -> bool:
    """Whether two lines of ``body`` at least each hold one bare Hub URL (`_URL_LINE`): only
    the lines holding "co/" (each Hub URL does) are tried, each once."""
    if body.count("co/") < 2:
        return False
    seen = 0
    at = body.find("co/")
    while at >= 0:
        start = body.rfind("\n", 0, at) + 1
        end = body.find("\n", at)
        if end < 0:
            end = len(body)
        if _URL_LINE.fullmatch(body, start, end):
            seen += 1
            if seen == 2:
                return True
        at = body.find("co/", end)
    return False


def _noun_lines(lower: str) -> list[tuple[int, int]]:
    """The (start, end) of each line of ``lower`` holding a `_SHARE_NOUNS` match, in order,
    its newline included (a `_SHARE_MERGE` match ends with it)."""
    starts: set[int] = set()
    for noun in _SHARE_NOUNS:
        for m in noun.finditer(lower):
            starts.add(lower.rfind("\n", 0, m.start()) + 1)
    out: list[tuple[int, int]] = []
    for start in sorted(starts):
        end = lower.find("\n", start)
        out.append((start, len(lower) if end < 0 else end + 1))
    return out


def _url_lines(body: str, at: int) -> list[str]:
    """The Hub ids on the lines from ``at`` on that each hold one bare Hub URL (blank lines
    between them allowed), up to the first line that holds anything else."""
    urls: list[str] = []
    for line in body[at:].split("\n"):
        if not line.strip():
            continue
        url = _URL_LINE.fullmatch(line)
        if url is None:
            break
        urls.append(url["url"])
    return [r.model_id for r in map(reference, urls) if r.model_id is not None]


def recipe_url_claims(body: str, model_id: str, claims: list[ProseClaim]) -> list[ProseClaim]:
    """``claims`` with a sum recipe's short names ("58% A 42% B") replaced by the repos of
    the bare Hub URL lines right below the recipe's line, when there are as many URLs as
    names (two at least): the author wrote the recipe as spoken and the repos under it."""
    recipes: dict[str, list[ProseClaim]] = {}
    for c in claims:
        if c.snippet.startswith(SUM_RECIPE) and "/" not in c.parent:
            recipes.setdefault(c.snippet, []).append(c)
    if not recipes:
        return claims  # nearly every card
    own = key(model_id)
    dropped: set[int] = set()
    added: list[ProseClaim] = []
    for snippet, names in recipes.items():
        text = snippet[len(SUM_RECIPE) :].strip()
        at = body.find(text)
        if at < 0 or len(names) < 2:
            continue
        end = body.find("\n", at + len(text))
        ids = _url_lines(body, end + 1) if end >= 0 else []
        if len(ids) != len(names) or own in {key(i) for i in ids}:
            continue
        dropped |= {id(c) for c in names}
        shown = f"[recipe-urls] {text}"[:_SNIPPET]
        added += [ProseClaim(i, Relation.MERGE, Strength.STRONG, shown) for i in ids]
    if not added:
        return claims
    return [c for c in claims if id(c) not in dropped] + added


# "ORG/X-dare-0.85": X with DARE (drop and rescale) applied at one drop rate.
_DARE_NAME = re.compile(r"(?P<stem>.+?)[-_]dare[-_](?:0?\.\d+|0|1(?:\.0+)?)", re.I)
# An org right before "/NAME" (not a path's folder, a shell variable or an e-mail).
_ORG_BEFORE = re.compile(r"(?<![\w.@$/-])[A-Za-z0-9][\w-]*\Z")
_NAME_GOES_ON = re.compile(r"[\w-]|\.[A-Za-z0-9]")


def dare_source_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The model a DARE experiment processed, named by this repo's own name ("X-dare-0.85")
    and spelled by the card as ``ORG/X``: a parent whose relation the card does not say
    (one model's deltas dropped and rescaled: neither a fine-tune nor a merge of several)."""
    name = model_id.rpartition("/")[2]
    if "dare" not in name.casefold():
        return []  # nearly every card: a test on the short id only
    m = _DARE_NAME.fullmatch(name)
    if m is None or "dare" not in body.casefold():
        return []
    stem = "/" + m["stem"].casefold()
    lower = body.casefold() if body.isascii() else body.lower()
    owners: dict[str, str] = {}
    at = lower.find(stem)
    while at >= 0:
        end = at + len(stem)
        org = _ORG_BEFORE.search(body, max(0, at - 96), at)
        if org is not None and not (end < len(body) and _NAME_GOES_ON.match(body, end)):
            found = f"{org.group(0)}/{body[at + 1 : end]}"
            owners.setdefault(key(found), found)
        at = lower.find(stem, end)
    owners.pop(key(model_id), None)
    if len(owners) != 1:
        return []
    (source,) = owners.values()
    snippet = f"DARE experiment on {source} ({name})"
    return [ProseClaim(source, Relation.UNKNOWN, Strength.STRONG, snippet)]

"""Merge inputs named in running prose, without an org, in two kinds of statement the
phrase readers and `importers.merge_bare` leave:

* `merged_list_claims`: a coordinated list of names that the verb "merged" follows, and
  the steps chained after it ("it's Ash, Wren-2, Birch merged using my method, then
  merged with Oak-L2, and the Tale lora"): the list's names and each object of a
  "then merged with" step are inputs. A list of three or more single words may be written
  in lower case ("ash, wren, birch merged …") when a subject leads it ("it's", "this is");
  a shorter list needs names written as names (`importers.merge_bare`).
* `such_as_claims`: models given as examples of what went in ("a merge of several models,
  including Ash-7B, OpenWren and Birch", "combining different models together. This
  includes models such as Ash, WREN, BiRch and many others"): the list after "including" /
  "such as" / "includes" in a sentence that speaks of merging or combining (or right after
  one that does). Not the author's other merges, not a sentence that compares or likens.

Names are kept as written (the shared convention for names the card gives no Hub id);
`same_words_id` lets a name whose words a Hub id the card writes holds in another order
("13B-Lark" for ``acme/lark-13b``) stand for that id. Pure: text in, claims out.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from importers.merge_bare import _a_list_of_models
from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from importers.references import code_spans
from lineage.core.ids import key
from lineage.core.records import Relation

MERGED_LIST = "[merged-list]"
SUCH_AS = "[merge-such-as]"
_SNIPPET = 200

# A name: a capitalised word (or a model-like lower-case one) and up to two more words that
# start with a capital or a digit; a last lower-case word only right before a comma
# ("Mixtral instruct, Wren").
_NAME = (
    r"(?:[A-Z][\w.'-]*|[a-z][\w.]*[\d-][\w.-]*)(?:[ \t]+(?:[A-Z0-9][\w.-]*|v\d[\w.]*)){0,2}"
    r"(?:[ \t]+[a-z][\w.-]*(?=[ \t]*,))?"
)
_SEP = r"[ \t]*(?:,[ \t]*(?:and[ \t]+|&[ \t]*)?|&|[ \t]and[ \t])[ \t]*"
# "…, and many others", "…, etc.": the list goes on unnamed.
_OTHERS = r"(?:[ \t]*,?[ \t]*(?:and|&|plus)[ \t]+(?:many|several|some|a[ \t]+few|other)[ \t]+others?|[ \t]*,?[ \t]*etc\.?)?"
_END = r"(?=[ \t]*(?:[.;!?]?[*_)]*(?:\s|$)|\n|$|,[ \t]+(?:and|then|with|which|using|to|for|while|but)\b|[ \t]+(?:using|with|via|to|for|into|by)\b))"
_SUCH_AS = re.compile(
    rf"(?:\b(?:models?|merges?|checkpoints?|ones)[ \t]*,?[ \t]+(?:such[ \t]+as|including)"
    rf"|\binclud(?:es|ing))[ \t]*:?[ \t]+(?:models[ \t]+such[ \t]+as[ \t]+)?"
    rf"(?P<items>{_NAME}(?:{_SEP}{_NAME})+){_OTHERS}{_END}"
)
_SUCH_NEEDLES = (" such as ", "including ", "includes ")
_MERGE_WORDS = re.compile(r"merg|combin|\bmix(?:ed|ing|es)?\b|blend", re.I)
# Sentences whose examples are no inputs: the author's other work, comparisons, likenesses.
_NOT_INPUTS = re.compile(
    r"\bother[ \t]+(?:\w+[ \t]+)?(?:merges|models|works?)\b|previous|earlier|compar|outperform|\bbeats?\b|\bthan\b|\bvs\.?|versus|similar|unlike|"
    r"compatible|works?[ \t]+well|merges[ \t]+well|can[ \t]+be[ \t]+merged|quantiz|\bgguf\b|"
    r"thank|credit|dataset|prompt|format|tokeniz|architecture|judge",
    re.I,
)

# A lower-case list ("ash, wren, birch") after a subject: three single words at least.
_LOWER_ITEM = r"[a-z][\w.-]*"
_MERGED_LIST = re.compile(
    rf"(?:(?P<lead>\b(?:it'?s|it[ \t]+is|this[ \t]+is|is)[ \t]+)(?P<lower>{_LOWER_ITEM}"
    rf"(?:[ \t]*,[ \t]*(?:and[ \t]+)?{_LOWER_ITEM}){{2,}})"
    rf"|(?P<items>{_NAME}(?:{_SEP}{_NAME})+))"
    r"[ \t]+(?:(?:were|are|was|got)[ \t]+)?merged\b(?![ \t]+(?:with|into)\b)"
)
# A step chained after the list: ", then merged with X", "and then merged with X", and the
# adapter put in last (", and the X lora").
_THEN = re.compile(
    r"\b(?i:then[ \t]+(?:it[ \t]+was[ \t]+)?merged[ \t]+with)[ \t]+(?:the[ \t]+)?"
    r"(?P<name>[A-Za-z][\w.-]*(?:[ \t]+[A-Z0-9][\w.-]*){0,2})"
    r"|,?[ \t]+and[ \t]+(?:the|a)[ \t]+(?P<lora>[A-Za-z][\w.-]*)[ \t]+(?i:q?lora|adapter)\b"
)
_STOP = frozenset(
    """the a an this that it its my our your their and or but then with using via by to for
    in on of at from as model models merge merges method lora loras weights layers""".split()  # noqa: SIM905
)
_SENTENCE_START = re.compile(r"[.!?](?:\s|$)|\n[ \t]*\n|^")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")


def merged_list_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The names a "A, B, C merged …, then merged with D" sentence joins (see the module)."""
    if " merged" not in body:
        return []  # most cards: no pattern is run
    own = _own_keys(model_id)
    in_code = _code_test(body)
    found: dict[str, ProseClaim] = {}
    for start, end in lines_holding(body, " merged"):
        if not _listed_before(body, start, end):
            continue
        for m in _MERGED_LIST.finditer(body, start, end):
            if in_code(m.start()):
                continue
            first = _sentence_start(body, m.start())
            stop = _sentence_end(body, m.end())
            if _NOT_INPUTS.search(body, first, stop):
                continue
            if m["lower"]:
                names = [n.strip() for n in re.split(r",[ \t]*(?:and[ \t]+)?", m["lower"])]
                if len(names) < 3 or any(n.casefold() in _STOP for n in names):
                    continue
            else:
                names = _split(m["items"])
                if not _a_list_of_models(names):
                    continue
            for t in _THEN.finditer(body, m.end(), stop):
                name = (t["name"] or t["lora"] or "").rstrip(".-")
                if name and name.casefold() not in _STOP:
                    names.append(name)
            snippet = f"{MERGED_LIST} {' '.join(body[first:stop].split())}"[:_SNIPPET]
            _add(found, names, own, snippet)
    return list(found.values())


_AUX = frozenset(("were", "are", "was", "got"))


def _listed_before(body: str, start: int, end: int) -> bool:
    """Whether some " merged" of the line follows a word that may end a list of names, with a
    comma, "and" or "&" before it on the line: a cheap test before the pattern is tried
    ("The following models were merged", "This model was merged using" have none)."""
    at = body.find(" merged", start, end)
    while at >= 0:
        words = body[max(start, at - 60) : at].split()
        if words and words[-1].casefold() in _AUX:
            words.pop()
        if words and words[-1].casefold().strip(".,;:") not in _STOP:
            head = body[start:at]
            if "," in head or " and " in head or "&" in head:
                return True
        at = body.find(" merged", at + 7, end)
    return False


def such_as_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The models a merge sentence gives as examples of its inputs (see the module)."""
    # (The pattern is case-sensitive: its lines are found in the text itself.)
    lines = sorted({line for n in _SUCH_NEEDLES for line in lines_holding(body, n)})
    if not lines:
        return []  # most cards (all read here speak of merging): no pattern is run
    own = _own_keys(model_id)
    in_code = _code_test(body)
    found: dict[str, ProseClaim] = {}
    for start, end in lines:
        for m in _SUCH_AS.finditer(body, start, end):
            if in_code(m.start()):
                continue
            first = _sentence_start(body, m.start())
            if _NOT_INPUTS.search(body, first, _sentence_end(body, m.end())):
                continue
            if not _MERGE_WORDS.search(body, first, m.start("items")):
                # "… combining different models together. This includes models such as …":
                # the sentence before speaks of merging.
                before = _sentence_start(body, max(0, first - 2))
                if first - before > 300 or not _MERGE_WORDS.search(body, before, first):
                    continue
                if _NOT_INPUTS.search(body, before, first):
                    continue
            names = _split(m["items"])
            if not _a_list_of_models(names):
                continue
            snippet = f"{SUCH_AS} {' '.join(body[first : m.end()].split())}"[:_SNIPPET]
            _add(found, names, own, snippet)
    return list(found.values())


# A Hub id written in the card (a link's target, a URL, or ORG/NAME).
_HUB_ID = re.compile(
    r"(?:(?<=huggingface\.co/)|(?<=hf\.co/)|(?<![\w./-]))(?!datasets/|spaces/)"
    r"(?P<id>[A-Za-z0-9][\w-]*/(?P<name>[A-Za-z0-9][\w.-]*[A-Za-z0-9]))(?![\w-])"
)
_WORDS = re.compile(r"[a-z]+|\d+(?:\.\d+)?[a-z]*")


def same_words_id(name: str, body: str) -> str | None:
    """The one Hub id the card writes whose name holds the words of ``name`` in another order
    ("13B-Lark-cocktail" for ``acme/lark-13b-cocktail``, "13B-Wren" for ``acme/Wren13b``);
    None when none does, or two do."""
    if "/" in name:
        return None
    wanted = sorted(_WORDS.findall(name.casefold()))
    if len(wanted) < 2:
        return None
    found = {
        m["id"]
        for m in _HUB_ID.finditer(body)
        if sorted(_WORDS.findall(m["name"].casefold())) == wanted
    }
    return next(iter(found)) if len({key(f) for f in found}) == 1 else None


def _split(items: str) -> list[str]:
    return [" ".join(n.split()).rstrip(".-") for n in re.split(_SEP, items) if n.strip()]


def _add(found: dict[str, ProseClaim], names: list[str], own: set[str], snippet: str) -> None:
    for name in names:
        k = key(name)
        if k in own or k in found or not name:
            continue
        found[k] = ProseClaim(name, Relation.MERGE, Strength.STRONG, snippet)


def _own_keys(model_id: str) -> set[str]:
    return {key(model_id), key(model_id.rsplit("/", 1)[-1])}


def _sentence_start(body: str, at: int) -> int:
    starts = [m.end() for m in _SENTENCE_START.finditer(body, max(0, at - 300), at)]
    return starts[-1] if starts else max(0, at - 300)


def _sentence_end(body: str, at: int) -> int:
    m = _SENTENCE_END.search(body, at)
    return m.end() if m else len(body)


def _code_test(body: str) -> Callable[[int], bool]:
    """Whether a position of ``body`` is inside a fenced code block (the blocks are found
    when first asked: most cards read here match no pattern)."""
    spans: list[tuple[int, int]] | None = None

    def in_code(at: int) -> bool:
        nonlocal spans
        if spans is None:
            spans = code_spans(body)
        return any(a <= at < b for a, b in spans)

    return in_code


MERGED_VERSION = "[merged-version]"
# "a merged (and then further trained) version of A and B", "a frankenmerge version of Fam,
# between A and the further trained B": the two models joined. Each may follow a few
# lower-case words or a possessive ("our excellent A model", "Acme's B").
_LEAD_WORDS = r"(?:(?:(?!and\b)[a-z][a-z'’-]*|[A-Z][\w-]*['’]s)[ \t]+){0,3}"
_CAP_WORD = r"[\w-]*(?:\.[\w-]+)*"  # (a dot inside a word, "v1.5", not after it)
_CAP_NAME = rf"[A-Z]{_CAP_WORD}(?:[ \t]+(?!and\b)(?:[A-Z0-9]{_CAP_WORD}|v\d{_CAP_WORD})){{0,3}}"
_MERGED_VERSION = re.compile(
    r"\b(?:[Ff]ranken)?[Mm]erged?(?:[ \t]+and[ \t]+(?:then[ \t]+)?(?:further[ \t]+)?[\w'’-]+)?"
    r"[ \t]+version[ \t]+(?:(?:of[ \t]+[^,.\n]{1,40},[ \t]+)?between[ \t]+|of[ \t]+)?"
    rf"{_LEAD_WORDS}(?P<a>{_CAP_NAME})(?:[ \t]+models?)?[ \t]*,?[ \t]+and[ \t]+"
    rf"{_LEAD_WORDS}(?P<b>{_CAP_NAME})(?:[ \t]+models?)?"
    r"(?=[ \t]*(?:[.,;:!?)]|$)|[ \t]+(?:to|for|with|in|into|that|which|using|via)\b)",
    re.M,
)


def merged_version_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The two models a "merged version of A and B" sentence joins (see `_MERGED_VERSION`)."""
    if " version " not in body or "erge" not in body:
        return []  # most cards: no pattern is run
    own = _own_keys(model_id)
    in_code = _code_test(body)
    found: dict[str, ProseClaim] = {}
    for start, end in lines_holding(body, " version "):
        if "erge" not in body[start:end]:
            continue
        for m in _MERGED_VERSION.finditer(body, start, end):
            if in_code(m.start()):
                continue
            first = _sentence_start(body, m.start())
            if _NOT_INPUTS.search(body, first, _sentence_end(body, m.end())):
                continue
            names = [" ".join(m[g].split()).rstrip(".-") for g in ("a", "b")]
            snippet = f"{MERGED_VERSION} {' '.join(m.group(0).split())}"[:_SNIPPET]
            _add(found, names, own, snippet)
    return list(found.values())


MERGED_FROM_ZH = "[merged-from-zh]"
# "基于A、B、C等模型…融合而来" (made by merging A, B, C …): the Latin-script names listed
# after 基于 / 基於 / 由 / 以 / 使用, up to a merge word in the same sentence.
_ZH_NAME = r"[A-Za-z0-9][A-Za-z0-9_.+'-]*(?:[ \t][A-Za-z0-9][A-Za-z0-9_.+'-]*){0,3}"
_ZH_MERGED_FROM = re.compile(
    rf"(?:基于|基於|由|以|使用)[ \t]*(?P<items>{_ZH_NAME}(?:[ \t]*[、,，/][ \t]*{_ZH_NAME})+)"
    r"[ \t]*(?:等)?(?P<tail>[^。！？\n]{0,24}?)(?:融合|合并|合併|混合)"
)
_ZH_NOT_INPUTS = re.compile(r"数据|數據|语料|語料|架构|架構|分词|分詞|对比|對比|比较|比較|提示")
_ZH_SEP = re.compile(r"[ \t]*[、,，/][ \t]*")


def merged_from_zh_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The models a Chinese sentence says this one was merged from (see `_ZH_MERGED_FROM`)."""
    if "合" not in body:
        return []  # most cards: no Chinese merge word (融合, 合并, 合併, 混合)
    lines = sorted(
        {line for w in ("融合", "合并", "合併", "混合") for line in lines_holding(body, w)}
    )
    if not lines:
        return []  # most cards: no pattern is run
    own = _own_keys(model_id)
    found: dict[str, ProseClaim] = {}
    for start, end in lines:
        for m in _ZH_MERGED_FROM.finditer(body, start, end):
            if _ZH_NOT_INPUTS.search(m["tail"]):
                continue
            names = [n.strip() for n in _ZH_SEP.split(m["items"]) if n.strip()]
            snippet = f"{MERGED_FROM_ZH} {m.group(0).strip()}"[:_SNIPPET]
            _add(found, names, own, snippet)
    return list(found.values())

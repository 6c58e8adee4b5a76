"""A small learned scorer for the model references no rule decided.

`importers.prose` and `importers.roles` decide parents by named rules. A card
often credits a parent in a way no rule reads: a Hub link under a "Base model"
heading, a list after "this merge uses", a link in the sentence that says
"fine-tuned". For every reference left over (`importers.references.mentions`,
minus the card's own id, its conversions, its successor, the parents already
held and its datasets) this module computes features — the section heading, the
words around the reference, a list or table after a lineage sentence, the name's
likeness to the card's own, the card's kind — and a logistic model decides
whether it is a parent. A reference whose every mention plays another role (a judge,
a tokenizer, a comparison, a see-also, a child of this card: `importers.scorer_roles`)
is ruled out whatever it scores. The weights are data (``scorer_weights.json``), trained
offline by ``python -m bench.train_roles``; the runtime is a dot product. The
relation to a parent it finds is decided by kinds of evidence, not by weights
(`importers.scorer_relation`).

Every decision is explainable: a claim's snippet starts with ``[scorer p=…]``
and the features that weighed most, then the text around the reference.

Names written without an org are not this model's: `importers.scorer_bare` pools
them, reuses these occurrence features and decides them with a separate model and
weights file of its own.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from importers.prose_names import _legacy_root
from importers.references import Mention, code_spans
from importers.roles import QUANT_NAME_TOKEN, is_child, is_conversion_name, name_tokens
from importers.scorer_relation import copy_of, merge_cue, relation_of
from importers.scorer_roles import (
    in_bibtex,
    legend,
    role_clause,
    role_heading,
    role_intro,
    score_row,
)
from lineage.core.ids import key, parse_reference
from lineage.core.records import Relation

_SNIPPET = 200
MARK = "[scorer "  # how a claim the scorer made starts its snippet
MAX_CHARS = 16_000  # lineage is credited near the top; the rest is usage and results
_BEFORE = 120  # characters of context read before a reference
_AFTER = 60
_PARAGRAPH = 250  # characters of the paragraph read above a reference's line
_MAX_OCCURRENCES = 8  # occurrences of one id whose contexts are pooled
_MAX_CANDIDATES = 40  # a card linking more models than this is a list, not a lineage

# Word groups; a feature fires when the group's pattern is found in the place named.
_GROUPS: dict[str, re.Pattern[str]] = {
    "finetune": re.compile(
        r"fine-?tun|finetun|trained (?:on top|from(?! scratch)|on the basis)|further (?:train|tun)|"
        r"continu\w+ (?:pre-?)?train|\bsft\b|instruction[- ]tun|微调|ファインチューニング|미세",
        re.I,
    ),
    "base": re.compile(
        r"\bbase(?:d)?\b|built (?:on|upon|from)|\bbuild(?:s|ing)? (?:on|upon)\b|derived|initiali[sz]ed|on top of|starting from|"
        r"original model|基于|ベース|기반",
        re.I,
    ),
    "merge": re.compile(
        r"merg|slerp|\bties\b|\bdare\b|passthrough|frankenmerge|\bmoe\b|\bexperts?\b|"
        r"ingredient|recipe|\bmix(?:es|ed|ing)?\b|\bblend",
        re.I,
    ),
    "quant": re.compile(r"quanti|gguf|ggml|gptq|\bawq\b|exl2|convert|imatrix|\bbits?\b", re.I),
    "adapter": re.compile(r"\blora\b|qlora|adapter|\bpeft\b", re.I),
    "distill": re.compile(r"distil|teacher|student", re.I),
    "compare": re.compile(
        r"compar|\bthan\b|\bvs\.?\b|versus|outperform|benchmark|leaderboard|score|evaluat", re.I
    ),
    "other": re.compile(
        r"\bother\b|\balso\b|check out|\bsee\b|\bour\b|\bmore\b|collection|previous|successor|"
        r"new version|sibling|series|family|available|バージョン|版本|버전",
        re.I,
    ),
    "thanks": re.compile(r"thank|credit|special|shout|inspir|kudos|acknowledg|support", re.I),
    "dataset": re.compile(r"dataset|\bdata\b|corpus|trained on\b(?! top)", re.I),
    "usage": re.compile(r"usage|how to|example|inference|install|download|run\b|prompt", re.I),
}
# "not", "never", "isn't": a sentence that may deny what it names (near-deny); looked for
# only where one of the plain words occurs.
_DENY_WORDS = ("not", "n't", "never", "neither", "nor", "no longer")
_DENY = re.compile(r"\b(?:not|never|neither|nor)\b|n't\b|\bno\s+longer\b", re.I)
_SUCCESSOR_WORDS = ("version", "release", "successor")
# What may stand between such words and the reference: a bracket, a Hub URL's start.
_UP_TO_REF = r"[ \t]*\W{0,3}[ \t]*(?:(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/)?\Z"
# A denial right before a reference: "is not a derivative of X", "not based on X", "never
# merged with X". Such a reference is no parent whatever else the card says around it.
_DENIED = re.compile(
    r"(?:\b(?:not|never)|n't)[ \t]+(?:(?:a|an|the|in|any|way|at|all|really)[ \t]+){0,3}"
    r"(?:derivatives?|derived|based|built|fine-?tuned|fine-?tunes?|finetuned|trained|merged?|"
    r"distill(?:ed|ation)|quanti[sz]ed|related|affiliated|using|use[sd]?)"
    r"(?:[ \t]+(?:of|on|upon|from|with|to|in))?" + _UP_TO_REF,
    re.I,
)
# A successor announced right before a reference: "New version: X", "NEWER VERSIONS: X",
# "successor: X", "updated version available at X": it came after this model.
_SUCCESSOR = re.compile(
    r"(?:\b(?:new(?:er)?|updated|latest|next)[ \t]+(?:versions?|releases?)\b(?:[ \t]+(?:is|are|"
    r"now|out|available|at|here|of[ \t]+this[ \t]+model))*|\bsuccessors?)[ \t]*[:：]?" + _UP_TO_REF,
    re.I,
)
_LINEAGE_GROUPS = ("finetune", "base", "merge", "quant", "adapter", "distill")
_LINEAGE_WORD_FEATURES = frozenset(
    f"{place}-{group}"
    for place in ("near", "after", "para", "heading", "list-after")
    for group in _LINEAGE_GROUPS
)
_HEAD_GROUPS: tuple[str, ...] = (
    "finetune", "base", "merge", "quant", "adapter", "compare", "other", "thanks", "dataset",
    "usage",
)  # fmt: skip
_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+(?P<h>[^\n]+)|\*\*(?P<b>[^*\n]{2,80})\*\*[ \t:]*$)", re.M
)
_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d+[.)])[ \t]")
_OF_FROM = re.compile(r"(?:\bof|\bfrom|\bon|:)\s*\W{0,3}\s*$", re.I)
_HUB_TAIL = re.compile(r"(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/\Z")
_ORIGIN_WORD = re.compile(r"original|\bsource\b|parent|upstream|starting point|initiali", re.I)
_FOLDERS = frozenset(
    {"train", "training", "data", "scripts", "examples", "src", "configs", "output", "outputs"}
)
_FILE_NAME = re.compile(
    r"\.(?:sh|py|ipynb|json|jsonl|ya?ml|md|txt|csv|png|jpe?g|gif|webp|svg|pdf)$", re.I
)
_DEEP_LINK = re.compile(r"/(?:resolve|blob|raw|discussions|commit|tree)/")
_CONVERTED = re.compile(r"quanti[sz]|gguf|ggml|gptq|\bawq\b|exl2", re.I)
_IMG_SRC = re.compile(
    r"\bsrc[ \t]*=[ \t]*[\"']?(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/\Z", re.I
)
# After "/tree/" or "/blob/": a revision, then a path inside the repo.
_PATH_IN_REPO = re.compile(r"[^/\s)\]]+/[^\s)\]]+")
_WEIGHTS_FILE = re.compile(r"\.(?:safetensors|ckpt|bin|pt|pth|gguf|onnx|h5|msgpack)\b", re.I)
_SENTENCE_BREAK = re.compile(r"[.!?;](?:\s|$)")
_REPACK = re.compile(r"\b(?:delta|xor)[ _-]*weights?\b", re.I)
_MEDIA_TYPES = frozenset({"application", "text", "image", "audio", "video", "multipart"})
_FORMULA = re.compile(r"\)\s*(?:x|\+|×|&)\s*\[|\(0?\.\d+\)|\]\s*\+\s*\[|-{3,}\[")
_DATASET_NAME = re.compile(r"dataset|(?:^|[-_])data(?:$|[-_])|corpus|instruct-?\d*k\b", re.I)


@dataclass(frozen=True, slots=True)
class CardContext:
    """What the rest of the reader knows about the card when the scorer runs."""

    quantized: bool = False  # named or tagged as a conversion
    merge: bool = False
    adapter: bool = False
    distill: bool = False
    yaml_parents: int = 0
    rule_parents: int = 0
    datasets: frozenset[str] = frozenset()
    held: frozenset[str] = frozenset()  # keys already decided (parents, successor)
    # As the YAML wrote them (read only for the few references found to be parents):
    copied_from: object = None  # duplicated_from: the repo this one is the Hub's copy of
    library: str | None = None
    tags: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A reference no rule decided, with its features and the text it stood in."""

    model_id: str
    features: dict[str, float]
    snippet: str
    relation_words: frozenset[str] = field(default_factory=frozenset)
    # Why a rule rules it out whatever the weights ("role", "child"); None: the weights decide.
    ruled_out: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """A candidate the model scored: its probability and the features that weighed most."""

    candidate: Candidate
    probability: float
    top: tuple[tuple[str, float], ...]
    relation: Relation | None

    @property
    def snippet(self) -> str:
        """``[scorer p=0.93 +in-list-after-merge +near-finetune] text`` (≤ 200 characters)."""
        names = " ".join(f"{'+' if w > 0 else '-'}{n}" for n, w in self.top)
        head = f"{MARK}p={self.probability:.2f} {names}] "
        return (head + self.candidate.snippet)[:_SNIPPET]


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic model: weights per feature name, a bias and a decision threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float
    meta: dict[str, Any] = field(default_factory=dict)

    def probability(self, features: dict[str, float]) -> float:
        """The parent probability of one candidate."""
        z = self.bias + sum(self.weights.get(n, 0.0) * v for n, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        """The model as the JSON the reader ships (weights sorted, rounded)."""
        return {
            "bias": round(self.bias, 6),
            "threshold": round(self.threshold, 6),
            "weights": {n: round(w, 6) for n, w in sorted(self.weights.items()) if w},
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        """A model from its JSON form; raises ValueError for a malformed one."""
        try:
            weights = {str(n): float(w) for n, w in data["weights"].items()}
            return cls(weights, float(data["bias"]), float(data["threshold"]), data.get("meta", {}))
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise ValueError(f"malformed scorer weights: {exc}") from exc


class ModelSlot:
    """One shipped weights file, the model training puts in its place, and the recordings.

    The Hub-id scorer and the bare-name scorer (`importers.scorer_bare`) each keep one.
    """

    def __init__(self, weights_file: str) -> None:
        self._file = weights_file
        self._state: dict[str, Model | None] = {}
        self.sinks: list[list[tuple[str, Candidate]]] = []

    def shipped(self) -> Model | None:
        """The model shipped with the package (None when its weights file is absent)."""
        if "shipped" not in self._state:
            try:
                text = resources.files("importers").joinpath(self._file).read_text(encoding="utf-8")
            except (FileNotFoundError, OSError):
                self._state["shipped"] = None
            else:
                self._state["shipped"] = Model.from_json(json.loads(text))
        return self._state["shipped"]

    def current(self) -> Model | None:
        """The model the reader uses: the shipped one unless `using` replaced it."""
        return self._state["override"] if "override" in self._state else self.shipped()

    @contextmanager
    def using(self, model: Model | None) -> Iterator[None]:
        """Read cards with ``model`` (None: none) — for training and cross-validation."""
        before = self._state.get("override", ...)
        self._state["override"] = model
        try:
            yield
        finally:
            if before is ...:
                self._state.pop("override", None)
            else:
                self._state["override"] = before

    @contextmanager
    def recording(self) -> Iterator[list[tuple[str, Candidate]]]:
        """Collect every (card id, candidate) the reader builds (training data for bench/)."""
        sink: list[tuple[str, Candidate]] = []
        self.sinks.append(sink)
        try:
            yield sink
        finally:
            self.sinks.remove(sink)


_SLOT = ModelSlot("scorer_weights.json")
_sinks = _SLOT.sinks
shipped_model = _SLOT.shipped
current_model = _SLOT.current
using = _SLOT.using
recording = _SLOT.recording


def decide(body: str, model_id: str, context: CardContext) -> list[Decision]:
    """The candidates the current model calls parents, strongest first."""
    model = current_model()
    if (model is None and not _sinks) or not worth_scoring(
        body, merge=context.merge, quantized=context.quantized
    ):
        return []
    found = candidates(body, model_id, context, ruled_out=bool(_sinks))
    for sink in _sinks:
        sink.extend((model_id, c) for c in found)
    if model is None:
        return []
    return decisions(model, found, context, model_id, body)


def decisions(
    model: Model,
    found: Sequence[Candidate],
    context: CardContext,
    model_id: str,
    body: str,
    lead: tuple[tuple[str, float], ...] = (),
) -> list[Decision]:
    """The candidates ``model`` calls parents, strongest first, each with the features that
    weighed most for it (after ``lead``, a mark of the kind of candidate)."""
    out: list[Decision] = []
    for cand in found:
        if cand.ruled_out:
            continue
        p = model.probability(cand.features)
        if p < model.threshold:
            continue
        contrib = sorted(
            ((n, model.weights.get(n, 0.0) * v) for n, v in cand.features.items()),
            key=lambda nw: -abs(nw[1]),
        )
        top = (*lead, *tuple((n, w) for n, w in contrib if w > 0)[:3])
        out.append(Decision(cand, p, top, relation_of(cand, context, model_id, body)))
    return sorted(out, key=lambda d: -d.probability)


def worth_scoring(body: str, *, merge: bool, quantized: bool) -> bool:
    """Whether the card may credit a parent the rules missed: it links a Hub page, or it
    is a merge or a conversion (whose inputs and sources are often written as plain ids).

    A cheap gate: most cards that name no parent name none at all. The card reader asks
    it before building a `CardContext`, so it takes only the facts it reads.
    """
    return merge or quantized or "huggingface.co/" in body or "hf.co/" in body


def candidates(
    body: str, model_id: str, context: CardContext, ruled_out: bool = False
) -> list[Candidate]:
    """Every reference no rule decided, one per Hub id, with its pooled features.

    ``ruled_out``: also those a rule rules out whatever the weights (every mention in
    another role, a conversion of this card), marked so. Training keeps them as the negatives they
    are: role words we do not list are found on unseen cards, and the weights must
    still learn that a bare link is weak evidence.
    """
    own = key(model_id)
    by_id: dict[str, list[Mention]] = {}
    order: list[str] = []
    skip = context.held | context.datasets | {own}
    children = False
    for m in references(body[:MAX_CHARS], skip):
        k = key(m.model_id)
        if k in skip:
            continue
        if k not in by_id:
            if is_child(m.model_id, model_id):
                children = True  # ORG/THIS-GGUF: the card links quantizations of itself
                continue
            if not (_id_like(m.model_id) or _legacy_root(m.model_id)):
                continue
            by_id[k] = []
            order.append(k)
        by_id[k].append(m)
    if not order or len(order) > _MAX_CANDIDATES:
        return []
    layout = _Layout(body)
    own_org, _, own_name = model_id.casefold().rpartition("/")
    own_tokens = set(name_tokens(own_name))
    own_stem = _plain_stem(own_name)
    card = _card_features(context, len(order))
    if children:
        card["card-links-own-conversions"] = 1.0
    if not context.merge and merge_cue(model_id, body):
        card["card-merge-cue"] = 1.0  # "SomethingMix", "…-slerp", "A mix of A and B."
    out: list[Candidate] = []
    for rank, k in enumerate(order):
        occ = by_id[k]
        model_ref = occ[0].model_id
        feats = dict(card)
        words: set[str] = set()
        shown = roles = 0
        for m in occ[:_MAX_OCCURRENCES]:
            words |= _occurrence_features(body, m, layout, feats)
            shown += feats.pop("image", 0.0) > 0
            roles += feats.pop("role", 0.0) > 0
        why = None
        if shown == len(occ[:_MAX_OCCURRENCES]):
            feats["only-image"] = 1.0  # a picture hosted in that repo: decoration, not lineage
        if copy_of(context.copied_from, model_ref):
            feats["yaml-copied-from"] = 1.0  # duplicated_from: the repo this one copies
        elif roles == len(occ[:_MAX_OCCURRENCES]):
            # Every mention gives it another role (a judge, a tokenizer, a citation, a
            # comparison, a related model): a rule, as for a denial.
            why = "role"
        if why and not ruled_out:
            continue
        if feats.pop("denied", 0.0):
            # A mention denies it ("not a derivative of X") or names it as this model's
            # successor ("New version: X"): a rule, not a weight. Its other mentions (its
            # tokenizer, a comparison) do not make it a parent.
            continue
        org, _, name = model_ref.casefold().rpartition("/")
        toks = set(name_tokens(name))
        jac = len(toks & own_tokens) / len(toks | own_tokens) if toks | own_tokens else 0.0
        feats["name-overlap"] = round(jac, 3)
        if org == own_org:
            feats["same-org"] = 1.0
        if own_tokens and own_tokens < toks:
            feats["name-extends-own"] = 1.0  # ORG/THIS-v2, ORG/THIS-lora: siblings, children
        if toks and toks < own_tokens:
            feats["own-extends-name"] = 1.0  # THIS = NAME + "-chat": a parent's shape
            if _tuned_suffix(own_tokens - toks):
                # THIS = NAME + "-ner", "-mnli", "-instruct", "-finetuned-docvqa": a task or a
                # tuning step added to NAME, not a size or a version of a sibling.
                feats["own-adds-tune-word"] = 1.0
        stem = _plain_stem(name)
        if stem and stem == own_stem:
            feats["same-stem"] = 1.0  # THIS-GGUF and ORG/THIS: a conversion's source
        elif stem and own_stem[: len(stem)] == stem:
            feats["stem-prefix-of-own"] = 1.0  # THIS = NAME-chat-ita: tuned from NAME
        if is_conversion_name(name):
            feats["cand-conversion-name"] = 1.0
            if not (context.quantized or context.adapter) and _own_conversion(stem, own_stem):
                # THIS-EXL2-8bpw by another org, on a card of full weights: a child.
                why = why or "child"
                if not ruled_out:
                    continue
        if _DATASET_NAME.search(name):
            feats["cand-dataset-name"] = 1.0
        if all(m.in_code for m in occ):
            feats["only-in-code"] = 1.0
        if any(m.form == "url" for m in occ):
            feats["linked"] = 1.0
        feats["occurrences"] = min(len(occ), 5) / 5
        if rank == 0:
            feats["first-candidate"] = 1.0
        first = occ[0].start
        feats["early"] = 1.0 if first < 1500 else 0.0
        if not any(n in feats for n in _LINEAGE_WORD_FEATURES):
            feats["no-lineage-words"] = 1.0  # a bare link: nothing at it says how it is used
        _conjunctions(feats)
        snippet = _context_snippet(body, first)
        out.append(Candidate(model_ref, feats, snippet, frozenset(words), why))
    return out


_RIGHT = re.compile(r"[\w.-]{1,96}", re.A)
_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_HUB_PREFIXES = ("huggingface.co/", "hf.co/")
_HUB_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})
_NOT_MODELS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections", "api"})
_CACHE = re.compile(
    r"models--(?P<org>[A-Za-z0-9][\w.-]*?)--(?P<name>[A-Za-z0-9][\w.-]*[A-Za-z0-9])"
)


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_WORD_PAIR = re.compile(r"[a-z]{1,6}")


def references(body: str, skip: frozenset[str] = frozenset()) -> list[Mention]:
    """Every ``ORG/NAME`` reference (Hub link, plain id, cache folder), in text order.

    The same references as `importers.references.mentions`, found from the slashes
    of the text (a card has few) instead of a pattern tried at every character:
    the scorer runs on most cards, so its scan must be cheap. Ids whose key is in
    ``skip`` (the card's own, those already decided) are left out before parsing.
    """
    found: dict[int, Mention] = {}
    n = len(body)
    reverse = ""  # the body reversed: an id's org is read forwards from its slash
    at = body.find("/")
    while at >= 0:
        slash, at = at, body.find("/", at + 1)
        if not (0 < slash < n - 1 and body[slash - 1].isalnum() and body[slash + 1].isalnum()):
            continue  # "://", "</", "a / b": no id ends or starts at this slash
        if not reverse:
            reverse = body[::-1]
        left = _RIGHT.match(reverse, n - slash)
        right = _RIGHT.match(body, slash + 1)
        if left is None or right is None:
            continue
        end = right.end()
        org, name = left.group(0)[::-1].lstrip("._-"), right.group(0).rstrip("._-")
        if not org or not name or not org[0].isalnum() or not name[0].isalnum():
            continue
        if org.casefold() in _HUB_HOSTS:
            # "huggingface.co/xlm-roberta-base": a root-level page is a model only for the
            # Hub's legacy repos without an org (other root pages are the site's own).
            if (end >= n or body[end] not in "/?#") and _legacy_root(name):
                _add_legacy(found, name, slash + 1, skip)
            continue
        start = slash - len(org)
        before = body[start - 1] if start > 0 else " "
        if before == "/":
            form = "url"
            if not _hub_link(body, start) or org.casefold() in _NOT_MODELS:
                continue  # a path segment, or a Hub page that is no model
        elif before in "@:.-":
            continue
        else:
            form = "id"
            if end < n and body[end] == "/":
                continue  # a longer path ("a/b/c"), not ORG/NAME
            if _WORD_PAIR.fullmatch(org) and _WORD_PAIR.fullmatch(name):
                continue  # "and/or", "is/does": two words, not a repo
        _add(found, f"{org}/{name}", start, form, skip)
    if "models--" in body:
        for m in _CACHE.finditer(body):
            _add(found, f"{m['org']}/{m['name']}", m.start(), "cache", skip)
    if not found:
        return []
    spans = code_spans(body)
    # Template comments ("<!-- what the model is/does -->") are no text of the card.
    hidden = [m.span() for m in _COMMENT.finditer(body)] if "<!--" in body else []
    return [
        Mention(m.model_id, m.start, m.form, any(a <= m.start < b for a, b in spans))
        for _, m in sorted(found.items())
        if not any(a <= m.start < b for a, b in hidden)
    ]


def _hub_link(body: str, start: int) -> bool:
    """Whether ``start`` follows ``huggingface.co/`` or ``hf.co/`` (not ``cdn-uploads.…``)."""
    for prefix in _HUB_PREFIXES:
        at = start - len(prefix)
        if body.startswith(prefix, at):
            return at <= 0 or body[at - 1] not in _ID_CHARS or body.startswith("www.", at - 4)
    return False


def _add_legacy(found: dict[int, Mention], name: str, start: int, skip: frozenset[str]) -> None:
    if key(name) not in skip:
        found.setdefault(start, Mention(name, start, "url", False))


def _add(found: dict[int, Mention], raw: str, start: int, form: str, skip: frozenset[str]) -> None:
    if key(raw) in skip:
        return
    ref = parse_reference(raw)
    if ref.model_id is not None and "/" in ref.model_id:
        found.setdefault(start, Mention(ref.model_id, start, form, False))


_CONJUNCTIONS = (
    # A logistic model adds evidence; these pairs mean more together than apart.
    ("card-quantized", "same-stem"),
    ("card-quantized", "stem-prefix-of-own"),
    ("card-no-parent-yet", "stem-prefix-of-own"),
    ("heading-merge", "in-list"),
    ("heading-merge", "in-table"),
    ("list-after-merge", "in-list"),
    ("card-merge", "in-list"),
    ("card-merge", "formula-line"),
    ("card-merge", "near-merge"),
    ("card-no-parent-yet", "only-candidate"),
    ("card-no-parent-yet", "first-candidate"),
    ("near-finetune", "of-from-before"),
    ("near-base", "of-from-before"),
    ("near-quant", "of-from-before"),
    ("many-candidates", "in-list"),
    ("many-candidates", "in-table"),
    # A bare link first in the card is not the card's lead credit (see also, a sibling).
    ("no-lineage-words", "first-candidate"),
)


def _conjunctions(feats: dict[str, float]) -> None:
    for a, b in _CONJUNCTIONS:
        if feats.get(a) and feats.get(b):
            feats[f"{a}&{b}"] = 1.0


# Name tokens that a tuned model adds to its parent's name: a tuning step, or a task head
# whose name is an acronym of a task or a benchmark it was tuned for.
_TUNE_STEPS = frozenset({"finetuned", "finetune", "ft", "tuned", "sft", "dpo", "rlhf", "orpo"})
_TUNE_WORDS = _TUNE_STEPS | frozenset(
    """chat instruct instruction it ner pos sc qa squad squad2 mnli snli nli xnli sst sst2 glue
    sentiment emotion toxicity classifier classification summarization paraphrase docvqa
    vqa ocr""".split()  # noqa: SIM905
)


def _tuned_suffix(extra: set[str]) -> bool:
    """Whether the tokens a card's name adds to a reference's say a tuning step or a task."""
    return bool(extra) and (bool(extra & _TUNE_STEPS) or extra <= _TUNE_WORDS | {"hf"})


def _plain_stem(name: str) -> tuple[str, ...]:
    """A repo name's tokens without conversion tokens (GGUF, Q4_K_M, 4bit, imatrix)."""
    return tuple(
        t for t in name_tokens(_LLAMA_CPP_TYPE.sub("", name))
        if not QUANT_NAME_TOKEN.match(t) and t not in _CONVERSION_WORDS
    )  # fmt: skip


_LLAMA_CPP_TYPE = re.compile(r"(?<![A-Za-z0-9])i?q\d(?:_[a-z0-9]{1,3}){1,2}(?![A-Za-z0-9])", re.I)
_CONVERSION_WORDS = frozenset({"imatrix", "imat", "iq", "quants", "ggml", "and", "hf"})


_SIZE = re.compile(r"\d+(?:\.\d+)?[bm]")


def _own_conversion(stem: tuple[str, ...], own_stem: tuple[str, ...]) -> bool:
    """Whether a conversion's stem is the card's own (its size left out or not)."""
    if not stem:
        return False
    if stem == own_stem:
        return True
    return stem == tuple(t for t in own_stem if not _SIZE.fullmatch(t))


def _id_like(model_id: str) -> bool:
    org, _, name = model_id.rpartition("/")
    if org.casefold() in _MEDIA_TYPES or org.casefold() in _FOLDERS:
        return False  # "application/json", "training/run.sh": a media type or a path
    if _FILE_NAME.search(name):
        return False
    return any(c.isalpha() for c in org) and any(c.isalpha() for c in name) and len(name) > 1


def _card_features(context: CardContext, n: int) -> dict[str, float]:
    feats: dict[str, float] = {"n-candidates": min(n, 10) / 10}
    if n > 8:
        feats["many-candidates"] = 1.0  # a family tree or a comparison table, not a lineage
    for flag, name in (
        (context.quantized, "card-quantized"),
        (context.merge, "card-merge"),
        (context.adapter, "card-adapter"),
        (context.distill, "card-distill"),
        (context.yaml_parents > 0, "card-has-yaml-parent"),
        (context.rule_parents > 0, "card-has-rule-parent"),
        (context.yaml_parents + context.rule_parents == 0, "card-no-parent-yet"),
        (n == 1, "only-candidate"),
    ):
        if flag:
            feats[name] = 1.0
    return feats


class _Layout:
    """Headings and line starts of a body, found once for every candidate."""

    def __init__(self, body: str) -> None:
        self.heads: list[int] = []
        self.titles: list[str] = []
        if "#" in body or "**" in body:
            for m in _HEADING.finditer(body):
                self.heads.append(m.start())
                self.titles.append((m["h"] or m["b"] or "").casefold())

    def heading(self, at: int) -> str | None:
        i = bisect.bisect_right(self.heads, at) - 1
        return self.titles[i] if i >= 0 else None


def _line_bounds(body: str, at: int) -> tuple[int, int]:
    start = body.rfind("\n", 0, at) + 1
    end = body.find("\n", at)
    return start, end if end >= 0 else len(body)


def _occurrence_features(
    body: str, m: Mention, layout: _Layout, feats: dict[str, float]
) -> set[str]:
    """Add one occurrence's features to ``feats`` (OR-pooled); return its relation words."""
    at = m.start
    line_start, line_end = _line_bounds(body, at)
    before = body[max(line_start, at - _BEFORE, 0) : at]
    ends = at  # where the text before the reference ends
    label = ""
    # A markdown link "[text](https://huggingface.co/ORG/NAME)": the context starts before "[".
    if m.form == "url" or body.startswith("](", at - 2):
        # (A relative link, "[label](ORG/NAME)", reads as a Hub link does.)
        bracket = body.rfind("[", max(0, at - 300), at)
        if bracket >= 0 and "](" in body[bracket:at]:
            before = body[max(line_start, bracket - _BEFORE) : bracket]
            ends = bracket
            label = body[bracket:at]
            if bracket > 0 and body[bracket - 1] == "!":
                feats["image"] = 1.0  # ![alt](https://huggingface.co/ORG/NAME/resolve/…)
        elif _IMG_SRC.search(body, max(line_start, at - 40), at):
            feats["image"] = 1.0  # <img src="https://huggingface.co/ORG/NAME/…">
    after = body[at : min(line_end, at + _AFTER)]
    words: set[str] = set()
    for name, pattern in _GROUPS.items():
        if pattern.search(before):
            feats["near-" + name] = 1.0
            words.add(name)
        if pattern.search(after[len(m.model_id) :] if after else ""):
            feats["after-" + name] = 1.0
    if _CONVERTED.search(before) or _CONVERTED.search(after):
        words.add("converted")  # "quantized from X", "X, dequantised to fp16"
    if _REPACK.search(before) or (label and _REPACK.search(label)):
        words.add("repack")  # "the [delta weights](X) applied to the original": X itself
    if _OF_FROM.search(_HUB_TAIL.sub("", before)) and (
        words.intersection(_LINEAGE_GROUPS) or _ORIGIN_WORD.search(before)
    ):
        # "fine-tuned version of X", "Base model: X", "original: X" — not "Demo: X",
        # "a cousin of X", "runs on X".
        feats["of-from-before"] = 1.0
    lower = before.lower()
    if any(w in lower for w in _DENY_WORDS) and _DENY.search(before):
        feats["near-deny"] = 1.0
    lead_in = _lead_in(body, ends - len(before), before)
    if lead_in is not before:
        lower = lead_in.lower()
    if (any(w in lower for w in _DENY_WORDS) and _DENIED.search(lead_in)) or (
        any(w in lower for w in _SUCCESSOR_WORDS) and _SUCCESSOR.search(lead_in)
    ):
        feats["denied"] = 1.0
    # (A sentence wrapped onto the reference's line is read from its start on the line above:
    # "Using code from\n[X](…), here is an example".)
    clause_role = role_clause(lead_in, label, after[len(m.model_id) :], _lineage)
    if not clause_role and "encoder" in body[max(0, ends - _COMPONENT_SPAN) : ends]:
        clause_role = _text_encoder(body[max(0, ends - _COMPONENT_SPAN) : ends])
    if legend(body[at + len(m.model_id) : min(line_end, at + len(m.model_id) + 80)]):
        feats["denied"] = 1.0  # "X represents the LoRA-tuned version": a sibling defined
    line = body[line_start:line_end]
    # The sentences above the line in the same paragraph (a lead-in on its own line).
    para = body.rfind("\n\n", max(0, line_start - _PARAGRAPH), line_start)
    above = body[max(para, line_start - _PARAGRAPH, 0) : line_start]
    for name in ("finetune", "base", "merge", "quant", "adapter", "distill", "other", "dataset"):
        if _GROUPS[name].search(above):
            feats["para-" + name] = 1.0
    in_heading = line.lstrip().startswith("#")
    if in_heading:
        feats["in-heading"] = 1.0
    if _FORMULA.search(line):
        feats["formula-line"] = 1.0  # "[A](…) x [B](…)", "A (0.6) + B (0.4)": a merge recipe
    in_item = bool(_ITEM.match(line))
    in_row = line.lstrip().startswith("|")
    if in_item or in_row:
        feats["in-list" if in_item else "in-table"] = 1.0
        intro = _list_intro(body, line_start)
        if role_intro(intro, _lineage):
            feats["role"] = 1.0  # "Compared with:", "Judges we used:" above the list
        elif in_row and score_row(body, line_start):
            feats["role"] = 1.0  # a row of a table of scores: a model compared
        elif _lineage(intro):
            clause_role = False  # an item of "The merge uses:" thanked in passing
        for name in ("merge", "base", "finetune", "quant", "other", "compare", "thanks", "dataset"):
            if _GROUPS[name].search(intro):
                feats["list-after-" + name] = 1.0
                if name == "merge":
                    words.add("merge")
    title = layout.heading(at)
    if title is None:
        feats["no-heading"] = 1.0
    else:
        hit = False
        for name in _HEAD_GROUPS:
            if _GROUPS[name].search(title):
                feats["heading-" + name] = 1.0
                hit = True
                if name == "merge":
                    words.add("merge")
        if not hit:
            feats["heading-plain"] = 1.0
        if not in_heading and role_heading(title, _lineage):
            feats["role"] = 1.0  # under "Citation", "Related models", "Derivatives"
    if clause_role:
        feats["role"] = 1.0
    if m.form == "url":
        deep = _DEEP_LINK.match(body, at + len(m.model_id))
        if deep:
            # A file or a discussion of that repo (an image, a script), not the repo itself.
            feats["deep-link"] = 1.0
            if deep[0] in ("/discussions/", "/commit/"):
                feats["role"] = 1.0  # a conversation or a change in that repo, not its model
            elif m.in_code and _sample_file(body, deep.end()):
                feats["role"] = 1.0  # a code sample's input (a picture, a sound): an asset
            elif (
                not feats.get("image")  # a picture is weighed by "only-image"
                and (path := _PATH_IN_REPO.match(body, deep.end()))
                and not _WEIGHTS_FILE.search(path[0])
                and not _lineage(_SENTENCE_BREAK.split(before)[-1])
            ):
                # A folder or a non-weights file inside that repo ("the image encoder (…/tree/
                # main/models/image_encoder)"): a part it ships, not the repo as a parent. (A
                # checkpoint file, "…/blob/main/x.safetensors", is the model itself: a recipe's
                # ingredient.)
                feats["role"] = 1.0
    if m.in_code:
        feats["in-code"] = 1.0
        if in_bibtex(body, at):
            feats["role"] = 1.0  # a url in a BibTeX entry: a citation
    if m.form == "cache":
        feats["cache-path"] = 1.0
    return words


# A media file a code sample reads as its input ("img_url = …/resolve/main/cat.png").
_SAMPLE_FILE = re.compile(
    r"[^\s\"'`)\]>]*?\.(?:png|jpe?g|gif|webp|bmp|tiff?|svg|wav|mp3|flac|ogg|m4a|mp4|webm|avi|mov)"
    r"(?=[\s\"'`)\]>?#]|\Z)",
    re.I,
)


def _sample_file(body: str, at: int) -> bool:
    """Whether the deep link's path starting at ``at`` names a media file."""
    return _SAMPLE_FILE.match(body, at, at + 300) is not None


# "uses three fixed, pretrained text encoders ([A](…), [B](…) and [C](…))": frozen parts of a
# pipeline, read over the whole sentence (a list of links splits it into clauses).
_COMPONENT_SPAN = 400
_TEXT_ENCODER = re.compile(r"\btext[ -]encoders?\b", re.I)


def _text_encoder(before: str) -> bool:
    """Whether the sentence before a reference (in its paragraph, perhaps over several lines)
    names it as a text encoder and no lineage."""
    sentence = _SENTENCE_BREAK.split(before.rpartition("\n\n")[2])[-1]
    return _TEXT_ENCODER.search(sentence) is not None and not _lineage(sentence)


def _lineage(text: str) -> bool:
    return any(_GROUPS[name].search(text) for name in _LINEAGE_GROUPS)


def _lead_in(body: str, start: int, before: str) -> str:
    """``before`` (the words before a reference on its line), with the end of the previous
    line when the sentence wraps onto this one ("it is not a derivative of\\n[X](…)")."""
    if before.strip() or start <= 0 or body[start - 1] != "\n":
        return before
    prev = body[max(0, start - 1 - _BEFORE) : start - 1]
    if "\n" in prev:
        prev = prev[prev.rindex("\n") + 1 :]
    return prev + " " + before


def _list_intro(body: str, line_start: int) -> str:
    """The non-list line above the list or table a line belongs to (its lead-in)."""
    pos = line_start
    for _ in range(60):  # lists longer than this are not lineage lists
        if pos <= 0:
            return ""
        prev_start = body.rfind("\n", 0, pos - 1) + 1
        prev = body[prev_start : pos - 1]
        pos = prev_start
        stripped = prev.strip()
        if not stripped or _ITEM.match(prev) or stripped.startswith("|"):
            continue
        return stripped[:300]
    return ""


def _context_snippet(body: str, at: int) -> str:
    line_start, line_end = _line_bounds(body, at)
    start = max(line_start, at - 100)
    return " ".join(body[start : min(line_end, at + 100)].split())

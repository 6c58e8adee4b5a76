"""The phrase reader: a card's phrase matches turned into claims, `read_prose`'s workhorse."""

from __future__ import annotations

import re

from importers.known_models import known_id
from importers.prose_bare import another_role_before, listed_name, owners_before_link
from importers.prose_before import _Before
from importers.prose_claims import ProseClaim, ProseFindings
from importers.prose_context import (
    _FILLER,
    _NEGATION,
    _adapter_named,
    _after_author,
    _after_link,
    _built_on,
    _classify_version,
    _compared,
    _negated,
    _of_a_listed_other,
    _of_a_sibling_item,
    _of_another,
    _results_of,
    _under_another_item,
)
from importers.prose_names import _FAMILIES, _NOT_NAMES, _SPOKEN, _model_like, name_tokens
from importers.prose_phrases import (
    REF_RE,
    SENTENCE_END,
    UPGRADE_ADJ,
    WORDS_DISTILL,
    Strength,
    Trigger,
)
from importers.prose_refs import _VERSION_WORD
from importers.prose_scope import (
    alternatives,
    card_subject,
    method_before,
    sizes,
    variant_of_another,
)
from lineage.core.ids import key, parse_reference
from lineage.core.records import Relation

# How far after "obtained by pruning X" a distillation step is looked for.
_PRUNED_WINDOW = 500
# ("…, with just a touch of [C](…) mixed in": a small share of one more input.)
# (Other languages' "and" and "with" too: "une fusion de A et de B", "слияние A и B".)
_LIST_SEP = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|&|\+|\band\b|\bwith\b|\bx\b|"
    r"\b(?:und|mit|et|avec|y|con|e|com|và|với|и|с)\b(?:\s+(?:de|d['’]|do|da|o|a)\b)?)\s*"
    r"(?:(?:with[ \t]+)?(?:just[ \t]+)?(?:a[ \t]+)?(?:little[ \t]+|small[ \t]+|tiny[ \t]+)?"
    r"(?:touch|dash|hint|pinch|splash|sprinkle)[ \t]+of[ \t]+)?"
)
_FOLDED_LORA = re.compile(r"[^\n.]{0,80}?\b(?:q?lora|adapter)s?\b", re.I)
# ("… based on the models and recipe below:" too: the list right after names them.)
_LIST_NEXT = re.compile(
    r"[ \t]*(?:the\s+following(?:\s+models)?|the[ \t]+(?:models|checkpoints)(?:[ \t]+and[ \t]+"
    r"(?:the[ \t]+)?recipes?)?[ \t]+(?:listed[ \t]+)?below)?[ \t]*:?[ \t]*\n\s*[*+-][ \t]",
    re.I,
)
_BULLET = re.compile(r"[ \t]*[*+-][ \t]+(?P<item>[^\n]*)")
# The Trainer's sentence for a model made without a base ("… trained from scratch on an
# unknown dataset.", "… on the ORG/X dataset."): no reference can be read after "from"
# (the word is lower-case, no family, no size; no link, list or possessive follows within
# the sentence), so `_Reader.after` returns before reading one.
FROM_SCRATCH = re.compile(r"[ \t]*scratch on (?:an unknown|the [\w./-]+) dataset\.")

# "a merge of [A](…) and the freshly released [B](…)": a few words before a Hub link (no
# preposition among them: "with the help of [B](…)" names no input).
_WORDS_BEFORE_LINK = re.compile(
    r"(?:the[ \t]+)?(?:(?!(?:of|by|from|for|to|in|on|via|using|than|help)\b)[a-z][a-z-]*[ \t]+){0,2}?"
    r"(?=\[[^\]\n]{1,200}\]\((?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/)"
)


def _past_words(text: str, at: int, kind: str) -> int:
    """Where the next item of a merge list starts: past "the" and up to two lower-case words
    when a Hub link follows them (inline merge lists only)."""
    if kind != "inline":
        return at
    # ("… and Ann and Bo's [B](…)": the authors' possessive before the link.)
    words = _WORDS_BEFORE_LINK.match(text, at) or owners_before_link(text, at)
    return words.end() if words else at


class _Reader(_Before):
    """Turns trigger matches into claims, keeping the card-wide state in one place."""

    def __init__(self, text: str, raw: str, model_id: str, found: ProseFindings) -> None:
        self.text = text
        self.raw = raw
        self.own = key(model_id)
        self.own_org = model_id.split("/", 1)[0] if "/" in model_id else None
        self.own_name = key(model_id.rsplit("/", 1)[-1])
        self.found = found
        self.claims: list[tuple[int, ProseClaim]] = []
        self._lower_raw: str | None = None
        self._refs: dict[int, re.Match[str] | None] = {}
        self._tails: set[int] = set()  # where `_dataset_tail` has read
        self._zh_based_seen = False

    def after(self, m: re.Match[str], trigger: Trigger) -> None:
        """Claims for the reference(s) that follow a trigger phrase."""
        relation, strength = trigger.relation, trigger.strength
        conversion, kind, inferred = trigger.conversion, trigger.kind, False
        if kind == "and" and FROM_SCRATCH.match(self.text, m.end()):
            return  # "trained from scratch on …": the reference read would be None
        if kind == "before":
            self._listed_before(m, trigger)
            return
        if kind == "base_before":
            self._base_before(m, trigger)
            return
        if kind == "named_before":
            self._named_before(m, trigger)
            return
        if kind == "sized_before":
            self._named_before(m, trigger, sized=True)
            return
        if kind == "own_first":
            # "This model was trained on X with DPO": the reference inside the phrase, said of
            # this model (not "the judge was trained on …", "compared with models trained on …").
            if not (
                another_role_before(self.text, m.start())
                or _compared(self.text, m.start())
                or _UNLIKE_BEFORE.search(self.text, max(0, m.start() - 80), m.start())
                or not self.own_subject(m.start(), models_only=True)
            ):
                self.ref_first(m, trigger)
            return
        if kind == "zh_based" and not self._first_zh_based(m):
            return
        if kind == "gerund" and (
            another_role_before(self.text, m.start()) or not self.own_subject(m.start())
        ):
            return  # "scored by a judge made by fine-tuning X": X made the judge
        if kind == "pair" and not self.own_subject(m.start()):
            return  # "this dataset combines …", "[Y](…) combines …": not this model
        if kind == "subject" and not self.own_subject(m.start()):
            # "DeepSeek-X-8B is derived from Y" in another model's card: Y is X's parent.
            return
        if self._released_other(m.start()):
            return  # "We released X-33B trained from Y": news of another model's making
        if kind == "pruned":
            after = self.text[m.end() : m.end() + _PRUNED_WINDOW].lower()
            relation = Relation.DISTILLATION if "distil" in after else None
        if m.group(0).rstrip().casefold().endswith("of") and _OF_THIS_MODEL.match(
            self.text, m.end()
        ):
            # "a distilled version of this model called [X](…)": X is made from this one.
            return
        if kind == "version":
            # The words just before "version of" say what kind of version it is.
            before = self.text[max(0, m.start() - 60) : m.start()].split()[-3:]
            relation, inferred, conversion = _classify_version(before)
            if relation is not None and _results_of(self.text, m.start()):
                return  # "results are from the quantized version of X": an evaluation note
            noun = m.group(0)[:4].casefold() if relation is None else ""
            if noun in _COPY_NOUNS and _SIZE_WORDS.isdisjoint(
                w.strip(".,()*_`").casefold() for w in before
            ):
                # "a copy / port / fork of X" said of this model: X's weights, repacked.
                # (A model named first: "provide a copy of this License" names none.)
                if self._ref_at(m.end()) is None or not self.own_subject(m.start()):
                    return
                relation, strength = Relation.QUANTIZED, Strength.LABEL
            elif noun in _COPY_NOUNS.values():
                return
            elif relation is None and (tuned := self._tuned_after(m.end())):
                # "a version of [X](…) fine-tuned on …": the participle after the name.
                relation = tuned
            elif relation is Relation.DISTILLATION and _NO_TEACHER.search(self.text):
                # "No Teacher Distillation": layers copied from X, then trained on: a fine-tune.
                relation = Relation.FINETUNE
            if relation is None and not _upgraded(before, self, m.start()):
                return
            if relation is None:
                strength = Strength.LABEL  # "an improved version of X": no relation named
        listed = _LIST_NEXT.match(self.text, m.end()) if kind in ("inline", "one", "and") else None
        if kind == "bullets" or listed:
            # "… a merge between:" / "… based on" then a markdown list of the inputs.
            if listed is not None and "below" in listed.group(0).casefold():
                # "based on the models and recipe below:": the list is the card's own inputs.
                strength = max(strength, Strength.LABEL)
            start = m.end() if kind == "bullets" else self.text.index("\n", m.end())
            self._bullets(m, relation, strength, start)
            return
        ref = self._ref_at(m.end())
        if ref is not None and (choice := alternatives(self.text, ref.start(), ref.end())):
            # "initialized with A or B": a family's choice; this model's is the one of its size.
            ref = self._of_own_size(choice)
            if ref is None:
                return
        if ref is None and kind == "inline" and relation is Relation.MERGE:
            # "a merge between Alpha, beta-chat and Gamma-7B": bare names listed.
            self._bare_inputs(m, strength)
        if (
            ref is None
            or _negated(self.text, m.start())
            or _compared(self.text, m.start())
            or _of_another(self.text, m.start(), self.own_name)
            # ("[A](…) merged with [B](…)" names two inputs alike.)
            or (relation is not Relation.MERGE and _after_link(self.text, m.start(), self.own_name))
            or _under_another_item(self.text, m.start(), self.own_name)
            or _of_a_sibling_item(self.text, m.start(), self.own_name)
            or (
                strength is Strength.WEAK
                and _of_a_listed_other(self.text, m.start(), self.own_name)
            )
            or _NOT_LINEAGE_AFTER.match(self.text, ref.end())
            or (strength is Strength.WEAK and _names_a_work(ref))
            or self._not_this_models(m, ref, strength)
        ):
            # "quantized versions of this model are provided by …": children, not a source;
            # "not a fine-tune of X", "based on X's tokenizer": no lineage.
            return
        if (
            conversion
            and not (ref["id"] and not any(c.isalpha() for c in ref["id"]))
            and not self._names_own(ref)
        ):
            # ("Exl2 quants for 5/3": a date, no model, says nothing of this card; "an Int4
            # quantized model of <this model>": the card's own quantized release, a child.)
            self.found.conversion_wording = True
        refs = [ref]
        if kind in ("inline", "and", "pair"):
            pos = ref.end()
            # "fine-tuned from [A](…) and [B](…)": a second written reference after "and"
            # (never a bare word: "from X and Y data").
            seps = _LIST_SEP if kind == "inline" else _AND_SEP
            while (sep := seps.match(self.text, _after_author(self.text, pos))) and (
                nxt := REF_RE.match(self.text, _past_words(self.text, sep.end(), kind))
            ):
                nxt = self._greek_tail(nxt)
                if nxt["bare"] and (
                    not listed_name(nxt["bare"].rstrip(".-"))
                    or (kind == "and" and not self._second_bare(refs[-1], sep.group(0), nxt))
                ):
                    break
                if kind == "and" and _built_on(refs[-1].group(0), nxt.group(0)):
                    # "trained on top of [X-7B-chat](…) and [X-7B](…)": X-7B is X-7B-chat's
                    # own base, a grand-parent.
                    break
                refs.append(nxt)
                pos = nxt.end()
        if trigger.kind == "pair" and len(refs) < 2:
            return  # "combines speed with accuracy", "combines X with a vision tower"
        snippet = self._snippet(m.start(), refs[-1].end())
        if relation is Relation.MERGE and len(refs) == 1:
            folded = _FOLDED_LORA.match(self.text, ref.end())
            if kind == "version" and _adapter_named(self._resolve(ref, False)[0] or ""):
                # "the merged version of [X-lora](…)": the adapter folded into its base.
                relation = Relation.FINETUNE
            elif folded:
                # "a merge of X with the … LoRA": one model with an adapter folded into it.
                relation = Relation.FINETUNE
                snippet = self._snippet(m.start(), folded.end())
        if kind == "subject" and WORDS_DISTILL.search(self.text, ref.end(), ref.end() + 300):
            # "… a derivative of X. We distil X block by block …"
            relation = Relation.DISTILLATION
        base = None
        if relation is Relation.MERGE and len(refs) > 1:
            full = [r for r in refs if not _adapter_named(self._resolve(r, False)[0] or "")]
            if len(full) == 1:
                # "a merge of [X](…) + [Y-LoRA](…)": the adapters folded into the one full
                # model, whose weights they tune; the adapters are the ingredients.
                base = full[0]
        if relation is Relation.DISTILLATION and _TO_LANGUAGES.match(self.text, ref.end()):
            # "distilled from X to 15 languages": X's vocabulary trimmed, its weights kept.
            relation = Relation.FINETUNE
        held = len(self.claims)
        self._claim(
            ref, Relation.FINETUNE if base is ref else relation, strength, snippet,
            inferred=inferred, conversion=conversion, own_org=kind == "predecessor",
        )  # fmt: skip
        if kind == "subject" and len(self.claims) > held:
            self._most_specific_subject()
        for nxt in refs[1:]:
            self._claim(nxt, Relation.FINETUNE if base is nxt else relation, strength, snippet)
        if relation in (Relation.FINETUNE, Relation.ADAPTER):
            self._dataset_tail(ref.end())
        part = _OTHER_PART.match(self.text, ref.end()) if relation is Relation.FINETUNE else None
        # "The encoder was warm-started from [A](…) and the decoder from [B](…)": both.
        if part is not None and (second := self._ref_at(part.end())) is not None:
            self._claim(second, relation, strength, self._snippet(m.start(), second.end()))

    def _of_own_size(self, choice: list[re.Match[str]]) -> re.Match[str] | None:
        """The one reference of a choice whose size is this model's, if exactly one is."""
        own = sizes(self.own_name)
        fits = [r for r in choice if own & sizes(self._resolve(r, False)[0] or "")]
        return fits[0] if own and len(fits) == 1 else None

    def _not_this_models(self, m: re.Match[str], ref: re.Match[str], strength: Strength) -> bool:
        """One base per variant ("[A](…) (for X) and [B](…)
        (for Y)") or a method's origin ("… learning based on X"): `importers.prose_scope`."""
        return variant_of_another(self.text, ref.end(), self.own_name) or (
            strength is Strength.WEAK
            and (method_before(self.text, m.start()) or card_subject(self.text, m.start()))
        )

    def _second_bare(self, first: re.Match[str], sep: str, nxt: re.Match[str]) -> bool:
        """Whether a bare name after "and" is a second base, as the first was written:
        "built on EVA02-5B and Zephyr-7B" (both sized names), not "from X and Y-2 data" nor
        "built upon X-1.5, X-1.6 adds …" (a comma alone: this model, the next clause's
        subject)."""
        name = nxt["bare"].rstrip(".-")
        own = name_tokens(self.own_name)
        return (
            ("and" in sep or "&" in sep)
            and name_tokens(name) != own[: len(name_tokens(name))]
            and first["bare"] is not None
            and first.re is not _SPOKEN
            and _model_like(first["bare"].rstrip(".-"))
            and _model_like(nxt["bare"].rstrip(".-"))
            and _DATA_AFTER.match(self.text, nxt.end()) is None
        )

    def _tuned_after(self, pos: int) -> Relation | None:
        """Fine-tune when the reference at ``pos`` is followed by "fine-tuned"."""
        if _TUNED_NEAR.search(self.text, pos, pos + _TUNED_REACH) is None:
            return None  # most "version of" sentences: no participle near, no reference read
        ref = self._ref_at(pos)
        if ref is not None and _TUNED_AFTER.match(self.text, ref.end()):
            return Relation.FINETUNE
        return None

    def _first_zh_based(self, m: re.Match[str]) -> bool:
        """Whether "基于" at ``m`` names the card's first base: a model name, then no
        word saying it is a design, a tokenizer, data or a rival; once per card."""
        if self._zh_based_seen:
            return False
        ref = self._ref_at(m.end())
        if ref is None or (
            # A name spoken with spaces ("PyTorch 2.0") only when it is a model family's.
            ref.re is _SPOKEN
            and ref["bare"].split(None, 1)[0].casefold() not in _FAMILIES
            and known_id(ref["bare"]) is None
        ):
            return False
        if _ZH_NOT_LINEAGE_AFTER.match(self.text, ref.end()):
            return False
        self._zh_based_seen = True
        return True

    def ref_first(self, m: re.Match[str], trigger: Trigger) -> None:
        """A claim for the ``ref`` group of a phrase whose reference comes first."""
        if _negated(self.text, m.start()):
            return
        if trigger.conversion and not self._names_own(m, first=True):
            # "<this model>'s Int4 quantized model", "the Int4 quantized model": the card's
            # own quantized releases (children), not a statement that it is a conversion.
            self.found.conversion_wording = True
        snippet = self._snippet(m.start(), m.end())
        relation = trigger.relation
        ref: re.Match[str] = m
        if m["bare"] and _VERSION_WORD.fullmatch(m["bare"]):
            # "using stable-diffusion v1-4 as the teacher": the phrase's pattern took the
            # version alone; the name is the words before it, or none is named.
            spoken = self._spoken_ending_at(m.start("bare"), m.end("bare"))
            if spoken is None:
                return
            ref = spoken
            snippet = self._snippet(spoken.start(), m.end())
        self._claim(ref, relation, trigger.strength, snippet, conversion=trigger.conversion)
        if relation is Relation.FINETUNE:
            self._dataset_tail(m.end())

    def _listed_before(self, m: re.Match[str], trigger: Trigger) -> None:
        """Claims for every link of "[A](…) and [B](…) merge" (names before the noun)."""
        if _negated(self.text, m.start()) or _compared(self.text, m.start()):
            return
        if _THANKED.search(self.text, max(0, m.start() - 40), m.start()):
            return  # "thanks to [A](…) and [B](…) for the merge tools"
        tail = _LIST_TAIL.search(self.text, m.start(), m.end())
        if tail is None or _NEGATION.search(tail.group(0)):
            return
        snippet = self._snippet(m.start(), m.end())
        for ref in REF_RE.finditer(self.text, m.start(), tail.start()):
            if ref["lt"] is not None:
                self._claim(ref, trigger.relation, trigger.strength, snippet)

    def _bare_inputs(self, m: re.Match[str], strength: Strength) -> None:
        """Claims for a list of bare names after "a merge of/between" (a sentence of its own).

        Only a list of three or more names of which one looks like a model, or of two
        model-like names: "a merge of style and speed" is no list of models.
        """
        listed = _BARE_LIST.match(self.text, m.end())
        if listed is None:
            return
        names = [n.rstrip(".-") for n in _BARE_SPLIT.split(listed["items"]) if n]
        like = sum(_model_like(n) for n in names)
        if not (len(names) >= 3 and like >= 1) and not (len(names) == 2 and like == 2):
            return
        if any(n.casefold() in _NOT_NAMES or n.casefold() in _FILLER for n in names):
            return
        snippet = self._snippet(m.start(), listed.end())
        for name in _BARE_NAME.finditer(self.text, listed.start("items"), listed.end("items")):
            value = name.group(0).rstrip(".-")
            if value.casefold() == "and":
                continue
            if _model_like(value) or value.casefold() in _FAMILIES:
                ref = REF_RE.match(self.text, name.start())
                if ref is not None:
                    self._claim(ref, Relation.MERGE, strength, snippet)
                continue
            # A listed input without a size ("Chupacabra"): the id the card writes for
            # it, else the name as written.
            owners = self._owners(value)
            parent = next(iter(owners)) if len(owners) == 1 else value
            if key(parent) not in (self.own, self.own_name):
                claim = ProseClaim(parent, Relation.MERGE, strength, snippet)
                self.claims.append((name.start(), claim))

    def _most_specific_subject(self) -> None:
        """Of "a derivative of X-70B-instruct" and "a derivative of X-70B", keep the first.

        The card names one parent twice, once shortened: the shorter name is no other parent.
        """
        pos, new = self.claims[-1]
        mine = name_tokens(key(new.parent).rsplit("/", 1)[-1])
        for i, (_, old) in enumerate(self.claims[:-1]):
            if old.strength != new.strength:
                continue
            theirs = name_tokens(key(old.parent).rsplit("/", 1)[-1])
            if mine == theirs:
                continue
            if theirs[: len(mine)] == mine:
                self.claims.pop()
                return
            if mine[: len(theirs)] == theirs:
                self.claims[i] = (pos, new)
                self.claims.pop()
                return

    def own_subject(self, start: int, models_only: bool = False) -> bool:
        """Whether the sentence before ``start`` speaks of this model, not of another one.

        Another model's id, link or name ("X-8B is derived from Y") or a non-model subject
        ("the licence is derived from", "pairs derived from") says no; ``models_only``: only
        another model's name does ("one epoch of our data, trained on X" is this model's).
        """
        left = max(0, start - 300)
        for end in SENTENCE_END.finditer(self.text, left, start):
            left = end.end()
        subject = self.text[left:start]
        if (
            not models_only
            and _OTHER_SUBJECT.search(subject)
            and _OTHER_SUBJECT.search(self._without_own(subject))
        ):
            return False  # (the card's own name may hold such a word: "X-Role-Playing-Data")
        own = name_tokens(self.own_name)
        for word in subject.split():
            word = word.strip("*_`()[]{}:,;'\"")
            if "/" in word or "](" in word:
                return False
            if _model_like(word):
                tokens = name_tokens(word)
                if tokens != own[: len(tokens)]:
                    return False
        return True

    def _without_own(self, subject: str) -> str:
        """``subject`` with the card's own name (any case) taken out."""
        return (
            re.sub(re.escape(self.own_name), " ", subject, flags=re.I) if self.own_name else subject
        )

    def _released_other(self, start: int) -> bool:
        """Whether ``start`` follows "released <another model's name>" (a news item)."""
        left = max(0, start - 80)
        if self.text.find("eleased", left, start) < 0:
            return False  # most phrases: no release news before them
        said = _RELEASED_NAME.search(self.text, left, start)
        if said is None or not _model_like(said["name"]):
            return False
        tokens = name_tokens(said["name"])
        return tokens != name_tokens(self.own_name)[: len(tokens)]

    # -- internals ---------------------------------------------------------

    def _bullets(
        self, m: re.Match[str], relation: Relation | None, strength: Strength, pos: int
    ) -> None:
        found: list[tuple[re.Match[str], str]] = []
        while True:
            while pos < len(self.text) and self.text[pos] == "\n":
                pos += 1
            item = _BULLET.match(self.text, pos)
            if item is None:
                break
            ref = REF_RE.match(self.text, item.start("item"))
            if ref is not None and not ref["bare"]:
                found.append((ref, self._snippet(m.start(), item.end())))
            else:
                # A bullet that is no reference is usually a local path (D:\merges\x).
                self._unresolved(item["item"].strip(), parse_reference(item["item"]).unresolved)
            pos = item.end()
        if relation is None and len(found) > 1:
            # "based on" a list of several models: they were merged.
            relation = Relation.MERGE
        for ref, snippet in found:
            self._claim(ref, relation, strength, snippet)


# The first letters of "port of", "fork of", "copy of" ("copies of": children, others').
_COPY_NOUNS = {"port": "ports", "fork": "fork", "copy": "copi"}
# "a tiny copy of X": a smaller sibling, not X's weights.
# "… version of this model (called X)": the card's own model is the source, X its child.
_OF_THIS_MODEL = re.compile(r"[ \t]*this[ \t]+(?:very[ \t]+)?(?:model|checkpoint|repo)\b", re.I)
_SIZE_WORDS = frozenset({"tiny", "small", "smaller", "mini", "compact", "lite", "light", "reduced"})
_TUNED_AFTER = re.compile(
    r"[ \t]+(?:model[ \t]+)?(?:fine[ -]?tuned|finetuned|further[ \t]+trained)\b", re.I
)
# The second half of an encoder-decoder's start: "… and the decoder from [B](…)".
_OTHER_PART = re.compile(
    r"(?:[ \t]+checkpoints?)?,?\s+and\s+(?:the\s+)?(?:en|de)coder\s+(?:(?:was|is)\s+)?"
    r"(?:(?:initiali[sz]ed|warm[\s-]?started)\s+)?(?:from|with)\s+",
    re.I,
)
_TO_LANGUAGES = re.compile(r"[ \t]+to[ \t]+\d+[ \t]+languages\b", re.I)
_TUNED_NEAR = re.compile(r"tuned|trained", re.I)
_TUNED_REACH = 400  # a link's text and URL, then the participle
# Distillation without a teacher: the student's layers copied from X, then trained on.
_NO_TEACHER = re.compile(
    r"\bno[ \t-]+teacher[ \t-]+distillation\b|\bcop(?:y|ied)[ \t]+alternating"
    r"[ \t]+layers\b",
    re.I,
)


def _upgraded(adjectives: list[str], reader: _Reader, start: int) -> bool:
    """Whether "<adjectives> version of" is "an improved version of" said of this model."""
    words = {w.strip(".,()*_`").casefold() for w in adjectives}
    if not words & UPGRADE_ADJ or not reader.own_subject(start):
        return False
    # "added Zephyr beta, an improved version of Y": news of another model, in apposition.
    news = _NEWS_APPOSITIVE.search(reader.text, max(0, start - 120), start)
    return news is None or name_tokens(news["name"]) == name_tokens(reader.own_name)[:1]


_NEWS_APPOSITIVE = re.compile(
    r"\b(?:added|adds|adding|released|releases|introduced|introduces|launched|new)[ \t]+"
    r"(?:the[ \t]+)?[*_`]{0,2}(?P<name>[A-Za-z][\w.-]*)(?:[ \t]+[\w.-]+){0,2}[*_`]{0,2}[ \t]*,"
    r"[ \t]*(?:an?|the)[ \t]+(?:[\w-]+[ \t]+){0,2}\Z",
    re.I,
)


_NOT_LINEAGE_AFTER = re.compile(
    r"(?:'s)?[ \t]+(?:tokenizer|chat[ \t]+template|prompt[ \t]+(?:format|template)|"
    # "trained on [X](…) outputs": X wrote the data.
    r"outputs?|generations?|responses?|completions?)\b",
    re.I,
)


# "based on [Ann Lee's work](…)", "[the approach of the authors](…)": the link's text names
# a piece of work (a method, an idea), not the weights at its target.
_WORK_LINK_TEXT = re.compile(
    r"\b(?:work|research|approach|method|methodology|idea|paper|article|blog(?:[ \t]+post)?|"
    r"tutorial|notebook|recipe|implementation)s?\W*\Z",
    re.I,
)


def _names_a_work(ref: re.Match[str]) -> bool:
    """Whether ``ref`` is a link whose text names a piece of work rather than a model."""
    text = ref["lt"]
    return text is not None and "/" not in text and _WORK_LINK_TEXT.search(text) is not None


# "基于X架构" (X's design), "基于X的分词器" (its tokenizer), "基于X生成的数据" (data X wrote),
# "基于X对比" (compared with X), "基于X的开发经验" (experience of X): no lineage.
_ZH_NOT_LINEAGE_AFTER = re.compile(
    r"[ \t]*(?:的[ \t]*)?(?:模型)?[ \t]*(?:架构|结构|框架|分词器|词表|tokenizer|生成|合成|标注|对比|"
    r"相比|比较|评测|评估|推理框架|部署)"
    # "基于X初代模型的开发经验": the experience of building X (a predecessor), not its weights.
    r"|[ \t]*(?:初代|上一代|前代|第一代|前一代)?[ \t]*(?:模型)?[ \t]*(?:的)?[ \t]*"
    r"(?:开发|研发|训练|使用|研究)?经验",
    re.I,
)
# "… and Y-2 data", "… and Y-2 instructions": the name after "and" names data.
_DATA_AFTER = re.compile(
    r"[ \t]+(?:data(?:sets?)?|corpus|corpora|instructions?|benchmarks?|samples|pairs)\b", re.I
)
# "fine-tuned from A and B": separators that join a second base (no "with", "x" or "+").
_AND_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|&|\band\b)\s*")
_THANKED = re.compile(r"thank|credit|kudos|shout", re.I)
# The words after the links of "[A](…) and [B](…) merge": where the list ends.
_LIST_TAIL = re.compile(r"(?<=\))[^\[\]()]*\Z")
# "a merge of A, B and C." ending its sentence or line.
_BARE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
_BARE_LIST = re.compile(
    r"[ \t]*(?P<items>[A-Za-z][A-Za-z0-9_.-]*(?:[ \t]*,[ \t]*[A-Za-z][A-Za-z0-9_.-]*)*"
    r"[ \t]*,?[ \t]*(?:and|&)[ \t]+[A-Za-z][A-Za-z0-9_.-]*?)[.-]*[ \t]*(?:\n|\.(?:\s|$)|$)"
)
_BARE_SPLIT = re.compile(r"[ \t]*(?:,[ \t]*(?:and[ \t]+)?|(?:and|&)[ \t]+)[ \t]*")
# Subjects that are not a model: "the licence is derived from", "pairs derived from".
# "We released **X-33B-V1.1** trained from Y": a release announced, then how it was made.
_RELEASED_NAME = re.compile(
    r"\breleased[ \t]+(?:the[ \t]+)?[*_`]{0,2}(?P<name>[A-Za-z][\w.-]*)[*_`]{0,2}[ \t]+\Z",
    re.I,
)
# "Unlike models trained on X …", "other models trained on X": a clause about others.
_UNLIKE_BEFORE = re.compile(r"\b(?:unlike|other|others|previous|rival)\b[^.\n]*\Z", re.I)
_OTHER_SUBJECT = re.compile(
    r"licen[cs]e|\bdata|corpus|sentence|usage|products?\b|pairs\b|solutions\b|\bsite\b|"
    r"\bquants?\b|tokeni[sz]er|\bcode\b|weights of|\bversions\b",
    re.I,
)

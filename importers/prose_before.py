"""Phrases whose parent is named before them: "X fine-tuned on …", "with X as its base"."""

from __future__ import annotations

import re

from importers.prose_bare import cased_name
from importers.prose_claims import ProseClaim
from importers.prose_context import (
    _COMPARING,
    _before_glue,
    _blank_back,
    _heading_before,
    _last_word,
    _negated,
)
from importers.prose_names import (
    _FAMILIES,
    _SPOKEN,
    _bare_like,
    _family_version,
    _model_like,
    _spoken_like,
    name_tokens,
)
from importers.prose_phrases import REF_RE, SENTENCE_END, Strength, Trigger
from importers.prose_refs import _Resolver
from importers.prose_scope import title_lead
from lineage.core.ids import key

# Where "X fine-tuned on …" speaks of this model: the first heading ("# Model card for X"),
# a name label, or "… is a(n) … X model".
_WORD_START = re.compile(r"(?<![\w./-])[\w\[`]")
# Lower-case words that may end a model's name as spoken ("Lark2 7B chat", "llama").
_NAME_TAILS = frozenset({"chat", "instruct", "base", "hf"}) | _FAMILIES
# One of these occurs in every sentence `_named_before` reads (cheap test first).
_NAMED_BEFORE_WORDS = (
    "#", "name", "title", " is a", " as a", "\tis a", " is the", " was the", " is [", " is `",
)  # fmt: skip
_NAMED_BEFORE_TITLE = re.compile(r"[ \t]*#{1,6}[ \t]*(?:model[ \t]+card[ \t]+for[ \t]+)?", re.I)
_NAMED_BEFORE_LABEL = re.compile(r"\b(?:model[ \t]*name|title)[ \t]*[:：][ \t]*\Z", re.I)
_NAMED_BEFORE_IS_A = re.compile(r"\b(?:is|as)[ \t]+an?\b[^.!?\n\[\]()/]{0,80}\Z", re.I)
_NAMED_BEFORE_NOT = re.compile(
    r"baseline|compar|rival|teacher|judge|reward|\bthan\b|\bvs\b|versus|other|previous|older",
    re.I,
)
# "roberta-large-mnli is the [X](…) fine-tuned on …": said of this model only.
_NAMED_BEFORE_IS_THE = re.compile(r"\b(?:is|was)[ \t]+the[ \t]+(?:\*\*)?\Z", re.I)
# "This model is [X](…) fine-tuned on …", "We present Y, which is [X](…) fine-tuned for …":
# a written reference (not a bare word) said of this model.
_NAMED_BEFORE_IS_REF = re.compile(
    r"(?:\b(?:this[ \t]+model|it)|(?P<pre>[\w.-]+)[*_`]*[ \t]*,[ \t]*which)[ \t]+(?:is|was)[ \t]+\Z",
    re.I,
)
_OWN_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|can|will|performs?|outperforms?|scores?|achieves?)\b", re.I
)
# The card's first line "X fine-tuned on …" (after its headings): a name and its words.
_OPENING_REACH = 400
_OPENING_NAME = re.compile(r"[ \t]*(?:[\w.-]+[ \t]+){0,2}(?:model[ \t]+)?\(?", re.I)
# One word, letters and digits, as code names a model ("FinBERT", "BioBERT2").
_CODE_PROPER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{2,40}")
_TWO_CAPITALS = re.compile(r"[A-Z]{2}")
# "… with / from / using X as its base": the word before the name (or a list bullet).
_BASE_BEFORE_LEAD = re.compile(
    r"(?:\b(?:with|from|us(?:e[ds]?|ing))[ \t]+(?:the[ \t]+)?|^[ \t]*[*+-][ \t]+)\Z", re.I | re.M
)
# The verb after a sentence's subject: "X is trained …", "X was built …".
_SUBJECT_VERB = re.compile(r"\s(?:is|was|were|are|has|have)\s", re.I)
# "a 30B LLaMa model": a size written before the name, part of the name as spoken. (The groups
# of `REF_RE` that a caller may ask for, none but "bare" ever set.)
_SIZE_FIRST = re.compile(
    r"(?P<lt>(?!))?(?P<lu>(?!))?(?P<bk>(?!))?(?P<bt>(?!))?(?P<url>(?!))?(?P<path>(?!))?"
    r"(?P<id>(?!))?(?<![\w./-])(?P<bare>\d{1,3}(?:\.\d)?[BM][ \t]+(?P<named>[A-Za-z][\w.-]*+))"
)
# A size token inside a name: "LLama-2-7B", "Mixtral-8x7B", "30B LLaMa".
_SIZE_IN_NAME = re.compile(r"(?:^|[-_. ])(?:\d+x)?\d{1,3}(?:\.\d)?[BM](?=$|[-_. ])", re.I)
# "… trained on X from scratch": an architecture's name, no weights started from.
_FROM_SCRATCH = re.compile(r"\bfrom[ \t]+scratch\b|\breproduc", re.I)


class _Before(_Resolver):
    """Claims for the names written before a phrase; `_Reader` builds on it."""

    def _named_before(self, m: re.Match[str], trigger: Trigger, sized: bool = False) -> None:
        """A claim for the name right before "(model) fine-tuned on/for …".

        Only where the sentence speaks of this model: the card's first heading, a name
        label ("Model name: X fine-tuned for …") or "… is a(n) … X model fine-tuned";
        elsewhere the name is a rival or a child ("we compare with X fine-tuned on …").
        ``sized``: only a name with a size in it ("is a Lark-2-7B model trained on …"; a
        name without one there is an architecture's).
        """
        start = _before_glue(self.text, m.start())
        if start is None:
            return
        last = self.text[max(0, start - 40) : start].rsplit(None, 1)[-1:]
        if not last or (last[0].isalpha() and last[0].islower() and last[0] not in _NAME_TAILS):
            return  # "… used directly or fine-tuned for …": a plain word, no name, before it
        line = self.text.rfind("\n", 0, start) + 1
        left = max(line, start - 200)
        for end in SENTENCE_END.finditer(self.text, left, start):
            left = end.end()
        sentence = self.text[left:start].lower()
        opening = left == line and self._opening_line(line) and not self._verb_after(m.end())
        if not opening and not any(w in sentence for w in _NAMED_BEFORE_WORDS):
            return  # no title, label or "is a": told before any name is looked for
        ref = self._name_ending_at(left, start) or self._bracketed_before(left, start)
        if ref is None:
            return
        if sized and not self._sized_start(ref, m.end()):
            return
        prefix = self.text[left : ref.start()]
        if _NAMED_BEFORE_NOT.search(prefix) or _negated(self.text, ref.start()):
            return
        heading = prefix.lstrip().startswith("#")
        if heading and _heading_before(self.text, line):
            return  # a later heading names a section, not this model
        is_the = _NAMED_BEFORE_IS_THE.search(prefix)
        if not (
            (heading and _NAMED_BEFORE_TITLE.fullmatch(prefix))
            or _NAMED_BEFORE_LABEL.search(prefix)
            or _NAMED_BEFORE_IS_A.search(prefix)
            or (is_the and self._own_words(prefix[: is_the.start()]))
            or self._own_is_ref(prefix, ref)
            or (opening and not heading and _OPENING_NAME.fullmatch(prefix))
        ):
            return
        snippet = self._snippet(ref.start(), m.end())
        name = ref["bare"] or self._code_name(ref)
        if name and ref.re is _SPOKEN and (lead := title_lead(self.text, ref.start(), name)):
            name = lead + name  # "Stable Diffusion 1.5": the name's first word
            snippet = self._snippet(ref.start() - len(lead), m.end())
        if name and not _bare_like(name) and key(name) not in (self.own, self.own_name):
            # "a Lark2 based chat model fine-tuned …": a family and version, as written
            # and as vague as a spoken name.
            claim = ProseClaim(name, trigger.relation, Strength.WEAK, snippet)
            self.claims.append((ref.start(), claim))
        else:
            self._claim(ref, trigger.relation, trigger.strength, snippet)
        self._dataset_tail(ref.end())

    def _own_is_ref(self, prefix: str, ref: re.Match[str]) -> bool:
        """Whether "this model is" / "OWN, which is" comes before a written reference."""
        if ref["bare"] is not None:
            return False
        said = _NAMED_BEFORE_IS_REF.search(prefix)
        if said is None:
            return False
        pre = said["pre"]
        return pre is None or set(name_tokens(pre.strip(".-"))) <= set(name_tokens(self.own_name))

    def _sized_start(self, ref: re.Match[str], end: int) -> bool:
        """Whether ``ref`` is a name with a size and the sentence after ``end`` does not say
        it was trained from scratch (an architecture reproduced, not weights tuned)."""
        name = ref["bare"] or ref["id"] or ref["lt"] or ref["bt"] or ""
        if not _SIZE_IN_NAME.search(name):
            return False
        stop = SENTENCE_END.search(self.text, end, end + 300)
        return _FROM_SCRATCH.search(self.text, end, stop.start() if stop else end + 300) is None

    def _code_name(self, ref: re.Match[str]) -> str | None:
        """A proper name written as code that names no id ("the `FinBERT` model"): one word
        with an acronym's capitals, kept as written."""
        code = ref["bt"]
        if code is None or _CODE_PROPER_NAME.fullmatch(code) is None:
            return None
        if not _TWO_CAPITALS.search(code) or self._resolve(ref, False)[0] is not None:
            return None
        return code

    def _base_before(self, m: re.Match[str], trigger: Trigger) -> None:
        """A claim for the name before "as its base (model)", after "with", "from", "using"
        or a list bullet, when the sentence's subject is this model (or there is none)."""
        end = _blank_back(self.text, m.start())
        if end == m.start():
            return
        start, word = _last_word(self.text, end)
        if word == "model":
            end = _blank_back(self.text, start)
        line = self.text.rfind("\n", 0, end) + 1
        left = max(line, end - 300)
        for stop in SENTENCE_END.finditer(self.text, left, end):
            left = stop.end()
        ref = self._name_ending_at(left, end)
        if ref is None:
            return
        lead = _BASE_BEFORE_LEAD.search(self.text, max(left, ref.start() - 12), ref.start())
        if lead is None or _negated(self.text, ref.start()):
            return
        if not _COMPARING.isdisjoint(self.text[left : lead.start()].lower().split()):
            return  # "it beats models trained with X as the base": others' base
        subject = _SUBJECT_VERB.search(self.text, left, lead.start())
        if subject is not None and not self._own_words(self.text[left : subject.start()]):
            return  # "[Y](…) is trained with X as its base": Y's base, a grand-parent
        snippet = self._snippet(ref.start(), m.end())
        self._claim(ref, trigger.relation, trigger.strength, snippet)

    def _opening_line(self, line: int) -> bool:
        """Whether the line starting at ``line`` is the card's first line of prose (only
        headings and blank lines before it): there "X fine-tuned on …" names this model."""
        before = self.text[:line]
        if len(before) > _OPENING_REACH:
            return False
        return all(not row.strip() or row.lstrip().startswith("#") for row in before.split("\n"))

    def _verb_after(self, pos: int) -> bool:
        """Whether the sentence goes on with a verb of its own after ``pos``: "X fine-tuned
        on our data is also available" speaks of X's child, not of this model."""
        stop = SENTENCE_END.search(self.text, pos, pos + 300)
        return _OWN_VERB.search(self.text, pos, stop.start() if stop else pos + 300) is not None

    def _bracketed_before(self, left: int, end: int) -> re.Match[str] | None:
        """The written id in brackets right before ``end``: "BERT-Base (`ORG/X`) fine-tuned"."""
        close = _blank_back(self.text, end)
        if not self.text.endswith(")", 0, close):
            return None
        open_at = self.text.rfind("(", left, close)
        if open_at < 0:
            return None
        ref = REF_RE.match(self.text, open_at + 1, close - 1)
        if ref is None or ref.end() != close - 1 or ref["bare"]:
            return None
        return ref

    def _own_words(self, subject: str) -> bool:
        """Whether a sentence's subject names no model but this one."""
        own = name_tokens(self.own_name)
        for word in subject.split():
            word = word.strip("*_`()[]{}:,;'\"")
            if "/" in word or "](" in word:
                return False
            if _model_like(word) and name_tokens(word) != own[: len(name_tokens(word))]:
                return False
        return True

    def _name_ending_at(self, left: int, end: int) -> re.Match[str] | None:
        """The longest model reference in ``text[left:end]`` that ends at ``end``."""
        text = self.text
        for word in _WORD_START.finditer(text, left, end):
            pos = word.start()
            sized = _SIZE_FIRST.match(text, pos, end) if text[pos].isdigit() else None
            if sized is not None and sized.end() == end and _bare_like(sized["named"]):
                return sized  # "a 30B LLaMa model": the size is part of the name as written
            spoken = _SPOKEN.match(text, pos, end)
            if spoken is not None and spoken.end() == end and _spoken_like(spoken["bare"]):
                return spoken
            ref = REF_RE.match(text, pos, end)
            if ref is not None and ref.end() == end:
                bare = ref["bare"]
                if bare and not (_bare_like(bare) or _family_version(bare) or cased_name(bare)):
                    continue
                return ref
        return None

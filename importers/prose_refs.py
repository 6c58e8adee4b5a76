"""References in prose resolved to ids (links, ids, bare and spoken names) and recorded."""

from __future__ import annotations

import re

from importers.known_models import known_id
from importers.off_hub_names import OFF_HUB, off_hub_name
from importers.prose_bare import (
    another_role_before,
    design_before,
    encoder_family_vague,
    families_pair,
    model_after,
    named_bare,
    named_bare_at,
    owners_before_link,
    vague_bare,
)
from importers.prose_claims import ProseClaim, ProseFindings
from importers.prose_context import _sentence_relation
from importers.prose_names import (
    _CLOSED_MODEL,
    _FAMILIES,
    _HF_URL,
    _SPOKEN,
    _bare_like,
    _legacy_root,
    _model_like,
    _plain_word,
    _spoken_like,
    family_alternatives,
)
from importers.prose_phrases import CONFIG_WORD, DATASET_TAIL, REF_RE, Strength
from importers.prose_scope import sizes, titled_spoken
from importers.references import reference
from lineage.core.ids import SITE_PAGE, dataset_id, key
from lineage.core.records import EvidenceKind, Relation, Unresolved

# A relative link target written as ORG/NAME ("cardiffnlp/x-sentiment"), not a repo file
# ("images/plot.png") nor a folder of the repo ("examples/train").
_RELATIVE_ID = re.compile(r"(?P<id>[A-Za-z0-9][\w-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])/?")
_FILE_TAIL = re.compile(
    r"\.(?:png|jpe?g|gif|webp|svg|md|txt|py|json|ya?ml|ipynb|pdf|bin|safetensors|gguf|sh)\Z",
    re.I,
)
_REPO_FOLDERS = frozenset(
    [
        "assets",
        "asset",
        "images",
        "image",
        "img",
        "imgs",
        "figures",
        "figure",
        "figs",
        "fig",
        "docs",
        "doc",
        "examples",
        "example",
        "scripts",
        "script",
        "src",
        "configs",
        "config",
        "media",
        "static",
        "resources",
        "data",
        "samples",
        "sample",
        "results",
        "notebooks",
        "tools",
        "demo",
        "demos",
        "pics",
        "pictures",
    ]
)


def _relative_id(url: str) -> str | None:
    """The ORG/NAME a relative link target writes, if it looks like a Hub id."""
    m = _RELATIVE_ID.fullmatch(url)
    if m is None or _FILE_TAIL.search(m["id"]):
        return None
    if m["id"].split("/", 1)[0].casefold() in _REPO_FOLDERS:
        return None
    return m["id"]


# (An HTML line break may sit between a label and its value: "Model page: <br>".)
# A release name's tokens and its version token ("v2", "2", "v1.5" split at the dot: "5").
_RELEASE_SPLIT = re.compile(r"[-_.]")
_RELEASE = re.compile(r"v?\d+")
_LEAD = re.compile(
    # (A no-break space, as pasted from a word processor, is a space.)
    r"[ \t\xa0]*(?:<[bB][rR][ \t]*/?>[ \t]*)?\n?[ \t]*(?:(?:the|a|an|our|this|model)\s+){0,2}"
    # A name in a triple-backtick span ("```X```"): read as single-backtick code.
    r"(?:``(?=`))?"
    # An id in double quotes ('based on "ORG/X"'): the id inside.
    r"(?:[\"“](?=[A-Za-z0-9][\w-]*/[A-Za-z0-9][\w.-]*[\"”]))?"
    # A name in italics ("initialized with *Owl-Multi 350M*"): the name after the mark.
    r"(?:\*(?=[A-Za-z0-9\[`]))?"
)
# "Meta's original Llama 2 7B", "Mistral AI's Mixtral 8x7b": an owner and a word or two
# before a name spoken without an org.
_OWNER_LEAD = re.compile(
    r"(?:[A-Z][A-Za-z-]*(?:[ \t]+AI)?['’´]s[ \t]+)?(?:(?:original|base|pretrained|pre-trained|"
    r"powerful|strong|popular|open-source|larger|bigger|latest|official|excellent)[ \t]+){0,2}",
    re.I,
)
_OWNER_TAILS = ("'s", "’s", "´s", " AI's", " AI’s", " AI´s")
_LEAD_WORDS = frozenset(
    [
        "original",
        "base",
        "pretrained",
        "pre-trained",
        "powerful",
        "strong",
        "popular",
        "open-source",
        "larger",
        "bigger",
        "latest",
        "official",
        "excellent",
    ]
)
# What follows the space after the first word of a spoken name: a size or version.
_SPOKEN_NEXT = frozenset("0123456789vV")
# ("initialized with our pointwise ranker, [X](…)": the words may end in a comma.)
_ADJECTIVES = re.compile(r"(?:[\w.'’-]+,?[ \t]+){1,2}(?=[\[`])")

# ORG/NAME mentions anywhere (code included), to qualify a bare name in prose.
_HUB_SECTIONS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections"})
# "$BASE_DIR/mistral-7b": a shell variable before the slash makes a local path, no org.
_ORG_BEFORE = re.compile(r"(?<![\w.@$-])[A-Za-z0-9][\w-]*\Z")
# The "-hf" ending of a converted repo's name ("llama-7b-hf" for "LLaMA-7b").
_HF_TAIL = re.compile(r"-hf(?![\w.-])", re.I)
# "the Mistral-7b model" where the card spells "mistralai/Mistral-7B-v0.1": the release version.
_VERSION_TAIL = re.compile(r"-v\d+(?:\.\d+)*(?![\w.-])", re.I)
_NAME_GOES_ON = re.compile(r"[\w-]|\.[A-Za-z0-9]")
# A Hub URL inside another URL, after a slash ("https://steps/huggingface.co/ORG/X").
_INNER_HUB_URL = re.compile(r"(?<=/)(?:www\.)?(?:huggingface\.co|hf\.co)/[A-Za-z0-9]\S*", re.I)
# A Hub id written whole as a link's text ("[org/x-13b](…)").
_LINK_TEXT_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9]")
_HUB_URL_TAIL = re.compile(r"(?:huggingface\.co|hf\.co)/\Z", re.I)
# A name's Greek last letter ("Zephyr-7B-β"); its groups are REF's, as `_SPOKEN`'s.
_GREEK = re.compile("[\u0391-\u03a9\u03b1-\u03c9](?![\\w])")
_GREEK_NAMED = re.compile(
    r"(?P<lt>(?!))?(?P<lu>(?!))?(?P<bk>(?!))?(?P<bt>(?!))?(?P<url>(?!))?(?P<path>(?!))?"
    "(?P<id>(?!))?(?P<bare>[A-Za-z][A-Za-z0-9_.-]*-[\u0391-\u03a9\u03b1-\u03c9])(?![\\w])"
)
# The word before a bare version, on its line: "stable-diffusion " before "v1-4".
_WORD_BEFORE = re.compile(r"(?<![\w./-])[A-Za-z][\w.-]*[ \t]+\Z")
_VERSION_WORD = re.compile(r"[vV]\d+(?:[.-]\d+)*[a-z]?")


def _spoken_text(text: str) -> str | None:
    """A link text that is a model's name as spoken ("Owner's Name 7B v2"), without owner."""
    owner = _OWNER_LEAD.match(text)
    rest = text[owner.end() :] if owner else text
    spoken = _SPOKEN.fullmatch(rest)
    lead = ""
    if spoken is None and (titled := titled_spoken(rest)) is not None:
        # "[Code Llama 34B](github…)": a capitalised word, then the name as spoken.
        lead, rest = titled
        spoken = _SPOKEN.fullmatch(rest)
    if spoken is None or not _spoken_like(spoken["bare"]):
        return None
    name = lead + " ".join(spoken["bare"].split())
    return None if _CLOSED_MODEL.match(name.replace(" ", "-")) else name


# (A qualifier may come first: "based on the Yi-34B transformer architecture". Data,
# methods and annotation schemes are not weights either: "the Unidic 2.1 dictionary".)
_NOT_A_MODEL_AFTER = re.compile(
    r"(?:[ \t]+(?:transformer|decoder(?:-only)?|neural|network|moe|mixture-of-experts|model)){0,2}"
    r"[ \t]+(?:architecture|arch|structure|design|family|series|tokenizer|paper|recipe|"
    r"format|codebase|framework|template|style|licen[cs]e|library|method|algorithm|approach|"
    r"technique|dataset|corpus|corpora|benchmark|dictionary|vocabulary|annotations?|"
    r"scheme|guidelines|tag[ -]?set|specification|standard)\b",
    re.I,
)

# "continued pre-training from the Llama 2 family", "fine-tuned from the Qwen2 family":
# weights are trained from, so the family is the base (a design is "based on", never
# "trained from").
_TRAINED_FROM_BEFORE = re.compile(
    r"\b(?:(?:pre-?)?train(?:ed|ing)|fine[ -]?tun(?:ed|ing)|finetun(?:ed|ing))[ \t]+from[ \t]+"
    r"(?:the[ \t]+)?\Z",
    re.I,
)
_FAMILY_AFTER = re.compile(r"[ \t]+family\b", re.I)
# A tuned release's name ("X-7b-instruct"): a family card's pre-training sentence speaks
# of its base release, so the family is a grand-parent there.
_TUNED_OWN = re.compile(r"(?:^|[-_.])(?:chat|instruct|inst|it|sft|dpo|rlhf)(?=$|[-_.])", re.I)


def _trained_from_family(text: str, pos: int, end: int, own_name: str) -> bool:
    """Whether the name at ``pos`` (ending at ``end``) is "the X family" trained from."""
    if _FAMILY_AFTER.match(text, end) is None:
        return False
    phrase = _TRAINED_FROM_BEFORE.search(text, max(0, pos - 40), pos)
    if phrase is None:
        return False
    pretraining = "pre" in phrase.group(0).casefold()
    return not (pretraining and _TUNED_OWN.search(own_name))


_MOE_BEFORE = re.compile(r"\bmixture[ \t]+of[ \t]+experts\b|\bMoE\b", re.I)

# "`X`’s [checkpoint](…)", "X's [weights](…)".
_POSSESSIVE_LINK = re.compile(
    r"['’]s[ \t]+(?=\[(?:checkpoints?|weights|model|repo(?:sitory)?)\]\((?:https?://)?"
    r"(?:www\.)?(?:huggingface\.co|hf\.co)/)",
    re.I,
)
# "BERTurk for Turkish Language https://huggingface.co/ORG/X": a name, a few words, its URL.
_URL_REACH = 80
_NAME_THEN_URL = re.compile(
    r"[ \t]+(?:[\w-]+[ \t]+){0,4}(?=https?://(?:www\.)?(?:huggingface\.co|hf\.co)/)"
)
# "the `uft-6b` model made available in [this commit](https://hf.co/ORG/X/tree/…)": a name, a
# few words saying where it is, then a link whose text only points ("this commit", "here").
_NAME_THEN_POINTER = re.compile(
    r"`?[ \t]+(?:[\w-]+[ \t]+){0,4}?(?:made[ \t]+)?(?:available|found|hosted|published|released|"
    r"uploaded)[ \t]+(?:(?:in|at|on|from|via)[ \t]+)?(?=\[(?:(?:this|that|the)[ \t]+(?:commit|link|"
    r"repo|repository|page|checkpoint|revision|branch)|here)\]\((?:https?://)?(?:www\.)?"
    r"(?:huggingface\.co|hf\.co)/)",
    re.I,
)
_SNIPPET = 200
# A model's name written as code: three words or more joined by hyphens
# ("bert-base-nli-mean-tokens"; "distil-small.en" may be a file's or a size's name).
_CODE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.]{1,40}(?:-[A-Za-z0-9_.]{1,40}){2,8}")

# What a weak phrase ("built on X") may leave unresolved; a non-Hub URL there is noise.
_WEAK_REASONS = frozenset(
    {"local path", "empty or placeholder value", "model name without an organisation"}
)


class _Resolver:
    """The reference at a position of the prose, the id it names and the claim it makes.

    `_Reader` builds on it.
    """

    text: str
    raw: str
    own: str
    own_org: str | None
    own_name: str
    found: ProseFindings
    claims: list[tuple[int, ProseClaim]]
    _lower_raw: str | None
    _refs: dict[int, re.Match[str] | None]
    _tails: set[int]

    def _ref_at(self, pos: int) -> re.Match[str] | None:
        """The reference at ``pos``, read once per position: two phrases of one sentence
        often end at the same place ("a fine-tuned version of [X](…)": "fine-tuned version
        of" and "version of")."""
        if pos in self._refs:
            return self._refs[pos]
        ref = self._read_ref_at(pos)
        self._refs[pos] = ref
        return ref

    def _read_ref_at(self, pos: int) -> re.Match[str] | None:
        lead = _LEAD.match(self.text, pos)
        pos = lead.end() if lead else pos
        ref = REF_RE.match(self.text, pos)
        if ref is None or (ref["bare"] and not _model_like(ref["bare"].rstrip(".-"))):
            # "GGUF conversion of the frozen [X](…)": a word or two before a link.
            adj = _ADJECTIVES.match(self.text, pos) or owners_before_link(self.text, pos)
            linked = REF_RE.match(self.text, adj.end()) if adj else None
            ref = linked if linked is not None and not linked["bare"] else ref
        if ref is not None and ref["bare"]:
            ref = self._spoken(self._greek_tail(ref), pos)
        if ref is not None and (ref["bare"] or ref["bt"]):
            # "`X`’s [checkpoint](hub link)", "BERTurk for Turkish https://hf.co/ORG/X": a
            # short name, then the link that says which repo it is.
            ref = self._link_after(ref)
        if ref is None or (
            ref["bare"]
            and ref.re is not _SPOKEN
            and not _bare_like(ref["bare"].rstrip(".-"))
            and not self._linked_name(ref["bare"].rstrip(".-"))
            and not self._own_release(ref["bare"].rstrip(".-"))
            and not (named_bare_at(self.text, ref) and not design_before(self.text, pos))
        ):
            return None
        if (
            (ref["bare"] or (ref["lt"] is not None and not _HF_URL.match(ref["lu"] or "")))
            and _NOT_A_MODEL_AFTER.match(self.text, ref.end())
            and not _trained_from_family(self.text, pos, ref.end(), self.own_name)
        ):
            # "based on the Llama-2 architecture", "the [Kite-2](github…) architecture": a
            # design, not weights.
            return None
        if (
            ref["bare"]
            and not any(ch.isdigit() for ch in ref["bare"])
            and ref["bare"].rstrip(".-").casefold() not in _FAMILIES
            and _MOE_BEFORE.search(self.text, max(0, pos - 80), pos)
        ):
            # "A Mixture of Experts based on Owl": a word that is no known family, no model.
            return None
        return ref

    def _greek_tail(self, ref: re.Match[str]) -> re.Match[str]:
        """A bare name that ends in a Greek letter ("Zephyr-7B-β"), read whole (the bare
        pattern is ASCII: Chinese writes the next word straight after a name)."""
        if ref["bare"] and ref["bare"].endswith("-") and _GREEK.match(self.text, ref.end()):
            return _GREEK_NAMED.match(self.text, ref.start()) or ref
        return ref

    def _link_after(self, ref: re.Match[str]) -> re.Match[str]:
        """The Hub link right after a short name (`_POSSESSIVE_LINK`, `_NAME_THEN_URL`), or
        ``ref`` itself."""
        text, end = self.text, ref.end()
        if ref["bt"] is not None and text.startswith("`", end):
            end += 1
        # Cheap character tests first: most names are followed by neither.
        if text.startswith(("'s", "’s"), end):
            link = _POSSESSIVE_LINK.match(text, end)
        elif (
            ref["bare"]
            and text.find("://", end, end + _URL_REACH) >= 0
            and not _bare_like(ref["bare"].rstrip(".-"))
        ):
            link = _NAME_THEN_URL.match(text, end)
        elif text.find("](http", end, end + _URL_REACH) >= 0:
            link = _NAME_THEN_POINTER.match(text, end)
        else:
            return ref
        if link is None:
            return ref
        found = REF_RE.match(self.text, link.end())
        return found if found is not None and not found["bare"] else ref

    def _own_release(self, name: str) -> bool:
        """Whether a bare ``name`` is an earlier release of the card's own model: the same name
        up to a lower version at its end ("Evt_V2" on the card of "Evt_V3")."""
        if not self.own_org or not name[-1:].isdigit():
            return False  # most bare words: no version at the end
        mine = _RELEASE_SPLIT.split(self.own_name)
        theirs = _RELEASE_SPLIT.split(name.casefold())
        return (
            len(mine) == len(theirs) >= 2
            and mine[:-1] == theirs[:-1]
            and all(_RELEASE.fullmatch(t) for t in (mine[-1], theirs[-1]))
            and int(theirs[-1].lstrip("v")) < int(mine[-1].lstrip("v"))
        )

    def _linked_name(self, name: str) -> bool:
        """Whether a hyphenated name without a size ("Ru-base-cased") is one the card writes
        as exactly one ORG/NAME (a Hub link or id): a model, although no digit says so."""
        return "-" in name and len(name) >= 5 and len(self._owners(name)) == 1

    def _spoken(self, ref: re.Match[str], pos: int) -> re.Match[str] | None:
        """A bare name at ``pos``, perhaps spoken with spaces after its owner ("Meta's X 7B").

        Cheap character tests first: most bare words are followed by neither an
        owner's "'s" nor a size or version.
        """
        text, end = self.text, ref.end()
        if text.startswith(_OWNER_TAILS, end) or ref["bare"].casefold() in _LEAD_WORDS:
            owner = _OWNER_LEAD.match(text, pos)
            pos = owner.end() if owner else pos
        elif text[end : end + 1] not in (" ", "\t") or (
            text[end : end + 3].lstrip(" \t")[:1] not in _SPOKEN_NEXT
        ):
            return ref
        spoken = _SPOKEN.match(text, pos)
        if spoken is not None and (
            _spoken_like(spoken["bare"]) or self._spoken_owner(spoken["bare"]) is not None
        ):
            return spoken
        return ref if pos == ref.start() else REF_RE.match(text, pos)

    def _spoken_owner(self, spoken: str) -> str | None:
        """The one ORG/NAME the card writes for a name spoken with spaces, hyphenated
        ("stable-diffusion v1-4" and a link to "ORG/stable-diffusion-v1-4")."""
        owners = self._owners("-".join(spoken.split()))
        return next(iter(owners)) if len(owners) == 1 else None

    def _spoken_ending_at(self, start: int, end: int) -> re.Match[str] | None:
        """The name spoken with spaces that a bare version ends ("stable-diffusion v1-4" for
        "v1-4" read alone, ``start`` to ``end``): the word before it on its line, then it."""
        before = _WORD_BEFORE.search(self.text, max(0, start - 60), start)
        if before is None:
            return None
        spoken = _SPOKEN.match(self.text, before.start())
        if spoken is None or spoken.end() != end:
            return None
        if _spoken_like(spoken["bare"]) or self._spoken_owner(spoken["bare"]) is not None:
            return spoken
        return None

    def _names_own(self, ref: re.Match[str], first: bool = False) -> bool:
        """Whether ``ref`` names the card's own model (``first``: or, written before the
        phrase, no model at all: a precision such as "Int4")."""
        model_id, _, reason, _ = self._resolve(ref, False)
        if model_id is None:
            return first and reason is None
        return key(model_id) in (self.own, self.own_name)

    def _resolve(
        self, ref: re.Match[str], own_org: bool
    ) -> tuple[str | None, str | None, str | None, str]:
        """(model id, revision, why unresolved, raw text) of one reference match."""
        url = ref["lu"]
        if ref["lt"] is not None:
            parsed = reference(url) if url and _HF_URL.match(url) else None
            if parsed is not None and parsed.unresolved != SITE_PAGE:
                if parsed.model_id and (slip := self._text_over_target(ref["lt"], parsed.model_id)):
                    return slip, None, None, url
                return parsed.model_id, parsed.revision, parsed.unresolved, url
            # (A page of the Hub's own docs, "[bert-base-uncased](https://huggingface.co/
            # transformers/model_doc/bert.html)", is read as any other site's page: by its text.)
            if url.startswith(("http://", "https://")) and (inner := _INNER_HUB_URL.search(url)):
                # "[X](https://steps/huggingface.co/ORG/X)": a broken prefix before a Hub URL.
                parsed = reference("https://" + inner.group(0))
                if parsed.model_id:
                    return parsed.model_id, parsed.revision, parsed.unresolved, url
            if url.startswith(("http://", "https://")):
                # "[LLaMA-2-7B](https://vendor.example/llama)": the text names the model.
                text = ref["lt"].strip("` ")
                if _bare_like(text) and "/" not in text:
                    return self._name(text, own_org)
                if _legacy_root(hyphened := "-".join(text.split())):
                    # "[Albert base v2](github…)": a legacy Hub repo's name spoken with spaces.
                    return hyphened.casefold(), None, None, text
                if spoken := _spoken_text(text):
                    # "[Mistral AI's Mixtral 8x7b](https://news.example/…)": a name as spoken.
                    return spoken, None, None, spoken
                return None, None, OFF_HUB, url
            named = self._name(ref["lt"].strip("` "), own_org)
            if named[0] is None and (relative := _relative_id(url)):
                # "[Cardiff NLP Group](cardiffnlp/x-sentiment)": the text names the authors,
                # the relative target (a Hub path, as the card page resolves it) the model.
                parsed = reference(relative)
                return parsed.model_id, parsed.revision, parsed.unresolved, url
            return named
        if ref["bt"] is not None:
            return self._name(ref["bt"].strip(), own_org, code=True)
        if ref["bk"] is not None:
            return self._name(ref["bk"].strip("` "), own_org)
        if ref["path"] is not None:
            # A Hugging Face cache folder names its Hub repo (lineage.core.ids).
            parsed = reference(ref["path"])
            return parsed.model_id, parsed.revision, parsed.unresolved, ref["path"]
        if ref["url"] is not None:
            parsed = reference(ref["url"].rstrip(".-"))
            return parsed.model_id, parsed.revision, parsed.unresolved, ref["url"]
        if ref["id"] is not None:
            # "_ORG/NAME_" in italics: the closing mark is no part of the name.
            value = ref["id"].rstrip(".-_") if ref["id"].endswith("_") else ref["id"].rstrip(".-")
            org, _, name = value.partition("/")
            if (_plain_word(org) and _plain_word(name)) or families_pair(org, name):
                return None, None, None, value
            if family_alternatives(org, name):
                return None, None, "two model families, not a Hub id", value
            parsed = reference(value)
            return parsed.model_id, parsed.revision, parsed.unresolved, value
        if ref.re is _SPOKEN:
            # "Llama 2 13B": kept as written, spaces made single (or the one id the card
            # writes for it, hyphenated).
            spoken = " ".join(ref["bare"].split())
            if _CLOSED_MODEL.match(spoken.replace(" ", "-")):  # "GPT 4", "Claude 3"
                return None, None, None, spoken
            return self._spoken_owner(spoken) or spoken, None, None, spoken
        return self._name(ref["bare"].rstrip(".-"), own_org, bare=True)

    def _text_over_target(self, text: str, target: str) -> str | None:
        """The id a Hub link's text writes when its target is another repo of the same org
        and the card writes the text's id elsewhere too ("[org/x-13b](…/org/x-7b)" on a
        13b card that names org/x-13b in its prose): the target is a copy slip."""
        written = _LINK_TEXT_ID.fullmatch(text.strip("` "))
        if written is None:
            return None
        text_id = written.group(0)
        t_org, _, t_name = text_id.partition("/")
        u_org, _, u_name = target.partition("/")
        if t_org.casefold() != u_org.casefold() or t_name.casefold() == u_name.casefold():
            return None
        if key(text_id) == self.own:
            return None
        if (mine := sizes(self.own)) and sizes(text_id) == mine and sizes(target) != mine:
            # "Base LLM: [org/x-7b](…/org/x-13b)" on a 7b card: the text is this model's size.
            return text_id
        lower, needle = self.raw.casefold(), text_id.casefold()
        count, at = 0, lower.find(needle)
        while at >= 0:
            before = lower[at - 1 : at] if at else ""
            if not _NAME_GOES_ON.match(lower, at + len(needle)) and not _NAME_GOES_ON.match(before):
                count += 1
            at = lower.find(needle, at + 1)
        return text_id if count >= 2 else None

    def _name(
        self, value: str, own_org: bool, bare: bool = False, code: bool = False
    ) -> tuple[str | None, str | None, str | None, str]:
        """A reference from link text, code or a bare word: an id, or a name to qualify.

        ``bare``: a word of the running text, which may be a name the card links elsewhere;
        ``code``: written as code, where a hyphenated name is an identifier
        (`` `paraphrase-mpnet-base-v2` ``) although no size is in it.
        """
        if "/" in value or "\\" in value or value.casefold() in ("none", "null"):
            parsed = reference(value)
            return parsed.model_id, parsed.revision, parsed.unresolved, value
        if (
            not _bare_like(value)
            and not (bare and self._linked_name(value))
            and not (bare and named_bare(value))
            and not (code and _CODE_NAME.fullmatch(value))
            and not (bare and self._own_release(value))
        ):
            return None, None, None, value
        # A bare name (no org) is only a model id if the card names exactly one ORG/NAME
        # with that name, e.g. in a usage command; a predecessor shares the card's org.
        owners = self._owners(value)
        if len(owners) == 1:
            return next(iter(owners)), None, None, value
        if not owners and bare and len(versioned := self._owners(value, _VERSION_TAIL)) == 1:
            # A bare name the card spells once in full with a release version after it.
            return next(iter(versioned)), None, None, value
        if not owners and own_org and self.own_org:
            return f"{self.own_org}/{value}", None, None, value
        if not owners and bare and self.own_org and self._own_release(value):
            # "Based on Evt_V2" on the card of Evt_V3: the author's own earlier release.
            return f"{self.own_org}/{value}", None, None, value
        if not owners and (known := known_id(value)):
            # A well-known base named exactly as its Hub repo ("Mistral-7B-v0.1").
            return known, None, None, value
        if not owners and not _CLOSED_MODEL.match(value):
            # Named without an org and nowhere else in the card: kept as written (a
            # placeholder a later import may fill in), as a careful reader would.
            return value, None, None, value
        return None, None, "model name without an organisation", value

    def _owners(self, name: str, tail: re.Pattern[str] | None = None) -> set[str]:
        """The ORG/NAME ids the card writes (plainly or in a Hub link) for a bare ``name``
        (``tail``: only those that go on with it, as "-v0.1" after the name)."""
        if self._lower_raw is None:
            self._lower_raw = self.raw.lower()
        lower = self._lower_raw
        if len(lower) != len(self.raw):
            lower = self.raw  # positions must line up; casing then has to match exactly
        needle = "/" + name.lower()
        found: dict[str, str] = {}
        at = lower.find(needle)
        while at >= 0:
            end = at + len(needle)
            pos, at = at, lower.find(needle, at + 1)
            if tail is not None:
                if (goes_on := tail.match(self.raw, end)) is None:
                    continue
                end = goes_on.end()
            elif _NAME_GOES_ON.match(self.raw, end):
                if not _HF_TAIL.match(self.raw, end):
                    continue
                end += 3  # "LLaMA-7b" and "org/llama-7b-hf": the same weights, HF format
            org = _ORG_BEFORE.search(self.raw, max(0, pos - 96), pos)
            if org is None or org.group(0).casefold() in _HUB_SECTIONS:
                continue
            before = self.raw[max(0, org.start() - 16) : org.start()]
            # "github.com/org/name" is another site; a Hub link or a plain id is the Hub.
            if before.endswith("/") and not _HUB_URL_TAIL.search(before):
                continue
            full = f"{org.group(0)}/{self.raw[pos + 1 : end]}"
            if key(full) != self.own:
                found.setdefault(key(full), full)
        return set(found.values())

    def add_dataset(self, ref: re.Match[str]) -> None:
        """A dataset after a "Dataset:" label, if it is a Hub dataset id or URL."""
        url = ref["lu"] or ref["url"]
        if url and _HF_URL.match(url):
            if "/datasets/" in url:
                self._dataset(dataset_id(url))
            return
        value = ref["bt"] or ref["id"]
        if value and "/" in value:
            self._dataset(dataset_id(value))

    def _claim(
        self,
        ref: re.Match[str],
        relation: Relation | None,
        strength: Strength,
        snippet: str,
        *,
        inferred: bool = False,
        conversion: bool = False,
        own_org: bool = False,
    ) -> None:
        model_id, revision, reason, raw = self._resolve(ref, own_org)
        if (
            model_id is None
            and reason == OFF_HUB
            and (named := off_hub_name(self.text, ref, strength))
        ):
            model_id, reason, raw = named, None, named  # `importers.off_hub_names`
        if model_id is None:
            # "built on [OpenHands](github…)" is not worth recording; a path or None is.
            if reason is not None and (strength > Strength.WEAK or reason in _WEAK_REASONS):
                self._unresolved(raw, reason)
            return
        if key(model_id) in (self.own, self.own_name):
            return
        if (
            strength is Strength.WEAK
            and model_id == raw
            and ref["bare"]
            and vague_bare(raw, snippet.isascii())
            and not model_after(self.text, ref.end())
        ):
            return  # "基于Llama2": see `importers.prose_bare.vague_bare`
        if (
            ref["bare"]
            and model_id == raw
            and (named_bare(raw) or raw.casefold() in _FAMILIES)
            and another_role_before(self.text, ref.start())
        ):
            return  # "the judge, fine-tuned from Llama3, …": the judge's base
        if "/" not in model_id and encoder_family_vague(
            self.text, model_id, ref, relation, strength
        ):
            return  # "based on BERT", "the RoBERTa large model": see `encoder_family_vague`
        if (ref.re is _SPOKEN and "/" not in model_id) or raw.strip("` ").casefold() in _FAMILIES:
            # A name as spoken ("Llama 2", "LLaMA") is vaguer than any id the card writes:
            # it stands only when nothing more explicit names a parent (unless the card
            # writes its id: "Pygmalion-2 13B" beside a link to ".../pygmalion-2-13b").
            strength = Strength.WEAK
        if (
            relation is None
            and raw.casefold() in _FAMILIES
            and _MOE_BEFORE.search(self.text, max(0, ref.start() - 80), ref.start())
        ):
            # "A Mixture of Experts based on Gemma": experts tuned from the family, none
            # published; the family stands for them, as their common base.
            relation = Relation.FINETUNE
        if relation is None:
            # The phrase names no relation: the sentence may ("… fine-tuned with LoRA");
            # otherwise the card reader infers one from the whole card.
            relation = _sentence_relation(self.text, ref.start(), ref.end())
            inferred = True
        claim = ProseClaim(model_id, relation, strength, snippet, inferred, conversion, revision)
        self.claims.append((ref.start(), claim))

    def _dataset_tail(self, pos: int) -> None:
        if pos in self._tails:
            return  # read for another phrase ending here: its dataset is noted already
        self._tails.add(pos)
        m = DATASET_TAIL.match(self.text, pos)
        if m is None:
            return
        if m["du"]:
            if _HF_URL.match(m["du"]) and "/datasets/" in m["du"]:
                self._dataset(dataset_id(m["du"]))
            return
        words = m["dn"].split()
        # The Trainer writes "{name} {config}" ("wikitext wikitext-2-raw-v1").
        if len(words) == 2 and not CONFIG_WORD.search(words[1]):
            return
        self._dataset(dataset_id(words[0]))

    def _dataset(self, value: str | None) -> None:
        if value and key(value) not in {key(d) for d in self.found.datasets}:
            self.found.datasets.append(value)

    def _unresolved(self, value: str, reason: str | None) -> None:
        if reason is None:
            return
        entry = Unresolved(value=value[:_SNIPPET], kind=EvidenceKind.CARD_PROSE, reason=reason)
        if entry not in self.found.unresolved:
            self.found.unresolved.append(entry)

    def _snippet(self, start: int, end: int) -> str:
        return " ".join(self.text[start:end].split())[:_SNIPPET]

"""The fallback readers `read_prose` skips give exactly what reading would have given.

`importers.prose._own_blind` reads a text once with no own id and, when that finds nothing,
tells every later card with the same text "nothing" without reading it; `_own_version` finds
`own_version_claims`' matches once per text. Checked here on texts made of the readers' own
words, for model ids that are and are not the names written.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers import made_from as M
from importers import prose
from importers.made_from import own_version_claims
from importers.prose_bare_kinds import bare_kind_claims
from importers.prose_claims import ProseClaim
from importers.prose_names import name_words
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from importers.prose_subject_names import subject_name_claims
from importers.prose_tuned_names import tuned_name_claims
from lineage.core.ids import key
from lineage.core.records import Relation

_READERS = [bare_kind_claims, tuned_name_claims, subject_name_claims]

# Lines each reader takes, and near misses; the names are the model ids below.
_LINES = [
    "- Base model used: Kite-13B",
    "**Model type:** Kite 7B",
    "Pretrained model: wren-lab/wren-base",
    "Model type: decoder-only transformer",
    "We fine-tuned Kite-2-13B on our data.",
    "We fine-tuned Kite-2-13B rather than a baseline on it.",
    "This data was used to fine-tune the Wren-7b-hf model.",
    "It can be used to fine-tune the Wren-7b-hf model.",
    "These are Heron-4-Base models finetuned on chats.",
    "This is a Kite 7B model, fine-tuned using LoRA.",
    "As base model, we used the latest Acme's kite-chat model.",
    "We fine-tuned a multilingual language model (mWREN) on news.",
    "As the base, I chose Heron-2.",
    "nothing to see here",
]
_SEPARATORS = st.sampled_from(["\n", "\n\n", " ", "\n- "])
_TEXTS = st.lists(st.tuples(st.sampled_from(_LINES), _SEPARATORS), max_size=5).map(
    lambda parts: "".join(line + sep for line, sep in parts)
)
_IDS = st.sampled_from(
    [
        "acme/Kite-13B",
        "acme/kite-13b",
        "acme/Kite-2-13B",
        "acme/Wren-7b-hf",
        "acme/Heron-4-Base",
        "acme/kite-chat",
        "acme/mWREN",
        "acme/Kite-7B",
        "acme/Kite 7B",
        "acme/other-model",
        "solo",
        "",
    ]
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS, st.lists(_IDS, min_size=1, max_size=4))
def test_a_skipped_reader_gives_what_reading_gives(text: str, model_ids: list[str]) -> None:
    # One scan shared by several cards, as a recurring text's is.
    scanned = prose._scan(text)
    for model_id in model_ids:
        for read in _READERS:
            got = prose._own_blind(read, scanned, model_id)
            assert got == read(scanned.text, scanned.lower, model_id)


def test_a_text_with_a_claim_is_read_for_each_card() -> None:
    scanned = prose._scan("- Base model used: Kite-13B\n")
    # The card's own name is no parent: nothing for it, the name for any other card.
    assert prose._own_blind(bare_kind_claims, scanned, "acme/Kite-13B") == []
    [(_, claim)] = prose._own_blind(bare_kind_claims, scanned, "acme/other")
    assert claim.parent == "Kite-13B"
    assert bare_kind_claims not in scanned.barren


def test_a_text_without_one_is_read_once() -> None:
    scanned = prose._scan("Model type: decoder-only transformer\n")
    assert prose._own_blind(bare_kind_claims, scanned, "acme/x") == []
    assert bare_kind_claims in scanned.barren


# -- `own_version_claims` judging the text's matches found once ------------------------


def _own_version_reference(
    text: str, lower: str, model_id: str, hits: frozenset[str]
) -> list[tuple[int, ProseClaim]]:
    """`own_version_claims` as it read before its matches were found apart (the reference)."""
    own_name = model_id.rsplit("/", 1)[-1]
    out: list[tuple[int, ProseClaim]] = []

    def add(at: int, name: str, snippet: str) -> None:
        name = name.rstrip(".,;:")
        if key(name) == key(own_name) or name.casefold() in M._PLAIN:
            return
        claim = ProseClaim(name, Relation.FINETUNE, Strength.LABEL, f"{M.RULE} {snippet.strip()}")
        out.append((at, claim))

    if "version" in hits or "edition" in hits:
        for start, end in M._lines_sized_before(lower, hits):
            for m in M._VERSION.finditer(text, start, end):
                name = m["name"] or m["name2"]
                words, own_words = name_words(name), set(name_words(own_name))
                if (
                    not own_words.issuperset(words)
                    or own_words & M._NOT_A_SOURCE
                    or set(words) & M._NOT_A_SOURCE
                ):
                    continue
                add(m.start("name" if m["name"] else "name2"), name, m.group(0))
    if "extension" in hits or "xpansion" in lower or "nhancement" in lower:
        for needle in ("expansion", "enhancement", "extension"):
            for start, end in lines_holding(lower, needle):
                for m in M._EXTENSION.finditer(text, start, end):
                    if not M._this_model(m["subject"], key(own_name)):
                        continue
                    name = m["name"]
                    if m["adj"] and not m["model"]:
                        continue
                    if not M._model_shaped(name) or M._NOT_NAMES.match(text, m.end("name")):
                        continue
                    add(m.start("name"), name, m.group(0))
    for needle in ("training was", "tuning was") if "tuning" in hits else ("training was",):
        for start, end in lines_holding(lower, needle):
            for m in M._STEP_ON.finditer(text, start, end):
                add(m.start("name"), m["name"], m.group(0))
    for needle in (" to enhance the ", " to improve the "):
        at = lower.find(needle, 0, M._TOP)
        if at >= 0:
            start = lower.rfind("\n", 0, at) + 1
            end = lower.find("\n", at)
            for m in M._TUNED_TO.finditer(text, start, end if end >= 0 else len(text)):
                add(m.start("name"), m["name"], m.group(0))
    return out


_VERSION_LINES = [
    "## Owl Lark 7b Version of v0.3",
    "It is back in a Lark 7b version.",
    "This is the Lark 7B edition.",
    "the GGUF Lark 7B edition",
    "Proteus serves as an enhancement over Wren-2.1.",
    "It's an expansion of Heron2-7B",
    "This model is an extension of the original Lark",
    "The cDPO training was done directly on Lark-20b-v2",
    "Our fine-tuning was performed on Heron-7b.",
    "SFT to enhance the reasoning ability of Wren",
    "DPO to improve the coding skills of Kite 7B.",
    "nothing to see here",
]
_VERSION_TEXTS = st.lists(st.tuples(st.sampled_from(_VERSION_LINES), _SEPARATORS), max_size=5).map(
    lambda parts: "".join(line + sep for line, sep in parts)
)
_VERSION_IDS = st.sampled_from(
    ["acme/Owl-Lark-7b", "acme/Proteus", "acme/Lark-7B", "acme/Lark-20b-v2", "acme/Wren",
     "acme/gguf-lark-7b", "acme/other", "solo", ""]
)  # fmt: skip


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_VERSION_TEXTS, st.lists(_VERSION_IDS, min_size=1, max_size=4))
def test_own_version_claims_read_as_before(text: str, model_ids: list[str]) -> None:
    scanned = prose._scan(text)  # shared by several cards, as a recurring text's is
    for model_id in model_ids:
        got = prose._own_version(scanned, model_id)
        assert got == _own_version_reference(scanned.text, scanned.lower, model_id, scanned.hits)
        assert got == own_version_claims(scanned.text, scanned.lower, model_id, scanned.hits)


def test_own_version_matches_found_once() -> None:
    scanned = prose._scan("The cDPO training was done directly on Lark-20b-v2\n")
    [(_, claim)] = prose._own_version(scanned, "acme/other")
    assert claim.parent == "Lark-20b-v2"
    assert scanned.own_version is not None and len(scanned.own_version) == 1
    assert prose._own_version(scanned, "acme/Lark-20b-v2") == []
    plain = prose._scan("nothing to see here\n")
    assert prose._own_version(plain, "acme/x") == [] and plain.own_version == ()


def test_fallback_triggers_of_a_set_of_hits_are_one_shared_list() -> None:
    from importers.prose_needles import needle_hits
    from importers.prose_phrases import FALLBACK_TRIGGERS

    lower = "this model was trained from a base checkpoint and fine-tuned on data\n"
    hits = needle_hits(lower, True)
    first = prose._with_needles(FALLBACK_TRIGGERS, hits, lower)
    want = [t for t in FALLBACK_TRIGGERS if not hits.isdisjoint(t.needles)]
    assert first == want and first
    assert prose._with_needles(FALLBACK_TRIGGERS, hits, lower) is first

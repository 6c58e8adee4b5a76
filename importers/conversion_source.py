"""The model a conversion repo (``ORG/X-GGUF``, ``ORG/X-AWQ``, ``ORG/X-4bit``) was made from.

A conversion card usually keeps the original's text, whose lineage sentences
name the grand-parents ("X is fine-tuned from Y"). The repo's own name says
what it converts: the model called ``X``. It is read, in this order, as

1. the one ``ORG/X`` the card names (a Hub link or an id, not the card itself);
2. a well-known base called exactly ``X`` (`importers.known_models`);
3. when the conversion line writes the name alone ("# X GGUF Models"), the one
   ``ORG/X`` the card writes elsewhere (the copied card's "Model Card for ORG/X");
4. ``OWN_ORG/X`` when it declares no YAML parent: a publisher's own GGUF or
   ONNX release of its model.

Each needs a line that writes the name beside a conversion word ("# X GGUF",
"X in AWQ format"): a name alone is no statement. A card that declares no parent
and states none of its own may also name ``X`` (or X's family, the name before its
size: "Lark1.5" for "Lark1.5-7B-Chat") as the subject of a lineage sentence
("X is a model fine-tuned from Y"): the text is X's own card, copied, so ``Y`` is a
grand-parent and ``X`` the source.

The claim is a conversion statement, so the card reader lets it outrank the
copied sentences. Pure: text in, a claim out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from importers.card_yaml import YamlParent
from importers.known_models import known_id
from importers.prose import ProseClaim, ProseFindings, Strength, conversion_phrase_claims
from importers.prose_names import name_words
from importers.roles import QUANT_NAME_TOKEN, is_conversion_name, name_tokens
from lineage.core.ids import key, parse_reference
from lineage.core.records import Relation

# The name is only read as the source on a line that speaks of the conversion
# ("# X GGUF Models", "`X` in GGUF format", "[full](…X) / [exl2](…) / gguf").
_CONVERSION_WORDS = re.compile(
    r"gguf|ggml|gptq|awq|exl[23]|onnx|mlx|quanti[sz]|quants?\b|[48]-?bit|bnb|convert|conversion",
    re.I,
)
_HUB_BEFORE = re.compile(r"(?:huggingface\.co|hf\.co)/\Z", re.I)
_ORG_BEFORE = re.compile(r"(?<![\w.-])[A-Za-z0-9][\w-]*\Z")
_NOT_MODELS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections", "api"})
_BEFORE = re.compile(r"[\w/.-]")
_AFTER = re.compile(r"[\w/-]|\.[a-z0-9]")
# A GPTQ group size beside the bit width ("X-4bit-128g"): part of the conversion's name.
_GROUP_SIZE = re.compile(r"(?:32|64|128|256|1024)g\Z", re.I)
_TRAILING_TOKEN = re.compile(r"[-_.](?P<tok>[A-Za-z0-9]+)$")
# "X is a … fine-tuned from Y": X opens the line (after markup) and a lineage verb follows.
_MARKUP_ONLY = re.compile(r"[\s*_`#>|-]*\Z")
_SUBJECT_VERB = re.compile(r"[*_`]*\s+(?:is|was)\s", re.I)
_LINEAGE_WORDS = re.compile(
    r"fine-?tun|based on|trained (?:on top of|from)|built (?:on|upon)|distill|derived from", re.I
)
_SUBJECT_MARK = "[conversion-source:subject]"
# The words of a card that tells how its model was made (a merge, a tuning, a base).
_TOLD_LINEAGE = re.compile(
    r"merge|fine-?tun|based on|trained (?:on top of|from)|built (?:on|upon)", re.I
)
_SIZE_TOKEN = re.compile(r"\d+(?:\.\d+)?[bmk]\Z")


def stem_name(name: str) -> str | None:
    """``X`` of a conversion repo name ``X-GGUF`` / ``X-4bit-AWQ``; ``None`` if it is no conversion."""
    # "-fp16"/"-bf16" also end the names of original full-precision releases.
    if not is_conversion_name(name.casefold().replace("fp16", "").replace("bf16", "")):
        return None
    stem = name
    while (m := _TRAILING_TOKEN.search(stem)) and (
        QUANT_NAME_TOKEN.match(m["tok"]) or _GROUP_SIZE.match(m["tok"])
    ):
        stem = stem[: m.start()]
    return stem if stem != name and name_tokens(stem) else None


def conversion_source(
    body: str, model_id: str, *, has_yaml_parent: bool, yaml_ids: tuple[str, ...] = ()
) -> ProseClaim | None:
    """The model a conversion-named repo converts, when the card lets it be told.

    ``yaml_ids`` are the YAML's declared parents when that YAML is the original's, copied
    (`copied_yaml_parents`): a base with another name than ``X`` is X's own base then, and
    does not hold back the one ``ORG/X`` the card writes.
    """
    if "/" not in model_id:
        return None
    own_org, _, own_name = model_id.partition("/")
    stem = stem_name(own_name)
    if stem is None:
        return None
    lower = body.lower()
    if len(lower) != len(body):
        return None  # positions would not line up (rare letters change length)
    # "-", "_" and "." all separate tokens: plain finds, no pattern compiled per name
    # (`_flat`: two replaces, several times quicker than a translate table on a long card).
    flat = _flat(lower)
    needle = "-".join(name_tokens(stem))
    named = _ids_named(body, flat, needle)  # pure: read once, used by every rule below
    found: dict[str, str] = {}
    for start, parent in named:
        if (
            key(parent) != key(model_id)
            and _CONVERSION_WORDS.search(_line(body, start))
            and not _in_path(body, start)
        ):
            found.setdefault(key(parent), parent)
    rule = "named"
    if len(found) == 1:
        parent = next(iter(found.values()))
    elif found:
        return None
    elif not _written(body, lower, flat, needle):
        spoken = _spoken_in_heading(body, needle) if "#" in body else None
        if spoken is not None:
            # "# GGUF quants of Lark 1.5 Chat 7B": the source as the heading writes it, or
            # as the one ORG/NAME with that name elsewhere in the card (a download link).
            ids = {
                key(p): p
                for start, p in named
                if key(p) != key(model_id) and not _in_path(body, start)
            }
            written = next(iter(ids.values())) if len(ids) == 1 else None
            parent, rule = written or known_id(stem) or spoken, "heading"
        elif not has_yaml_parent and _titled(body, needle) and _TOLD_LINEAGE.search(body):
            # "# X" as the card's title, then X's own lineage (its merge recipe, its base):
            # the original's card, copied whole into its conversion repo (which never says
            # it converts anything). A title alone, with no lineage told, says nothing.
            ids = {
                key(p): p
                for start, p in named
                if key(p) != key(model_id) and not _in_path(body, start)
            }
            written = next(iter(ids.values())) if len(ids) == 1 else None
            parent, rule = written or known_id(stem) or f"{own_org}/{stem}", "title"
        elif (loaded := _only_id_named(body, named, model_id)) and (
            not has_yaml_parent or _yaml_names_another(yaml_ids, needle)
        ):
            # A repack over the original's copied card ("Quantized for X" above it) that
            # writes the source only as the one ORG/X of the copied loading code or of a
            # download link ("the full model: https://huggingface.co/ORG/X"), whatever
            # other base the copied YAML declares.
            parent, rule = loaded, "only-id"
        elif has_yaml_parent or not _subject_of_lineage(body, flat, stem):
            return None
        else:
            parent, rule = known_id(stem) or f"{own_org}/{stem}", "subject"
    elif known := known_id(stem):
        parent, rule = known, "known"
    elif written_id := _only_id_named(body, named, model_id):
        # "# X GGUF Models" with the name alone, and the one ORG/X the card writes elsewhere
        # (the copied original card's "Model Card for ORG/X", a download link): that repo.
        parent, rule = written_id, "written"
    elif not has_yaml_parent:
        parent, rule = f"{own_org}/{stem}", "own-org"
    else:
        return None
    text = f"[conversion-source:{rule}] {model_id} is named as a conversion of {parent}"
    return ProseClaim(parent, Relation.QUANTIZED, Strength.LABEL, text, conversion=True)


def _ids_named(body: str, flat: str, needle: str) -> list[tuple[int, str]]:
    """(start, ``ORG/NAME``) of every id in the text whose NAME is ``needle`` (flattened)."""
    out: list[tuple[int, str]] = []
    probe = "/" + needle
    size = len(probe)
    at = flat.find(probe)
    while at >= 0:
        end = at + size
        pos, at = at, flat.find(probe, at + 1)
        # The name goes on ("/x-q8_0.gguf"): a word character or "-" follows; ``flat`` has
        # no "_", and ``str.isalnum`` is the rest of ``\w``. Most hits of a quant table end here.
        if (after := flat[end : end + 1]) and (after == "-" or after.isalnum()):
            continue
        org = _ORG_BEFORE.search(body, max(0, pos - 96), pos)
        if org is None or org.group(0).casefold() in _NOT_MODELS:
            continue
        ref = parse_reference(f"{org.group(0)}/{body[pos + 1 : end]}")
        if ref.model_id is not None:
            out.append((org.start(), ref.model_id))
    return out


def _yaml_names_another(yaml_ids: tuple[str, ...], needle: str) -> bool:
    """Whether the YAML declares parents and none is ``X`` (``needle``), not even written
    longer ("X-v1.0", "X-hf"): the original's own bases, copied (a shorter name is
    usually the base X was named after: "Lark-7B" for "Owl-Lark-7B")."""
    mine = set(needle.split("-"))
    return bool(yaml_ids) and not any(
        mine <= set(name_tokens(y.rsplit("/", 1)[-1])) for y in yaml_ids
    )


def copied_yaml_parents(
    meta: dict[str, object], model_id: str, parents: Sequence[YamlParent]
) -> tuple[str, ...]:
    """The YAML's declared parents when the YAML is the original's, copied: its
    ``model-index`` names the model ``X`` of this ``X-GGUF`` repo, so its ``base_model`` is
    X's base; ``()`` otherwise."""
    index = meta.get("model-index")
    first = index[0] if isinstance(index, list) and index else None
    name = first.get("name") if isinstance(first, dict) else None
    stem = stem_name(model_id.rsplit("/", 1)[-1])
    if not isinstance(name, str) or stem is None:
        return ()
    if name_tokens(name.rsplit("/", 1)[-1]) != name_tokens(stem):
        return ()
    return tuple(p.model_id for p in parents)


def _only_id_named(body: str, named: list[tuple[int, str]], model_id: str) -> str | None:
    """The one ``ORG/X`` the card names (not itself, not a local path) when it speaks of a
    conversion somewhere ("Quantized for …"); ``None`` when it names none or several.
    ``named`` is `_ids_named` of the card's text."""
    if not _CONVERSION_WORDS.search(body):
        return None
    ids = {key(p): p for start, p in named if key(p) != key(model_id) and not _in_path(body, start)}
    return next(iter(ids.values())) if len(ids) == 1 else None


def _written(body: str, lower: str, flat: str, needle: str) -> bool:
    """Whether a line of the text writes the name as a word beside a conversion word."""
    at = flat.find(needle)
    while at >= 0:
        end = at + len(needle)
        word = (at == 0 or not _BEFORE.match(lower, at - 1)) and not _AFTER.match(lower, end)
        if word and _CONVERSION_WORDS.search(_line(body, at)):
            return True
        at = flat.find(needle, at + 1)
    return False


def _subject_of_lineage(body: str, flat: str, stem: str) -> bool:
    """Whether a line opens with the stem (or its family) as subject of a lineage sentence."""
    tokens = name_tokens(stem)
    sized = next((i for i, t in enumerate(tokens) if _SIZE_TOKEN.match(t)), len(tokens))
    needles = ["-".join(tokens)]
    if 0 < sized < len(tokens) and any(ch.isalpha() for ch in tokens[0]):
        needles.append("-".join(tokens[:sized]))
    for needle in needles:
        at = flat.find(needle)
        while at >= 0:
            end = at + len(needle)
            start = body.rfind("\n", 0, at) + 1
            if (
                _MARKUP_ONLY.match(body, start, at)
                and _SUBJECT_VERB.match(body, end)
                and _LINEAGE_WORDS.search(_line(body, at))
            ):
                return True
            at = flat.find(needle, at + 1)
    return False


def _titled(body: str, needle: str) -> bool:
    """Whether the card's first heading is the stem alone ("# X", "# **X**")."""
    heading = _HEADING_LINE.search(body)
    if heading is None:
        return False
    title = heading.group(1).strip(" \t*_`#").lower().translate(_FLAT_SPOKEN)
    return title == needle


def _spoken_in_heading(body: str, needle: str) -> str | None:
    """The stem as a heading beside a conversion word writes it with spaces ("X 1.5 Chat").

    ``needle`` is the stem's tokens joined by "-"; a heading is flattened the same way,
    spaces included, so positions in it stay those of the heading.
    """
    for heading in _HEADING_LINE.finditer(body):
        line = heading.group(1)
        flat = line.lower().translate(_FLAT_SPOKEN)
        at = flat.find(needle)
        if at < 0 or len(flat) != len(line) or not _CONVERSION_WORDS.search(line):
            continue
        end = at + len(needle)
        lower = line.lower()
        if (at and _BEFORE.match(lower, at - 1)) or _AFTER.match(lower, end):
            continue
        found = line[at:end]
        if " " in found:
            return " ".join(found.split())
    return None


_HEADING_LINE = re.compile(r"^[ \t]*#{1,6}[ \t]+([^\n]+)$", re.M)
_FLAT_SPOKEN = str.maketrans({"_": "-", ".": "-", " ": "-", "\t": "-"})


def _in_path(body: str, at: int) -> bool:
    """Whether an ``ORG/NAME`` at ``at`` is the tail of a local path (``./models/x``)."""
    if at == 0 or body[at - 1] not in "/\\":
        return False
    return _HUB_BEFORE.search(body, max(0, at - 24), at) is None


def _flat(lower: str) -> str:
    """The text with "_" and "." written "-" (two replaces: quicker than a translate table)."""
    return lower.replace("_", "-").replace(".", "-")


def _line(body: str, at: int) -> str:
    start = body.rfind("\n", 0, at) + 1
    end = body.find("\n", at)
    return body[start : end if end >= 0 else len(body)]


def _names_the_source(c: ProseClaim) -> bool:
    """A label naming the original ("Original model: X") rather than a lineage verb."""
    return c.strength >= Strength.LABEL and c.relation in (None, Relation.QUANTIZED)


def vaguer(parent: str, stem: str) -> bool:
    """Whether ``parent`` is the stem written shorter and without an org: its start ("Phi-3"
    for X) or its words in order with some left out ("Lark 2 7B" for "Lark-2-Owl-7B-DPO")."""
    if "/" in parent:
        return False
    short, full = name_tokens(parent), name_tokens(stem)
    if len(short) < len(full) and full[: len(short)] == short:
        return True
    words, rest = name_words(parent), iter(name_words(stem))
    return 1 < len(words) < len(full) and all(w in rest for w in words)


def with_conversion_source(
    prose: ProseFindings,
    body: str,
    model_id: str,
    has_yaml_parent: bool,
    yaml_ids: tuple[str, ...] = (),
) -> ProseFindings:
    """A conversion repo's source (`importers.conversion_source`) as a prose conversion claim.

    A conversion statement the prose already makes wins, unless it only names the
    source's family without an org ("GGUF files for the Phi-3"). The phrases only such
    a card is read for ("GGUF of X", "Model page: X") are statements too.
    """
    merged = _merged_lora_sources(prose, body)
    if merged is not None:
        return replace(prose, claims=merged)
    stated = conversion_phrase_claims(body, model_id)
    if stated:
        held = {key(c.parent) for c in prose.claims}
        new = [c for c in stated if key(c.parent) not in held]
        if new:
            converted = prose.conversion_wording or any(c.conversion for c in new)
            prose = replace(prose, claims=new + prose.claims, conversion_wording=converted)
    source = conversion_source(body, model_id, has_yaml_parent=has_yaml_parent, yaml_ids=yaml_ids)
    if source is None:
        return prose
    stem = stem_name(model_id.rsplit("/", 1)[-1]) or ""
    vague = [c for c in prose.claims if c.conversion and vaguer(c.parent, stem)]
    if any(c.conversion for c in prose.claims if c not in vague):
        return prose
    if source.snippet.startswith(_SUBJECT_MARK):
        labels = [c for c in prose.claims if _names_the_source(c)]
        if labels:
            # "Original model: …" names the source already; the copied sentence's own
            # bases are grand-parents (merge inputs stay: a merge's GGUF lists them).
            kept = [c for c in prose.claims if c in labels or c.relation is Relation.MERGE]
            return replace(prose, claims=kept)
    claims = [source, *(c for c in prose.claims if c not in vague)]
    return replace(prose, claims=claims, conversion_wording=True)


# "GPTQ 4bit model files for [A](…) merged with [B](…)": the conversion of A with B's LoRA
# folded in, written right after A's link.
_MERGED_WITH = re.compile(r"[ \t]*(?:,[ \t]*)?(?P<w>merged[ \t]+with[ \t]+)(?=\[)", re.I)


def _merged_lora_sources(prose: ProseFindings, body: str) -> list[ProseClaim] | None:
    """A and B of "files for [A](…) merged with [B](…)", or ``None`` for other cards.

    The files hold A with B merged into it: A is tuned (its base, with one merged-in
    LoRA), B is merged; both are what the repo converts, so the rest of the card (the
    original's text, the link text's own "merge of …") names grand-parents.
    """
    sources = [c for c in prose.claims if c.conversion and c.snippet.endswith(")")]
    if len(sources) != 1 or "merged with" not in body:
        return None
    source = sources[0]
    at = body.find(source.snippet)
    after = _MERGED_WITH.match(body, at + len(source.snippet)) if at >= 0 else None
    if after is None:
        return None
    for c in prose.claims:
        if c.relation is Relation.MERGE and body.startswith(c.snippet, after.start("w")):
            tuned = replace(source, relation=Relation.FINETUNE)
            return [tuned, replace(c, conversion=True)]
    return None

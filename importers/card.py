"""Read a Hugging Face model card (README.md) into a `SourceRecord`.

The YAML front matter gives the model's facts and its declared parents
(``base_model``, ``base_model_relation``, the Hub's ``base_model:REL:ID`` tags);
the prose adds what people write instead (`importers.prose`). When the card
does not state how the model was derived, the relation is inferred from the
rest of the card and the claim says so (``relation_inferred``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from importers import card_values as values
from importers import scorer, scorer_bare
from importers.bare_teacher import BARE_TEACHER, bare_teacher_claims
from importers.base import FileReader
from importers.card_base_sections import base_section_lineage
from importers.card_base_sentences import base_told_lineage
from importers.card_bases import ancestor_of_stated
from importers.card_copies import without_copied_lineage
from importers.card_forms import (
    dare_source_claims,
    form_claims,
    recipe_url_claims,
    share_url_claims,
)
from importers.card_fuller import fuller_written_names
from importers.card_items import LABELLED_ITEMS, labelled_items_merged, told_only_in_items
from importers.card_larger import without_larger_starts
from importers.card_links import companion_vaes, credited_works, moved_to, retrained, stand_ins
from importers.card_names import family_of
from importers.card_passes import (
    add_copy,
    base_of_own,
    column_titles,
    control_network_copies,
    dedupe,
    note,
    other_size,
    others_items,
    others_lineage,
    own_name_then_base,
    same_name_copies,
    spoken_teacher,
    stage_of_base,
)
from importers.card_pointers import without_pointed
from importers.card_recipes import intermediate, local_recipe_name, recipe_steps
from importers.card_resolve import resolved_short_names
from importers.card_siblings import column_bases, siblings_lineage, told_of_others
from importers.card_signals import (
    Signals,
    adapter_claimed,
    declared_adapter,
    loads_itself_as_lora,
    loads_itself_whole,
)
from importers.card_spelling import fullest_spellings
from importers.card_subjects import TRAINING_COMMAND, text_of_start_model
from importers.card_yaml import (
    YamlParent,
    base_release_stated,
    declared_keys,
    declared_parents,
)
from importers.chained_base import chained_base
from importers.component_links import component_ids
from importers.conversion_source import copied_yaml_parents, with_conversion_source
from importers.converted_weights import RULE as CONVERTED_WEIGHTS
from importers.converted_weights import converted_weights_claims
from importers.counted_links import counted_link_claims
from importers.derived_links import derived_link_claims, used_as_start_claims
from importers.family_member import family_members
from importers.family_trained_on import (
    FAMILY_BASED,
    FAMILY_BUILT_ON,
    family_claims,
    family_yields,
)
from importers.formats import fill as fill_formats
from importers.frontmatter import decode_card, split_front_matter
from importers.image_adapter_base import IMAGE_ADAPTER_BASE, image_adapter_claims
from importers.label_lines import RULE as LABEL_LINE
from importers.label_lines import label_line_claims
from importers.late_guards import (
    without_architecture_bases,
    without_non_models,
    without_vaguer_families,
)
from importers.linked_objects import tuned_link_claims
from importers.listed_parents import listed_parent_claims, merge_script_claims, written_in_full
from importers.lora_applied import lora_applied_claims
from importers.lora_folded import folded_lora
from importers.made_from import far_source_claims, parents_own_lineage
from importers.merge_bare import (
    BARE_MERGE_LIST,
    PLUS_RECIPE,
    bare_merge_list_claims,
    plus_recipe_claims,
)
from importers.merge_credits import composed_link_claims, reference_line_claims
from importers.merge_first import listed_beside
from importers.merge_lists import (
    AB_RECIPE,
    MERGE_LIST_NAME,
    SUM_RECIPE,
    WEIGHT_LIST,
    ab_recipe_claims,
    merge_links,
    merge_list_claims,
    merged_lora_claims,
    plain_recipe_claims,
    sum_recipe_claims,
    weight_list_claims,
    weighted_recipe_claims,
)
from importers.merge_name_lists import NAME_LIST, name_list_claims
from importers.merge_prose import (
    MERGED_FROM_ZH,
    MERGED_LIST,
    MERGED_VERSION,
    SUCH_AS,
    merged_from_zh_claims,
    merged_list_claims,
    merged_version_claims,
    same_words_id,
    such_as_claims,
)
from importers.merge_steps import merge_step_claims
from importers.merge_tables import merged_in_claims, recipe_bullet_claims, table_input_claims
from importers.merged_ids import merged_id_claims
from importers.merged_in_bare import MERGED_IN_BARE, merged_in_bare_claims
from importers.merged_with import RULE as MERGED_WITH
from importers.merged_with import merged_with_claims
from importers.off_hub_trained import OFF_HUB_TRAINED, off_hub_trained_claims
from importers.opening_decoration import on_opening, undecorated_opening
from importers.org_starts import ORG_START, org_start_claims
from importers.original_links import original_link_claims
from importers.own_copies import written_elsewhere
from importers.prose import ProseClaim, ProseFindings, Strength, read_prose
from importers.prose_bare import short_for
from importers.prose_bare_base import SPOKEN_BASE, spoken_base_claims
from importers.prose_bare_cased import CASED_START, cased_start_claims
from importers.prose_names import LEGACY_ROOT
from importers.prose_traps import without_traps
from importers.prose_tuned_names import only_tuned_names, yielding_to_others
from importers.references import reference, site_pages
from importers.roles import (
    is_child,
    links_own_conversions,
    precision_twins,
    role_claims,
    without_disjoint_recipe,
)
from importers.self_merge import self_merge_claims
from importers.stated_roles import RULE as STATED_ROLE
from importers.stated_roles import stated_role_claims
from importers.tables import base_column_claims
from importers.teacher_roles import (
    TEACHER_ROLE,
    stage_teachers,
    taught_stage,
    teacher_role_claims,
)
from importers.trainer_filler import (
    HYPERPARAMETERS,
    TEMPLATE_BLANK,
    without_template_blanks,
    without_trainer_filler,
)
from importers.yaml_over_prose import stated_tuned_start, tuned_of_declared
from lineage.core.ids import key
from lineage.core.records import (
    Claim,
    EvidenceKind,
    Relation,
    SourceRecord,
    Unresolved,
    confidence_for,
)

_YAML = EvidenceKind.CARD_YAML
_PROSE = EvidenceKind.CARD_PROSE

_SINGLE_BASE = frozenset({Relation.FINETUNE, Relation.ADAPTER, Relation.QUANTIZED})
# Unpublished pieces of a multi-step merge ("X-pt.1", "X_stp.2"): steps, not inputs.
_TOKENIZER_ENDS = ("tokenizer", "tokeniser")
_TOKENIZER_NAME = re.compile(r"[-_.\s]tokeni[sz]er$", re.I)
_MERGE_PIECE = re.compile(r"[-_.](?:s?t?p|pt|part|step)[-_.]?\d+$", re.I)
# "v1.5", "2.0", "V3": a version of some model the text does not name.
_VERSION_ONLY = re.compile(r"[vV]?\d+(?:[.-]\d+)*[a-z]?")  # ("v1-4": a hyphen too)
# "Original model: [run-2022-02-25.zip](https://files.example.org/…)": an archive to download
# (a training run's release), a file and no model repo.
_ARCHIVE_FILE = re.compile(r"\.(?:zip|tar|tgz|gz|bz2|xz|7z|rar)$", re.I)


def read_card_bytes(data: bytes, model_id: str, location: str) -> list[SourceRecord]:
    """Read a card file's bytes (any encoding, BOM, CRLF); returns ``[record]``."""
    record = read_card(decode_card(data, location), model_id, location)
    # ASCII bytes always decode (most cards): no second decoding to look for bad bytes.
    if not data.isascii() and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            # The card is kept (lose nothing), but the user hears about the bad bytes.
            record.warnings.append(
                f"not valid UTF-8 (byte {exc.start}); undecodable bytes replaced"
            )
    return [record]


def read_card(text: str, model_id: str, location: str) -> SourceRecord:
    """Read one model card.

    Raises `lineage.core.errors.CardError` for cards that cannot be read at all
    (empty, too large, unclosed or malformed front matter, alias bombs). Odd
    values (a number as ``base_model``, a broken ``model-index``) never fail
    the card: they become `Unresolved` entries or are skipped.
    """
    front = split_front_matter(text, location)
    if HYPERPARAMETERS in front.body:  # a card the Trainer generated: its filler lines emptied
        front.body = without_trainer_filler(front.body)
    if TEMPLATE_BLANK in front.body:  # the Hub's card template: its unfilled fields emptied
        front.body = without_template_blanks(front.body)
    meta = front.data
    record = SourceRecord(model_id=model_id, source=f"card:{model_id}", location=location)
    record.license = values.text(meta.get("license"))
    record.license_name = values.text(meta.get("license_name"))
    record.license_link = values.text(meta.get("license_link"))
    record.library = values.text(meta.get("library_name"))
    record.pipeline_tag = values.text(meta.get("pipeline_tag"))
    record.tags = values.strings(meta.get("tags"))
    record.languages = values.languages(meta.get("language"))
    record.datasets = values.datasets(meta.get("datasets"))
    record.evals = values.evals(meta.get("model-index"))
    new_version = reference(meta["new_version"]) if "new_version" in meta else None
    record.new_version = new_version.model_id if new_version else None
    fill_formats(record)

    prose = read_prose(front.body, model_id, fallback=not meta.get("base_model"))
    if prose.claims:  # a family named first, its checkpoint later (`importers.family_member`)
        prose = family_members(prose, front.body, model_id, fallback=not meta.get("base_model"))
    elif opened := undecorated_opening(front.body):  # `importers.opening_decoration`
        again = read_prose(opened[0], model_id, fallback=not meta.get("base_model"))
        if claims := [c for c in again.claims if on_opening(c.snippet, opened[1])]:
            prose = replace(prose, claims=claims)  # a logo above the opening sentence
    prose = others_items(record, prose, front.body)
    for name in prose.datasets:
        if key(name) not in {key(d) for d in record.datasets}:
            record.datasets.append(name)
    signals = Signals.of(model_id, meta, record, prose)
    if (signals.adapter or adapter_claimed(prose)) and loads_itself_whole(front.body, model_id):
        # Adapter words (LoRA, a peft tag, "a QLoRA fine-tune of X") on a repo its own code
        # loads as a whole model: the adapter was folded into the weights, as a "-merged"
        # name says.
        signals.adapter, signals.lora_merged = False, True
    elif (
        signals.adapter
        and not declared_adapter(record)
        and links_own_conversions(front.body, model_id)
    ):
        # An adapter only by its name or words whose card links its own quantizations
        # (quantizers convert full weights): the adapter was merged into its base.
        signals.adapter, signals.lora_merged = False, True
    elif folded_lora(front.body, model_id, signals.adapter, prose, record):
        signals.adapter, signals.lora_merged = False, True  # `importers.lora_folded`
    if (
        not signals.adapter
        and not signals.lora_merged
        and loads_itself_as_lora(front.body, model_id)
    ):
        signals.adapter = True  # "pipe.load_lora_weights('this/repo')": the repo is a LoRA
    if not signals.quant_strong:  # "this model was DPO'd from [X](…)" (`yaml_over_prose`)
        prose = stated_tuned_start(prose, front.body, model_id)
    yaml_parents = declared_parents(meta, record, signals)
    if len(yaml_parents) == 1 and yaml_parents[0].relation is None and not signals.quant_strong:
        prose, yaml_parents = base_release_stated(record, yaml_parents, prose, front.body)
    if signals.quant_strong:
        yaml_ids = copied_yaml_parents(meta, model_id, yaml_parents)
        prose = with_conversion_source(prose, front.body, model_id, bool(yaml_parents), yaml_ids)
    erge = "erge" in front.body  # merge, merged, Merge: looked for once
    # (A bare name from a fine-tune statement leaves room for the weak rules: a training
    # command, a conversion's name, which it then gives way to, `yielding_to_others`.)
    weak = not yaml_parents and (not prose.claims or only_tuned_names(prose.claims))
    roles = role_claims(front.body, model_id, weak=weak, erge=erge, code=prose.code)
    roles = without_disjoint_recipe(prose.claims, roles)
    if prose.merge_or_lora_words:
        roles += lora_applied_claims(front.body, model_id)
    roles += base_column_claims(front.body, model_id)
    roles += label_line_claims(front.body, model_id)  # `importers.label_lines`
    # Every Hub link ("huggingface.co/", "hf.co/") holds "co/": the rules reading links (each
    # returns nothing on a card without one) are skipped with one test.
    hub_link = "co/" in front.body
    if not yaml_parents:
        if hub_link:
            roles += tuned_link_claims(front.body, model_id)
            roles += derived_link_claims(front.body, model_id)
        roles += used_as_start_claims(front.body, model_id)
        if hub_link:
            roles += far_source_claims(front.body, model_id)
    if prose.merge_or_lora_words and model_id.split("/", 1)[0] + "/" in front.body:
        # LoRA, QLoRA, lora, and the card's org spelled: its own adapter, merged in.
        roles += merged_lora_claims(front.body, model_id)
    if erge:
        # Recipes (mergekit's merge_method, weights, sums) belong to cards that speak of merging.
        roles += plain_recipe_claims(front.body, model_id)
        roles += weighted_recipe_claims(front.body, model_id)
        roles += sum_recipe_claims(front.body, model_id)
        roles += counted_link_claims(front.body, model_id)
        roles = recipe_url_claims(front.body, model_id, roles)
        roles += ab_recipe_claims(front.body, model_id)
        roles += labelled_items_merged(front.body, model_id)
        roles += table_input_claims(front.body, model_id)
        roles += bare_merge_list_claims(front.body, model_id)
        roles += plus_recipe_claims(front.body, model_id)
        roles += merged_list_claims(front.body, model_id) + such_as_claims(front.body, model_id)
        roles += composed_link_claims(front.body, model_id)  # `importers.merge_credits`
        roles += reference_line_claims(front.body, model_id)
        if not signals.quant_strong:  # (a quantization's copy of its original's recipe)
            roles += merge_step_claims(front.body, model_id)  # `importers.merge_steps`
    # A card that never says "erge", "ERGE" nor "erging" has none of the merge words the
    # weight-list rule looks for first; the name-list and Chinese merge-sentence rules then
    # need マージ or a word holding 合 (融合, 合并, 合併, 混合), never on an ASCII card. Each
    # returns nothing without them: two tests a card stand for their own.
    merge_words = erge or "ERGE" in front.body or "erging" in front.body
    cjk_merge_words = merge_words or (
        not front.body.isascii() and ("合" in front.body or "マージ" in front.body)
    )
    if merge_words:
        roles += weight_list_claims(front.body, model_id)
    roles += recipe_bullet_claims(front.body, model_id)
    if erge:
        roles += merged_in_claims(front.body, model_id)
        roles += merged_in_bare_claims(front.body, model_id)  # `importers.merged_in_bare`
    if erge or prose.merge_or_lora_words:
        roles += form_claims(front.body, model_id, erge, prose.merge_or_lora_words)
    roles += dare_source_claims(front.body, model_id)
    roles += self_merge_claims(front.body, model_id)
    roles += merged_with_claims(front.body, model_id, roles)
    if cjk_merge_words:
        roles += name_list_claims(front.body, model_id)
        roles += merged_from_zh_claims(front.body, model_id)
    if erge:
        roles += merged_version_claims(front.body, model_id)
    if hub_link:
        roles += listed_parent_claims(front.body, model_id)
    roles += merge_script_claims(front.body, model_id)
    if hub_link:
        # ("a 50%-50% model of A and B" may never say "merge": the shares say it.)
        roles += share_url_claims(front.body, model_id)
    if prose.merge_or_lora_words and not any(
        c.relation is Relation.MERGE and not c.inferred and c.strength > Strength.WEAK
        for c in prose.claims
    ):
        # A "merge of A and B" names the inputs; a "models used" list then is their ancestry.
        # (A name as spoken, "merged with Boros 2.2", is too vague to stand for the list.)
        roles += merge_list_claims(front.body, model_id)
    if signals.merge and not yaml_parents:
        roles += merge_links(front.body, model_id, record.new_version, prose.claims + roles)
    if erge:
        # (After the credited links: a merge card's marked ids leave its linked base in.)
        roles += merged_id_claims(front.body, model_id)  # `importers.merged_ids`
    if not yaml_parents and not roles and not prose.claims:
        # A series' licence sentence naming its base family: when nothing else names one.
        roles = family_claims(front.body, model_id)  # `importers.family_trained_on`
        if not roles:  # an image embedding's, LoRA's or hypernetwork's checkpoint, named bare
            roles = image_adapter_claims(front.body)  # `importers.image_adapter_base`
        roles = roles or converted_weights_claims(front.body, model_id)
        roles = roles or original_link_claims(front.body, model_id)  # `original_links`
    if "teacher" in front.body:  # a distillation's teacher named bare (`importers.bare_teacher`)
        roles += bare_teacher_claims(front.body)
    if "tuned from" in front.body or "itiali" in front.body:  # `importers.prose_bare_cased`
        roles += cased_start_claims(front.body, model_id)
    if " as " in front.body:  # "Uses Pony XL as a base" (`importers.prose_bare_base`)
        roles += spoken_base_claims(front.body, model_id)
    if " model](http" in front.body:  # `importers.off_hub_trained`
        roles += off_hub_trained_claims(front.body, model_id)
    if "teacher" in front.body or "istil" in front.body:  # `importers.teacher_roles`
        roles += teacher_role_claims(front.body, model_id)
    roles += stated_role_claims(
        front.body, model_id, prose.needles, record.datasets
    )  # `importers.stated_roles`
    if not yaml_parents:  # a start named with its org (`importers.org_starts`)
        roles += org_start_claims(front.body, model_id)
    if stage := stage_teachers(front.body):  # `importers.teacher_roles`
        prose = replace(prose, claims=[c for c in prose.claims if not taught_stage(c, stage)])
        roles = [c for c in roles if not taught_stage(c, stage)]
    if twins := precision_twins(prose.claims + roles, front.body):
        roles = [c for c in roles if key(c.parent) not in twins]
        prose = replace(prose, claims=[c for c in prose.claims if key(c.parent) not in twins])
    if roles and prose.claims and only_tuned_names(prose.claims):
        prose = replace(prose, claims=[])  # a rule of the card's shape names the start
    findings = _prose_and_roles(record, yaml_parents, prose, roles, front.body)
    # The passes over claims return their findings unchanged when there is no claim (most
    # cards): each run of them is skipped with one test (`_claim_passes`, `_name_passes`).
    if findings.claims:
        findings = _claim_passes(record, findings, front.body, bool(yaml_parents))
    findings = base_of_own(record, findings, front.body, bool(yaml_parents))
    if findings.claims:
        findings = other_size(record, findings)
        findings = own_name_then_base(record, findings, front.body)
        findings = column_titles(record, findings, front.body)
    findings = _scored(record, yaml_parents, findings, signals, front.body, meta)
    if findings.claims:
        findings = _name_passes(record, findings, front.body)
    _add_claims(record, yaml_parents, findings, signals, front.body)
    if "duplicated_from" in meta:
        without_copied_lineage(record, meta["duplicated_from"], front.body)  # `card_copies`
        add_copy(record, meta["duplicated_from"])
    return record


READER = FileReader(name="card", patterns=("readme.md",), read=read_card_bytes)


def _claim_passes(
    record: SourceRecord, findings: ProseFindings, body: str, declared: bool
) -> ProseFindings:
    """The claims checked against what the card says of other models (each pass returns
    ``findings`` unchanged when it holds no claim)."""
    findings = others_lineage(record, findings, body, declared)
    # Claims read from a sentence whose subject is another model: the base ("the underlying
    # model was …"), a sibling or a parent written as a name, a parent written as a link.
    findings = base_told_lineage(findings, body)
    findings = base_section_lineage(findings, body)  # `importers.card_base_sections`
    findings = siblings_lineage(record, findings, body)
    findings = column_bases(record, findings, body)  # (a table's column, not a sentence)
    findings = parents_own_lineage(findings, body)  # `importers.made_from`
    findings = chained_base(findings, body)  # "… and the X model is fine-tuned from it"
    return stage_of_base(record, findings, body)


def _name_passes(record: SourceRecord, findings: ProseFindings, body: str) -> ProseFindings:
    """The last word on the claimed names (each pass returns ``findings`` unchanged when it
    holds no claim; the three spelling passes, when every claim names an org)."""
    findings = other_size(record, findings)  # the scorer's picks too
    findings = without_larger_starts(record, findings, body)  # `importers.card_larger`
    if (kept := yielding_to_others(findings.claims)) is not findings.claims:
        findings = replace(findings, claims=kept)
    findings = family_yields(findings)  # `importers.family_trained_on`
    if any("/" not in c.parent for c in findings.claims):
        findings = resolved_short_names(findings, body, record.model_id)
        findings = fuller_written_names(findings, body, record.model_id)
        findings = fullest_spellings(findings, body, record.model_id)  # `importers.card_spelling`
    findings = without_pointed(findings, body)  # `importers.card_pointers`
    findings = without_architecture_bases(findings, body)  # `importers.late_guards`
    findings = without_traps(findings, body, record.model_id)  # `importers.prose_traps`
    return without_vaguer_families(without_non_models(findings))


def _prose_and_roles(
    record: SourceRecord,
    parents: list[YamlParent],
    prose: ProseFindings,
    roles: list[ProseClaim],
    body: str,
) -> ProseFindings:
    """The prose claims, checked against the card's shape and completed by `importers.roles`.

    A name written without an org that a YAML parent or another claim spells in
    full is that model; a conversion of this card or its declared successor is
    never a parent; role claims name parents the phrases missed (the weak ones
    only when nothing else does).
    """
    if not prose.claims and not roles:
        return prose  # nothing to check (most cards)
    full: dict[str, str] = {}
    for model_id in [p.model_id for p in parents] + [c.parent for c in prose.claims]:
        if "/" in model_id:
            full.setdefault(key(model_id.rsplit("/", 1)[1]), model_id)
    successor = key(record.new_version) if record.new_version else None
    lowered: list[str] = []

    def linked(name: str) -> bool:
        # Lower-cased only for cards that name a model without an org (few do).
        if not lowered:
            lowered.append(body.lower())
        lower, name = lowered[0], name.lower()
        return ("huggingface.co/" + name) in lower or ("hf.co/" + name) in lower

    kept: list[ProseClaim] = []
    for c in prose.claims:
        if "/" not in c.parent and key(c.parent) in full:
            c = replace(c, parent=full[key(c.parent)])
        why = _not_a_parent_id(c.parent, linked, allow_bare=True, declared=bool(parents))
        if why:
            note(record, Unresolved(c.parent, _PROSE, why))
            continue
        if is_child(c.parent, record.model_id) or key(c.parent) == successor:
            note(record, Unresolved(c.parent, _PROSE, "a conversion or successor of this model"))
            continue
        if key(c.parent) not in {key(k.parent) for k in kept}:
            kept.append(c)
    held = {key(c.parent) for c in kept} | {key(p.model_id) for p in parents}
    for c in roles:
        if key(c.parent) in held or is_child(c.parent, record.model_id):
            # "based on [X](…)" with X in the merge list: the list says how X was used.
            for i, k in enumerate(kept):
                if key(k.parent) == key(c.parent) and k.relation is None and c.relation:
                    kept[i] = replace(c, parent=k.parent)
                elif key(k.parent) == key(c.parent) and listed_beside(k, c):
                    kept[i] = replace(k, strength=c.strength)  # `importers.merge_first`
            continue
        if c.snippet.startswith(TRAINING_COMMAND) and text_of_start_model(body, c.parent):
            why = "the card's text is the command's start model's own (a copied card)"
            note(record, Unresolved(c.parent, _PROSE, why))
            continue
        # (A series' base its licence sentence writes after a slash, "lark-2/codelark", is
        # one of two families joined, not an org's repo.)
        joined = c.snippet.startswith(FAMILY_BUILT_ON)
        if "/" not in c.parent and c.snippet.startswith(_BARE_RECIPES):
            # A recipe's bare name the card writes in full once, unclaimed: that repo.
            written = written_in_full(c.parent, body) or same_words_id(c.parent, body)
            own = key(written) == key(record.model_id) if written else False
            if written and key(written) not in held and not joined and not own:
                c = replace(c, parent=written)
        # A sum recipe names its inputs as the author calls them, like a lineage sentence.
        why = _not_a_parent_id(
            c.parent,
            linked,
            allow_bare=c.snippet.startswith(_BARE_RECIPES),
            declared=bool(parents),
        )
        if why:
            note(record, Unresolved(c.parent, _PROSE, why))
            continue
        if (
            "/" not in c.parent
            and not joined
            and (
                short_for(c.parent, held | {r.parent for r in roles})
                # (The card's own name, written with an org, is the card's own id.)
                or (
                    key(c.parent) != _own_name(record)
                    and written_elsewhere(c.parent, body, record.model_id)  # `own_copies`
                )
            )
        ):
            note(record, Unresolved(c.parent, _PROSE, "a short name of a parent named in full"))
            continue
        if local_recipe_name(c, kept):
            note(record, Unresolved(c.parent, _PROSE, "a local name in the card's pasted recipe"))
            continue
        # (Unless all that is held is a family's name the claim names a member of: the
        # shortened name gives way to it, `importers.card_names.drop_shortened`.)
        if (
            c.strength < Strength.STRONG
            and held
            # (A teacher named bare stands beside the student's start, not instead of it.)
            and not c.snippet.startswith(BARE_TEACHER)
            and (parents or not kept or not all(family_of(k, c.parent) for k in kept))
        ):
            continue
        kept.append(c)
        held.add(key(c.parent))
    if kept == prose.claims:
        return prose
    return replace(prose, claims=kept)


# Recipes whose inputs are named as the author calls them (a sum, a weight list, a mergekit
# YAML in the card: "model: Some-Merge-55b"), like a lineage sentence: kept as written.
# (A family table's "Base model" cell, "Llama2 7b", is the base as the family writes it.)
_BARE_RECIPES = (
    SUM_RECIPE,
    WEIGHT_LIST,
    AB_RECIPE,
    "[mergekit-in-card]",
    LABELLED_ITEMS,
    "[base-column]",
    MERGE_LIST_NAME,
    BARE_MERGE_LIST,
    PLUS_RECIPE,
    MERGED_WITH,
    MERGED_LIST,
    SUCH_AS,
    NAME_LIST,
    MERGED_VERSION,
    MERGED_FROM_ZH,
    MERGED_IN_BARE,
    FAMILY_BUILT_ON,
    FAMILY_BASED,
    IMAGE_ADAPTER_BASE,
    BARE_TEACHER,
    CASED_START,
    OFF_HUB_TRAINED,
    SPOKEN_BASE,
    TEACHER_ROLE,
    ORG_START,
    CONVERTED_WEIGHTS,
    STATED_ROLE,
    LABEL_LINE,
)


_RECIPE_IN_CARD = "[mergekit-in-card]"


def _own_name(record: SourceRecord) -> str:
    """The key of the card's own repo name (its id without the org)."""
    return key(record.model_id.rsplit("/", 1)[-1])


def _scored(
    record: SourceRecord,
    parents: list[YamlParent],
    findings: ProseFindings,
    signals: Signals,
    body: str,
    meta: dict[str, Any],
) -> ProseFindings:
    """Add the parents `importers.scorer` finds among the references no rule decided, and
    those `importers.scorer_bare` finds among the names written without an org.

    Not run when the YAML declares a parent (the author's declaration stands) nor
    when a rule found one in a card that is no merge (a single base is named once),
    unless the rules found only bare names after weak phrases ("based on Llama 2").
    """
    if parents:
        return findings
    decided = [c for c in findings.claims if c.strength > Strength.WEAK or "/" in c.parent]
    if decided and not signals.merge:
        # A weak claim on a bare name alone ("based on Llama 2") leaves room for a Hub id.
        return findings
    # A mergekit recipe pasted in the card lists every input: no Hub id beside it is one.
    recipe = any(c.snippet.startswith(_RECIPE_IN_CARD) for c in findings.claims)
    hub = (
        "/" in body
        and not recipe
        and scorer.worth_scoring(body, merge=signals.merge, quantized=signals.quant_strong)
    )
    bare = scorer_bare.active() and scorer_bare.worth_reading(body)
    if not hub and not bare:
        return findings  # most cards end here, before a context is built for them
    held = {key(c.parent) for c in findings.claims} | {key(p.model_id) for p in parents}
    if record.new_version:
        held.add(key(record.new_version))
    # A new home, a stand-in, a sibling retrained: no parents either.
    held |= moved_to(body) | stand_ins(body) | retrained(body) | site_pages(body)
    held |= companion_vaes(body) | credited_works(body)
    held |= component_ids(body, record.model_id)  # `importers.component_links`
    held |= told_only_in_items(body, record.model_id)
    held |= told_of_others(record)
    context = scorer.CardContext(
        quantized=signals.quant_strong,
        merge=signals.merge,
        adapter=signals.adapter,
        distill=signals.distill,
        yaml_parents=len(parents),
        rule_parents=len(decided),
        datasets=frozenset(key(d) for d in record.datasets),
        held=frozenset(held),
        copied_from=meta.get("duplicated_from"),
        library=record.library,
        tags=record.tags,
    )
    decisions = scorer.decide(body, record.model_id, context) if hub else []
    if bare:
        # The ids the Hub-id model just decided are held too: one parent, one claim.
        taken = frozenset(held | {key(d.candidate.model_id) for d in decisions})
        decisions += scorer_bare.decide(body, record.model_id, replace(context, held=taken))
    # Several parents credited where no rule found one: the card lists what it merged.
    several = len(decisions) > 1 and not findings.claims
    found = [
        ProseClaim(
            d.candidate.model_id,
            Relation.MERGE if several and d.relation is None else d.relation,
            Strength.LABEL,
            d.snippet,
            inferred=True,
        )
        for d in decisions
    ]
    return replace(findings, claims=findings.claims + found) if found else findings


def _not_a_parent_id(
    parent: str, linked: Callable[[str], bool], allow_bare: bool = False, declared: bool = True
) -> str | None:
    """Why a reference is not a parent id: a bare name, a fraction, a merge step.

    A name without an org is kept as written after a lineage statement (``allow_bare``:
    the card names its parent so, and a reader records it as the card wrote it);
    elsewhere (card-shape rules) only the Hub's legacy root repos, or a name the card
    links as a Hub page of its own, count. A step of a merge published under an org
    ("org/Mix-part1") is an input the recipe uses unless the YAML declares the inputs
    (``declared``) without it.
    """
    org, _, name = parent.rpartition("/")
    if name[-9:].casefold() in _TOKENIZER_ENDS and _TOKENIZER_NAME.search(name):
        return "a tokenizer, not a model"  # "Llama-3-Tokenizer를 한국어 특화하기 위해"
    if _ARCHIVE_FILE.search(name):
        return "a file name, not a model"
    if _MERGE_PIECE.search(name) and (declared or not org):
        # "Mix-P1", "Blend-part2": a step of the card's own recipe, never published.
        return "an intermediate step of a merge"
    if not org:
        if _VERSION_ONLY.fullmatch(name):
            return "a version number without a model name"  # "Base Model: v1.5 & 2.0"
        if allow_bare or LEGACY_ROOT.fullmatch(name) or linked(name):
            return None
        return "model name without an organisation"
    if not any(ch.isalpha() for ch in org) or not any(ch.isalpha() for ch in name):
        return "not a Hub model id"
    return None


def _add_claims(
    record: SourceRecord,
    parents: list[YamlParent],
    prose: ProseFindings,
    signals: Signals,
    body: str = "",
) -> None:
    """Settle relations, resolve YAML/prose disagreements and write the claims."""
    for entry in prose.unresolved:
        note(record, entry)
    if not prose.claims and not parents:
        record.claims = []  # most cards: nothing below would be written
        return
    if (
        prose.claims
        and len(parents) == 1
        and parents[0].relation is None
        and not signals.quant_strong
    ):
        stage = ancestor_of_stated(
            parents[0].model_id, prose.claims, record.model_id
        ) or tuned_of_declared(parents[0].model_id, prose.claims, record.model_id)
        if stage is not None:
            reason = f"base_model is an ancestor of the model the prose names ({stage})"
            note(record, Unresolved(parents[0].value, _YAML, reason))
            parents = []
    strongest = max((c.strength for c in prose.claims), default=None)
    # "based on X" only counts when nothing more explicit names a parent.
    chosen = [
        c
        for c in prose.claims
        if c.strength >= Strength.LABEL
        or (strongest == Strength.WEAK and not parents)
        or (not parents and spoken_teacher(c, prose.claims))
    ]
    conversions = {key(c.parent): c.parent for c in chosen if c.conversion}
    copied = len(conversions) == 1 and (len(parents) == 1 or signals.quant_strong)
    # (An add-on's conversion statement names the checkpoint it repacks; its base_model is
    # the model it plugs into, not a copied line of a parent's card.)
    copied = copied and not signals.addon_network
    if copied and parents and not declared_keys(parents) & set(conversions):
        # Converters (mlx-lm, GGUF-my-repo, llm-compressor) write the source they
        # converted; a different YAML base_model (or a merge list) was copied from
        # the parent's card.
        source = next(iter(conversions.values()))
        reason = f"base_model contradicts the card's conversion statement ({source})"
        for p in parents:
            note(record, Unresolved(p.value, _YAML, reason))
        parents = []
        yaml_keys: set[str] = set(conversions)
    else:
        yaml_keys = {key(p.model_id) for p in parents}
    if len(conversions) == 1 and signals.quant_strong:
        # A quantization's parent is the model it converted; the rest of the text is
        # the original's card (its merge inputs and bases are grand-parents).
        for c in chosen:
            if key(c.parent) not in conversions:
                note(record, Unresolved(c.parent, _PROSE, "named in the original's card"))
        chosen = [c for c in chosen if key(c.parent) in conversions]
    prose_relation = {key(c.parent): c.relation for c in chosen if not c.inferred}
    # One declared base that the prose calls a fine-tune/adapter base: a merge list in
    # the text is that base's own recipe (grand-parents), not this model's inputs.
    tuned = len(parents) == 1 and prose_relation.get(key(parents[0].model_id)) in _SINGLE_BASE
    merge_card = (len(parents) > 1 or signals.merge) and not tuned

    # Teachers the prose names: a single declared base beside them is the student's
    # starting point (a fine-tune), whatever the card's merge or distill tags say.
    teachers = {
        key(c.parent)
        for c in chosen
        if c.relation is Relation.DISTILLATION and not c.inferred and not c.conversion
    }
    student_base = len(parents) == 1 and bool(teachers) and not signals.quant_strong

    claims: list[Claim] = []
    yaml_relation: dict[str, Relation] = {}
    for p in parents:
        if p.relation is not None:
            relation, inferred = p.relation, False
        elif student_base and key(p.model_id) not in teachers:
            relation, inferred = Relation.FINETUNE, True
        else:
            relation = signals.infer(len(parents), prose_relation.get(key(p.model_id)))
            inferred = True
        yaml_relation[key(p.model_id)] = relation
        claims.append(
            Claim(
                p.model_id,
                relation,
                _YAML,
                confidence_for(_YAML, inferred),
                inferred,
                p.value,
                p.revision,
            )
        )
    # A declared merge list beside a multi-step recipe: the steps' outputs are intermediates.
    steps = recipe_steps(body) if len(parents) > 1 and merge_card else frozenset()
    for c in chosen:
        if steps and key(c.parent) not in yaml_keys and intermediate(c.parent, steps):
            note(record, Unresolved(c.parent, _PROSE, "an intermediate step of the recipe"))
            continue
        if (
            yaml_keys
            and key(c.parent) not in yaml_keys
            and not _adds_a_parent(c, merge_card, signals.quant_strong)
            and not (signals.addon_network and c.conversion)
        ):
            # The YAML is the author's declaration; prose naming another model is
            # usually a grand-parent or a copied template sentence.
            reason = "prose names a model the YAML base_model does not declare"
            note(record, Unresolved(c.parent, _PROSE, reason))
            continue
        claims.append(_prose_claim(c, signals, yaml_relation.get(key(c.parent))))
    if signals.addon_network:
        claims = control_network_copies(claims)
    record.claims = dedupe(same_name_copies(claims, record.model_id))


def _adds_a_parent(c: ProseClaim, merge_card: bool, conversion: bool) -> bool:
    """Prose may name parents beside the YAML ones: a distillation teacher, merge inputs.

    A conversion's text is its source's card: a teacher named there taught the source.
    """
    if c.relation is Relation.DISTILLATION and not c.inferred and not conversion:
        return True
    return merge_card and c.relation is Relation.MERGE


def _prose_claim(c: ProseClaim, signals: Signals, yaml_relation: Relation | None) -> Claim:
    relation, inferred = c.relation, c.inferred
    if relation is Relation.ADAPTER and signals.lora_merged:
        # "the LoRA was merged into the base": the weights are a fine-tune.
        relation, inferred = Relation.FINETUNE, True
    if relation is None:
        relation = signals.tag_relations.get(key(c.parent)) or signals.infer_for_prose()
        inferred = True
    elif relation is Relation.DISTILLATION and yaml_relation is Relation.ADAPTER:
        # "a LoRA distilled from X" on an adapter card of X: X taught it and carries it;
        # the repo holds an adapter of X.
        relation, inferred = Relation.ADAPTER, True
    elif (
        relation is Relation.FINETUNE
        and not c.snippet.startswith(scorer.MARK)  # the scorer weighed the card's adapter signs
        and (
            yaml_relation is Relation.ADAPTER
            or (yaml_relation is None and (signals.adapter or signals.addon_network))
        )
    ):
        # Trainer/TRL write "fine-tuned version of X" for LoRA runs too; the card's
        # adapter signals make the generic wording specific.
        relation, inferred = Relation.ADAPTER, True
    return Claim(
        c.parent,
        relation,
        _PROSE,
        confidence_for(_PROSE, inferred),
        inferred,
        c.snippet,
        c.revision,
    )

"""`importers.scorer` on references that are no parents: the precision traps, by kind.

Every card here is hand-written and almost empty, so that the one reference in it is all
the scorer has to go on. Each kind is read twice: with a scorer that would take any
candidate for a parent (what the rules alone keep out) and with the shipped weights.
"""

from __future__ import annotations

import pytest

from bench import train_roles
from importers import scorer
from importers.card import read_card

OWN = "wren-lab/Wren-7B"
HUB = "https://huggingface.co/"
RIVAL = "marten-ai/marten-13b"
EAGER = scorer.Model({}, bias=10.0, threshold=0.5)  # every candidate a parent


def parents(body: str, model: scorer.Model | None = None, own: str = OWN) -> list[str]:
    """The parents read from ``body`` (with ``model`` as the scorer, or the shipped one)."""
    if model is None:
        return [c.parent for c in read_card(body, own, "README.md").claims]
    with scorer.using(model):
        return [c.parent for c in read_card(body, own, "README.md").claims]


# A model named in a role other than a parent's, in the clause around its only mention.
ROLES = {
    "style": f"# Wren-7B\n\nA chat model. It answers in the style of [Marten]({HUB}{RIVAL}).\n",
    "style-lone": f"# Wren-7B\n\nFor the style, see {HUB}{RIVAL}\n",
    "see-also": f"# Wren-7B\n\nA small chat model.\n\nSee also: [Marten 13B]({HUB}{RIVAL})\n",
    "compare": f"# Wren-7B\n\nCompare with {HUB}{RIVAL}\n",
    "inspired": f"# Wren-7B\n\nInspired by [Marten]({HUB}{RIVAL}).\n",
    "thanks": f"# Wren-7B\n\nThanks to [Marten]({HUB}{RIVAL}) for the idea.\n",
    "other-model": f"# Wren-7B\n\nCheck out our other model: {HUB}wren-lab/Kite-3B\n",
    "may-also-like": f"# Wren-7B\n\nYou may also like our coder [Kite]({HUB}wren-lab/Kite-3B).\n",
    "evaluated": f"# Wren-7B\n\nEvaluated against [Marten]({HUB}{RIVAL}) on a quiz set.\n",
    "beats": f"# Wren-7B\n\nOn our riddles it beats [Marten]({HUB}{RIVAL}) by four points.\n",
    "judge": f"# Wren-7B\n\nAnswers were graded by the judge model {HUB}{RIVAL}\n",
    "as-judge": f"# Wren-7B\n\nWe used [Marten]({HUB}{RIVAL}) as a judge.\n",
    "tokenizer": f"# Wren-7B\n\nTrained from scratch. Tokenizer from [Marten]({HUB}{RIVAL}).\n",
    "tokenizer-of": f"# Wren-7B\n\nWe reuse the tokenizer of {HUB}{RIVAL}\n",
    "generated": f"# Wren-7B\n\nThe training data was generated with [Marten]({HUB}{RIVAL}).\n",
    "to-generate": f"# Wren-7B\n\n{HUB}{RIVAL} was used to generate the data.\n",
    "reward": f"# Wren-7B\n\nRLHF with the reward model [Marten RM]({HUB}{RIVAL}).\n",
    "reward-label": f"# Wren-7B\n\nReward model: {HUB}{RIVAL}\n",
    "alternative": f"# Wren-7B\n\nIf you need a larger model, try {HUB}{RIVAL}\n",
    "draft": f"# Wren-7B\n\nA good draft model for [Marten]({HUB}{RIVAL}).\n",
    "embedding": f"# Wren-7B\n\nPair it with the embedding model {HUB}{RIVAL} for search.\n",
    "license": f"# Wren-7B\n\n## License\n\nReleased under the {HUB}{RIVAL} license.\n",
    "superseded": f"# Wren-7B\n\nSuperseded by {HUB}wren-lab/Wren-8B, please use that one.\n",
    "baseline": f"# Wren-7B\n\nBaseline: [Marten]({HUB}{RIVAL})\n",
    "chat-template": f"# Wren-7B\n\nUses the chat template of [Marten]({HUB}{RIVAL}).\n",
    "safety-filter": f"# Wren-7B\n\nOutputs pass the safety classifier {HUB}{RIVAL}\n",
    "rated": f"# Wren-7B\n\nEach reply was rated by [Marten]({HUB}{RIVAL}).\n",
    "translated": f"# Wren-7B\n\nThe prompts were translated with {HUB}{RIVAL}\n",
    "sister": f"# Wren-7B\n\nSister model: {HUB}wren-lab/Kite-3B\n",
    "better-than": f"# Wren-7B\n\n## FAQ\n\nIs it better than {HUB}{RIVAL}? On our tests, yes.\n",
    # The same in other languages.
    "thanks-zh": f"# Wren-7B\n\n感谢 [Marten]({HUB}{RIVAL}) 团队的帮助。\n",
    "citation-zh": f"# Wren-7B\n\n## 引用\n\n{HUB}{RIVAL}\n",
    "related-ja": f"# Wren-7B\n\n## 関連モデル\n\n- {HUB}{RIVAL}\n",
    "compared-ko": f"# Wren-7B\n\n[Marten]({HUB}{RIVAL})와 비교한 결과입니다.\n",
    # Children of this card, named with the lineage words that made them.
    "tuned-into": f"# Wren-7B\n\nThis model was further fine-tuned into {HUB}kidlab/kid-7b-chat\n",
    "merged-into": f"# Wren-7B\n\nThis model was later merged into {HUB}kidlab/kid-7b-chat\n",
    "version-colon": f"# Wren-7B\n\nThe instruct-tuned version: [Kid]({HUB}kidlab/kid-7b-chat)\n",
    "fine-tunes-colon": f"# Wren-7B\n\nCommunity fine-tunes: {HUB}kidlab/kid-7b-chat\n",
    "is-a-fine-tune-of-this": (
        f"# Wren-7B\n\n{HUB}kidlab/kid-7b-chat is a fine-tune of this model.\n"
    ),
    "ingredient-of": f"# Wren-7B\n\nIt is an ingredient of [Kid]({HUB}kidlab/kid-7b-chat).\n",
    "base-for": f"# Wren-7B\n\nUsed as the base for [Kid]({HUB}kidlab/kid-7b-chat).\n",
    "fine-tunes-section": f"# Wren-7B\n\n## Fine-tuned models\n\n- {HUB}kidlab/kid-7b-chat\n",
    # Sections whose links are no parents.
    "related-section": f"# Wren-7B\n\n### Related models\n\n[Owl]({HUB}owlery/owl-13b)\n",
    "other-versions": f"# Wren-7B\n\n## Other versions\n\n{HUB}wren-lab/Wren-14B\n",
    "thanks-section": f"# Wren-7B\n\nA chat model.\n\n## Acknowledgements\n\n{HUB}{RIVAL}\n",
    "credit-section": (
        f"# Wren-7B\n\nTrained on our own chats.\n\n## Special thanks\n\n"
        f"The people behind [Marten 13B]({HUB}{RIVAL}), for sharing their notes.\n"
    ),
    "citation-text": (
        f"# Wren-7B\n\n## Citation\n\nIf you use it, please also cite [Marten]({HUB}{RIVAL}).\n"
    ),
    "citation-bibtex": (
        f"# Wren-7B\n\nA chat model.\n\n```bibtex\n@misc{{wren,\n  title={{Wren}},\n"
        f"  url={{{HUB}{RIVAL}}}\n}}\n```\n"
    ),
    "scores-table": (
        f"# Wren-7B\n\nA chat model.\n\n| Model | MMLU | GSM8K |\n|---|---|---|\n"
        f"| Wren-7B | 61.2 | 50.1 |\n| [Marten-13B]({HUB}{RIVAL}) | 58.0 | 44.0 |\n"
    ),
    "compared-table": (
        f"# Wren-7B\n\nCompared with other chat models:\n\n| Model | Quiz |\n|---|---|\n"
        f"| Wren-7B | 61.2 |\n| [Marten-13B]({HUB}{RIVAL}) | 58.0 |\n"
    ),
}


@pytest.mark.parametrize("kind", sorted(ROLES))
def test_a_model_in_another_role_is_no_candidate(kind: str) -> None:
    body = ROLES[kind]
    assert scorer.candidates(body, OWN, scorer.CardContext()) == []
    assert parents(body, EAGER) == []  # a rule, whatever the weights


# Links the reader rules out before any weight: other Hub pages, the card itself, its
# conversions, its successor.
NOT_MODELS = {
    "own-repo": f"# Wren-7B\n\nDownload: {HUB}Wren-Lab/wren-7b/tree/main\n",
    "collection": f"# Wren-7B\n\nPart of {HUB}collections/wren-lab/wren-family-6650\n",
    "space": f"# Wren-7B\n\nDemo [here]({HUB}spaces/marten-ai/playground).\n",
    "leaderboard": (
        f"# Wren-7B\n\nScores: [leaderboard]({HUB}spaces/open-llm-leaderboard/open_llm_leaderboard)"
        f", details in {HUB}datasets/open-llm-leaderboard/details_wren-lab__Wren-7B\n"
    ),
    "dataset": f"# Wren-7B\n\nTrained on {HUB}datasets/wren-lab/wren-chats\n",
    "own-quantizations": (
        f"# Wren-7B\n\nA chat model.\n\n## Quantizations\n\n- [GGUF]({HUB}bartman/Wren-7B-GGUF)\n"
        f"- [AWQ]({HUB}quantfolk/wren-7b-awq)\n"
    ),
    "successor": f"# Wren-7B\n\n**A new version is out:** [Wren-7B-v2]({HUB}wren-lab/Wren-7B-v2)\n",
}


@pytest.mark.parametrize("kind", sorted(NOT_MODELS))
def test_pages_that_are_no_parent_models_are_no_candidates(kind: str) -> None:
    assert parents(NOT_MODELS[kind], EAGER) == []


# References left to the weights (no role words), which the shipped weights must refuse.
WEIGHED = {
    "quantized-section": f"# Wren-7B\n\n## Quantized versions\n\n- {HUB}quantfolk/birdie-q4\n",
    "family-table": (
        f"# Wren-7B\n\n| Model | Link |\n|---|---|\n| Wren-3B | {HUB}wren-lab/Wren-3B |\n"
        f"| Wren-14B | {HUB}wren-lab/Wren-14B |\n"
    ),
    "results-table-column": (
        f"# Wren-7B\n\n| | wren-lab/Wren-7B | {RIVAL} |\n|---|---|---|\n| Quiz | 61.2 | 58.0 |\n"
    ),
    "picture": f"# Wren-7B\n\n![logo]({HUB}{RIVAL}/resolve/main/logo.png)\n",
    "lone-link": f"# Wren-7B\n\n{HUB}{RIVAL}\n",  # nothing says how it is used
    "demo-colon": f"# Wren-7B\n\nDemo: [Marten]({HUB}{RIVAL})\n",
    "sponsors-colon": f"# Wren-7B\n\nSponsors: [Marten]({HUB}{RIVAL})\n",
    "cousin-of": f"# Wren-7B\n\nA cousin of [Marten]({HUB}{RIVAL})\n",
    "runs-on": f"# Wren-7B\n\nRuns on [Marten]({HUB}{RIVAL})'s servers\n",
    "gguf-of-this": f"# Wren-7B\n\nA chat model. GGUF files: [here]({HUB}bartman/Wren-7B-GGUF)\n",
}


@pytest.mark.parametrize("kind", sorted(WEIGHED))
def test_the_shipped_weights_refuse_links_without_lineage_words(kind: str) -> None:
    assert parents(WEIGHED[kind]) == []


def test_lineage_words_in_the_clause_keep_a_reference_for_the_weights() -> None:
    body = (
        f"# Wren-7B\n\nFine-tuned from [Marten]({HUB}{RIVAL}) with "
        f"[Judge-9B]({HUB}benchfolk/judge-9b) as the reward model.\n"
    )
    found = [c.model_id for c in scorer.candidates(body, OWN, scorer.CardContext())]
    assert found == [RIVAL]  # the reward model is out, the fine-tune's source is weighed
    assert parents(body, EAGER) == [RIVAL]


def test_one_mention_outside_a_role_keeps_the_reference() -> None:
    body = (
        f"# Wren-7B\n\nThis is a fine-tune of [Marten]({HUB}{RIVAL}).\n\n"
        f"## Results\n\nCompared with [Marten]({HUB}{RIVAL}) it answers faster.\n"
    )
    assert parents(body, EAGER) == [RIVAL]


def test_a_role_word_far_after_the_reference_is_not_its_role() -> None:
    # "using X as the language model ... license": X is what the card is built on.
    body = (
        f"# Wren-Vision\n\nA picture reader using [Marten]({HUB}{RIVAL}) as its language model, "
        "for a friendlier commercial license.\n"
    )
    found = scorer.candidates(body, "wren-lab/Wren-Vision", scorer.CardContext())
    assert [c.model_id for c in found] == [RIVAL]


def test_a_conversion_of_this_card_by_another_org_is_a_child() -> None:
    body = f"# NemoCat-12B\n\nA story model.\n\n{HUB}quantfolk/NemoCat-EXL2-6bpw\n"
    assert parents(body, EAGER, own="cats/NemoCat-12B") == []
    # On a conversion card the same name is its source, left to the weights.
    quantized = scorer.CardContext(quantized=True)
    found = scorer.candidates(body, "cats/NemoCat-12B", quantized)
    assert [c.model_id for c in found] == ["quantfolk/NemoCat-EXL2-6bpw"]


def test_ruled_out_references_are_recorded_as_training_negatives() -> None:
    body = ROLES["judge"] + f"\nWeights: {HUB}owlery/owl-13b\n"
    with scorer.using(None), scorer.recording() as sink:
        read_card(body, OWN, "README.md")
    marks = {c.model_id: c.ruled_out for _, c in sink}
    assert marks == {RIVAL: "role", "owlery/owl-13b": None}
    truth: dict[str, dict[str, object]] = {"wren-lab/wren-7b": {"owlery/owl-13b": ("f", "p")}}
    examples = train_roles.examples("hand", sink, truth)
    assert [(e.model_id, e.label, e.ruled_out) for e in examples] == [
        (RIVAL, 0, True),
        ("owlery/owl-13b", 1, False),
    ]


def test_words_that_say_no_lineage_never_weigh_for_a_parent() -> None:
    # A few cards credit parents under "thanks" headings; the weight stays at most zero.
    data = [
        train_roles.Example(
            f"c:{i}", "c", f"o/m{i}", {"heading-thanks": 1.0, "linked": float(i % 3 > 0)}, i % 2
        )
        for i in range(30)
    ]
    data += [train_roles.Example("c:x", "c", "o/x", {"heading-thanks": 1.0}, 1)] * 3
    free = train_roles._fit(data, train_roles.L2, 25, set())
    assert free.weights["heading-thanks"] > 0  # what the data alone would teach
    assert train_roles.fit(data).weights.get("heading-thanks", 0.0) <= 0.0


def test_a_role_word_in_a_lineage_list_or_section_is_no_role() -> None:
    listed = (
        f"# Wren-Blend\n\nThe merge uses:\n\n- [Marten]({HUB}{RIVAL}), thanks to its authors\n"
        f"- [Owl]({HUB}owlery/owl-13b)\n"
    )
    sectioned = f"# Wren-7B\n\n## Base model\n\n- [Marten]({HUB}{RIVAL}), thanks to its authors\n"
    for body in (listed, sectioned):
        found = scorer.candidates(body, "wren-lab/Wren-Blend", scorer.CardContext())
        assert RIVAL in [c.model_id for c in found]


MERGE_CARD = (
    "---\ntags:\n- merge\n---\n# Wren-Blend-7B\n\nA merge of two chat models.\n\n"
    "## Merge details\n\nThe following models were included in the merge:\n\n"
    f"- [A]({HUB}alpha/a-7b)\n- [B]({HUB}beta/b-7b)\n\n"
)
# The same kinds on cards of other kinds (a merge, an adapter named in its title).
IN_CONTEXT = {
    "merge-see-also": (
        MERGE_CARD + f"## More\n\nSee also my other merge {HUB}wren-lab/Wren-Blend-13B\n",
        "wren-lab/Wren-Blend-7B",
        "wren-lab/Wren-Blend-13B",
    ),
    "merge-thanks": (
        MERGE_CARD + f"Thanks to [Marten]({HUB}{RIVAL}) for the idea.\n",
        "wren-lab/Wren-Blend-7B",
        RIVAL,
    ),
    "merge-results": (
        MERGE_CARD + f"## Results\n\n| Model | Avg |\n|---|---|\n| [C]({HUB}{RIVAL}) | 68 |\n",
        "wren-lab/Wren-Blend-7B",
        RIVAL,
    ),
    "adapter-judge": (
        "---\nlibrary_name: peft\n---\n# Wren LoRA\n\nA small adapter.\n\n"
        f"Evaluated with {HUB}{RIVAL} as judge.\n",
        "wren-lab/wren-lora",
        RIVAL,
    ),
}


@pytest.mark.parametrize("kind", sorted(IN_CONTEXT))
def test_the_kinds_hold_on_merge_and_adapter_cards(kind: str) -> None:
    body, own, wrong = IN_CONTEXT[kind]
    assert wrong not in parents(body, EAGER, own=own)
    assert wrong not in parents(body, own=own)


# Statements of a parent that share words with the traps: weighed, never ruled out.
PARENT_STATEMENTS = [
    f"This model is a fine-tuned version of [Marten]({HUB}{RIVAL}) on our chats.",
    f"Base model: {HUB}{RIVAL}",
    f"Original model: {HUB}{RIVAL}",
    f"The original version: [Marten]({HUB}{RIVAL})",
    f"Built on top of [Marten]({HUB}{RIVAL}), compared with the original it is faster.",
    f"The LoRA was merged into {HUB}{RIVAL} and then trained further.",
    f"We fine-tuned [Marten]({HUB}{RIVAL}) with a reward model.",
    f"Thanks to [Marten]({HUB}{RIVAL}) for the base model.",
    f"A merge of [Marten]({HUB}{RIVAL}) with my other model.",
    f"## Models Merged\n\n- {HUB}{RIVAL}",
    f"## Fine-tuned models used\n\n- {HUB}{RIVAL}",
    f"{HUB}{RIVAL} fine-tuned on medical notes.",
]


@pytest.mark.parametrize("statement", PARENT_STATEMENTS)
def test_parent_statements_are_left_to_the_weights(statement: str) -> None:
    body = f"# Wren-7B\n\n{statement}\n"
    found = scorer.candidates(body, OWN, scorer.CardContext(), ruled_out=True)
    assert [(c.model_id, c.ruled_out) for c in found] == [(RIVAL, None)]


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("Demo: [Marten](", False),
        ("A cousin of [Marten](", False),
        ("Base model: [Marten](", True),
        ("Fine-tuned from ", True),  # a bare URL: its "https://huggingface.co/" is no word
        ("Original: ", True),
    ],
)
def test_of_or_from_before_a_reference_counts_after_a_lineage_or_origin_word(
    lead: str, expected: bool
) -> None:
    tail = ")" if lead.endswith("(") else ""
    body = f"# Wren-7B\n\n{lead}{HUB}{RIVAL}{tail}\n"
    (cand,) = scorer.candidates(body, OWN, scorer.CardContext())
    assert ("of-from-before" in cand.features) is expected

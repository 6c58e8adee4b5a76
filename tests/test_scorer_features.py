"""`importers.scorer` features that generalise across cards: each fires on its kind of
statement and stays silent on a trap that looks like it (hand-written cards only)."""

from __future__ import annotations

from importers import scorer

NO_CONTEXT = scorer.CardContext()


def features(
    body: str, own: str, ref: str, context: scorer.CardContext = NO_CONTEXT
) -> dict[str, float]:
    found = {c.model_id: c for c in scorer.candidates(body, own, context)}
    return found[ref].features


# -- "builds on", "building upon": a lineage phrase of the base group --------------------


def test_builds_on_before_a_link_is_a_base_word() -> None:
    body = "Wren-Talk builds on the [Wren-Base](https://huggingface.co/wrenlab/wren-base) checkpoint.\n"
    assert features(body, "wrenlab/wren-talk", "wrenlab/wren-base").get("near-base") == 1.0


def test_a_building_that_is_no_phrase_is_not_a_base_word() -> None:
    # "building" the noun and "build on your own" with no model after it: no base word.
    body = "Our building hosts the cluster; see [Wren-Base](https://huggingface.co/wrenlab/wren-base).\n"
    assert "near-base" not in features(body, "wrenlab/wren-talk", "wrenlab/wren-base")


# -- the card's name adds a tuning step or a task to the reference's ----------------------


def test_a_task_suffix_on_the_own_name_is_a_tuned_shape() -> None:
    body = "Weights of [the cased model](https://huggingface.co/heronlab/heron-base-cased).\n"
    feats = features(body, "heronlab/heron-base-cased-ner", "heronlab/heron-base-cased")
    assert feats.get("own-extends-name") == feats.get("own-adds-tune-word") == 1.0


def test_a_finetuned_step_in_the_own_name_is_a_tuned_shape() -> None:
    body = "Starts from https://huggingface.co/heronlab/heron-base for receipts.\n"
    feats = features(body, "heronlab/heron-base-finetuned-receipts", "heronlab/heron-base")
    assert feats.get("own-adds-tune-word") == 1.0


def test_a_size_or_version_suffix_is_no_tuned_shape() -> None:
    # heron-base-v2 and heron-base-large are siblings of heron-base, not tunes of it.
    body = "The first release: https://huggingface.co/heronlab/heron-base\n"
    for own in (
        "heronlab/heron-base-v2",
        "heronlab/heron-base-large",
        "heronlab/heron-base-python",
    ):
        feats = features(body, own, "heronlab/heron-base")
        assert feats.get("own-extends-name") == 1.0
        assert "own-adds-tune-word" not in feats, own


# -- a relative markdown link "[label](ORG/NAME)" reads as a Hub link ---------------------


def test_a_relative_link_is_read_from_before_its_label() -> None:
    body = (
        "# Crane-Mix\n\nThe models used in the merge are [Stork-Chat](https://huggingface.co/"
        "storkai/stork-chat-34b) and [a long name for the heron long-context tune of the large one]"
        "(heronlab/heron-34b-200k).\n"
    )
    context = scorer.CardContext(merge=True)
    feats = features(body, "cranes/crane-mix", "heronlab/heron-34b-200k", context)
    # The merge sentence lies more than the context's width before the link's target.
    assert feats.get("near-merge") == 1.0
    assert feats.get("card-merge&near-merge") == 1.0


def test_a_plain_id_in_parentheses_is_not_read_as_a_link() -> None:
    body = (
        "# Crane-Mix\n\nThe models used in the merge are listed below, after a long "
        "paragraph about the weather, the wind over the lake and the cranes that nest on the "
        "far shore every spring (heronlab/heron-34b).\n"
    )
    feats = features(body, "cranes/crane-mix", "heronlab/heron-34b", scorer.CardContext(merge=True))
    assert "near-merge" not in feats
    assert "card-merge&near-merge" not in feats

"""Models a card names that are no parents: scored beside it, a preset's repo, a recipe rerun.

A hand-made merge card links its ingredients; the models of its table of scores and the repo
a settings file is downloaded from are no ingredients. "This is [X](…) trained against Y" on a
card of another size than X is X's recipe run again, whichever reader picked X.
"""

from __future__ import annotations

from importers.card import read_card
from importers.card_names import recipe_at_other_size
from importers.merge_link_roles import compared_row, file_in_repo
from importers.prose import ProseClaim, Strength
from lineage.core.records import Relation

HUB = "https://huggingface.co"


def _parents(body: str, model_id: str, front: str = "tags:\n- merge") -> set[str]:
    record = read_card(f"---\n{front}\n---\n{body}", model_id, "README.md")
    return {c.parent for c in record.claims}


_SCORES = (
    "| Model | Average | Riddles | Recall |\n|---|---:|---:|---:|\n"
    f"| [**Finch-7B**]({HUB}/me/Finch-7B) | **61.2** | 50.1 | 70.3 |\n"
    f"| [Sparrow-7B]({HUB}/me/Sparrow-7B) | 60.4 | 49.9 | 69.0 |\n"
    f"| [acme/Heron-7B-chat]({HUB}/acme/Heron-7B-chat) | 55.0 | 41.2 | 66.6 |\n"
    f"| [zed/Gull-7B-beta]({HUB}/zed/Gull-7B-beta) | 54.1 | 40.0 | 65.9 |\n"
)


def test_models_scored_beside_a_merge_are_no_inputs() -> None:
    body = (
        "# Finch-7B\n\nFinch-7B is a SLERP merge of my earlier model, Sparrow-7B, and a "
        f"private one built from [wren/Wren-7B-v2]({HUB}/wren/Wren-7B-v2).\n\n"
        f"## Benchmarks\n\n{_SCORES}"
    )
    found = _parents(body, "me/Finch-7B")
    assert "acme/Heron-7B-chat" not in found and "zed/Gull-7B-beta" not in found
    # Sparrow-7B is named in the text too: an ingredient the author also scored.
    assert {"me/Sparrow-7B", "wren/Wren-7B-v2"} <= found


def test_a_row_of_a_table_that_lists_inputs_is_kept() -> None:
    # Trap: a table whose header names no benchmark lists what went in.
    body = (
        "# Finch-7B\n\nA merge.\n\n| Model | Weight | Density |\n|---|---|---|\n"
        f"| [acme/Heron-7B-chat]({HUB}/acme/Heron-7B-chat) | 0.5 | 0.6 |\n"
        f"| [zed/Gull-7B-beta]({HUB}/zed/Gull-7B-beta) | 0.5 | 0.4 |\n"
    )
    assert {"acme/Heron-7B-chat", "zed/Gull-7B-beta"} <= _parents(body, "me/Finch-7B")


def test_compared_row_reads_the_table_and_the_text() -> None:
    body = f"Merged from Sparrow-7B.\n\n{_SCORES}"
    row_at = body.index("| [zed/")
    row = body[row_at : body.index("\n", row_at)]
    assert compared_row(body, row_at, row, "zed/Gull-7B-beta")
    sparrow_at = body.index("| [Sparrow")
    sparrow = body[sparrow_at : body.index("\n", sparrow_at)]
    assert not compared_row(body, sparrow_at, sparrow, "me/Sparrow-7B")
    assert not compared_row(body, 0, "Merged from Sparrow-7B.", "me/Sparrow-7B")


def test_a_file_kept_in_another_repo_is_no_input() -> None:
    body = (
        "# Finch-7B\n\nHand-made, from two friends' work:\n\n"
        f"[acme/Heron-7B-chat]({HUB}/acme/Heron-7B-chat)\n\n"
        f"[zed/Gull-7B-beta]({HUB}/zed/Gull-7B-beta)\n\nFor chatting I suggest my "
        f"[sampler preset]({HUB}/me/Robin-7B/blob/main/presets/calm.json); the configs "
        f"are in the [steps]({HUB}/me/Finch-base/tree/main/steps) folder.\n"
    )
    found = _parents(body, "me/Finch-7B")
    assert "me/Robin-7B" not in found and "me/Finch-base" not in found
    assert {"acme/Heron-7B-chat", "zed/Gull-7B-beta"} <= found


def test_file_in_repo_reads_the_path_after_the_id() -> None:
    url = f"{HUB}/me/Robin-7B/blob/main/presets/calm.json)"
    end = url.index("/blob")
    assert file_in_repo(url, end)
    assert file_in_repo(f"{HUB}/me/Robin-7B/raw/main/chat.yaml ", end)
    assert file_in_repo(f"{HUB}/me/Robin-7B/tree/main/Recipes)", end)
    assert file_in_repo(f"{HUB}/me/Robin-7B/blob/main/LICENSE)", end)
    assert not file_in_repo(f"{HUB}/me/Robin-7B/tree/main)", end)  # the repo itself
    # Traps: a weights file is the model itself; a bare repo link names the repo.
    assert not file_in_repo(f"{HUB}/me/Robin-7B/blob/main/model.safetensors)", end)
    assert not file_in_repo(f"{HUB}/me/Robin-7B)", end)


def test_this_is_x_trained_against_y_at_another_size_by_the_scorer() -> None:
    mark = "[scorer p=0.6 +linked] "
    snippet = f"{mark}This is [heron-13b]({HUB}/acme/heron-13b) trained against Lark-7B on less"
    claim = ProseClaim("acme/heron-13b", None, Strength.LABEL, snippet, inferred=True)
    assert recipe_at_other_size(claim, "me/Heron-7B-plain")
    # Traps: the same size is this model's start; another sentence shape says nothing.
    assert not recipe_at_other_size(claim, "me/Heron-13B-plain")
    other = ProseClaim("acme/heron-13b", None, Strength.LABEL, f"{mark}See heron-13b", True)
    assert not recipe_at_other_size(other, "me/Heron-7B-plain")
    merged = ProseClaim("acme/heron-13b", Relation.MERGE, Strength.LABEL, snippet, True)
    assert not recipe_at_other_size(merged, "me/Heron-7B-plain")


def test_recipe_rerun_card_keeps_no_linked_model_of_another_size() -> None:
    body = (
        "# Heron 7B Plain\n\n"
        f"This is [heron-13b]({HUB}/acme/heron-13b) trained against Lark-7B with part of the "
        "conversations - the refusals were removed.\n"
    )
    assert "acme/heron-13b" not in _parents(body, "me/Heron-7B-Plain", front="license: other")


# -- a tuned start larger than the model ---------------------------------------------------


def test_a_larger_model_after_based_on_is_no_start() -> None:
    body = (
        "# Quill 7B\n\nWrites questions for a given answer. Based on "
        f"[Inkwell Large]({HUB}/me/Inkwell_13b_questions), retrained on a 7B model.\n"
    )
    assert "me/Inkwell_13b_questions" not in _parents(body, "me/Quill_7B", front="license: mit")


def test_a_same_size_or_smaller_start_is_kept() -> None:
    # Traps: the same size is the start; a smaller one may be grown (a merge, an upscale).
    body = f"# Quill 7B\n\nA fine-tune of [Inkwell-7B]({HUB}/me/Inkwell-7B) on questions.\n"
    assert "me/Inkwell-7B" in _parents(body, "me/Quill-7B", front="license: mit")


def test_a_teacher_a_pruned_or_a_stated_start_may_be_larger() -> None:
    for words in ("a pruned and retrained model based on", "distilled from", "a fine-tune of"):
        body = f"# Quill 7B\n\nThis model is {words} [Inkwell-13B]({HUB}/me/Inkwell-13B).\n"
        assert "me/Inkwell-13B" in _parents(body, "me/Quill-7B", front="license: mit")

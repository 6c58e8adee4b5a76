"""Hub links on a merge card that name no input, for `importers.merge_lists.merge_links`.

A hand-made merge card credits its ingredients with Hub links; it also links models in two
other ways that say nothing of what went in:

* a row of a table of scores ("| [X](…) | 56.1 | 44.7 |" under "| Model | Average | …"): a
  model compared, unless the card's text outside its tables names it too (an ingredient
  the author also benchmarks);
* a file or folder kept in another repo ("my recommended [preset](…/X/blob/main/p.json)",
  "the [recipes](…/X/tree/main/Recipe)", "the [licence](…/X/blob/main/LICENSE)"): a thing
  to download or read, not the repo's weights.

Pure: text in, a yes or no out.
"""

from __future__ import annotations

import re

from importers.scorer_roles import score_row

# A link into a repo that goes on to a file or a folder in it: "…/X/blob/main/p.json",
# "…/X/tree/main/Recipe", "…/X/blob/main/LICENSE" (not the branch alone, "…/X/tree/main").
_PATH_IN_REPO = re.compile(
    r"/(?:resolve|blob|raw|tree)/[^/\s)\]>\"'`]{1,80}/(?P<path>[^\s)\]>\"'`?#]{1,200})"
)
# A checkpoint file is the model itself (a recipe may link its ingredient's weights so).
_WEIGHTS_FILE = re.compile(r"\.(?:safetensors|ckpt|bin|pt|pth|gguf|onnx|h5|msgpack)$", re.I)


def file_in_repo(body: str, end: int) -> bool:
    """Whether the Hub URL whose id ends at ``end`` goes on to a file or folder of that repo
    other than its weights (a preset, a recipe folder, its licence): a thing to download
    or read, not the model credited."""
    if not body.startswith("/", end):
        return False
    m = _PATH_IN_REPO.match(body, end)
    return m is not None and _WEIGHTS_FILE.search(m["path"].rstrip("/")) is None


def compared_row(body: str, line_start: int, line: str, model_id: str) -> bool:
    """Whether a link stands in a row of a table of scores (`importers.scorer_roles.
    score_row`) and the card names the model nowhere outside its tables: compared only."""
    if not line.lstrip().startswith("|") or not score_row(body, line_start):
        return False
    name = model_id.rsplit("/", 1)[-1].casefold()
    lower = body.casefold()
    at = lower.find(name)
    while at >= 0:
        start = lower.rfind("\n", 0, at) + 1
        if not lower[start:at].lstrip().startswith("|"):
            return False  # named in the text too: an ingredient the author also scored
        at = lower.find(name, at + len(name))
    return True

"""The card's own repo written under another org, which says nothing of a bare name.

A card often writes its own repo's id with an older or sister org ("old-org/wren-ner" in the
usage code of "new-org/wren-ner", moved since): that id is this model, not a fuller spelling
of the base a label line names bare ("Base model is Wren", `importers.label_lines`).
`written_elsewhere` is `importers.prose_bare.written_with_other_org` with those ids left out.
"""

from __future__ import annotations

import re

from importers.prose_bare import written_with_other_org


def written_elsewhere(name: str, body: str, model_id: str) -> bool:
    """Whether the card writes ``name`` (or a longer name) after an org, leaving out this
    repo's own id and its own repo name under any other org."""
    if not written_with_other_org(name, body, model_id):
        return False  # most names
    own = model_id.rsplit("/", 1)[-1]
    if own.casefold() not in body.casefold():
        return True
    pattern = r"(?<![\w.-])[A-Za-z0-9][\w.-]*/" + re.escape(own) + r"(?![\w.-])"
    rest = re.sub(pattern, " ", body, flags=re.I)
    return written_with_other_org(name, rest, model_id)

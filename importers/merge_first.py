"""The first name of a merge list, read by a phrase reader too.

"a merge of SD 1.4, SD 1.5, Analog Diffusion and …": the phrase "merge of X" names only its
first input, and weakly (a name without an org after a loose phrase); the list reader
(`importers.merge_bare`) names every input, strongly. The phrase's claim is kept (it came
first) with the list's strength, or the first input would be the one dropped beside the
others. Only a merge claim of both readers: a weak "based on X" stays weak.
"""

from __future__ import annotations

from importers.prose_claims import ProseClaim
from lineage.core.records import Relation


def listed_beside(phrase: ProseClaim, listed: ProseClaim) -> bool:
    """Whether ``phrase`` (a phrase reader's claim) is a merge input ``listed`` names more
    strongly (same parent: the caller compares the keys)."""
    return (
        phrase.relation is Relation.MERGE
        and listed.relation is Relation.MERGE
        and listed.strength > phrase.strength
        and not phrase.inferred
        and not listed.inferred
    )

"""Well-known foundation and base models: the org of a model named without one.

Cards often name their base as it is spoken ("fine-tuned from Mistral-7B-v0.1").
`known_id` gives such a name its Hub id when exactly one id in the shipped table
(``known_models.txt``, data written by hand) has that very name, case aside.
Anything else (a shortened name, a name two orgs publish) stays as written.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def _table() -> dict[str, str | None]:
    """Lower-cased NAME → ORG/NAME, or ``None`` when several orgs publish that name."""
    text = files("importers").joinpath("known_models.txt").read_text(encoding="utf-8")
    table: dict[str, str | None] = {}
    for line in text.splitlines():
        model_id = line.split("#", 1)[0].strip()
        if "/" not in model_id:
            continue
        name = model_id.rsplit("/", 1)[1].casefold()
        held = table.get(name, model_id)
        table[name] = (
            model_id if held is not None and held.casefold() == model_id.casefold() else None
        )
    return table


def known_id(name: str) -> str | None:
    """The Hub id of a well-known model called exactly ``name``, if there is one."""
    return _table().get(name.strip().casefold())

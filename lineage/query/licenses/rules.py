"""The licence rules as data: id, severity, and a message template a reviewer understands."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # the declared terms contradict terms that bind the model
    WARNING = "warning"  # a duty is probably unmet, or terms need a human decision
    INFO = "info"  # the chain holds something the project cannot judge


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: what it is called, how bad it is, and how to say it."""

    id: str
    severity: Severity
    title: str
    template: str

    def message(self, **values: Any) -> str:
        return f"{self.id}: " + self.template.format(**values)


RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule(
            "LIC-RELABEL",
            Severity.ERROR,
            "relicensed away from a licence that binds derivatives",
            "declared {declared}; ancestor {ancestor} ({ancestor_license}) requires derivatives "
            "to {duty} ({clause}); the licence changed at {changed_at}",
        ),
        Rule(
            "LIC-NONCOMMERCIAL",
            Severity.ERROR,
            "commercial licence over a non-commercial ancestor",
            "declared {declared}, which allows commercial use; ancestor {ancestor} "
            "({ancestor_license}) allows non-commercial use only ({clause})",
        ),
        Rule(
            "LIC-NAMING",
            Severity.WARNING,
            "naming duty unmet",
            "name {name!r} does not begin with {prefix!r}; ancestor {ancestor} "
            "({ancestor_license}) requires a model built with it{outputs} to begin its name "
            "with {prefix!r} ({clause})",
        ),
        Rule(
            "LIC-NAMING-OWN",
            Severity.WARNING,
            "naming duty of the model's own licence unmet",
            "name {name!r} does not begin with {prefix!r}; its own licence {license} asks "
            "that of a model built on the licensed model ({clause})",
        ),
        Rule(
            "LIC-MISSING",
            Severity.WARNING,
            "no licence declared where an ancestor's licence applies",
            "declares no licence; the terms of its ancestors reach it: effective licence "
            "{effective} (from {ancestors})",
        ),
        Rule(
            "LIC-MERGE-COPYLEFT",
            Severity.ERROR,
            "merge of a copyleft input with inputs under other binding terms",
            "merges {first} ({first_license}) and {second} ({second_license}); {copyleft} "
            "requires the whole derivative under its own terms ({clause}), which the other "
            "input's terms forbid replacing",
        ),
        Rule(
            "LIC-MERGE-TERMS",
            Severity.WARNING,
            "merge inputs bound by different model licences",
            "merges {first} ({first_license}) and {second} ({second_license}); both licences "
            "bind the merge, so it must meet both sets of terms at once",
        ),
        Rule(
            "LIC-OUTPUTS",
            Severity.ERROR,
            "trained on outputs its licence reserves",
            "distilled from {ancestor} ({ancestor_license}), whose outputs may not be used to "
            "improve models outside its family ({clause}); declared {declared}",
        ),
        Rule(
            "LIC-UNKNOWN",
            Severity.WARNING,
            "licence not recognised",
            "declares {declared!r}, which names no licence the project knows; read its text "
            "by hand",
        ),
        Rule(
            "LIC-NO-FACTS",
            Severity.INFO,
            "licence without recorded duties",
            "declares {declared}, a valid SPDX licence the project records no duties for",
        ),
    ]
}

"""Licence facts loaded from ``ontology/licenses.ttl``: what each licence asks of derivatives."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Generic, TypeVar

import pyoxigraph as ox

from lineage.core.errors import LineageError

LIN = "https://w3id.org/model-lineage/ns#"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

FLOW_DOWN_VALUES = ("none", "same-licence", "agreement", "use-restrictions")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Fact(Generic[T]):
    """One answer about a licence, the clause it comes from, whether it reaches outputs, and
    whether the project checked it against the licence text (``verified``)."""

    value: T
    clause: str
    includes_outputs: bool = False
    verified: bool = True

    def to_json(self) -> dict[str, object]:
        return {
            "value": self.value,
            "clause": self.clause,
            "includes_outputs": self.includes_outputs,
            "verified": self.verified,
        }


@dataclass(frozen=True, slots=True)
class LicenseFacts:
    """Everything the project records about one licence."""

    key: str
    name: str
    url: str
    family: str
    kind: str
    commercial_use: Fact[bool]
    derivatives_allowed: Fact[bool]
    flow_down: Fact[str]
    attribution: Fact[bool]
    spdx_id: str | None = None
    scancode_key: str | None = None
    aliases: tuple[str, ...] = ()
    alias_urls: tuple[str, ...] = ()
    licensors: tuple[str, ...] = ()
    compatible_with: tuple[str, ...] = ()
    notice: Fact[str] | None = None
    name_prefix: Fact[str] | None = None
    outputs_train_other_models: Fact[bool] | None = None
    user_threshold: Fact[int] | None = None

    def facts(self) -> dict[str, Fact[Any]]:
        """Every fact recorded for this licence, by its JSON name."""
        named: dict[str, Fact[Any] | None] = {
            "commercial_use": self.commercial_use,
            "derivatives_allowed": self.derivatives_allowed,
            "flow_down": self.flow_down,
            "attribution": self.attribution,
            "notice": self.notice,
            "name_prefix": self.name_prefix,
            "outputs_train_other_models": self.outputs_train_other_models,
            "user_threshold": self.user_threshold,
        }
        return {k: v for k, v in named.items() if v is not None}

    @property
    def verified(self) -> bool:
        """True when every fact was checked against the licence text."""
        return all(f.verified for f in self.facts().values())

    @property
    def carries_forward(self) -> bool:
        """True when derivatives must keep this licence or its restrictions."""
        return self.flow_down.value != "none"

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "key": self.key,
            "name": self.name,
            "url": self.url,
            "family": self.family,
            "kind": self.kind,
            "spdx_id": self.spdx_id,
            "verified": self.verified,
            "commercial_use": self.commercial_use.to_json(),
            "derivatives_allowed": self.derivatives_allowed.to_json(),
            "flow_down": self.flow_down.to_json(),
            "attribution": self.attribution.to_json(),
        }
        for name in ("notice", "name_prefix", "outputs_train_other_models", "user_threshold"):
            fact = getattr(self, name)
            if fact is not None:
                out[name] = fact.to_json()
        return out


class LicenseDataError(LineageError):
    """The licence facts file is malformed."""


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def _literal(term: object) -> bool | int | str:
    if not isinstance(term, ox.Literal):
        raise LicenseDataError(f"expected a literal, got {term}")
    dt = term.datatype.value
    if dt.endswith("#boolean"):
        return term.value == "true"
    if dt.endswith("#integer"):
        return int(term.value)
    return term.value


@cache
def load_facts() -> dict[str, LicenseFacts]:
    """Every licence in ``ontology/licenses.ttl``, by canonical key."""
    data = files("ontology").joinpath("licenses.ttl").read_bytes()
    props: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
    for t in ox.parse(data, format=ox.RdfFormat.TURTLE):
        props[str(t.subject)][t.predicate.value].append(t.object)

    def flag(node: dict[str, list[object]], local: str, default: bool) -> bool:
        values = node.get(LIN + local)
        return bool(_literal(values[0])) if values else default

    def fact(node: dict[str, list[object]], local: str, kind: type) -> Fact | None:  # type: ignore[type-arg]
        values = node.get(LIN + local)
        if not values:
            return None
        inner = props[str(values[0])]
        value = _literal(inner[RDF_VALUE][0])
        if not isinstance(value, kind):
            raise LicenseDataError(f"{local}: expected {kind.__name__}, got {value!r}")
        clauses = inner.get(LIN + "clause")
        if not clauses or not str(_literal(clauses[0])).strip():
            raise LicenseDataError(f"{local}: a licence fact without lin:clause")
        return Fact(
            value=value,
            clause=str(_literal(clauses[0])),
            includes_outputs=flag(inner, "includesOutputs", False),
            # A licence marked unverified makes every one of its facts unverified.
            verified=flag(node, "verified", True) and flag(inner, "verified", True),
        )

    def required(node: dict[str, list[object]], local: str, kind: type, key: str) -> Fact:  # type: ignore[type-arg]
        found = fact(node, local, kind)
        if found is None:
            raise LicenseDataError(f"licence {key!r} lacks lin:{local}")
        return found

    iri_to_key: dict[str, str] = {}
    out: dict[str, LicenseFacts] = {}
    license_class = f"<{LIN}License>"
    nodes = [
        (s, p) for s, p in props.items() if license_class in {str(o) for o in p.get(RDF_TYPE, [])}
    ]
    for subject, node in nodes:
        iri_to_key[subject] = str(_literal(node[LIN + "licenseKey"][0]))
    for subject, node in nodes:
        key = iri_to_key[subject]

        def strings(local: str, node: dict[str, list[object]] = node) -> tuple[str, ...]:
            return tuple(str(_literal(v)) for v in node.get(LIN + local, []))

        flow = required(node, "flowDown", str, key)
        if flow.value not in FLOW_DOWN_VALUES:
            raise LicenseDataError(f"licence {key!r}: unknown flowDown {flow.value!r}")
        spdx, scancode = strings("spdxId"), strings("scancodeKey")
        out[key] = LicenseFacts(
            key=key,
            name=str(_literal(node[RDFS_LABEL][0])),
            url=_text(node[LIN + "licenseText"][0]),  # type: ignore[arg-type]
            family=strings("licenseFamily")[0],
            kind=strings("licenseKind")[0],
            commercial_use=required(node, "commercialUse", bool, key),
            derivatives_allowed=required(node, "derivativesAllowed", bool, key),
            flow_down=flow,
            attribution=required(node, "attribution", bool, key),
            spdx_id=spdx[0] if spdx else None,
            scancode_key=scancode[0] if scancode else None,
            aliases=strings("alias"),
            alias_urls=strings("aliasUrl"),
            licensors=strings("licensor"),
            compatible_with=tuple(iri_to_key[str(o)] for o in node.get(LIN + "compatibleWith", [])),
            notice=fact(node, "noticeText", str),
            name_prefix=fact(node, "namePrefix", str),
            outputs_train_other_models=fact(node, "outputsTrainOtherModels", bool),
            user_threshold=fact(node, "userThreshold", int),
        )
    return out


def facts_for(key: str) -> LicenseFacts | None:
    """The facts of one licence by canonical key, or None when the project records none."""
    return load_facts().get(key)

"""A model's facts as the embedded store reads them from its sources' graphs."""

from __future__ import annotations

from collections import defaultdict
from itertools import islice
from typing import Any

from pyoxigraph import NamedNode

from lineage.core import vocab as v
from lineage.core.graph import EvalRow, Evidence, Node, declared_license, eval_rows
from lineage.core.records import EvalResult
from lineage.stores.oxigraph.state import StoreState
from lineage.stores.oxigraph.terms import LICENSE_PREDS as _LICENSE_PREDS
from lineage.stores.oxigraph.terms import PLACEHOLDER_MENTIONS
from lineage.stores.oxigraph.terms import N as _N
from lineage.stores.oxigraph.terms import NodeData as _NodeData
from lineage.stores.oxigraph.terms import value as _value


class FactsMixin(StoreState):
    """Display ids, node facts, evidence (the per-model reads of `OxigraphStore`)."""

    def _own_graphs(self, m: NamedNode) -> list[Any]:
        """The sources that describe the model itself (its card, its repo files)."""
        return [q.graph_name for q in self._quads(m, _N["DESCRIBED_BY"])]

    def _display(self, m: NamedNode) -> str | None:
        """The display id: as the model's own source writes it, else the first seen."""
        # Shares the facts cache: every traversal that names a model also shows it.
        data = self._node_data(m.value)
        return data[0] or None if data is not None else None

    def _source_info_uncached(self, g: NamedNode) -> tuple[str, str | None]:
        name = next(self._quads(g, _N["SOURCE_NAME"], None, g), None)
        loc = next(self._quads(g, _N["LOCATION"], None, g), None)
        return (
            _value(name.object) if name else v.source_name_from_iri(g.value),
            _value(loc.object) if loc else None,
        )

    def node(self, model_id: str) -> Node | None:
        data = self._node_data(v.model_iri(model_id))
        if data is None:
            return None
        display, own, lic, datasets, lib, pipe, langs, tags, sources, decl, evals = data[:11]
        formats, quant_types, bits, new_version = data[11:]
        return Node(
            id=display or model_id,
            placeholder=not own,
            license=lic,
            datasets=list(datasets),
            library=lib,
            pipeline_tag=pipe,
            languages=list(langs),
            tags=list(tags),
            sources=list(sources),
            declared_license=decl[0],
            license_name=decl[1],
            license_link=decl[2],
            license_source=decl[3],
            evals=[EvalResult(*row) for row in evals],
            formats=list(formats),
            quant_types=list(quant_types),
            bits=list(bits),
            new_version=new_version,
        )

    def _node_data_uncached(self, m_iri: str) -> _NodeData | None:
        return self._indexed("node", m_iri, self._node_row)

    def _node_row(self, m_iri: str) -> _NodeData | None:
        """A model's facts, read from its graphs."""
        m = NamedNode(m_iri)
        own = self._own_graphs(m)
        # The facts that count are in the model's own graphs; other graphs only
        # repeat its type and id (once per child that names it as a parent).
        by_pred: dict[str, list[tuple[bool, Any]]] = defaultdict(list)
        spelled: dict[str, set[str]] = defaultdict(set)  # dataset IRI → its spellings here
        claims: list[list[str | None]] = []  # per own source: name, licence, name, link
        evals: list[EvalRow] = []
        newer: list[str] = []  # the new versions, as the model's own sources spell them
        for g in own:
            claim: list[str | None] = [self._source_info(g)[0], None, None, None]
            claims.append(claim)
            for q in self._quads(m, None, None, g):
                pred = q.predicate.value
                by_pred[pred].append((True, q.object))
                if q.predicate == _N["TRAINED_ON"]:
                    spelled[q.object.value].add(self._dataset_spelling(q.object, g))
                elif pred in _LICENSE_PREDS:
                    slot = _LICENSE_PREDS[pred]
                    text = _value(q.object)
                    current = claim[slot]
                    claim[slot] = text if current is None else min(current, text)
                elif q.predicate == _N["HAS_EVALUATION"]:
                    evals.append(self._eval_row(q.object, g))
                elif q.predicate == _N["NEW_VERSION"]:
                    spelling = next(self._quads(q.object, _N["HUB_ID"], None, g), None)
                    newer.append(_value(spelling.object) if spelling else q.object.value)
        if not own:
            for q in islice(self._quads(m, _N["HUB_ID"]), PLACEHOLDER_MENTIONS):
                by_pred[v.HUB_ID].append((False, q.object))
            if not by_pred and next(self._quads(m), None) is None:
                return None

        def values(pred: str) -> tuple[str, ...]:
            seen = [_value(o) for is_own, o in by_pred.get(pred, ()) if is_own]
            return tuple(sorted(dict.fromkeys(seen)))

        names = sorted((not is_own, _value(o)) for is_own, o in by_pred.get(v.HUB_ID, []))
        licenses, license_names = values(v.LICENSE), values(v.LICENSE_NAME)
        lic = licenses[0] if licenses else None
        if license_names and (lic is None or lic.casefold() == "other"):
            lic = license_names[0]
        libs, pipes = values(v.LIBRARY), values(v.PIPELINE_TAG)
        return (
            names[0][1] if names else "",
            bool(own),
            lic,
            tuple(sorted(min(spellings) for spellings in spelled.values())),
            libs[0] if libs else None,
            pipes[0] if pipes else None,
            values(v.LANGUAGE),
            values(v.KEYWORDS),
            tuple(sorted(self._source_info(g)[0] for g in own)),
            declared_license((str(c[0]), c[1], c[2], c[3]) for c in claims),
            eval_rows(evals),
            *self._weight_facts(m),
            min(newer) if newer else None,
        )

    def _eval_row(self, n: Any, g: Any) -> EvalRow:
        """One evaluation result of a source: task, dataset, metric, value."""
        fields = {q.predicate.value: _value(q.object) for q in self._quads(n, None, None, g)}
        return (
            fields.get(v.EVAL_TASK),
            fields.get(v.EVAL_DATASET),
            fields.get(v.EVAL_METRIC, ""),
            fields.get(v.EVAL_VALUE, ""),
        )

    def _weight_facts(
        self, m: NamedNode
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
        """Formats, quantisation types and bit widths that any source about the model states.

        Unlike the other facts, side files count: a GGUF header names its own quantisation.
        """
        found = [
            sorted({_value(q.object) for q in self._quads(m, _N[p])})
            for p in ("WEIGHT_FORMAT", "QUANT_TYPE", "BIT_WIDTH")
        ]
        return tuple(found[0]), tuple(found[1]), tuple(sorted(int(b) for b in found[2]))

    def _dataset_spelling(self, d: NamedNode, g: Any) -> str:
        """A dataset's identifier as one source spells it.

        A model lists its datasets as its own sources write them (the smallest
        spelling when they differ, even within one source), so its facts depend on
        its own sources only.
        """
        spellings = (_value(q.object) for q in self._quads(d, _N["IDENTIFIER"], None, g))
        return min(spellings, default=d.value.removeprefix(v.DATASET_NS))

    def _evidence(self, d: Any, g: Any) -> tuple[Any, Evidence]:
        fields: dict[str, Any] = {}
        for q in self._quads(d, None, None, g):
            fields[q.predicate.value] = q.object
        source, location = self._source_info(g)
        inferred = fields.get(v.RELATION_INFERRED)
        value = fields.get(v.EVIDENCE_VALUE)
        ev = Evidence(
            kind=_value(fields[v.EVIDENCE_KIND]),
            source=source,
            relation=_value(fields[v.RELATION]),
            confidence=float(_value(fields[v.CONFIDENCE])),
            inferred=inferred is not None and _value(inferred) == "true",
            value=_value(value) if value is not None else None,
            location=location,
        )
        return fields[v.ENTITY], ev


__all__ = ["FactsMixin"]

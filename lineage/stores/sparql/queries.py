"""The SPARQL the remote engine sends: every pattern inside ``GRAPH ?g { … }``.

Naming the graphs makes the engine independent of how a server builds its default graph (the
union of the named graphs on some servers, an empty graph on others): the same text answers on
every SPARQL 1.1 server. Where a pattern could also match the consolidated view's graph
(`vocab.VIEW_GRAPH`, kept by `view`), the query leaves that graph out: the reads range over
the sources alone. Queries about many models bind them with ``VALUES``, so a server looks
each one up in its indexes and one request serves a whole batch.
"""

from __future__ import annotations

from collections.abc import Iterable

from lineage.core import vocab as v

_T = {
    name: f"<{getattr(v, name)}>"
    for name in (
        "HUB_ID", "DESCRIBED_BY", "QUALIFIED_DERIVATION", "ENTITY",
        "RELATION", "EVIDENCE_KIND", "EVIDENCE_VALUE", "CONFIDENCE", "RELATION_INFERRED",
        "PRIMARY_SOURCE", "SOURCE_NAME", "LOCATION", "IDENTIFIER", "TRAINED_ON",
        "HAS_UNRESOLVED", "UNRESOLVED_VALUE", "UNRESOLVED_REASON", "HAS_EVALUATION", "NEW_VERSION",
        "WEIGHT_FORMAT", "QUANT_TYPE", "BIT_WIDTH", "SOURCE_DIGEST",
        "IMPORTED_AT", "ABOUT",
    )
}  # fmt: skip
RELATION_PREDICATES = " ".join(f"<{p}>" for p in v.PROPERTY_RELATION)
VIEW = f"<{v.VIEW_GRAPH}>"


def sources_only(graph_var: str = "?g") -> str:
    """A filter keeping ``graph_var`` to the source graphs (the view's graph left out)."""
    return f"FILTER({graph_var} != {VIEW})"


# A placeholder's display id is the smallest of this many mentions (as the embedded store's).
PLACEHOLDER_MENTIONS = 64


def iris(values: Iterable[str]) -> str:
    """IRIs for a ``VALUES`` block (ours are percent-encoded: no ``>`` or spaces inside)."""
    return " ".join(f"<{x}>" for x in values)


def own_facts(models: Iterable[str]) -> str:
    """Every statement about each model in the sources that describe it, with source names."""
    return f"""SELECT ?m ?g ?name ?p ?o ?ds WHERE {{
  VALUES ?m {{ {iris(models)} }}
  GRAPH ?g {{
    ?m {_T["DESCRIBED_BY"]} ?g ; ?p ?o .
    OPTIONAL {{ ?g {_T["SOURCE_NAME"]} ?name }}
    OPTIONAL {{ ?o {_T["IDENTIFIER"]} ?ds }}
  }}
}}"""


def more_facts(models: Iterable[str]) -> str:
    """Evaluation results and new versions (own sources), weight facts (any source)."""
    return f"""SELECT ?m ?g ?p ?o ?x ?xo WHERE {{
  VALUES ?m {{ {iris(models)} }}
  GRAPH ?g {{
    {{ ?m {_T["DESCRIBED_BY"]} ?g ; {_T["HAS_EVALUATION"]} ?o . ?o ?x ?xo .
       BIND({_T["HAS_EVALUATION"]} AS ?p) }}
    UNION {{ ?m {_T["DESCRIBED_BY"]} ?g ; {_T["NEW_VERSION"]} ?o .
       OPTIONAL {{ ?o {_T["HUB_ID"]} ?xo }} BIND({_T["NEW_VERSION"]} AS ?p) }}
    UNION {{ ?m ?p ?o . VALUES ?p {{ {_T["WEIGHT_FORMAT"]} {_T["QUANT_TYPE"]} {_T["BIT_WIDTH"]} }} }}
  }}
  {sources_only()}
}}"""


def source_digests(locations: bool) -> str:
    """Every source's digest (and, with ``locations``, every source with its location)."""
    if locations:
        return f"""SELECT ?g ?n ?d ?l WHERE {{ GRAPH ?g {{ ?g {_T["SOURCE_NAME"]} ?n ;
      {_T["LOCATION"]} ?l OPTIONAL {{ ?g {_T["SOURCE_DIGEST"]} ?d }} }} }}"""
    return f"""SELECT ?g ?d WHERE {{ GRAPH ?g {{ ?g {_T["SOURCE_DIGEST"]} ?d }} }}"""


def recent_imports(limit: int) -> str:
    """The sources imports wrote last, newest first, ties by source name."""
    return f"""SELECT ?n ?t ?id ?l WHERE {{ GRAPH ?g {{
      ?g {_T["IMPORTED_AT"]} ?t ; {_T["SOURCE_NAME"]} ?n ; {_T["LOCATION"]} ?l ;
        {_T["ABOUT"]}|^{_T["DESCRIBED_BY"]} ?m .
      ?m {_T["HUB_ID"]} ?id }} }} ORDER BY DESC(?t) ?n LIMIT {max(int(limit), 0)}"""


def mentioned_ids(models: Iterable[str]) -> str:
    """A few spellings of each model (placeholders: no source describes them)."""
    parts = [
        f"{{ SELECT ?m ?id WHERE {{ GRAPH ?g {{ <{m}> {_T['HUB_ID']} ?id }} {sources_only()} "
        f"BIND(<{m}> AS ?m) }} "
        f"LIMIT {PLACEHOLDER_MENTIONS} }}"
        for m in models
    ]
    return "SELECT ?m ?id WHERE { " + " UNION ".join(parts) + " }"


_EVIDENCE = f"""?d {_T["EVIDENCE_KIND"]} ?kind ; {_T["RELATION"]} ?rel ; {_T["CONFIDENCE"]} ?conf .
    OPTIONAL {{ ?d {_T["RELATION_INFERRED"]} ?inf }}
    OPTIONAL {{ ?d {_T["EVIDENCE_VALUE"]} ?val }}
    OPTIONAL {{ ?g {_T["SOURCE_NAME"]} ?name }}
    OPTIONAL {{ ?g {_T["LOCATION"]} ?loc }}"""


def parents(children: Iterable[str]) -> str:
    """Each claim that one of ``children`` derives from a parent, with its evidence."""
    return f"""SELECT ?c ?p ?g ?kind ?rel ?conf ?inf ?val ?name ?loc WHERE {{
  VALUES ?c {{ {iris(children)} }}
  GRAPH ?g {{
    ?c {_T["QUALIFIED_DERIVATION"]} ?d . ?d {_T["ENTITY"]} ?p .
    {_EVIDENCE}
  }}
}}"""


def children(parent: str, limit: int | None) -> str:
    """Each claim that a model derives from ``parent`` (the first ``limit`` children by IRI)."""
    first = ""
    if limit is not None:
        first = f"""{{ SELECT DISTINCT ?c WHERE {{ GRAPH ?h {{
      ?c {_T["QUALIFIED_DERIVATION"]} ?e . ?e {_T["ENTITY"]} <{parent}> }} {sources_only("?h")} }}
    ORDER BY ?c LIMIT {int(limit)} }}"""
    return f"""SELECT ?c ?g ?kind ?rel ?conf ?inf ?val ?name ?loc WHERE {{
  {first}
  GRAPH ?g {{
    ?c {_T["QUALIFIED_DERIVATION"]} ?d . ?d {_T["ENTITY"]} <{parent}> .
    {_EVIDENCE}
  }}
}}"""


def child_relations(parents_: Iterable[str]) -> str:
    """The children of each parent, with every relation each one names it by."""
    return f"""SELECT ?p ?c ?r WHERE {{
  VALUES ?p {{ {iris(parents_)} }}
  VALUES ?r {{ {RELATION_PREDICATES} }}
  GRAPH ?g {{ ?c ?r ?p }} {sources_only()}
}}"""


def any_children(parents_: Iterable[str]) -> str:
    """Whether any of the models has a child."""
    return f"""ASK {{
  VALUES ?p {{ {iris(parents_)} }}
  VALUES ?r {{ {RELATION_PREDICATES} }}
  GRAPH ?g {{ ?c ?r ?p }} {sources_only()}
}}"""


MODELS = f"""SELECT DISTINCT ?m WHERE {{ GRAPH ?g {{ ?m {_T["HUB_ID"]} ?id }} {sources_only()} }}
ORDER BY ?m"""

MODELS_WITH_PARENTS = f"""SELECT DISTINCT ?c WHERE {{
  GRAPH ?g {{ ?c {_T["QUALIFIED_DERIVATION"]} ?d }} {sources_only()} }} ORDER BY ?c"""

DISPLAY_IDS = f"""SELECT ?id ?own WHERE {{
  GRAPH ?g {{ ?m {_T["HUB_ID"]} ?id }} {sources_only()}
  BIND(EXISTS {{ GRAPH ?g {{ ?m {_T["DESCRIBED_BY"]} ?g }} }} AS ?own)
}}"""

PLACEHOLDERS = f"""SELECT ?m ?id WHERE {{
  GRAPH ?g {{ ?m {_T["HUB_ID"]} ?id }} {sources_only()}
  FILTER NOT EXISTS {{ GRAPH ?h {{ ?m {_T["DESCRIBED_BY"]} ?h }} }}
}}"""

STATS = f"""SELECT ?models ?described ?edges ?sources WHERE {{
  {{ SELECT (COUNT(DISTINCT ?m) AS ?models) WHERE {{
       GRAPH ?g {{ ?m {_T["HUB_ID"]} ?id }} {sources_only()} }} }}
  {{ SELECT (COUNT(DISTINCT ?x) AS ?described) WHERE {{
       GRAPH ?h {{ ?x {_T["DESCRIBED_BY"]} ?h }} }} }}
  {{ SELECT (COUNT(*) AS ?edges) WHERE {{ SELECT DISTINCT ?c ?p WHERE {{
       GRAPH ?i {{ ?c {_T["QUALIFIED_DERIVATION"]} ?d . ?d {_T["ENTITY"]} ?p }}
       {sources_only("?i")} }} }} }}
  {{ SELECT (COUNT(DISTINCT ?s) AS ?sources) WHERE {{
       GRAPH ?s {{ ?s {_T["SOURCE_NAME"]} ?name }} }} }}
}}"""


def present_sources(graphs: Iterable[str]) -> str:
    """Which of these source graphs the server holds."""
    return f"""SELECT ?g WHERE {{
  VALUES ?g {{ {iris(graphs)} }}
  GRAPH ?g {{ ?g {_T["SOURCE_NAME"]} ?name }}
}}"""


def some_sources(limit: int) -> str:
    """Up to ``limit`` source graphs (to drop in batches)."""
    return (
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g {_T['SOURCE_NAME']} ?name }} }} "
        f"LIMIT {int(limit)}"
    )


def drop(graphs: Iterable[str]) -> str:
    """One update dropping these graphs."""
    return " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)


def drop_view() -> str:
    """The start of an update that forgets a view another client kept (the view kept off)."""
    return f"DROP SILENT GRAPH <{v.VIEW_GRAPH}> ;\n"


def trained_on(dataset: str) -> str:
    """Models whose sources name the dataset."""
    return f"""SELECT DISTINCT ?m WHERE {{
  GRAPH ?g {{ ?m {_T["TRAINED_ON"]} <{dataset}> }} {sources_only()} }}"""


UNRESOLVED = f"""SELECT ?n (SAMPLE(?id) AS ?model) ?text ?reason ?kind (SAMPLE(?name) AS ?source)
WHERE {{
  #VALUES#
  GRAPH ?g {{
    ?m {_T["HAS_UNRESOLVED"]} ?n ; {_T["HUB_ID"]} ?id .
    ?n {_T["UNRESOLVED_VALUE"]} ?text ; {_T["UNRESOLVED_REASON"]} ?reason ;
       {_T["EVIDENCE_KIND"]} ?kind ; {_T["PRIMARY_SOURCE"]} ?g .
    OPTIONAL {{ ?g {_T["SOURCE_NAME"]} ?name }}
  }}
}} GROUP BY ?n ?text ?reason ?kind"""


def unresolved_of(model_iri: str) -> str:
    """The unresolved references of one model (`UNRESOLVED` bound to it)."""
    return UNRESOLVED.replace("#VALUES#", f"VALUES ?m {{ <{model_iri}> }}")


def big_families(threshold: int) -> str:
    """Parents with more than ``threshold`` children under one relation."""
    return f"""SELECT ?p ?r WHERE {{
  VALUES ?r {{ {RELATION_PREDICATES} }}
  GRAPH ?g {{ ?c ?r ?p }} {sources_only()}
}} GROUP BY ?p ?r HAVING (COUNT(DISTINCT ?c) > {int(threshold)})"""


def leaves(parent: str, relation: str) -> str:
    """Children of ``parent`` by ``relation`` with no children and no other parent."""
    return f"""SELECT DISTINCT ?c WHERE {{
  GRAPH ?g {{ ?c <{relation}> <{parent}> }} {sources_only()}
  FILTER NOT EXISTS {{ VALUES ?r {{ {RELATION_PREDICATES} }} GRAPH ?g2 {{ ?x ?r ?c }} }}
  FILTER NOT EXISTS {{
    VALUES ?r2 {{ {RELATION_PREDICATES} }} GRAPH ?g3 {{ ?c ?r2 ?o }} FILTER(?o != <{parent}>)
  }}
}}"""


QUADS = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {sources_only()} }}"

"""One model's AI-BOM in either format, from its licence chain, with its completeness score."""

from __future__ import annotations

from typing import Any

from lineage.core.errors import UsageError
from lineage.exporters.aibom.common import NAMESPACE
from lineage.exporters.aibom.cyclonedx import cyclonedx
from lineage.exporters.aibom.cyclonedx import validate as validate_cyclonedx
from lineage.exporters.aibom.spdx import spdx
from lineage.exporters.aibom.spdx import validate as validate_spdx
from lineage.query.licenses import LicenseChain

FORMATS = ("cyclonedx", "spdx")
MEDIA_TYPES = {
    "cyclonedx": "application/vnd.cyclonedx+json",
    "spdx": "application/spdx+json",
}


def _score_text(chain: LicenseChain) -> str:
    parts = ", ".join(
        f"{p.name}: {'n/a' if p.met is None else 'met' if p.met else 'unmet'}"
        for p in chain.completeness.parts
    )
    return f"provenance completeness (model-lineage): {chain.completeness.score:g} ({parts})"


def model_aibom(chain: LicenseChain, fmt: str = "cyclonedx") -> dict[str, Any]:
    """The AI-BOM of ``chain.model`` as ``fmt`` (cyclonedx or spdx), validated before it returns.

    The subject's provenance completeness rides along: a ``model-lineage:completeness``
    property in CycloneDX, the subject package's comment in SPDX.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown AI-BOM format {fmt!r}; choose one of {', '.join(FORMATS)}")
    score = chain.completeness
    if fmt == "cyclonedx":
        doc = cyclonedx(chain.lineage, chain.evals, chain.declared, chain.report)
        component = doc["metadata"]["component"]
        component.setdefault("properties", []).extend(
            [
                {"name": f"{NAMESPACE}:completeness", "value": f"{score.score:g}"},
                *(
                    {
                        "name": f"{NAMESPACE}:completeness:{p.name}",
                        "value": "n/a" if p.met is None else str(p.met).lower(),
                    }
                    for p in score.parts
                ),
            ]
        )
        validate_cyclonedx(doc)
        return doc
    doc = spdx(chain.lineage, chain.evals, chain.declared, chain.report)
    root = doc["@graph"][-1]["rootElement"]
    for element in doc["@graph"]:
        if root and element.get("spdxId") == root[0]:
            comment = element.get("comment")
            element["comment"] = _score_text(chain) + (f"; {comment}" if comment else "")
    validate_spdx(doc)
    return doc

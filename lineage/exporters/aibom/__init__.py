"""AI bills of materials for a lineage: CycloneDX 1.6 and SPDX 3.0.1 with the AI profile."""

from __future__ import annotations

from lineage.exporters.aibom.cyclonedx import AibomError, cyclonedx
from lineage.exporters.aibom.cyclonedx import validate as validate_cyclonedx
from lineage.exporters.aibom.spdx import missing_profile_properties, spdx
from lineage.exporters.aibom.spdx import validate as validate_spdx

__all__ = [
    "AibomError",
    "cyclonedx",
    "missing_profile_properties",
    "spdx",
    "validate_cyclonedx",
    "validate_spdx",
]

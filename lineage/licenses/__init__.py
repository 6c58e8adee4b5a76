"""Licences as data: normalising declared licences, their facts, and the rules along a chain."""

from __future__ import annotations

from lineage.licenses.completeness import Completeness, CompletenessPart, completeness
from lineage.licenses.facts import Fact, LicenseFacts, facts_for, load_facts
from lineage.licenses.normalize import LicenseStatus, NormalizedLicense, normalize_license
from lineage.licenses.report import license_report
from lineage.licenses.results import (
    DeclaredLicense,
    Finding,
    LicenseReport,
    ModelLicense,
    Obligation,
)
from lineage.licenses.rules import RULES, Rule, Severity

__all__ = [
    "RULES",
    "Completeness",
    "CompletenessPart",
    "DeclaredLicense",
    "Fact",
    "Finding",
    "LicenseFacts",
    "LicenseReport",
    "LicenseStatus",
    "ModelLicense",
    "NormalizedLicense",
    "Obligation",
    "Rule",
    "Severity",
    "completeness",
    "facts_for",
    "license_report",
    "load_facts",
    "normalize_license",
]

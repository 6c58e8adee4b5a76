"""Licences as data: normalising declared licences, their facts, and the rules along a chain."""

from __future__ import annotations

from lineage.query.licenses.chain import LicenseChain, license_chain
from lineage.query.licenses.completeness import Completeness, CompletenessPart, completeness
from lineage.query.licenses.facts import Fact, LicenseFacts, facts_for, load_facts
from lineage.query.licenses.normalize import LicenseStatus, NormalizedLicense, normalize_license
from lineage.query.licenses.report import license_report
from lineage.query.licenses.results import (
    DeclaredLicense,
    Finding,
    LicenseReport,
    ModelLicense,
    Obligation,
)
from lineage.query.licenses.rules import RULES, Rule, Severity

__all__ = [
    "RULES",
    "Completeness",
    "CompletenessPart",
    "DeclaredLicense",
    "Fact",
    "Finding",
    "LicenseChain",
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
    "license_chain",
    "license_report",
    "load_facts",
    "normalize_license",
]

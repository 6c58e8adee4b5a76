"""Declared licences → canonical keys: Hub ids, SPDX and ScanCode expressions, ``other`` + name/link.

A string we cannot read is kept verbatim and flagged; it is never guessed into a known licence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from license_expression import (  # type: ignore[import-untyped]
    ExpressionError,
    Licensing,
    get_spdx_licensing,
)

from lineage.query.licenses.facts import LicenseFacts, load_facts


class LicenseStatus(StrEnum):
    """How well a declared licence was understood."""

    KNOWN = "known"  # the project records this licence's facts
    SPDX = "spdx"  # a valid SPDX expression with ids the project has no facts for
    CUSTOM = "custom"  # ``other`` with a name or link nobody recognises
    UNKNOWN = "unknown"  # a string that is no licence id we know
    MISSING = "missing"  # nothing declared


# Hub ids that say "look elsewhere" rather than name a licence.
_OTHER = {"other", "custom", "proprietary"}
_UNKNOWN = {"unknown", "none", "n/a", "na", "tbd", "undefined"}


@dataclass(frozen=True, slots=True)
class NormalizedLicense:
    """A declared licence, read."""

    declared: str | None
    status: LicenseStatus
    expression: str | None
    keys: tuple[str, ...] = ()
    operator: str | None = None  # "AND" / "OR" for expressions of several licences
    via: str | None = None  # license, license_name, license_link
    license_name: str | None = None
    license_link: str | None = None

    @property
    def facts(self) -> tuple[LicenseFacts, ...]:
        known = load_facts()
        return tuple(known[k] for k in self.keys if k in known)

    @property
    def flagged(self) -> bool:
        """True when a reviewer must read the licence text by hand."""
        return self.status in (LicenseStatus.CUSTOM, LicenseStatus.UNKNOWN)

    def to_json(self) -> dict[str, Any]:
        return {
            "declared": self.declared,
            "license_name": self.license_name,
            "license_link": self.license_link,
            "status": self.status.value,
            "expression": self.expression,
            "keys": list(self.keys),
            "operator": self.operator,
            "via": self.via,
        }


def _squash(text: str) -> str:
    # Cards write the same id as "Llama 3.1", "llama-3.1", "LLAMA_3.1".
    return re.sub(r"[\s_\-]+", "", text.casefold())


def _url(text: str) -> str:
    u = text.strip().casefold()
    u = re.sub(r"^https?://", "", u)
    u = re.sub(r"^www\.", "", u)
    u = u.replace("/resolve/", "/blob/")
    return u.rstrip("/")


@cache
def _aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for f in load_facts().values():
        names = [f.key, *f.aliases]
        if f.spdx_id:
            names.append(f.spdx_id)
        if f.scancode_key:
            names += [f.scancode_key, f"LicenseRef-scancode-{f.scancode_key}"]
        for name in names:
            out.setdefault(_squash(name), f.key)
    return out


@cache
def _urls() -> dict[str, str]:
    out: dict[str, str] = {}
    for f in load_facts().values():
        for u in (f.url, *f.alias_urls):
            out.setdefault(_url(u), f.key)
    return out


@cache
def _spdx() -> Licensing:
    return get_spdx_licensing()


def _lookup(text: str) -> str | None:
    return _aliases().get(_squash(text))


def _expression(text: str) -> tuple[str, tuple[str, ...], str | None, bool] | None:
    """An SPDX-style expression: (rendered, keys, operator, every key has facts), or None."""
    if not re.search(r"\s(and|or|with)\s|[()]", text, re.IGNORECASE):
        symbols = [text]
        operator = None
    else:
        try:
            parsed = _spdx().parse(text, validate=False, simple=False)
        except ExpressionError:
            return None
        if parsed is None:
            return None
        symbols = [s.key for s in _spdx().license_symbols(parsed, unique=True, decompose=True)]
        ops = {w.upper() for w in re.findall(r"\b(and|or)\b", text, re.IGNORECASE)}
        operator = ops.pop() if len(ops) == 1 else ("AND" if ops else None)
    keys: list[str] = []
    all_known = True
    for sym in symbols:
        key = _lookup(sym)
        if key is None:
            try:
                info = _spdx().validate(sym)
            except (ExpressionError, AttributeError):
                # license-expression 30.4 raises AttributeError on some syntax errors.
                return None
            if info.errors or not info.normalized_expression:
                return None
            key = info.normalized_expression
            all_known = False
        if key not in keys:
            keys.append(key)
    rendered = f" {operator} ".join(keys) if operator else keys[0]
    return rendered, tuple(keys), operator if len(keys) > 1 else None, all_known


def normalize_license(
    license: str | None,
    license_name: str | None = None,
    license_link: str | None = None,
) -> NormalizedLicense:
    """Read a declared licence (the card's ``license``, ``license_name``, ``license_link``)."""
    declared = license.strip() if license and license.strip() else None
    name = license_name.strip() if license_name and license_name.strip() else None
    link = license_link.strip() if license_link and license_link.strip() else None

    def read(
        status: LicenseStatus,
        expression: str | None,
        keys: tuple[str, ...] = (),
        via: str | None = None,
        operator: str | None = None,
    ) -> NormalizedLicense:
        return NormalizedLicense(declared, status, expression, keys, operator, via, name, link)

    if declared is None and name is None and link is None:
        return read(LicenseStatus.MISSING, None)
    if declared is not None and declared.casefold() in _UNKNOWN:
        return read(LicenseStatus.UNKNOWN, declared)
    if declared is None or declared.casefold() in _OTHER:
        if name and (key := _lookup(name)):
            return read(LicenseStatus.KNOWN, key, (key,), "license_name")
        if link and (key := _urls().get(_url(link))):
            return read(LicenseStatus.KNOWN, key, (key,), "license_link")
        verbatim = name or link or declared
        return read(LicenseStatus.CUSTOM, verbatim)
    if key := _lookup(declared):
        return read(LicenseStatus.KNOWN, key, (key,), "license")
    parsed = _expression(declared)
    if parsed is None:
        return read(LicenseStatus.UNKNOWN, declared)
    rendered, keys, operator, all_known = parsed
    return read(
        LicenseStatus.KNOWN if all_known else LicenseStatus.SPDX,
        rendered,
        keys,
        "license",
        operator,
    )

"""The web explorer and HTTP exports, mounted by ``lineage serve``."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

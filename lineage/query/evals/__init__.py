"""Evaluation results read comparably, and a model's results compared with its parent's."""

from __future__ import annotations

from lineage.query.evals.compare import Comparison, Delta, EvalFinding, compare, eval_report
from lineage.query.evals.normalize import Score, benchmark_key, metric_key, parse_value, read_score

__all__ = [
    "Comparison",
    "Delta",
    "EvalFinding",
    "Score",
    "benchmark_key",
    "compare",
    "eval_report",
    "metric_key",
    "parse_value",
    "read_score",
]

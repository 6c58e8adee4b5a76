"""Benchmarks and synthetic data for model-lineage."""

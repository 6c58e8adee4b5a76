"""model-lineage: what is this model really built on?"""

__version__ = "0.1.0"

"""kommunlens: a traceable dataset from Swedish municipal documents."""

__version__ = "0.1.0"

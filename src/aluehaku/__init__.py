"""aluehaku: cited answers and hybrid search over Finnish regional-development documents."""

__version__ = "0.1.0"

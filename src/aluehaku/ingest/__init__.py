"""Ingestion: loaders turn files into text by page, structure finds sections, chunking cuts them.

The pipeline (:mod:`aluehaku.ingest.pipeline`) runs the CPU-bound part in bounded worker
processes and writes to the store from the parent, one transaction per document.
"""

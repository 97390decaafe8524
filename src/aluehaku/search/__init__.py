"""Retrieval: the lexical (BM25 over lemmas) and dense (FAISS) legs and their fusion."""

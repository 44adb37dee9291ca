"""Passages → hybrid BM25 + embedding index on disk; query → ranked passages."""

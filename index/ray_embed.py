"""The embedding stage on Ray Data: batch inference over a pool of workers.

Embedding is what outgrows one machine first (a million passages is days of
CPU on 2 cores). ``RayEmbedder`` keeps the ``Embedder`` interface, so the
build, its embedding cache and the manifest do not change: only
``embed_passages`` is spread as Ray Data ``map_batches`` over an actor pool,
each actor loading the model once. On one machine Ray runs in local mode; with
``address`` it joins an existing Ray cluster. Queries are embedded in-process.

Optional extra: ``pip install 'vraagbaak[ray]'``; ``vraagbaak ingest
--ray-workers N`` (or ``VRAAGBAAK_RAY_WORKERS``) turns it on.
"""

from __future__ import annotations

import os

import numpy as np

from index.embedder import Embedder, EmbedderError, load_embedder

RAY_EMBED_BATCH = 20_000  # texts per Ray Data job: amortises starting the actor pool


class _EmbedBatch:
    """One Ray actor: loads the model once, embeds the batches it is given."""

    def __init__(self, spec: str) -> None:
        self.embedder = load_embedder(spec)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = self.embedder.embed_passages([str(t) for t in batch["text"]])
        return {"row": batch["row"], "vector": vectors, "pid": np.full(len(vectors), os.getpid())}


class RayEmbedder:
    """Same name and dimension as the model it wraps, so vectors from Ray and
    from the single-process path share one cache and one index."""

    def __init__(self, spec: str, workers: int = 2, batch_size: int = 64, address: str | None = None) -> None:
        try:
            import ray  # noqa: F401
        except ImportError as exc:
            raise EmbedderError("Ray is niet geïnstalleerd: pip install 'vraagbaak[ray]'") from exc
        self.spec = spec
        self.workers = workers
        self.batch_size = batch_size
        self.address = address
        self._local: Embedder = load_embedder(spec)
        self.last_worker_pids: set[int] = set()  # which processes embedded the last call
        self.name = self._local.name
        self.dim = self._local.dim

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._local.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        import ray

        if not ray.is_initialized():
            ray.init(
                address=self.address,
                num_cpus=None if self.address else self.workers,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
            )
        dataset = ray.data.from_items([{"row": i, "text": t} for i, t in enumerate(texts)])
        embedded = dataset.map_batches(
            _EmbedBatch,
            fn_constructor_kwargs={"spec": self.spec},
            batch_size=self.batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=self.workers),
            num_cpus=1,
        )
        rows: list[np.ndarray] = []
        vectors: list[np.ndarray] = []
        self.last_worker_pids = set()
        for batch in embedded.iter_batches(batch_format="numpy", batch_size=None):
            rows.append(batch["row"])
            vectors.append(batch["vector"])
            self.last_worker_pids.update(batch["pid"].tolist())
        order = np.argsort(np.concatenate(rows), kind="stable")
        return np.vstack(vectors)[order].astype(np.float32)

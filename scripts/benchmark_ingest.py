"""Ingest throughput against the raw embedder, on the same passages, in the same run.

For each round: (1) the raw embedder embeds the indexed texts of the corpus's
passages in one call (its own batching; parsing not timed); (2) a full ingest
(``build_index``) of the same corpus into a fresh index with an empty
embedding cache. Rounds alternate so that load from other processes on a
shared machine hits both alike; medians are reported, and the ratio
ingest/raw is the figure that matters. Then an unchanged corpus is ingested
again, in-process and through the CLI (with its imports and model load).

    python scripts/benchmark_ingest.py [--corpus tests/data/laws] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.build import build_index  # noqa: E402
from index.embedder import load_embedder  # noqa: E402
from index.search import indexed_text  # noqa: E402
from ingest import corpus_files, ingest_file  # noqa: E402
from ingest.manifest import load_manifest  # noqa: E402
from service.settings import Settings  # noqa: E402


def corpus_texts(corpus: Path, context: str) -> list[str]:
    meta = load_manifest(corpus)
    texts: list[str] = []
    for path in corpus_files(corpus):
        name = path.relative_to(corpus).as_posix()
        doc = ingest_file(path, name, meta.get(name))
        if hasattr(doc, "passages"):
            texts.extend(indexed_text(p, context, doc.title) for p in doc.passages)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "data" / "laws")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    settings = Settings(corpus=args.corpus)
    embedder = load_embedder(settings.embedder)
    texts = corpus_texts(args.corpus, settings.context)
    raw, ingest = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            t0 = time.perf_counter()
            embedder.embed_passages(texts)
            raw.append(len(texts) / (time.perf_counter() - t0))
            index_dir = Path(tmp) / f"index-{r}"
            t0 = time.perf_counter()
            report = build_index(args.corpus, index_dir, embedder, settings.build_settings())
            ingest.append(report.passages / (time.perf_counter() - t0))
            print(f"round {r + 1}: raw {raw[-1]:.2f} passages/s, ingest {ingest[-1]:.2f} passages/s "
                  f"({report.passages} passages, stages {({k: round(v, 2) for k, v in report.stages.items()})})",
                  flush=True)
        t0 = time.perf_counter()
        again = build_index(args.corpus, index_dir, embedder, settings.build_settings())
        unchanged = time.perf_counter() - t0
        env = {**os.environ, "VRAAGBAAK_INDEX": str(index_dir), "VRAAGBAAK_CORPUS": str(args.corpus)}
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "service.cli", "ingest"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        unchanged_cli = time.perf_counter() - t0
    figures = {
        "corpus": str(args.corpus), "passages": len(texts), "rounds": args.rounds,
        "raw_passages_per_s": round(statistics.median(raw), 2),
        "ingest_passages_per_s": round(statistics.median(ingest), 2),
        "ratio": round(statistics.median(ingest) / statistics.median(raw), 3),
        "unchanged_reingest_s": round(unchanged, 3), "unchanged_reingest_cli_s": round(unchanged_cli, 2),
        "unchanged_reused_documents": again.reused_documents, "unchanged_embedded": again.embedded,
    }
    print(json.dumps(figures, indent=2))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

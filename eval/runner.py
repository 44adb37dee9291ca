"""Run a question set against the service, in-process or over HTTP, and score it.

Both backends speak the JSON of the HTTP contract, so the numbers are the
same for the same index whichever way they were obtained.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from eval.metrics import (
    Retrieved,
    coverage_matrix,
    evidence_recall_at,
    mrr_at,
    ndcg_at,
    percentile,
    recall_at,
    token_f1,
)
from eval.questions import Question

KS = (1, 3, 5, 10)

SearchFn = Callable[[Question], dict]
AskFn = Callable[[Question], dict]


@dataclass
class Backend:
    name: str
    search: SearchFn
    ask: AskFn | None


def http_backend(url: str, timeout: float = 60.0) -> Backend:
    client = httpx.Client(base_url=url.rstrip("/"), timeout=timeout)

    def history(q: Question) -> list[dict]:
        return [t.model_dump() for t in q.history]

    def search(q: Question) -> dict:
        r = client.post("/v1/search", json={"query": q.question, "top_k": 10, "history": history(q)})
        r.raise_for_status()
        return r.json()

    def ask(q: Question) -> dict:
        r = client.post("/v1/ask", json={"question": q.question, "history": history(q), "top_k": 5})
        r.raise_for_status()
        return r.json()

    return Backend(f"http {url}", search, ask)


def in_process_backend(app, label: str = "in-process") -> Backend:
    """``app`` is a service.application.App: the same object the HTTP routes call."""

    def turns(q: Question) -> list[tuple[str, str]]:
        return [(t.role, t.content) for t in q.history]

    def search(q: Question) -> dict:
        return app.search(q.question, turns(q), 10).model_dump()

    def ask(q: Question) -> dict:
        response, stats = app.ask(q.question, turns(q), 5)
        data = response.model_dump()
        data["_evidence"] = stats.evidence
        return data

    return Backend(label, search, ask)


@dataclass
class ItemResult:
    id: str
    question: str
    tags: list[str]
    answerable: bool
    metrics: dict[str, float]
    retrieved: list[dict]
    answer: str | None = None
    abstained: bool | None = None
    evidence: dict[str, float] = field(default_factory=dict)
    confidence: float | None = None
    supported: bool | None = None  # answerable and a citation holds a gold quote


def score_item(q: Question, search: dict, ask: dict | None, latency_ms: float | None) -> ItemResult:
    results = search.get("results", [])
    retrieved = [Retrieved(r.get("document"), r["text"]) for r in results]
    quotes = [(e.document, e.quote) for e in q.evidence]
    m: dict[str, float] = {}
    if q.answerable and quotes:
        matrix = coverage_matrix(retrieved, quotes)
        for k in KS:
            m[f"recall@{k}"] = recall_at(matrix, k)
        m["evidence_recall@5"] = evidence_recall_at(matrix, 5, len(quotes))
        m["mrr@10"] = mrr_at(matrix, 10)
        m["ndcg@10"] = ndcg_at(matrix, 10, len(quotes))
    answer = abstained = confidence = supported = None
    evidence: dict[str, float] = {}
    if ask is not None:
        answer, abstained = ask["answer"], bool(ask["abstained"])
        evidence = ask.get("_evidence", {})
        confidence = ask.get("confidence")
        supported = q.answerable and bool(quotes) and any(
            any(row) for row in coverage_matrix(
                [Retrieved(c.get("document"), c["text"]) for c in ask.get("citations", [])], quotes
            )
        )
        if q.answerable:
            m["false_abstention"] = float(abstained)
            if not abstained:
                cited = [Retrieved(c.get("document"), c["text"]) for c in ask.get("citations", [])]
                cm = coverage_matrix(cited, quotes) if quotes else []
                m["citation_precision"] = sum(any(row) for row in cm) / len(cited) if cited else 0.0
                m["citation_recall"] = (
                    len({j for row in cm for j, hit in enumerate(row) if hit}) / len(quotes) if quotes else 0.0
                )
                m["answer_f1"] = token_f1(answer, q.reference_answer)
        else:
            m["abstention"] = float(abstained)
        if latency_ms is not None:
            m["latency_ms"] = latency_ms
    top = [
        {"document": r.get("document"), "section": r.get("section"), "text": r["text"][:160]} for r in results[:3]
    ]
    return ItemResult(
        q.id, q.question, q.tags, q.answerable, m, top, answer, abstained, evidence, confidence, supported
    )


def run(questions: list[Question], backend: Backend, with_answers: bool = True,
        progress: Callable[[int, int], None] | None = None) -> list[ItemResult]:
    out = []
    for i, q in enumerate(questions):
        search = backend.search(q)
        ask = latency = None
        if with_answers and backend.ask is not None:
            t0 = time.perf_counter()
            ask = backend.ask(q)
            latency = (time.perf_counter() - t0) * 1000
        out.append(score_item(q, search, ask, latency))
        if progress:
            progress(i + 1, len(questions))
    return out


def aggregate(items: list[ItemResult]) -> dict:
    """Overall and per-tag means; latency as p50/p95."""

    def summarise(group: list[ItemResult]) -> dict[str, float]:
        values: dict[str, list[float]] = defaultdict(list)
        for item in group:
            for k, v in item.metrics.items():
                values[k].append(v)
        summary: dict[str, float] = {}
        for k, vs in values.items():
            if k == "latency_ms":
                summary["latency_p50_ms"] = round(percentile(vs, 0.5), 2)
                summary["latency_p95_ms"] = round(percentile(vs, 0.95), 2)
            else:
                summary[k] = round(sum(vs) / len(vs), 4)
        summary["n"] = len(group)
        return summary

    by_tag: dict[str, list[ItemResult]] = defaultdict(list)
    for item in items:
        for tag in item.tags:
            by_tag[tag].append(item)
    return {"overall": summarise(items), "tags": {t: summarise(g) for t, g in sorted(by_tag.items())}}


def reliability(items: list[ItemResult], bins: int = 5) -> dict:
    """Confidence against how often the cited passages really hold the answer,
    in equal-width bins, with the expected calibration error (ECE)."""
    scored = [(i.confidence, bool(i.supported)) for i in items if i.confidence is not None]
    rows = []
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        group = [(c, s) for c, s in scored if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not group:
            rows.append({"bin": f"{lo:.1f}–{hi:.1f}", "n": 0, "confidence": None, "supported": None})
            continue
        conf = sum(c for c, _ in group) / len(group)
        right = sum(s for _, s in group) / len(group)
        ece += len(group) / len(scored) * abs(conf - right)
        rows.append({"bin": f"{lo:.1f}–{hi:.1f}", "n": len(group), "confidence": round(conf, 3),
                     "supported": round(right, 3)})
    return {"bins": rows, "ece": round(ece, 4) if scored else None, "n": len(scored)}


def failures(items: list[ItemResult]) -> list[dict]:
    """Answerable questions missed at 3, wrong abstention decisions."""
    out = []
    for item in items:
        reasons = []
        if item.answerable and item.metrics.get("recall@3", 1.0) == 0.0:
            reasons.append("niet in top 3")
        if item.answerable and item.metrics.get("false_abstention") == 1.0:
            reasons.append("onterecht geen antwoord")
        if not item.answerable and item.metrics.get("abstention") == 0.0:
            reasons.append("antwoord gegeven op onbeantwoordbare vraag")
        if reasons:
            out.append({"id": item.id, "question": item.question, "reasons": reasons,
                        "answer": item.answer, "retrieved_instead": item.retrieved})
    return out

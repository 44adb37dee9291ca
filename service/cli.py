"""The ``vraagbaak`` command: ingest, search, serve, ask (and plug-ins such as eval)."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from service.settings import Settings

app = typer.Typer(help="Vraagbaak: vragen over cliëntondersteuning, beantwoord met bronnen.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)

CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="documentenmap [env VRAAGBAAK_CORPUS]")]
IndexOpt = Annotated[Path | None, typer.Option("--index", help="indexmap [env VRAAGBAAK_INDEX]")]


def settings_from(corpus: Path | None = None, index: Path | None = None, **extra: object) -> Settings:
    overrides = {"corpus": corpus, "index": index, **extra}
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


class RateColumn(ProgressColumn):
    """Items per second of a stage ("12.3 passages/s" while embedding)."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        unit = task.fields.get("unit", "")
        return Text(f"{speed:5.1f} {unit}/s" if speed and unit else "", style="progress.data.speed")


def run_ingest(settings: Settings, rebuild: bool = False, quiet: bool = False) -> int:
    """Build or update the index; returns the process exit code."""
    from index.api import BuildError, EmbedderError, build_index, load_embedder
    from ingest.manifest import ManifestError

    build_settings = settings.build_settings()
    try:
        if settings.ray_workers:
            from index.api import RAY_EMBED_BATCH, RayEmbedder

            embedder = RayEmbedder(settings.embedder, settings.ray_workers, address=settings.ray_address)
            build_settings = dataclasses.replace(build_settings, embed_batch=RAY_EMBED_BATCH)
        else:
            embedder = load_embedder(settings.embedder)
    except EmbedderError as exc:
        err.print(f"[red]Fout:[/red] {exc}")
        return 2
    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("nog"),
        TimeRemainingColumn(),
        console=err,
        disable=quiet,
        transient=False,
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                units = {"lezen": "bestanden", "embedden": "passages"}
                tasks[stage] = bar.add_task(stage, total=max(total, 1), unit=units.get(stage, ""))
            bar.update(tasks[stage], completed=done if total else 1, total=max(total, 1))

        try:
            report = build_index(
                settings.corpus, settings.index, embedder, build_settings, progress, rebuild=rebuild
            )
        except (BuildError, ManifestError) as exc:
            err.print(f"[red]Fout:[/red] {exc}")
            return 1
    if quiet:
        return 0
    table = Table(title="Indexering klaar", show_header=False)
    table.add_row("documenten", str(report.documents))
    table.add_row("pagina's (pdf)", str(report.pages))
    table.add_row("passages", str(report.passages))
    table.add_row("ongewijzigd hergebruikt", str(report.reused_documents))
    table.add_row("nieuw ge-embed / uit cache", f"{report.embedded} / {report.cached}")
    table.add_row("overgeslagen", str(len(report.skipped)))
    table.add_row("tijd", f"{report.seconds:.1f} s")
    if report.embedded and report.stages.get("embed"):
        table.add_row("embedden", f"{report.embedded / report.stages['embed']:.1f} passages/s")
    console.print(table)
    if report.skipped:
        skipped = Table(title="Overgeslagen bestanden")
        skipped.add_column("bestand")
        skipped.add_column("reden")
        for s in report.skipped:
            skipped.add_row(s.name, s.reason)
        console.print(skipped)
    for name, warning in report.warnings:
        console.print(f"[yellow]Let op[/yellow] {name}: {warning}")
    return 0


@app.command()
def ingest(
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    rebuild: Annotated[bool, typer.Option(help="alles opnieuw lezen (cache van embeddings blijft)")] = False,
    ray_workers: Annotated[
        int | None, typer.Option(min=0, help="embedden met Ray Data over N werkers [env VRAAGBAAK_RAY_WORKERS]")
    ] = None,
) -> None:
    """Lees alle documenten in de corpusmap en bouw of werk de index bij."""
    raise typer.Exit(run_ingest(settings_from(corpus, index, ray_workers=ray_workers), rebuild=rebuild))


def _open_app(settings: Settings):
    """The application over the published index, or exit 2 saying why there is none."""
    from index.api import EmbedderError, IndexStoreError
    from service.application import App

    try:
        return App.open(settings)
    except (IndexStoreError, EmbedderError) as exc:
        err.print(f"[red]Fout:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="zoekvraag")],
    top_k: Annotated[int, typer.Option("--top-k", "-k", min=1, max=50)] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="zelfde JSON als POST /v1/search")] = False,
    mode: Annotated[str | None, typer.Option(help="hybrid, bm25 of dense")] = None,
    document: Annotated[list[str] | None, typer.Option("--document", help="alleen in dit document")] = None,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
) -> None:
    """Toon de best passende passages met document, sectie, pagina en scores (zoals POST /v1/search)."""
    settings = settings_from(corpus, index, search_mode=mode)
    response = _open_app(settings).search(query.strip(), [], top_k, document)
    if as_json:
        sys.stdout.write(response.model_dump_json(indent=2) + "\n")
        return
    for r in response.results:
        where = f"{r.document}" + (f", p. {r.page}" if r.page else "") + (f" — {r.section}" if r.section else "")
        scores = "  ".join(f"{k} {v:.3f}" for k, v in r.scores.items())
        console.print(f"[bold]{r.rank}.[/bold] [cyan]{where}[/cyan]  score {r.score:.4f}  ({scores})")
        console.print("   " + r.text[:400].replace("\n", " ") + ("…" if len(r.text) > 400 else ""))
    if not response.results:
        console.print("Geen passages gevonden.")


def _index_problem(settings: Settings) -> str | None:
    """Why the index cannot be served as it is (missing, or from another
    version or embedder), or None."""
    from index.api import EmbedderError, IndexStoreError, check_index, published_build

    if published_build(settings.index) is None:
        return f"Nog geen index in {settings.index}"
    try:
        check_index(settings.index, settings.embedder)
    except (IndexStoreError, EmbedderError, OSError, ValueError) as exc:
        return f"Index in {settings.index} is niet bruikbaar ({exc})"
    return None


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="adres [env VRAAGBAAK_HOST]")] = None,
    port: Annotated[int | None, typer.Option(help="poort [env VRAAGBAAK_PORT]")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="aantal werkprocessen over één gedeelde index [env VRAAGBAAK_WORKERS]")
    ] = None,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
) -> None:
    """Start de HTTP-dienst (indexeert de corpusmap eerst als er nog geen index is).

    De poort is meteen open: /healthz antwoordt, /readyz zegt 503 tot de
    index geladen (of eerst gebouwd) is."""
    import uvicorn

    settings = settings_from(corpus, index, host=host, port=port, workers=workers).per_worker()
    if settings.workers > 1:
        # Split the cores between the workers: N processes each running a full
        # OpenMP/BLAS pool on the same cores spin against each other. Set before
        # any native library is loaded here: the forked workers inherit its pools.
        per_worker = str(max(1, (os.cpu_count() or 1) // settings.workers))
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, per_worker)

    from index.api import published_build

    def prepare(apart: bool = False) -> None:
        """Build the index when it is missing or stale (in a process of its own
        when ``apart``); one process runs it after the port is bound."""
        problem = _index_problem(settings)
        if problem:
            err.print(f"{problem}: eerst indexeren van {settings.corpus} …")
            rebuild = published_build(settings.index) is not None
            if (_ingest_apart if apart else run_ingest)(settings, rebuild=rebuild):
                err.print("[red]Indexeren mislukt[/red]; /readyz blijft 503 tot er een bruikbare index is.")

    docs = "  (API-documentatie: /docs)" if settings.docs_enabled else ""
    options = {
        "host": settings.host, "port": settings.port, "access_log": False, "log_level": "warning",
        "server_header": False, "timeout_graceful_shutdown": settings.shutdown_timeout,
    }
    if settings.workers > 1:
        prepare(apart=True)  # before the workers start (service/workers.py: no OpenMP in the arbiter)
        _serve_workers(settings, options, docs)
        return

    from service.app import create_app  # one process: this one serves

    class Server(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets)
            if self.started:  # said once the port is really bound
                err.print(f"Vraagbaak luistert op http://{settings.host}:{settings.port}{docs}")

    Server(uvicorn.Config(create_app(settings, prepare=prepare), **options)).run()


def _serve_workers(settings: Settings, options: dict, docs: str) -> None:
    """``settings.workers`` processes over one index build. Each memory-maps the
    same build (BM25 postings, vectors), so the page cache holds one copy; they
    are forked from an arbiter that has imported the app and loaded the index,
    so they share those pages too (service/workers.py)."""
    where = f"http://{settings.host}:{settings.port}"

    def listening() -> None:
        err.print(f"Vraagbaak luistert op {where}{docs}, {settings.workers} werkprocessen")

    try:
        from service import workers as preforked
    except ImportError:  # no gunicorn (not on Windows): uvicorn spawns each worker from an import string
        import uvicorn

        listening()
        os.environ.update(settings_environment(settings))  # the settings travel as environment variables
        uvicorn.run("service.app:create_app", factory=True, workers=settings.workers, **options)
        return

    def factory():
        from index.api import EmbedderError, IndexStoreError, open_retriever
        from service.app import create_app

        app = create_app(settings)
        try:  # served from here, the loaded index is shared by the workers as well
            app.state.vraagbaak.holder.serve(open_retriever(settings.index, settings.embedder))
        except (IndexStoreError, EmbedderError, OSError, ValueError) as exc:  # each worker loads (and reports) it
            err.print(f"Index niet vooraf geladen ({exc}); elk werkproces laadt hem zelf.")
        return app

    def release(app) -> bool:
        """Once a newer build is published, the arbiter lets go of its own (the workers
        swap in the new one themselves): a pruned build's files are not kept open, and
        a worker forked later loads the published build."""
        return app.state.vraagbaak.holder.forget_if_stale()

    preforked.run(factory, settings, release, listening)


def _ingest_apart(settings: Settings, rebuild: bool) -> int:
    """:func:`run_ingest` in a fresh interpreter, waited for; its exit code."""
    import multiprocessing

    process = multiprocessing.get_context("spawn").Process(target=_ingest_and_exit, args=(settings, rebuild))
    process.start()
    process.join()
    return process.exitcode or 0


def _ingest_and_exit(settings: Settings, rebuild: bool) -> None:
    sys.exit(run_ingest(settings, rebuild=rebuild))


def settings_environment(settings: Settings) -> dict[str, str]:
    """``VRAAGBAAK_*`` variables that recreate ``settings`` in another process
    (only the fields that differ from the defaults)."""
    defaults = Settings.model_construct().model_dump(mode="json")
    env: dict[str, str] = {}
    for name, value in settings.model_dump(mode="json").items():
        if value == defaults[name] or value is None:
            continue
        env[f"VRAAGBAAK_{name.upper()}"] = value if isinstance(value, str) else json.dumps(value)
    return env


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="de vraag")],
    top_k: Annotated[int, typer.Option("--top-k", "-k", min=1, max=20)] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="zelfde JSON als POST /v1/ask")] = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
) -> None:
    """Beantwoord één vraag in de terminal, met bronnen."""
    from service.schemas import AskRequest

    settings = settings_from(corpus, index)
    try:
        request = AskRequest(question=question)
    except ValueError as exc:
        err.print("[red]Fout:[/red] de vraag moet 1 tot 2000 tekens lang zijn")
        raise typer.Exit(2) from exc
    response, _ = _open_app(settings).ask(request.question, [], top_k)
    if as_json:
        sys.stdout.write(response.model_dump_json(indent=2) + "\n")
        return
    label = "[yellow]Geen antwoord in de documenten[/yellow]" if response.abstained else "[green]Antwoord[/green]"
    console.print(label)
    console.print(response.answer)
    console.print()
    for c in response.citations:
        where = c.document + (f", p. {c.page}" if c.page else "") + (f" — {c.section}" if c.section else "")
        console.print(f"[bold][{c.n}][/bold] [cyan]{c.title or c.document}[/cyan] ({where})")
        console.print(f"    “{c.quote}”")


def _register_plugins() -> None:
    for ep in entry_points(group="vraagbaak.commands"):
        try:
            plugin = ep.load()
        except ImportError:  # an optional plug-in that is not installed
            continue
        if isinstance(plugin, typer.Typer):
            app.add_typer(plugin, name=ep.name)
        else:
            app.command(name=ep.name)(plugin)


def main() -> None:
    _register_plugins()
    app()


if __name__ == "__main__":
    main()


"""The chat page (/) and pages for advisers: search (/zoeken), passage permalinks (/bron/{id}),
the documents overview (/documenten) and the collected source list
(/bronnenlijst), plus the two small JSON routes they and the widget use
(POST /v1/references, GET /v1/examples).

Pages are rendered on the server (plain HTML that works without JavaScript,
so a permalink in a note always opens); ``pages.js`` adds the source list
(kept in the browser's localStorage) on top. No inline scripts: the pages
run under a ``script-src 'self'`` policy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from math import ceil
from pathlib import Path
from threading import Lock
from typing import Annotated
from urllib.parse import quote as url_quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field

from index.api import AnalysedQuery, BuildHistory, Passage, RetiredPassage, Retriever
from ingest.lang import load
from service.chat import ChatService
from service.references import Reference, SourceFields, dutch_date, reference
from service.schemas import ErrorResponse
from service.security import NOT_READY_RESPONSES
from service.settings import Settings

HERE = Path(__file__).parent
ASSETS = {"pages.css": "text/css", "pages.js": "text/javascript"}
PAGE_SIZE = 10
MAX_PAGES = 5
CONTEXT_PASSAGES = 2  # passages shown before and after the one a permalink points at
EXAMPLES = 3
MIN_EXAMPLE_WORDS = 30  # words of text under a heading before it can be an example question
MIN_EXAMPLE_DF = 3  # passages that must use each content word of an example question
SNIPPET_WORDS = 60  # words of a passage shown in a search result; the permalink shows it whole
_WORD = re.compile(r"[^\W_]+")


class ReferenceItem(BaseModel):
    passage_id: str = Field(min_length=1, max_length=64)
    quote: str | None = Field(None, max_length=5000)


class ReferencesRequest(BaseModel):
    items: list[ReferenceItem] = Field(min_length=1, max_length=500)


class ReferencesResponse(BaseModel):
    references: list[Reference]


class ExamplesResponse(BaseModel):
    questions: list[str]


@dataclass
class Segment:
    """A piece of passage text; ``mark`` pieces are highlighted."""

    text: str
    mark: bool = False


def matched_words(text: str, index: Retriever, query: AnalysedQuery) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` that match the query as the BM25 leg
    sees them (same folding, stemming, compound parts, typo correction)."""
    wanted = set(query.terms)
    spans: list[tuple[int, int]] = []
    if not wanted:
        return spans
    for m in _WORD.finditer(text):
        if any(t in wanted for t in index.terms(m.group())):
            spans.append((m.start(), m.end()))
    return spans


def segments(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> list[Segment]:
    """``text[start:end]`` cut into plain and marked pieces."""
    end = len(text) if end is None else end
    out: list[Segment] = []
    at = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(Segment(text[at:s]))
        out.append(Segment(text[s:e], True))
        at = e
    out.append(Segment(text[at:end]))
    return [x for x in out if x.text]


def snippet(
    text: str, spans: list[tuple[int, int]], max_words: int = SNIPPET_WORDS
) -> tuple[list[Segment], bool, bool]:
    """The ``max_words`` stretch of a passage with the most matched words,
    marked; and whether text was left out before and after it."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    if len(words) <= max_words:
        return segments(text, spans), False, False
    starts = [s for s, _ in spans]
    best, best_count = 0, -1
    for i in range(len(words) - max_words + 1):
        lo, hi = words[i][0], words[i + max_words - 1][1]
        count = sum(1 for s in starts if lo <= s < hi)
        if count > best_count:
            best, best_count = i, count
    lo, hi = words[best][0], words[best + max_words - 1][1]
    return segments(text, spans, lo, hi), lo > 0, hi < len(text)


def find_quote(text: str, quote: str | None) -> tuple[int, int] | None:
    """Where ``quote`` lies in ``text``: exactly, else ignoring case, spacing
    and typographic quotes (a quote pasted from a Word note)."""
    if not quote or not quote.strip():
        return None
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    words = _WORD.findall(quote)
    if not words:
        return None
    pattern = r"[\W_]+".join(re.escape(w) for w in words)
    m = re.search(pattern, text, flags=re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def highlight_quote(text: str, quote: str | None) -> tuple[list[Segment], bool]:
    span = find_quote(text, quote)
    return segments(text, [span] if span else []), span is not None


class Pages:
    """Renders the pages from whichever index build is being served."""

    def __init__(self, settings: Settings, chat: Callable[[], ChatService | None]) -> None:
        self.settings = settings
        self.chat = chat
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
            trim_blocks=True, lstrip_blocks=True,
        )
        self.env.filters["dutch_date"] = lambda v: dutch_date(v) if v else ""
        self._lock = Lock()
        self._cache: dict[tuple[str, str], object] = {}

    # -- per-build data, computed once per build -------------------------------------------------
    def _per_build(self, index: Retriever, key: str, make: Callable[[], object]):
        build = index.manifest.build_id
        with self._lock:
            cached = self._cache.get((build, key))
        if cached is None:
            cached = make()
            with self._lock:
                self._cache = {k: v for k, v in self._cache.items() if k[0] == build}
                self._cache[(build, key)] = cached
        return cached

    def history(self, index: Retriever) -> tuple[BuildHistory, dict[str, RetiredPassage]]:
        def make():
            h = index.history()
            return h, h.retired_by_id()

        return self._per_build(index, "history", make)

    def examples(self, index: Retriever) -> list[str]:
        return self._per_build(index, "examples", lambda: example_questions(index, self.settings))

    # -- helpers -----------------------------------------------------------------------------------
    def base_url(self, request: Request) -> str:
        return (self.settings.public_url or str(request.base_url)).rstrip("/")

    def permalink(self, request: Request, passage_id: str) -> str:
        return f"{self.base_url(request)}/bron/{url_quote(passage_id, safe='')}"

    def fields(self, index: Retriever, p: Passage | RetiredPassage, quote: str | None = None) -> SourceFields:
        doc = index.documents.get(p.document)
        if doc is not None:
            title, meta = doc.title, doc.meta
        else:  # a retired passage of a document no longer indexed: its bibliography as it was
            title, meta = getattr(p, "title", None), p
        return SourceFields(
            passage_id=p.id, document=p.document, title=title, publisher=getattr(meta, "publisher", None),
            date=getattr(meta, "date", None), locator=getattr(p, "locator", None),
            section=p.section_path[-1] if p.section_path else None, page=p.page,
            source=getattr(meta, "source", None), quote=quote,
        )

    def reference(self, request: Request, index: Retriever, p, quote: str | None = None) -> Reference:
        return reference(self.fields(index, p, quote), self.permalink(request, p.id))

    def render(self, request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
        html = self.env.get_template(template).render(request=request, **context)
        return HTMLResponse(html, status_code=status)

    def not_ready(self, request: Request) -> HTMLResponse:
        response = self.render(request, "message.html", 503, title="Even geduld",
                               message="De documenten zijn op dit moment niet beschikbaar; meestal worden ze nog "
                               "geladen. Probeer het over een paar seconden opnieuw.")
        response.headers["Retry-After"] = "2"
        return response

    def nearest(self, service: ChatService, old: RetiredPassage) -> Passage | None:
        """The current passage closest to a retired one: a search with its old
        text, in its own document while that document is still indexed."""
        documents = [old.document] if old.document in service.retriever.documents else None
        query = " ".join(old.text.split()[:200])
        hits, _ = service.retrieve(service.analyse(query), 1, documents)
        return hits[0].passage if hits else None


def example_questions(index: Retriever, settings: Settings, count: int = EXAMPLES) -> list[str]:
    """Example questions from the corpus's own headings.

    A heading that is a question is taken as is; a descriptive heading becomes
    "Wat staat er in de documenten over …?". Numbers-only headings and headings
    that recur in several documents ("Algemene bepalingen") are passed over, and
    a candidate is kept only when searching it finds a passage under its heading.
    One per document first, so the examples show the breadth of the corpus.
    """
    words = load("references")
    numbering = re.compile(words["heading_number"], re.IGNORECASE)
    titles = {name: " ".join(d.title.split()).casefold() for name, d in index.documents.items()}

    def recurring(topic: str) -> bool:
        """Every content word of the topic is one the corpus uses in several passages,
        so the example is about a subject, not a one-off name ("Gegeven ten Paleize Soestdijk")."""
        stems = [stem for stem, _ in index.analyse(topic, correct=False).words]
        return bool(stems) and all(index.document_frequency(stem) >= MIN_EXAMPLE_DF for stem in stems)

    def usable(topic: str, document: str) -> bool:
        n_words = len(_WORD.findall(topic))
        question = topic.endswith("?")
        return (
            bool(topic) and topic[0].isalpha() and topic[-1] not in ":;,"  # a lead-in sentence is no heading
            and 2 <= n_words <= (15 if question else 8) and topic.casefold() != titles.get(document)
            and (question or (not any(c.isdigit() for c in topic) and recurring(topic)))  # "Vervallen per 01-01-2013"
        )

    seen: dict[str, dict] = {}
    for document, path in index.section_paths():  # one step per heading path, not per passage
        # The nearest heading above the passages that names a subject ("Artikel 5" names none).
        for heading in reversed(path):
            topic = numbering.sub("", " ".join(heading.split()), count=1).strip().rstrip(".").strip()
            if topic.casefold() in seen or usable(topic, document):
                break
        else:
            continue
        entry = seen.setdefault(topic.casefold(), {"topic": topic, "documents": set(), "sections": [],
                                                   "document": document, "order": len(seen)})
        entry["documents"].add(document)
        entry["sections"].append((document, path))
    # A heading that recurs across documents is generic ("Algemene bepalingen").
    candidates = [e for e in seen.values() if len(e["documents"]) == 1]
    for e in candidates:
        t = e["topic"]
        if t.endswith("?"):
            e["question"], e["kind"] = t, 0
        else:
            topic = t[0].lower() + t[1:] if len(t) > 1 and t[1].islower() else t
            e["question"], e["kind"] = words["example_question"].format(topic=topic), 1
    candidates.sort(key=lambda e: (e["kind"], e["order"]))

    def substantial(e: dict) -> set[str] | None:
        """The passage ids under the topic when it has text enough to answer
        (a signature or a repealed article has hardly any), else None. Only
        the topics tried become passages."""
        ids, n_words = set(), 0
        for document, path in e["sections"]:
            for p in index.section(document, path):
                ids.add(p.id)
                n_words += p.word_count
        return ids if n_words >= MIN_EXAMPLE_WORDS else None

    chosen: list[dict] = []
    tried = 0
    for distinct in (True, False):
        for e in candidates:
            if len(chosen) >= count or tried >= 60:
                break
            if e in chosen or (distinct and any(c["document"] == e["document"] for c in chosen)):
                continue
            if "ids" not in e:
                e["ids"] = substantial(e)
            if e["ids"] is None:
                continue
            tried += 1
            hits = index.search(index.analyse(e["question"]), 3, settings.search_options())
            if any(h.passage.id in e["ids"] for h in hits):
                chosen.append(e)
    return [e["question"] for e in chosen]


def pages_router(settings: Settings, chat: Callable[[], ChatService | None]) -> APIRouter:
    """The routes of the adviser pages; ``chat`` returns the service of the
    index being served, or None while it is loading."""
    pages = Pages(settings, chat)
    router = APIRouter()

    @router.get("/assets/{name}", include_in_schema=False)
    def asset(name: str):
        if name not in ASSETS:
            return JSONResponse({"error": {"code": "not_found", "message": "Niet gevonden."}}, status_code=404)
        return FileResponse(HERE / "static" / name, media_type=ASSETS[name])

    @router.get("/", include_in_schema=False)
    def home(request: Request):
        """The chat page: the widget, under the same menu as the other pages."""
        return pages.render(request, "home.html")

    @router.get("/zoeken", include_in_schema=False)
    def search_page(
        request: Request,
        q: Annotated[str, Query(max_length=2000)] = "",
        document: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI reads the default
        van: str = "",
        tot: str = "",
        pagina: str = "1",  # text: a mangled link still shows results (page 1), not an error
    ):
        service = chat()
        if service is None:
            return pages.not_ready(request)
        index = service.retriever
        docs = sorted(index.documents.values(), key=lambda d: d.title.casefold())
        years = sorted({(d.meta.date or "")[:4] for d in docs if (d.meta.date or "")[:4].isdigit()})
        selected = [d for d in document if d in index.documents]
        year_from = van if van in years else ""
        year_to = tot if tot in years else ""
        allowed = selected or None
        if year_from or year_to:
            in_range = [
                d.name for d in docs
                if (d.meta.date or "")[:4].isdigit()
                and (not year_from or d.meta.date[:4] >= year_from) and (not year_to or d.meta.date[:4] <= year_to)
            ]
            allowed = [n for n in (selected or [d.name for d in docs]) if n in in_range]
        query = " ".join(q.split())
        page = max(1, min(int(pagina) if pagina.isdigit() else 1, MAX_PAGES))
        results, pages_total = [], 0
        if query and allowed != []:
            analysed = service.analyse(query)
            hits, _ = service.retrieve(analysed, PAGE_SIZE * MAX_PAGES, allowed)
            pages_total = ceil(len(hits) / PAGE_SIZE)
            page = min(page, max(1, pages_total))
            for h in hits[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
                ref = pages.reference(request, index, h.passage)
                shown, before, after = snippet(h.passage.text, matched_words(h.passage.text, index, analysed))
                results.append({"hit": h, "ref": ref, "segments": shown, "cut_before": before, "cut_after": after})
        filters = {"document": selected, "van": year_from, "tot": year_to}
        return pages.render(
            request, "search.html", query=query, results=results, docs=docs, years=years, filters=filters,
            page=page, pages_total=pages_total, page_size=PAGE_SIZE, filtered=bool(selected or year_from or year_to),
            empty_filter=allowed == [],
        )

    @router.get("/bron/{passage_id}", include_in_schema=False)
    def passage_page(request: Request, passage_id: str, quote: Annotated[str, Query(max_length=5000)] = ""):
        service = chat()
        if service is None:
            return pages.not_ready(request)
        index = service.retriever
        p = index.passage(passage_id)
        if p is None:
            history, retired = pages.history(index)
            old = retired.get(passage_id)
            if old is None:
                return pages.render(request, "gone.html", 404, passage_id=passage_id, old=None, nearest=None)
            near = pages.nearest(service, old)
            return pages.render(
                request, "gone.html", 410, passage_id=passage_id, old=old, old_ref=pages.reference(request, index, old),
                nearest=near, nearest_ref=pages.reference(request, index, near) if near else None,
            )
        before, after = index.neighbours(passage_id, CONTEXT_PASSAGES)
        segments, quote_found = highlight_quote(p.text, quote)
        doc = index.documents[p.document]
        source = doc.meta.source
        if source and p.page and (doc.format == "pdf" or source.lower().split("#")[0].endswith(".pdf")):
            source = f"{source.split('#')[0]}#page={p.page}"
        return pages.render(
            request, "passage.html", passage=p, doc=doc, before=before, after=after, segments=segments,
            quote=quote, quote_found=quote_found, ref=pages.reference(request, index, p, quote or None),
            previous=before[-1] if before else None, next=after[0] if after else None,
            source=source, locator=getattr(p, "locator", None),
            # Passages this one cites ("als bedoeld in artikel 5"), where the index resolves them.
            cited=[c for c in map(index.passage, getattr(p, "references", None) or []) if c is not None],
        )

    @router.get("/documenten", include_in_schema=False)
    def documents_page(request: Request):
        service = chat()
        if service is None:
            return pages.not_ready(request)
        index = service.retriever
        history, _ = pages.history(index)
        docs = sorted(index.documents.values(), key=lambda d: d.title.casefold())
        indexed = {name: v.indexed_at for name, v in history.documents.items()}
        return pages.render(
            request, "documents.html", docs=docs, indexed=indexed, built_at=index.manifest.built_at,
            passages=len(index), examples=pages.examples(index),
        )

    @router.get("/bronnenlijst", include_in_schema=False)
    def source_list_page(request: Request):
        return pages.render(request, "sourcelist.html")

    @router.post("/v1/references", response_model=ReferencesResponse, tags=["corpus"],
                 responses={404: {"model": ErrorResponse, "description": "Een passage-id is onbekend."},
                            **NOT_READY_RESPONSES})
    def references(body: ReferencesRequest, request: Request):
        """Source references in the one Dutch format, for passages of this
        index or passages that an earlier build had (their links still resolve)."""
        service = chat()
        if service is None:
            return JSONResponse({"error": {"code": "not_ready", "message": "De index wordt nog geladen."}},
                                status_code=503, headers={"Retry-After": "2"})
        index = service.retriever
        _, retired = pages.history(index)
        out: list[Reference] = []
        for item in body.items:
            p = index.passage(item.passage_id) or retired.get(item.passage_id)
            if p is None:
                return JSONResponse(
                    {"error": {"code": "not_found",
                               "message": f"Passage '{item.passage_id[:64]}' bestaat niet in deze index."}},
                    status_code=404,
                )
            out.append(pages.reference(request, index, p, item.quote))
        return ReferencesResponse(references=out)

    @router.get("/v1/examples", response_model=ExamplesResponse, tags=["corpus"], responses=NOT_READY_RESPONSES)
    def examples():
        """Three example questions drawn from the corpus's own headings."""
        service = chat()
        if service is None:
            return JSONResponse({"error": {"code": "not_ready", "message": "De index wordt nog geladen."}},
                                status_code=503, headers={"Retry-After": "2"})
        return ExamplesResponse(questions=pages.examples(service.retriever))

    return router

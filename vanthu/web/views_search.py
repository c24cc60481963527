"""Search: words with or without diacritics, number fragments, filters (type, issuer, year,
unit), pages of 20, matches highlighted in the snippet."""
from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from extractors import lexicon
from models import register_hits
from models.dashboard import issuers, unit_names
from models.search_filters import Filters, find

from .app import page_of, render

PAGE_SIZE = 20


def filters_of(request: Request) -> tuple[str, Filters, dict[str, Any]]:
    q = request.query_params
    words = (q.get("q") or "").strip()
    year = q.get("nam") or ""
    filters = Filters(doc_type=q.get("loai") or None, issuer=q.get("co_quan") or None,
                      year=int(year) if year.isdigit() and len(year) == 4 else None,
                      unit=(q.get("don_vi") or "").strip() or None)
    params = {"q": words, "loai": filters.doc_type or "", "co_quan": filters.issuer or "",
              "nam": filters.year or "", "don_vi": filters.unit or ""}
    return words, filters, params


def _load(engine: Any, words: str, filters: Filters, page: int) -> dict[str, Any]:
    hits = find(engine, words, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    cited = register_hits(engine, words, limit=5) if words and page == 1 else []
    return {"hits": hits, "cited": cited, "issuers": issuers(engine),
            "unit_choices": unit_names(engine)}


async def search_page(request: Request) -> Response:
    words, filters, params = filters_of(request)
    page, _offset = page_of(request, PAGE_SIZE)
    asked = bool(words) or filters.any
    data = await run_in_threadpool(_load, request.app.state.engine, words, filters, page) \
        if asked else {"hits": [], "cited": [], "issuers": await run_in_threadpool(
            issuers, request.app.state.engine), "unit_choices": []}
    types = [(t["code"], t["name"]) for t in lexicon.doc_types()]
    return render(request, "search.html", {"words": words, "filters": filters, "params": params,
                                           "page": page, "size": PAGE_SIZE, "asked": asked,
                                           "types": types, **data})

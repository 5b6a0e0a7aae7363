"""Read-only knowledge-base API for hotline tools and staff: search, documents, clauses, catalogs."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Query
from fastapi.concurrency import run_in_threadpool

from bot.kb.loader import KnowledgeBase, load_kb
from bot.kb.search import get_index

router = APIRouter(prefix="/api/kb", tags=["knowledge base"])


def _kb() -> KnowledgeBase:
    return load_kb()


def _region_or_422(region: Optional[str]) -> Optional[str]:
    if region is None:
        return None
    kb = _kb()
    if not kb.covers(region):
        raise HTTPException(status_code=422, detail={
            "error": f"region: unknown or not covered: {region!r}", "fields": ["region"],
            "covered": sorted(kb.scopes)})
    return region


def _not_found(kind: str, key: str) -> HTTPException:
    return HTTPException(status_code=404, detail={"error": f"no {kind} with id {key!r}"})


def _document(kb: KnowledgeBase, doc_id: str) -> dict[str, Any]:
    doc = kb.documents[doc_id]
    return {"doc_id": doc.doc_id, "title": doc.title, "short_name": doc.short_name, "issuer": doc.issuer,
            "doc_number": doc.doc_number, "region": doc.region, "status": doc.status,
            "status_note": doc.status_note, "dates": vars(doc.dates), "notes": doc.notes}


def _clause(kb: KnowledgeBase, clause_id: str) -> dict[str, Any]:
    clause = kb.clauses[clause_id]
    return {"clause_id": clause.clause_id, "doc_id": clause.doc_id, "parent": clause.parent,
            "label": clause.label, "title": clause.title, "heading": clause.heading, "text": clause.text,
            "children": [c.clause_id for c in kb.children(clause_id)],
            "doc_status": kb.documents[clause.doc_id].status}


@router.get("/search")
async def search(q: str = Query(..., min_length=1, max_length=200), region: Optional[str] = Query(None, max_length=40),
                 k: int = Query(5, ge=1, le=20)) -> dict[str, Any]:
    if not q.strip():
        raise HTTPException(status_code=422, detail={"error": "q: must not be blank", "fields": ["q"]})
    scope = _region_or_422(region)
    hits = await run_in_threadpool(get_index().search, q, scope, k, ("clause",))
    return {"results": [{"doc_id": h.doc_id, "clause_id": h.clause_id, "heading": h.heading, "text": h.text,
                         "score": round(float(h.score), 4), "doc_status": h.doc_status} for h in hits]}


@router.get("/documents")
async def documents() -> dict[str, Any]:
    kb = _kb()
    return {"documents": [_document(kb, doc_id) for doc_id in kb.documents]}


@router.get("/documents/{doc_id}")
async def document(doc_id: str) -> dict[str, Any]:
    kb = _kb()
    if doc_id not in kb.documents:
        raise _not_found("document", doc_id)
    tree = [{"clause_id": c.clause_id, "parent": c.parent, "label": c.label, "title": c.title, "level": c.level}
            for c in kb.clauses_of(doc_id)]
    return {**_document(kb, doc_id), "clauses": tree}


@router.get("/clauses/{clause_id}")
async def clause(clause_id: str) -> dict[str, Any]:
    kb = _kb()
    if clause_id not in kb.clauses:
        raise _not_found("clause", clause_id)
    return _clause(kb, clause_id)


def _in_scope(items: list[dict], region: Optional[str]) -> list[dict]:
    """Catalog entries that apply to a place (Haikou includes Hainan-wide entries); all when no region."""
    if region is None:
        return items
    scopes = _kb().covers(_region_or_422(region))
    return [item for item in items if item.get("region") in scopes]


@router.get("/benefits")
async def benefits(region: Optional[str] = Query(None, max_length=40)) -> dict[str, Any]:
    return {"benefits": _in_scope(_kb().benefits, region)}


@router.get("/figures")
async def figures(region: Optional[str] = Query(None, max_length=40)) -> dict[str, Any]:
    return {"figures": _in_scope(_kb().figures, region)}

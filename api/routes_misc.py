"""Search, feedback and health: thin translations to engine and store calls."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request

from api.dependencies import AppSettings, EngineCalls, ReadyEngine
from api.errors import ApiError
from api.schemas import FeedbackRequest
from assistant.build_info import build_info
from assistant.onboarding import OnboardingStep, onboarding_steps
from assistant.requests import search_hits_json
from knowledge.errors import QueryError

__all__ = ["router"]

router = APIRouter()


@router.get("/v1/search", tags=["search"], summary="The guide sections for a query")
async def search(
    engine: ReadyEngine,
    lane: EngineCalls,
    q: str = Query(description="Question or keywords"),
    k: int = Query(5, ge=1, le=20),
):
    try:
        hits = await lane(engine.search, q, k)
    except QueryError as exc:
        raise ApiError(422, "invalid_query", str(exc)) from None
    return search_hits_json(q, hits)


@router.get("/v1/onboarding", tags=["guide"], summary="The guide's onboarding steps, in order")
async def onboarding(engine: ReadyEngine, lang: Literal["ko", "en"] = Query("ko")) -> list[OnboardingStep]:
    """The steps the guide walks a customer through (consulting request → domain and account → product request →
    VM creation → port forwarding → firewall request → CIP interface → zone routing, then the optional load
    balancer, VPN and group accounts), each with its guide link, the steps it needs first and the guide's sentence
    saying so: the page's onboarding checklist."""
    return onboarding_steps(engine.library, lang)


@router.post("/v1/feedback", tags=["feedback"], status_code=201, summary="Thumbs up or down on an answer")
async def feedback(body: FeedbackRequest, engine: ReadyEngine, request: Request, lane: EngineCalls) -> dict:
    store = request.app.state.store
    if store is None or not hasattr(store, "add_feedback"):
        raise ApiError(501, "feedback_unavailable", "feedback is not stored by this deployment")
    session = await lane(engine.store.get, body.session_id)
    if session is None:
        raise ApiError(404, "session_not_found", f"no session '{body.session_id}'")
    if not session.turns or not -len(session.turns) <= body.turn < len(session.turns):
        raise ApiError(
            422, "invalid_turn", f"the session has {len(session.turns)} answers; turn {body.turn} is not one"
        )
    turn = body.turn % len(session.turns)
    feedback_id = await lane(store.add_feedback, body.session_id, turn, body.rating, body.comment)
    return {"id": feedback_id, "session_id": body.session_id, "turn": turn, "rating": body.rating}


@router.get("/v1/version", tags=["health"], summary="What is running: version, commit and index")
async def version(settings: AppSettings) -> dict[str, str]:
    """The package version, the code's commit, the index manifest's hash and the embedding model (an evaluation
    over HTTP records them)."""
    return build_info(settings)


@router.api_route("/healthz", methods=["GET", "HEAD"], tags=["health"], summary="The process is up")
async def healthz() -> dict:
    return {"status": "ok"}


@router.api_route("/readyz", methods=["GET", "HEAD"], tags=["health"], summary="Chat can answer (the index is loaded)")
async def readyz(request: Request):
    engine = request.app.state.engine
    if engine is not None and engine.ready:
        return {"status": "ready"}
    reason = request.app.state.startup_error
    raise ApiError(503, "starting" if reason is None else "failed", reason or "loading the guide index")

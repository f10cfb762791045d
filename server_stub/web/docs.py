"""``/docs`` served offline: the vendored Swagger UI, started by a static script (no inline code, no CDN)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .templating import render

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def docs(request: Request) -> Response:
    return render(request, "docs.html", None)

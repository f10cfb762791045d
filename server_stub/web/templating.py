"""Jinja2 set up once: autoescaping everywhere, a few filters, and ``render`` for every page."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.responses import Response

from .sessions import WebCaller
from .timecode import rate_of, timecode

HERE = Path(__file__).parent
# Autoescaping on for every template, whatever its file name: all user text is escaped on output.
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True))


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def _pretty(value: Any) -> str:
    """A metadata value as text: strings as they are, anything else as compact JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _size(value: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return str(value)


def _timecode(frame: int, fps: Any) -> str:
    """A pinned comment's frame as timecode at the version's rate (nothing when the rate is unusable)."""
    try:
        return timecode(frame, rate_of(fps))
    except (ValueError, TypeError, ZeroDivisionError):
        return ""


templates.env.filters.update(when=_when, pretty=_pretty, size=_size, timecode=_timecode)


def render(request: Request, name: str, who: WebCaller | None, status_code: int = 200,
           **context: Any) -> Response:
    return templates.TemplateResponse(request, name, {"who": who, "csrf": who.csrf if who else "", **context},
                                      status_code=status_code)

"""How every network operator runs: connect, do the work in the worker, report the outcome.

In a live Blender the operator returns at once and the outcome lands in the panel (and the console)
when the timer delivers it; headless, the work runs synchronously and the operator itself reports it,
so ``bpy.ops.brickyard.*`` raises ``RuntimeError`` with the message when it fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import bpy
from brickyard.core.errors import BrickyardError, ServerUnavailable

from .preferences import Settings
from .props import ui_state
from .state import Connection, current

# deliver(result) -> (ok, message); runs on the main thread
Deliver = Callable[[Any], tuple[bool, str]]


def message_of(exc: BaseException) -> str:
    if isinstance(exc, ServerUnavailable):
        return f"{exc.message} (the add-on's server URL is in Edit › Preferences › Add-ons › Brickyard)"
    if isinstance(exc, BrickyardError):
        return exc.message
    if isinstance(exc, (ValueError, LookupError, RuntimeError)) and str(exc):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def settings(context) -> Settings:
    addon_id = current().addon_id
    prefs = context.preferences.addons[addon_id].preferences
    return prefs.settings()


def show(ok: bool, text: str) -> None:
    state = ui_state()
    state.message, state.message_is_error = text, not ok
    print(f"Brickyard: {'' if ok else 'ERROR: '}{text}")


def run(operator, context, label: str, work: Callable[[Connection], Any], deliver: Deliver) -> set[str]:
    """Start ``work`` off the UI thread; ``deliver`` turns its result into what the panel shows."""
    if not bpy.app.background and not bpy.app.online_access:
        text = ("Blender's online access is off, so Brickyard may not reach its server; turn on "
                "Edit › Preferences › System › Network › Allow Online Access")
        show(False, text)
        operator.report({"ERROR"}, text)
        return {"CANCELLED"}
    try:
        connection = current().connection(settings(context))
    except Exception as exc:  # bad settings: say what to fill in
        show(False, message_of(exc))
        operator.report({"ERROR"}, message_of(exc))
        return {"CANCELLED"}
    outcome: dict[str, Any] = {}

    def done(job) -> None:
        if job.error is not None:
            ok, text = False, f"{label} failed: {message_of(job.error)}"
        else:
            try:
                ok, text = deliver(job.result)
            except Exception as exc:  # drawing the result must not lose the message
                ok, text = False, f"{label}: {message_of(exc)}"
        outcome.update(ok=ok, text=text)
        show(ok, text)

    job = current().jobs.submit(label, lambda: work(connection), done)
    if not job.finished:
        operator.report({"INFO"}, f"{label}…")
        return {"FINISHED"}
    if not outcome["ok"]:
        operator.report({"ERROR"}, outcome["text"])
        return {"CANCELLED"}
    operator.report({"INFO"}, outcome["text"])
    return {"FINISHED"}


def redraw_all() -> None:
    for window in getattr(bpy.context.window_manager, "windows", []):
        for area in window.screen.areas:
            area.tag_redraw()

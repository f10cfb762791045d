"""The client a command talks through: global --url / --token override env and the config file."""

from __future__ import annotations

import argparse

from ..client import Client
from ..errors import InvalidInput


def client_from(args: argparse.Namespace) -> Client:
    return Client(url=getattr(args, "url", None), token=getattr(args, "token", None))


def project_or_only(client: Client, given: str | None) -> str:
    """``--project`` as given, else the caller's only project; several (or none) need naming."""
    if given:
        return given
    codes = [p.code for p in client.projects()]
    if len(codes) == 1:
        return codes[0]
    if not codes:
        raise InvalidInput("you are a member of no project; ask a project admin to add you")
    raise InvalidInput(f"you are in {len(codes)} projects ({', '.join(codes)}); say which with --project")

"""The client a command talks through: global --url / --token override env and the config file."""

from __future__ import annotations

import argparse

from ..client import Client


def client_from(args: argparse.Namespace) -> Client:
    return Client(url=getattr(args, "url", None), token=getattr(args, "token", None))

"""Tokens: random, shown once, stored only as their sha256."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "byt_"  # makes a leaked token recognisable in logs and secret scanners


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_hash(a: str, b: str) -> bool:
    """Constant-time comparison so timing does not reveal how much of a hash matched."""
    return hmac.compare_digest(a.encode(), b.encode())

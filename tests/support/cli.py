"""Run the real ``brickyard`` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BRICKYARD = str(Path(sys.executable).parent / "brickyard")


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(*args: str, url: str | None = None, token: str | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None, timeout: float = 120) -> Result:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("BRICKYARD_")}
    full_env["BRICKYARD_CONFIG"] = str(Path(cwd or ".").resolve() / "no-such-config.json")
    if url:
        full_env["BRICKYARD_URL"] = url
    if token:
        full_env["BRICKYARD_TOKEN"] = token
    full_env.update(env or {})
    proc = subprocess.run([BRICKYARD, *args], capture_output=True, text=True, cwd=cwd, env=full_env,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def assert_clean_failure(result: Result, *words: str) -> None:
    """Non-zero exit, one clear error line naming ``words``, and never a traceback."""
    assert result.code != 0, f"expected failure, got exit 0: {result.out}"
    assert "Traceback" not in result.err and "Traceback" not in result.out, result.err
    assert "brickyard: error:" in result.err, result.err
    for word in words:
        assert word.lower() in result.err.lower(), f"{word!r} not in {result.err!r}"

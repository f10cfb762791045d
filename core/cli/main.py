"""``brickyard``: the command line. Each sub-command lives in a small module; this one wires them up.

Failures a user can cause print one line on stderr and exit non-zero, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from ..errors import BrickyardError, invalid_fields
from . import (
    admin_commands,
    annotation_commands,
    asset_commands,
    comment_commands,
    demo,
    host_commands,
    ingest_command,
    lineage_commands,
    preview_commands,
    review_commands,
    scene_commands,
    settings_commands,
    ui_command,
)
from .logs import route_library_logs
from .output import error

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exits with 2 and usage; keep, but one line
        self.print_usage(sys.stderr)
        error(f"{message} (see `{self.prog} --help`)")
        raise SystemExit(EXIT_USAGE)

    def parse_known_args(self, args=None, namespace=None):
        return super().parse_known_args(self._dash_values_joined(sys.argv[1:] if args is None else list(args)),
                                         namespace)

    def _dash_values_joined(self, args: list[str]) -> list[str]:
        """``--sort -published`` as ``--sort=-published``: argparse takes any word with a leading '-' for an
        option, so an option with choices (where '-' means reversed) would miss its value. Only a single-dash
        word this parser does not know is joined; ``--sort --desc`` stays an option after a missing value."""
        with_choices = {flag for action in self._actions if action.choices and action.option_strings
                        for flag in action.option_strings}
        joined: list[str] = []
        for word in args:
            if (joined and joined[-1] in with_choices and word.startswith("-") and not word.startswith("--")
                    and word not in self._option_string_actions):
                joined[-1] = f"{joined[-1]}={word}"
            else:
                joined.append(word)
        return joined


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="brickyard", description="Brickyard production asset pipeline")
    parser.add_argument("--url", help="server URL (default: $BRICKYARD_URL or the user config)")
    parser.add_argument("--token", help="access token (default: $BRICKYARD_TOKEN or the user config)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for module in (admin_commands, settings_commands, asset_commands, ingest_command, lineage_commands,
                   comment_commands, annotation_commands, preview_commands, review_commands, scene_commands,
                   ui_command, host_commands, demo):
        module.register(commands)
    return parser


class _WarningLines(logging.Handler):
    """The core's warnings (a pickle not read, a stale embedded hash) as ``brickyard: warning: …`` lines."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"brickyard: warning: {record.getMessage()}", file=sys.stderr)


def _show_warnings() -> None:
    logger = logging.getLogger("brickyard")
    if not any(isinstance(h, _WarningLines) for h in logger.handlers):
        handler = _WarningLines(logging.WARNING)
        logger.addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    _show_warnings()
    parser = build_parser()
    args = parser.parse_args(argv)
    route_library_logs()
    try:
        return int(args.run(args) or 0)
    except BrickyardError as exc:
        error(exc.message)
        return EXIT_FAILURE
    except ValidationError as exc:  # a value the wire models refuse before anything is sent
        error(invalid_fields(exc, "invalid input").message)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_FAILURE
    except OSError as exc:
        error(f"{exc.strerror or exc}: {exc.filename}" if getattr(exc, "filename", None) else str(exc))
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())

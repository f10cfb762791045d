"""A small, safe reader for the YAML that prompt presets are written in — standard library only.

The core runs inside Blender, Resolve and Unreal, whose Pythons do not ship PyYAML; reading presets only
where PyYAML happens to be importable would make the same file publish differently per host. So the
core reads the plain subset presets use, the same everywhere, and says clearly when a file goes beyond it:

- mappings (``key: value``), nested by indentation; sequences (``- item``) of scalars or mappings;
- block scalars ``|`` and ``>`` with ``-``/``+`` chomping; flow lists of scalars ``[a, "b, c"]``;
- single- and double-quoted scalars (``\\n``, ``\\t``, ``\\"``, ``\\\\`` escapes), ``#`` comments, a leading ``---``;
- plain scalars: ``true``/``false``, ``null``/``~``, integers and decimals become those; the rest is text.

Anchors, aliases, tags, flow mappings and several documents are refused with ``YamlError``, never guessed.
Nothing is executed and nothing is constructed but dicts, lists, strings, numbers, booleans and None.
Work is bounded: the caller caps the bytes; nesting is capped at ``MAX_DEPTH``.
"""

from __future__ import annotations

import re
from typing import Any

MAX_DEPTH = 16
NUMBER = re.compile(r"^[-+]?(\d+|\d*\.\d+|\d+\.\d*)([eE][-+]?\d+)?$")
KEY = re.compile(r"""^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^#'"\s\-?:,\[\]{}&*!|>%@`][^#]*?)\s*:(?:\s+|$)(.*)$""")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", "0": "\0", "r": "\r"}


class YamlError(ValueError):
    """The text is not YAML of the subset this reader takes (the message says what and on which line)."""


def read_yaml(text: str) -> Any:
    lines = []
    for number, raw in enumerate(text.splitlines(), 1):
        if "\t" in raw[:len(raw) - len(raw.lstrip())]:
            raise YamlError(f"line {number}: indented with a tab; YAML indents with spaces")
        lines.append((number, raw))
    while lines and _blank(lines[0][1]):
        lines.pop(0)
    if lines and lines[0][1].rstrip() == "---":
        lines.pop(0)
    for number, raw in lines:
        if raw.rstrip() in ("---", "...") or raw.startswith("--- "):
            raise YamlError(f"line {number}: several YAML documents in one file are not read; keep one")
    reader = _Reader(lines)
    value = reader.node(0, 0)
    reader.skip_blank()
    if reader.at < len(reader.lines):
        number, raw = reader.lines[reader.at]
        raise YamlError(f"line {number}: unexpected indentation or content: {raw.strip()[:60]!r}")
    return value


def _blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _strip_comment(text: str) -> str:
    """``value  # note`` → ``value`` (a ``#`` inside quotes, or not after a space, is text)."""
    quote = None
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"" and (i == 0 or text[i - 1] in " [,"):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
    return text.rstrip()


class _Reader:
    def __init__(self, lines: list[tuple[int, str]]):
        self.lines, self.at = lines, 0

    def skip_blank(self) -> None:
        while self.at < len(self.lines) and _blank(self.lines[self.at][1]):
            self.at += 1

    def node(self, indent: int, depth: int) -> Any:
        """The block at ``indent`` or deeper starting at the next non-blank line (None if there is none)."""
        if depth > MAX_DEPTH:
            raise YamlError(f"nested deeper than {MAX_DEPTH} levels; presets are flat")
        self.skip_blank()
        if self.at >= len(self.lines):
            return None
        number, raw = self.lines[self.at]
        here = _indent(raw)
        if here < indent:
            return None
        body = raw.strip()
        if body == "-" or body.startswith("- "):
            return self.sequence(here, depth)
        if KEY.match(body):
            return self.mapping(here, depth)
        self.at += 1
        return _scalar(_strip_comment(body), number)

    def mapping(self, indent: int, depth: int) -> dict[str, Any]:
        found: dict[str, Any] = {}
        while True:
            self.skip_blank()
            if self.at >= len(self.lines) or _indent(self.lines[self.at][1]) != indent:
                return found
            number, raw = self.lines[self.at]
            match = KEY.match(raw.strip())
            if not match:
                return found
            key = str(_scalar(match.group(1), number))
            if key in found:
                raise YamlError(f"line {number}: the key {key!r} is given twice")
            self.at += 1
            found[key] = self.value(_strip_comment(match.group(2)), indent, depth, number)

    def sequence(self, indent: int, depth: int) -> list[Any]:
        items: list[Any] = []
        while True:
            self.skip_blank()
            if self.at >= len(self.lines) or _indent(self.lines[self.at][1]) != indent:
                return items
            number, raw = self.lines[self.at]
            body = raw.strip()
            if not (body == "-" or body.startswith("- ")):
                return items
            rest = body[1:].strip()
            if KEY.match(rest):  # "- key: value" opens a mapping whose keys line up after the dash
                inner = indent + 1 + (len(body[1:]) - len(body[1:].lstrip(" ")))
                self.lines[self.at] = (number, " " * inner + rest)
                items.append(self.mapping(inner, depth + 1))
            else:
                self.at += 1
                items.append(self.value(_strip_comment(rest), indent, depth, number))

    def value(self, text: str, indent: int, depth: int, number: int) -> Any:
        """What follows ``key:`` or ``-``: a scalar on the line, a block scalar, or a nested block."""
        if text[:1] in ("|", ">"):
            return self.block_scalar(text, indent, number)
        if text:
            return _scalar(text, number)
        self.skip_blank()
        if self.at < len(self.lines):
            child = self.lines[self.at][1]
            deeper = _indent(child) > indent
            dash_at_same = _indent(child) == indent and child.strip().startswith("-")
            if deeper or dash_at_same:
                return self.node(_indent(child), depth + 1)
        return None

    def block_scalar(self, header: str, indent: int, number: int) -> str:
        match = re.fullmatch(r"([|>])([-+]?)(\d?)", header.strip())
        if not match:
            raise YamlError(f"line {number}: a block scalar header is | or > with an optional - or +, "
                            f"not {header!r}")
        style, chomp, explicit = match.groups()
        body: list[str] = []
        block_indent = indent + int(explicit) if explicit else None
        while self.at < len(self.lines):
            raw = self.lines[self.at][1]
            if raw.strip():
                if block_indent is None:
                    block_indent = _indent(raw)
                    if block_indent <= indent:
                        break
                if _indent(raw) < block_indent:
                    break
                body.append(raw[block_indent:])
            else:
                body.append("")
            self.at += 1
        trailing = 0
        while body and body[-1] == "":
            body.pop()
            trailing += 1
        text = "\n".join(body) if style == "|" else _folded(body)
        if chomp == "+":
            return text + "\n" * (trailing + 1) if body else "\n" * trailing
        return text if chomp == "-" or not body else text + "\n"


def _folded(lines: list[str]) -> str:
    """``>``: lines join with spaces; an empty line is a newline; more-indented lines keep their breaks."""
    out = ""
    for i, line in enumerate(lines):
        if i == 0:
            out = line
        elif line == "":
            out += "\n"
        elif lines[i - 1] == "" or line.startswith(" ") or lines[i - 1].startswith(" "):
            out += ("" if out.endswith("\n") else "\n") + line
        else:
            out += " " + line
    return out


def _scalar(text: str, number: int) -> Any:
    text = text.strip()
    if not text:
        return None
    first = text[0]
    if first == '"':
        return _double_quoted(text, number)
    if first == "'":
        if len(text) < 2 or not text.endswith("'"):
            raise YamlError(f"line {number}: a single-quoted value must end on its line")
        return text[1:-1].replace("''", "'")
    if first == "[":
        if not text.endswith("]"):
            raise YamlError(f"line {number}: a flow list [..] must end on its line")
        return [_scalar(part, number) for part in _split_flow(text[1:-1], number)]
    if first == "{":
        raise YamlError(f"line {number}: flow mappings {{..}} are not read; quote the value if it is text "
                        "(a prompt like \"{subject} in a forest\")")
    if first in "&*!":
        raise YamlError(f"line {number}: YAML anchors, aliases and tags are not read; write the value out")
    if first in "%@`":
        raise YamlError(f"line {number}: a plain value cannot start with {first!r}; quote it")
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "~"):
        return None
    if NUMBER.match(text):
        return float(text) if any(c in text for c in ".eE") else int(text)
    return text


def _double_quoted(text: str, number: int) -> str:
    out, i = [], 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            escaped = text[i + 1]
            if escaped not in ESCAPES:
                raise YamlError(f"line {number}: the escape \\{escaped} is not read; write the character itself")
            out.append(ESCAPES[escaped])
            i += 2
        elif ch == '"':
            if text[i + 1:].strip():
                raise YamlError(f"line {number}: text after a closing quote: {text[i + 1:].strip()[:40]!r}")
            return "".join(out)
        else:
            out.append(ch)
            i += 1
    raise YamlError(f"line {number}: a double-quoted value must end on its line")


def _split_flow(inner: str, number: int) -> list[str]:
    parts, quote, start = [], None, 0
    for i, ch in enumerate(inner):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            raise YamlError(f"line {number}: nested flow collections are not read; use a block list")
        elif ch == ",":
            parts.append(inner[start:i])
            start = i + 1
    tail = inner[start:]
    if tail.strip() or parts:
        parts.append(tail)
    return [p for p in parts if p.strip()] if parts else []

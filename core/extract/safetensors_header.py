"""Read a safetensors header — and only the header — with the reference reader's limits.

Layout: 8 bytes little-endian header length N, N bytes of JSON, then the tensor buffer. The JSON maps
tensor names to ``{dtype, shape, data_offsets}`` plus an optional ``__metadata__`` string map. A file
that lies about its sizes is refused before anything large is read.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass
from pathlib import Path

from .registry import MAX_HEADER_BYTES, ExtractionError

DTYPE_BITS = {"BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "F8_E4M3FNUZ": 8,
              "F8_E5M2FNUZ": 8, "I16": 16, "U16": 16, "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32,
              "C64": 64, "F64": 64, "I64": 64, "U64": 64, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6}


@dataclass(frozen=True)
class Tensor:
    dtype: str
    shape: tuple[int, ...]


@dataclass(frozen=True)
class SafetensorsHeader:
    header_size: int  # N: the tensor bytes start at 8 + N
    metadata: dict[str, str]
    tensors: dict[str, Tensor]

    @property
    def tensor_offset(self) -> int:
        return 8 + self.header_size


def read_header(path: Path, limit: int = MAX_HEADER_BYTES) -> SafetensorsHeader:
    """The parsed header of ``path``; ``ExtractionError`` says what is wrong with a bad one."""
    with open(path, "rb") as stream:
        stream.seek(0, 2)
        file_size = stream.tell()
        stream.seek(0)
        head = stream.read(8)
        if len(head) < 8:
            raise ExtractionError("not a safetensors file: shorter than its 8-byte header length")
        (size,) = struct.unpack("<Q", head)
        if size > limit:
            raise ExtractionError(f"its header claims {size:,} bytes, more than the {limit:,} Brickyard reads; "
                                  "the file is damaged or hostile")
        if 8 + size > file_size:
            raise ExtractionError(f"its header claims {size:,} bytes but the file has only {file_size - 8:,} "
                                  "after the length; the file is truncated or not safetensors")
        raw = stream.read(size)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ExtractionError("its header is not UTF-8 JSON; the file is damaged or not safetensors") from None
    if not isinstance(header, dict):
        raise ExtractionError("its header is JSON but not an object; the file is not safetensors")
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict):
        raise ExtractionError("its __metadata__ is not a map of strings")
    tensors = _tensors(header, file_size - 8 - size)
    return SafetensorsHeader(size, {str(k): v if isinstance(v, str) else json.dumps(v)
                                    for k, v in metadata.items()}, tensors)


def _tensors(header: dict, buffer_size: int) -> dict[str, Tensor]:
    """Each tensor's dtype and shape, after checking the offsets tile the buffer exactly."""
    spans = []
    tensors: dict[str, Tensor] = {}
    for name, info in header.items():
        try:
            dtype, shape, (begin, end) = info["dtype"], tuple(int(d) for d in info["shape"]), info["data_offsets"]
            begin, end = int(begin), int(end)
        except (TypeError, KeyError, ValueError):
            raise ExtractionError(f"tensor {name!r} has no valid dtype, shape and data_offsets") from None
        bits = DTYPE_BITS.get(dtype)
        if bits is None or any(d < 0 for d in shape):
            raise ExtractionError(f"tensor {name!r} has an unknown dtype {dtype!r} or a negative shape")
        if (math.prod(shape) * bits + 7) // 8 != end - begin:
            raise ExtractionError(f"tensor {name!r}: its offsets do not match its shape and dtype")
        spans.append((begin, end, name))
        tensors[name] = Tensor(dtype, shape)
    position = 0
    for begin, end, name in sorted(spans):
        if begin != position:
            raise ExtractionError(f"tensor {name!r} overlaps another or leaves a gap in the data")
        position = end
    if position != buffer_size:
        raise ExtractionError(f"the tensors cover {position:,} bytes but the file holds {buffer_size:,} after "
                              "the header; it is truncated or carries hidden data")
    return tensors

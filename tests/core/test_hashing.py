import hashlib

from brickyard.core.hashing import BLOCK_SIZE, hash_file


def test_hash_and_size_match_hashlib(tmp_path):
    data = bytes(range(256)) * 10_000  # ~2.4 MiB: several blocks and a partial one
    path = tmp_path / "blob.bin"
    path.write_bytes(data)
    assert hash_file(path) == (hashlib.sha256(data).hexdigest(), len(data))


def test_progress_reports_cumulative_bytes_per_block(tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(b"x" * (2 * BLOCK_SIZE + 5))
    seen = []
    hash_file(path, progress=seen.append)
    assert seen == [BLOCK_SIZE, 2 * BLOCK_SIZE, 2 * BLOCK_SIZE + 5]


def test_empty_file(tmp_path):
    path = tmp_path / "empty"
    path.write_bytes(b"")
    assert hash_file(path) == (hashlib.sha256(b"").hexdigest(), 0)

"""The Unreal loaders, one per file, discovered from this folder (``_`` files are shared helpers)."""

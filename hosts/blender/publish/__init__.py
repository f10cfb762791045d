"""Blender's publish plugins, discovered from this folder (``_*.py`` files are shared helpers)."""

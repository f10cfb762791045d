"""Blender's loaders, discovered from this folder (files named ``_*.py`` are shared helpers, not loaders)."""

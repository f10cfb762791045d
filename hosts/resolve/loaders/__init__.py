"""Resolve's loaders, discovered from this folder (files here are plugins, not a library)."""

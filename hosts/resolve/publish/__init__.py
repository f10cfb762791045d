"""Resolve's publish plugins, discovered from this folder (files here are plugins, not a library)."""

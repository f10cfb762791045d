"""Blender's native UI: add-on preferences, sidebar panels and the operators they call."""

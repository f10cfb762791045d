"""The reference host's loaders, discovered from this folder."""

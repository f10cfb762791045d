"""The ``brickyard`` command line (entry point: ``brickyard.core.cli.main:main``)."""

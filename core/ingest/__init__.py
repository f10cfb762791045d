"""Bulk ingest: a folder of generations, plates or models planned into assets and published in bulk.

    >>> plan = plan_ingest("out/comfy", client.project("film"), default_registry(), folder="gens")
    >>> plan, report = client.ingest("film", "out/comfy", folder="gens")
"""

from .plan import IngestPlan, PlannedVersion, plan_ingest, plan_lazily
from .run import IngestReport, run_ingest

__all__ = ["IngestPlan", "IngestReport", "PlannedVersion", "plan_ingest", "plan_lazily", "run_ingest"]

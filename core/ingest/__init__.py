"""Bulk ingest: a folder of generations, plates or models planned into assets and published in bulk.

    >>> plan = plan_ingest("out/comfy", client.project("film"), default_registry(), folder="gens")
    >>> report = client.ingest("film", plan)
"""

from .plan import IngestPlan, PlannedVersion, plan_ingest
from .run import IngestReport, run_ingest

__all__ = ["IngestPlan", "IngestReport", "PlannedVersion", "plan_ingest", "run_ingest"]

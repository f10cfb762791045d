"""Background jobs that make review media (docs/previews.md). ``queue``: the ``preview_jobs`` rows (the
state the API reports, and the outbox a publish writes); ``runner``: one job's work; on PostgreSQL
``procrastinate_queue`` runs them (``brickyard worker``, or a thread of ``brickyard serve``); on SQLite
``pool``'s lease scan runs them inside ``brickyard serve``."""

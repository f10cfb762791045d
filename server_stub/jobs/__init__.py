"""Background jobs that make review media: the queue is the ``preview_jobs`` table (docs/previews.md
says why), taken with leases; ``pool`` runs them inside ``brickyard serve``, ``worker`` on other machines."""

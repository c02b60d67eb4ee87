"""Executors that run the pipeline: ``local`` (this process) now; a Spark
runner can reuse the same per-article stages later."""

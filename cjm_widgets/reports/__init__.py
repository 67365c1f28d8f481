"""Workshop reports: papermill templates, offline HTML handouts, PDF, batches."""

from .run import Job, Outcome, plan, render, run_batch, template_path

__all__ = ["Job", "Outcome", "plan", "render", "run_batch", "template_path"]

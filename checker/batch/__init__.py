"""Batch runs: the per-site store on disk (atomic, resumable) and the loop that fills it."""

"""Run: where and whether per-document work runs.

==================  ==========================================================
:mod:`.cache`       per-file results keyed by the file's digest and the code
:mod:`.executors`   a task mapped over batches: here, worker processes, Dask
==================  ==========================================================
"""

"""Where kgraph finds the data files of its dependencies, and keeps its own per-user cache.

jionlp bundles the administrative divisions and a general-language IDF
table; kgraph reads those files directly (importing jionlp itself is slow
and not needed).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path

__all__ = ["file_digest", "jionlp_file", "user_cache_dir"]


def jionlp_file(name: str) -> Path:
    """The path of ``name`` in jionlp's ``dictionary`` folder.

    >>> jionlp_file("idf.zip").name
    'idf.zip'
    """
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("kgraph reads jionlp's bundled data: pip install jionlp")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary" / name


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/kgraph``, or ``~/.cache/kgraph``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kgraph"


def file_digest(*paths: str | os.PathLike[str]) -> str:
    """A SHA-256 over the bytes of ``paths``, in order (20 hex digits)."""
    h = hashlib.sha256()
    for path in paths:
        h.update(Path(path).read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:20]

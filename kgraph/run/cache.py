"""The extraction cache that makes rebuilds incremental.

Extraction is a pure function of a file's name and bytes and of the
pipeline (the code of kgraph's per-file stages and the versions of the
packages and data they read),
so its result is stored under a digest of the name and bytes, in a folder
named after the pipeline's key::

    DIR/.kgraph-cache/<pipeline key>/<digest[:2]>/<digest>.pickle.zlib

A rebuild re-extracts only files whose digest has no entry. Changing
kgraph's code or upgrading a dependency changes the key, which starts an
empty folder; :meth:`ExtractionCache.prune` removes entries no file uses
any more, and folders of other keys. Entries are written to a temporary
file and renamed, so an interrupted build leaves only whole entries.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import pickle
import shutil
import sys
import zlib
from functools import cache
from pathlib import Path

from kgraph.atomic import atomic_write
from kgraph.extract.rules import DocumentExtraction
from kgraph.model import Skipped

__all__ = ["CACHE_FOLDER", "ExtractionCache", "Result", "digest", "pipeline_key"]

CACHE_FOLDER = ".kgraph-cache"

#: What extraction gives for one file: its extraction, or why it was skipped.
Result = DocumentExtraction | Skipped

#: Packages whose code or data the per-document stages read.
_DEPENDENCIES = (
    "jieba", "jionlp", "zhconv-rs", "pyahocorasick", "charset-normalizer", "python-crfsuite",
)  # fmt: skip


def digest(
    name: str, data: bytes, document: str | None = None, recurring: frozenset[str] = frozenset()
) -> str:
    """The cache key of a file: its name (the document id derives from it) and bytes.

    ``document`` is the file's document id when it is not the one its name
    gives (two names with one id); ``recurring`` the lines of the file that
    recur across the corpus (its extraction labels them navigation), so a
    file's result is reused only while the corpus repeats the same lines of
    it. Any string is a valid name, lone surrogates included
    (``surrogatepass``).

    >>> digest("a.txt", b"x") == digest("a.txt", b"x") != digest("b.txt", b"x")
    True
    >>> digest("a.txt", b"x") != digest("a.txt", b"x", "a~2") != digest(chr(0xDCFF) + ".txt", b"x")
    True
    """
    h = hashlib.sha256(name.encode("utf-8", errors="surrogatepass"))
    if document is not None:
        h.update(b"\0id\0" + document.encode("utf-8", errors="surrogatepass"))
    for line in sorted(recurring):
        h.update(b"\0line\0" + line.encode("utf-8", errors="surrogatepass"))
    h.update(b"\0")
    h.update(data)
    return h.hexdigest()


#: The modules extraction runs, dotted below ``kgraph`` (a test checks this against what it imports).
EXTRACTION_MODULES = (
    "__init__", "atomic", "errors", "export", "graph", "model", "ondisk", "pipeline", "relate",
    "mentions", "resolve",
    "resources",
    "extract", "extract.gazetteer", "extract.lexicon", "extract.ner", "extract.rules",
    "extract.vocab_tagger", "extract.vocabulary",
    "ingest", "ingest.clean", "ingest.dates", "ingest.decode", "ingest.files", "ingest.html",
    "ingest.normalize", "ingest.segment",
    "run", "run.cache", "run.executors",
)  # fmt: skip


@cache
def pipeline_key(*, learned_vocabulary: bool = True) -> str:
    """A key that changes with the code of extraction, its dependencies' versions and Python's.

    Exports, the viewer and the server are not part of it: changing them
    keeps the cache. A build with the learned vocabulary tagger has another
    key, which also holds the tagger's provenance (the model's sha256), so
    extractions made with it and without it are never mixed.

    >>> pipeline_key() != pipeline_key(learned_vocabulary=False)
    True
    """
    sources = _package_sources()
    if learned_vocabulary:
        sources["learned vocabulary: extract/data/vocab.json"] = _data("vocab.json")
    return _key(sources, _versions())


def _data(name: str) -> bytes:
    return (Path(__file__).resolve().parents[1] / "extract" / "data" / name).read_bytes()


def _key(sources: dict[str, bytes], versions: dict[str, str]) -> str:
    """
    >>> _key({"a.py": b"x"}, {"jieba": "1"}) == _key({"a.py": b"x"}, {"jieba": "2"})
    False
    """
    h = hashlib.sha256()
    for name in sorted(sources):
        h.update(name.encode() + b"\0" + hashlib.sha256(sources[name]).digest())
    for name in sorted(versions):
        h.update(f"{name}=={versions[name]}\0".encode())
    return h.hexdigest()[:20]


def _package_sources() -> dict[str, bytes]:
    """The code of the extraction modules, and the learned tagger's provenance (it holds its sha256)."""
    package = Path(__file__).resolve().parents[1]
    sources = {"extract/data/ner.json": (package / "extract" / "data" / "ner.json").read_bytes()}
    for name in EXTRACTION_MODULES:
        path = package.joinpath(*name.split("."))
        sources[name] = (
            path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        ).read_bytes()
    return sources


def _versions() -> dict[str, str]:
    versions = {"python": f"{sys.version_info.major}.{sys.version_info.minor}"}
    for name in _DEPENDENCIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


class ExtractionCache:
    """Extraction results of one pipeline key, stored under an output folder."""

    def __init__(self, out: Path, key: str | None = None) -> None:
        self.root = Path(out) / CACHE_FOLDER
        self.key = key or pipeline_key()
        self.folder = self.root / self.key

    def _path(self, name: str) -> Path:
        return self.folder / name[:2] / f"{name}.pickle.zlib"

    def get(self, name: str) -> Result | None:
        """The stored result for digest ``name``, or None (missing or unreadable)."""
        try:
            data = self._path(name).read_bytes()
            result = pickle.loads(zlib.decompress(data))
        except (OSError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        return result if isinstance(result, DocumentExtraction | Skipped) else None

    def put(self, name: str, result: Result) -> None:
        """Store ``result`` under digest ``name``, atomically."""
        path = self._path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 1)
        atomic_write(path, data)

    def prune(self, keep: set[str]) -> int:
        """Delete entries whose digest is not in ``keep``, and other keys' folders.

        Returns the number of entries deleted.
        """
        removed = 0
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other.name != self.key:
                    shutil.rmtree(other, ignore_errors=True)
        if not self.folder.is_dir():
            return 0
        for shard in self.folder.iterdir():
            for entry in shard.iterdir():
                name = entry.name.split(".", 1)[0]
                if name not in keep or entry.name.startswith("."):
                    entry.unlink(missing_ok=True)
                    removed += 1
        return removed

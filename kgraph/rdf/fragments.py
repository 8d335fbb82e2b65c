"""Each document's own RDF, kept between builds, so a rebuild writes only what changed.

The lines of a document's named graph that :func:`kgraph.rdf.serialize.nquads`
writes in three places of the file (its node, its sentences, its mentions)
depend only on the document, its sentences and what its mentions resolve
to. A build stores them per document, under a digest of exactly those
inputs (:func:`fragment_key`), and the next build copies them for every
document whose inputs did not change::

    OUT/.kgraph-cache/rdf/<FORMAT>/<key[:2]>/<key>.nq

``FORMAT`` is a digest of the code that writes the lines (this module,
:mod:`kgraph.rdf.serialize` and :mod:`kgraph.rdf.vocab`), so a change of the
output format starts an empty folder. An entry is a header line, ``kgraph-rdf
LEN SHA256 LEN SHA256 LEN SHA256``, then its three parts (UTF-8 N-Quads
lines). It is written to a temporary file and renamed; a part whose length or
SHA-256 does not match its header is not used but written afresh from the
corpus, so a damaged or half-written entry costs time, never a wrong line.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from kgraph.atomic import atomic_write
from kgraph.run.cache import CACHE_FOLDER, FRAGMENT_FOLDER

__all__ = ["FRAGMENT_FOLDER", "PARTS", "Fragments", "format_key"]

#: The parts of a document's lines, in the order of the file: its node, sentences, mentions.
PARTS = ("document", "sentences", "mentions")
_MAGIC = b"kgraph-rdf"
_VERSION = b"1"  # raise when the entry's layout changes
#: The modules whose code writes the lines (beside this one), in this package's folder.
_WRITERS = ("serialize.py", "vocab.py", "fragments.py")


@cache
def format_key() -> str:
    """A digest of the code that writes the lines, and of the entry layout's version."""
    h = hashlib.sha256(_VERSION)
    for name in _WRITERS:  # read, not imported: serialize imports this module
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:20]


class Fragments:
    """The cached lines of documents' graphs under an output folder: read, written, pruned.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     cache = Fragments(Path(tmp))
    ...     cache.put("ab12", [b"a\\n", b"", b"c\\n"])
    ...     [cache.part("ab12", k) for k in range(3)], cache.part("cd34", 0)
    ([b'a\\n', b'', b'c\\n'], None)
    """

    def __init__(self, out: Path, key: str | None = None) -> None:
        self.root = Path(out) / CACHE_FOLDER / FRAGMENT_FOLDER
        self.key = key or format_key()
        self.folder = self.root / self.key
        self.used: set[str] = set()  # the entries this build read or wrote
        self.hits = 0  # parts read from the cache
        self.misses = 0  # parts written from the corpus

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.nq"

    def part(self, key: str, k: int) -> bytes | None:
        """Part ``k`` of the entry ``key`` (see :data:`PARTS`), or None if missing or damaged."""
        try:
            with self._path(key).open("rb") as entry:
                header = entry.readline(512).split()
                if len(header) != 2 + 2 * len(PARTS) or header[:2] != [_MAGIC, _VERSION]:
                    return None
                sizes = [int(size) for size in header[2::2]]
                entry.seek(sum(sizes[:k]), 1)
                data = entry.read(sizes[k])
        except (OSError, ValueError):
            return None
        if len(data) != sizes[k] or hashlib.sha256(data).hexdigest().encode() != header[3 + 2 * k]:
            return None
        self.used.add(key)
        return data

    def put(self, key: str, parts: Sequence[bytes]) -> None:
        """Store the three parts of a document's lines under ``key``, atomically."""
        header = b" ".join(
            [_MAGIC, _VERSION]
            + [f"{len(p)} {hashlib.sha256(p).hexdigest()}".encode() for p in parts]
        )
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, header + b"\n" + b"".join(parts))
        self.used.add(key)

    def prune(self) -> int:
        """Delete the entries this build did not use, and other formats' folders; how many entries."""
        removed = 0
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other.name != self.key:
                    shutil.rmtree(other, ignore_errors=True)
        if not self.folder.is_dir():
            return 0
        for shard in self.folder.iterdir():
            for entry in shard.iterdir():
                if entry.name.startswith(".") or entry.name.split(".", 1)[0] not in self.used:
                    entry.unlink(missing_ok=True)
                    removed += 1
        return removed

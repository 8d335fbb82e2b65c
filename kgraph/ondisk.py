"""Records kept on disk instead of on the heap, read back as a sequence.

A build's corpus holds every document's text and every sentence through
the exports, though each writer reads them one at a time, in order. A
:class:`DiskSequence` pickles them in blocks into an anonymous temporary
file (it has no name, so a killed build leaves nothing behind) and reads a
block back when one of its records is asked for, keeping the last block
read, so a pass in order reads each block once.

>>> from kgraph.ondisk import DiskSequence
>>> records = DiskSequence(range(10), block=4)
>>> len(records), records[5], records[-1], list(records[2:4])
(10, 5, 9, [2, 3])
>>> records == tuple(range(10))
True
"""

from __future__ import annotations

import dataclasses
import pickle
import tempfile
import threading
import weakref
from array import array
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from itertools import islice
from pathlib import Path
from typing import IO, Any, TypeVar, overload

__all__ = ["BLOCK", "DiskSequence"]

T = TypeVar("T")

#: Records pickled together: a miss reads and unpickles one block.
BLOCK = 16


class DiskSequence(Sequence[T]):
    """An immutable sequence of picklable records held in a temporary file, a block at a time.

    ``folder`` is where the file is made (default: the system's temporary
    folder); it is removed from the folder as soon as it is made, and its
    space is freed when the sequence is collected. Pickling the sequence
    gives a tuple of its records.

    Notes
    -----
    Indexing is O(1) when the record is in the last block read, else one
    read and unpickling of ``block`` records; iteration reads each block once.
    """

    def __init__(self, records: Iterable[T], *, folder: Path | None = None, block: int = BLOCK):
        if block < 1:
            raise ValueError(f"a block holds at least one record, not {block}")
        # held as long as the sequence, closed by the finalizer when it is collected
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix=".kgraph-records-")  # noqa: SIM115
        self._finalizer = weakref.finalize(self, self._file.close)
        self._block = block
        self._starts = array("Q", [0])  # where each block begins in the file; the end last
        self._length = 0
        records = iter(records)
        while chunk := list(islice(records, block)):
            _Pickler(self._file, protocol=pickle.HIGHEST_PROTOCOL).dump(chunk)
            self._starts.append(self._file.tell())
            self._length += len(chunk)
        self._file.flush()
        self._lock = threading.Lock()  # a read is a seek and a read: one reader at a time
        self._last: tuple[int, list[T]] = (-1, [])  # the block read last, and its records

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._length)))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("DiskSequence index out of range")
        return self._read(index // self._block)[index % self._block]

    def __iter__(self) -> Iterator[T]:
        for number in range(len(self._starts) - 1):
            yield from self._read(number)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DiskSequence | tuple):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DiskSequence(<{self._length} records>)"

    def __reduce__(self) -> tuple[Any, ...]:
        return tuple, (tuple(self),)

    @property
    def nbytes(self) -> int:
        """The bytes its records take in the file."""
        return self._starts[-1]

    def close(self) -> None:
        """Free the file now; the sequence can no longer be read."""
        self._finalizer()

    def _read(self, number: int) -> list[T]:
        cached, records = self._last  # one attribute: readers in two threads see one block
        if cached != number:
            start, end = self._starts[number], self._starts[number + 1]
            with self._lock:
                self._file.seek(start)
                data = self._file.read(end - start)
            records = pickle.loads(data)
            self._last = (number, records)
        return records


class _Pickler(pickle.Pickler):
    """Pickles a dataclass as its type and fields, rebuilt by its ``__init__``, an enum member by name.

    A slotted dataclass otherwise pickles as its state, set field by field
    on load: several times slower to read back, and a build reads its
    documents and sentences back many times.
    """

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Enum):  # a member by name: calling the enum to find it is slower
            return getattr, (type(obj), obj.name)
        if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
            return NotImplemented
        fields = dataclasses.fields(obj)
        if not all(f.init and f.kw_only is not True for f in fields):  # not given by position
            return NotImplemented
        return type(obj), tuple(getattr(obj, f.name) for f in fields)

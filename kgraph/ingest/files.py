"""Find the files to read under the sources a user gives, and name their documents."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from kgraph.errors import InputError

__all__ = ["document_id", "find_files"]

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_\-./\u4e00-\u9fff]")


def find_files(sources: Sequence[str | Path]) -> list[tuple[Path, str]]:
    """List the files to read from files and folders given by the user.

    Folders are walked recursively; hidden files and folders (names starting
    with ``.``, such as ``.git``) are skipped, symbolic links to folders are
    not followed. A file given directly is always listed, hidden or not.
    Every file is listed, whatever its type: :func:`read_text` tells which
    ones hold no text.

    Parameters
    ----------
    sources : sequence of str or Path
        Files and folders, in the order they should be read.

    Returns
    -------
    list of (Path, str)
        ``(absolute path, name)`` for each file, sources in the order given,
        each folder's files in code-point order of their path components.
        ``name`` is the path relative to the folder it was found under, with
        ``/`` separators, or the file's own name for a file given directly.
        A file reached twice (same resolved path) is listed once, under its
        first name.

    Raises
    ------
    InputError
        If a source does not exist or a folder cannot be listed.
    TypeError
        If ``sources`` is a single string.

    Notes
    -----
    O(n log n) in the number of files under the sources.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp)
    ...     (root / "福建" / ".git").mkdir(parents=True)
    ...     _ = (root / "福建" / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    ...     _ = (root / "福建" / "宁德.txt").write_text("宁德市", encoding="utf-8")
    ...     _ = (root / "a.txt").write_text("甲", encoding="utf-8")
    ...     [name for _, name in find_files([root, root / "a.txt"])]
    ['a.txt', '福建/宁德.txt']
    """
    if isinstance(sources, str):
        raise TypeError("find_files takes a list of paths, not one string")
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise InputError(
                f"{source} does not exist: check the path (give files or folders of articles)"
            )
        if path.is_dir():
            listed = [(file, file.relative_to(path).as_posix()) for file in _walk(path)]
        else:
            listed = [(path, path.name)]
        for file, name in listed:
            resolved = file.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.append((Path(os.path.abspath(file)), name))
    return found


def _walk(folder: Path) -> list[Path]:
    """Every regular, non-hidden file under ``folder``, in path-component order."""

    def refuse(error: OSError) -> None:
        raise InputError(
            f"cannot list folder {error.filename} ({error.strerror}): check its permissions"
        )

    files: list[Path] = []
    for top, dirs, names in os.walk(folder, onerror=refuse):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(
            Path(top, name) for name in names if not name.startswith(".") and _is_file(top, name)
        )
    return sorted(files, key=lambda file: file.relative_to(folder).parts)


def _is_file(top: str, name: str) -> bool:
    # Skips broken links, sockets and fifos that os.walk lists among files.
    return os.path.isfile(os.path.join(top, name))


def document_id(name: str) -> str:
    """A stable identifier for a document, from its name relative to its source.

    The name loses its extension and every character other than ASCII
    letters, digits, ``_ - . /`` and CJK unified ideographs (U+4E00–U+9FFF)
    becomes ``_``. Different names can give the same id (``a b.txt`` and
    ``a_b.html``); telling them apart is the caller's job.

    Parameters
    ----------
    name : str
        The name :func:`find_files` gives, with ``/`` separators.

    Returns
    -------
    str
        The identifier.

    Notes
    -----
    O(n) in the length of ``name``.

    Examples
    --------
    >>> document_id("2024/福建 新闻（一）.txt")
    '2024/福建_新闻_一_'
    >>> document_id("臺灣/報導.v2.html")
    '臺灣/報導.v2'
    """
    folder, slash, base = name.rpartition("/")
    stem, dot, _extension = base.rpartition(".")
    if dot and stem.strip("."):
        base = stem
    return _ID_UNSAFE.sub("_", folder + slash + base)

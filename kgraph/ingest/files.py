"""Find the files to read under the sources a user gives, and name their documents.

Which files are articles: ``.txt``, ``.htm``, ``.html``, ``.xhtml`` and
``.md`` (:data:`ARTICLE_GLOBS`); ``include`` and ``exclude`` globs say
otherwise. Everything :func:`find_files` leaves out, it names in a warning:
other file types, links that leave the source folder, dangling links, FIFOs,
sockets and devices. Any byte string the file system allows is a valid file
name: bytes that are not UTF-8 are shown as ``\\xNN`` (:func:`display_name`).
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

from kgraph.errors import InputError, SkippedFile

__all__ = [
    "ARTICLE_GLOBS",
    "display_name",
    "document_id",
    "document_ids",
    "find_files",
    "is_article",
    "missing_export",
]

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_\-./\u4e00-\u9fff]")

#: File names read as articles unless ``include``/``exclude`` say otherwise.
ARTICLE_GLOBS = ("*.txt", "*.htm", "*.html", "*.xhtml", "*.md")


#: The link every output folder of ``kgraph build`` holds (:data:`kgraph.export.CURRENT`):
#: a folder holding it is an earlier build's output, never read as articles.
OUTPUT_MARK = ".kgraph-current"


def missing_export(folder: Path, names: str, formats: str, fallback: str) -> str:
    """Why ``folder`` lacks the export ``names``: a build that left them out, or no build.

    ``formats`` are the ``--formats`` names that write the files; ``fallback`` is the
    message for a folder that holds no build at all.

    >>> missing_export(Path("/nonexistent"), "graph.graphml", "graphml", "no build here")
    'no build here'
    """
    if not (folder / OUTPUT_MARK).exists():
        return fallback
    return (
        f"the build in {folder} wrote no {names} (a build writes what --formats names, by "
        f"default all formats but only nq,graphml,html,store above 5,000 documents): "
        f"build again with --formats all, or a list naming {formats}"
    )


def display_name(name: str) -> str:
    r"""``name`` as printable text: bytes that were not UTF-8 become ``\xNN``.

    ``os.listdir`` gives such bytes as lone surrogates (``surrogateescape``);
    they cannot be written to a terminal, a file or an IRI.

    >>> display_name(os.fsdecode(b"\xd6\xd0\xce\xc4.txt"))
    '\\xd6\\xd0\\xce\\xc4.txt'
    >>> display_name("福建.txt")
    '福建.txt'
    """
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def is_article(name: str, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> bool:
    """Whether a file named ``name`` (path relative to its source) is read.

    A name matches a glob if its base name or its whole relative path does,
    ignoring case. ``exclude`` wins over ``include``, which adds to
    :data:`ARTICLE_GLOBS`.

    >>> is_article("2024/福建.TXT"), is_article("sources.tsv"), is_article("sources.tsv", ["*.tsv"])
    (True, False, True)
    >>> is_article("draft/a.txt", exclude=["draft/*"])
    False
    """
    return not _matches(name, exclude) and _matches(name, (*ARTICLE_GLOBS, *include))


def _matches(name: str, globs: Iterable[str]) -> bool:
    path = name.lower()
    base = path.rpartition("/")[2]
    return any(
        fnmatch.fnmatchcase(base, glob.lower()) or fnmatch.fnmatchcase(path, glob.lower())
        for glob in globs
    )


def find_files(
    sources: Sequence[str | Path],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    follow_links: bool = False,
    skip: Sequence[str | Path] = (),
) -> list[tuple[Path, str]]:
    """List the files to read from files and folders given by the user.

    Folders are walked recursively; hidden files and folders (names starting
    with ``.``, such as ``.git``) are skipped, and so are files that are not
    articles (:func:`is_article`), each with a warning naming it. Symbolic
    links are followed when they point inside the source folder; links out
    of it are skipped with a warning unless ``follow_links`` (then read, with
    a warning). Dangling links, FIFOs, sockets and devices are skipped with a
    warning. A folder holding an earlier build's output (:data:`OUTPUT_MARK`) is skipped
    with a warning. A file given directly is always listed unless ``exclude``\\ d.

    Parameters
    ----------
    sources : sequence of str or Path
        Files and folders, in the order they should be read.
    include, exclude : sequence of str
        Globs of file names to read besides :data:`ARTICLE_GLOBS`, and to
        leave out, matched against the base name or the relative path.
    follow_links : bool
        Read links that point outside their source folder too.
    skip : sequence of path
        Folders never read, such as the build's output folder.

    Returns
    -------
    list of (Path, str)
        ``(absolute path, name)`` for each file, sources in the order given,
        each folder's files in code-point order of their path components.
        ``name`` is the path relative to the folder it was found under, with
        ``/`` separators (:func:`display_name` of it), or the file's own name
        for a file given directly. A file reached twice (same resolved path)
        is listed once, under its first name.

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
    skipped_dirs = {Path(os.path.realpath(folder)) for folder in skip}
    found: list[tuple[Path, str]] = []
    seen: dict[Path, str] = {}  # the file a path resolves to -> the name it was first read as
    for source in sources:
        path = Path(source)
        if not path.exists():
            if path.is_symlink():
                raise InputError(f"{source} is a link to nothing: check where it points")
            raise InputError(
                f"{source} does not exist: check the path (give files or folders of articles)"
            )
        if path.is_dir():
            listed = _walk(path, include, exclude, follow_links, skipped_dirs)
        elif not _special(path, path.name):
            listed = [] if _matches(path.name, exclude) else [(path, display_name(path.name))]
        else:
            listed = []
        for file, name in listed:
            resolved = file.resolve()
            if resolved not in seen:
                seen[resolved] = name
                found.append((Path(os.path.abspath(file)), name))
            elif seen[resolved] != name:  # a link to, or another path of, a file already read
                warnings.warn(
                    f"skipped {name}: the same file as {seen[resolved]}, read once",
                    SkippedFile,
                    stacklevel=2,
                )
    return found


def _walk(
    folder: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    follow_links: bool,
    skipped_dirs: set[Path],
) -> list[tuple[Path, str]]:
    """Every article under ``folder`` as ``(path, name)``, in path-component order."""

    def refuse(error: OSError) -> None:
        raise InputError(
            f"cannot list folder {error.filename} ({error.strerror}): check its permissions"
        )

    root = Path(os.path.realpath(folder))
    shown = display_name(str(folder))
    files: list[tuple[tuple[str, ...], Path, str]] = []
    walked: set[Path] = set()
    for top, dirs, names in os.walk(folder, onerror=refuse, followlinks=follow_links):
        real_top = Path(os.path.realpath(top))
        if real_top in walked or real_top in skipped_dirs:
            dirs[:] = []  # a link loop, or the output folder
            continue
        walked.add(real_top)
        if top != str(folder) and os.path.lexists(os.path.join(top, OUTPUT_MARK)):
            warnings.warn(
                f"skipped {_relative(Path(top), folder)}: the output folder of a kgraph build",
                SkippedFile,
                stacklevel=4,
            )
            dirs[:] = []
            continue
        kept = []
        for d in sorted(dirs):
            if d.startswith("."):
                continue
            here = Path(top, d)
            if here.is_symlink() and not _inside(Path(os.path.realpath(here)), root):
                if follow_links:
                    warnings.warn(
                        f"following {_relative(here, folder)}: a link to a folder outside "
                        f"{shown} ({display_name(os.path.realpath(here))})",
                        stacklevel=4,
                    )
                else:
                    warnings.warn(
                        f"skipped {_relative(here, folder)}: a link to a folder outside {shown}; "
                        "use --follow-links to read it",
                        SkippedFile,
                        stacklevel=4,
                    )
                    continue
            kept.append(d)
        dirs[:] = kept
        for entry in names:
            if entry.startswith("."):
                continue
            file = Path(top, entry)
            name = _relative(file, folder)
            if _special(file, name) or not _allowed_link(file, name, root, shown, follow_links):
                continue
            if not is_article(name, include, exclude):
                if not _matches(name, exclude):
                    suffix = display_name(os.path.splitext(entry)[1])
                    glob = f"*{suffix}" if suffix else display_name(entry)
                    warnings.warn(
                        f"skipped {name}: not an article type; use --include '{glob}'",
                        SkippedFile,
                        stacklevel=4,
                    )
                continue
            files.append((file.relative_to(folder).parts, file, name))
    return [(file, name) for _, file, name in sorted(files, key=lambda item: item[0])]


def _relative(path: Path, folder: Path) -> str:
    return display_name(path.relative_to(folder).as_posix())


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _special(path: Path, name: str) -> bool:
    """Warn about and tell whether ``path`` is a dangling link, FIFO, socket or device."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        what = "a link to nothing" if path.is_symlink() else f"cannot be read ({error.strerror})"
        warnings.warn(f"skipped {name}: {what}", SkippedFile, stacklevel=5)
        return True
    if stat.S_ISREG(mode):
        return False
    kind = (
        "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    warnings.warn(f"skipped {name}: {kind}", SkippedFile, stacklevel=5)
    return True


def _allowed_link(path: Path, name: str, root: Path, folder: str, follow_links: bool) -> bool:
    """Whether a file (maybe a link) may be read: links must stay inside ``root``."""
    if not path.is_symlink():
        return True
    target = Path(os.path.realpath(path))
    if _inside(target, root):
        return True
    if follow_links:
        warnings.warn(
            f"following {name}: a link to a file outside {folder} ({display_name(str(target))})",
            stacklevel=5,
        )
        return True
    warnings.warn(
        f"skipped {name}: a link to a file outside {folder}; use --follow-links to read it",
        SkippedFile,
        stacklevel=5,
    )
    return False


def document_id(name: str) -> str:
    """A stable identifier for a document, from its name relative to its source.

    The name loses its extension and every character other than ASCII
    letters, digits, ``_ - . /`` and CJK unified ideographs (U+4E00–U+9FFF)
    becomes ``_``. Different names can give the same id (``a b.txt`` and
    ``a_b.html``): :func:`document_ids` tells them apart.

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


def document_ids(names: Iterable[str]) -> dict[str, str]:
    """The document id of each name, made unique; warns about each name whose id was taken.

    Names that share an id are ordered by code point: the first keeps the
    id, the others get ``~2``, ``~3``… (``~`` never occurs in an id from
    :func:`document_id`), so the result depends only on the set of names.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     ids = document_ids(["a_b.txt", "a b.txt", "c.txt"])
    >>> ids
    {'a b.txt': 'a_b', 'a_b.txt': 'a_b~2', 'c.txt': 'c'}
    >>> print(caught[0].message)
    a_b.txt has the same document id as a b.txt ('a_b'): its id is 'a_b~2'

    Notes
    -----
    O(n log n) in the number of names.
    """
    ids: dict[str, str] = {}
    first: dict[str, str] = {}
    taken: dict[str, int] = {}
    for name in sorted(set(names)):
        base = document_id(name)
        if base not in first:
            first[base] = name
            ids[name] = base
            continue
        taken[base] = taken.get(base, 1) + 1
        ids[name] = f"{base}~{taken[base]}"
        warnings.warn(
            f"{name} has the same document id as {first[base]} ({base!r}): its id is {ids[name]!r}",
            stacklevel=2,
        )
    return ids

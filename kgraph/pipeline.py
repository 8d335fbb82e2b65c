"""The whole pipeline, stage by stage.

::

    load -> clean -> normalize/segment -> extract      (per file: cached, in parallel)
         -> resolve -> relate -> graph -> export        (corpus-wide, on the driver)

:func:`extract_files` runs the per-file stages: each file's result is looked
up in the :class:`~kgraph.cache.ExtractionCache` by the digest of its name
and bytes, and only files the cache lacks are extracted, in batches, by an
executor of :mod:`kgraph.execute` (this process, worker processes, or a Dask
cluster). :func:`analyse` then does the corpus-wide steps and returns a
:class:`~kgraph.model.Corpus`. Because those steps always run over every
file's result, adding, changing or removing files gives the same corpus as
a clean build.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.cache import ExtractionCache, Result, digest
from kgraph.clean import metadata_of, sections_of
from kgraph.errors import InputError
from kgraph.execute import Batch, batch_files, executor_for, make_batches
from kgraph.extract import DocumentExtraction, Extractor
from kgraph.gazetteer import Gazetteer
from kgraph.load import document_id, find_files, read_text
from kgraph.model import Corpus, Document, Skipped
from kgraph.relate import cooccurrences, relations
from kgraph.resolve import resolve
from kgraph.segment import sentences_of

__all__ = [
    "Extraction",
    "analyse",
    "build_corpus",
    "document_from_text",
    "extract_document",
    "extract_files",
    "read_document",
]


def document_from_text(name: str, text: str, encoding: str = "utf-8") -> Document:
    """Clean a decoded text into a :class:`Document` with sections and metadata.

    >>> doc = document_from_text("a.txt", "标题：一个测试标题\\n2024-01-02 来源：某某日报\\n正文。")
    >>> (doc.id, doc.date, doc.sources)
    ('a', '2024-01-02', ('某某日报',))
    """
    sections = sections_of(text)
    meta = metadata_of(text, sections)
    return Document(
        id=document_id(name),
        path=name,
        text=text,
        encoding=encoding,
        title=meta.title,
        date=meta.date,
        authors=meta.authors,
        editors=meta.editors,
        sources=meta.sources,
        sections=sections,
        meta_spans=meta.spans,
    )


def read_document(path: Path, name: str) -> Document:
    """Load and clean one file; raises :class:`~kgraph.load.UnreadableFile`."""
    text, encoding = read_text(path)
    return document_from_text(name, text, encoding)


def extract_document(extractor: Extractor, document: Document) -> DocumentExtraction:
    """Segment one document and extract its candidate mentions."""
    return extractor.extract(document, sentences_of(document.id, document.text, document.sections))


def analyse(
    extractions: list[DocumentExtraction], gazetteer: Gazetteer, skipped: Sequence[Skipped] = ()
) -> Corpus:
    """The corpus-wide stages: resolve entities, then relate them."""
    extractions = sorted(extractions, key=lambda ex: ex.document.id)
    resolution = resolve(extractions, gazetteer)
    documents = tuple(ex.document for ex in extractions)
    sentences = tuple(s for ex in extractions for s in ex.sentences)
    typed = relations(documents, sentences, resolution, gazetteer)
    pairs = cooccurrences(documents, sentences, resolution)
    return Corpus(
        documents=documents,
        sentences=sentences,
        entities=resolution.entities,
        relations=typed,
        cooccurrences=pairs,
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
    )


@dataclass
class Extraction:
    """The per-document results of a build, and where they came from."""

    extractions: list[DocumentExtraction] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    digests: set[str] = field(default_factory=set)  # of every file read, for pruning the cache
    cached: int = 0  # files whose result came from the cache
    extracted: int = 0  # files extracted by this build


def extract_files(
    files: Sequence[tuple[Path, str]],
    *,
    cache: ExtractionCache | None = None,
    executor: str | None = None,
    jobs: int | None = None,
    extractor: Extractor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Extraction:
    """Extract every file, from the cache where it has the file's digest.

    Files the cache lacks are extracted in batches by the executor
    (:func:`kgraph.execute.executor_for`) and stored in the cache as each
    batch arrives, so an interrupted build resumes where it stopped.
    ``progress(done, total)`` is called as files are done.
    """
    result = Extraction()
    ids: dict[str, str] = {}
    todo: list[tuple[Path, str, str]] = []
    for path, name in files:
        doc_id = document_id(name)
        if doc_id in ids:
            raise InputError(
                f"{name} and {ids[doc_id]} have the same document id {doc_id!r}: rename one"
            )
        ids[doc_id] = name
        try:
            data = path.read_bytes()
        except OSError as error:
            result.skipped.append(Skipped(name, f"cannot be opened ({error.strerror})"))
            continue
        key = digest(name, data)
        result.digests.add(key)
        hit = cache.get(key) if cache else None
        if hit is None:
            todo.append((path, name, key))
        else:
            _collect(result, hit)
            result.cached += 1
    total = len(files)
    done = total - len(todo)
    if progress:
        progress(done, total)
    if todo:
        sizes = [_size(path) for path, _name, _key in todo]
        runner = executor_for(executor, jobs, sum(sizes), extractor)
        keys = {name: key for _path, name, key in todo}
        per_batch = batch_files(len(todo), runner.workers)
        batches = make_batches(
            (((p, n), size) for (p, n, _), size in zip(todo, sizes, strict=True)), per_batch
        )
        try:
            for results in runner.map(_read(batch, keys) for batch in batches):
                for item in results:
                    if cache:
                        cache.put(keys[_name(item)], item)
                    _collect(result, item)
                result.extracted += len(results)
                done += len(results)
                if progress:
                    progress(done, total)
        finally:
            runner.close()
    for skipped in sorted(result.skipped, key=lambda s: s.path):
        warnings.warn(f"skipped {skipped.path}: {skipped.reason}", stacklevel=2)
    return result


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read(batch: list[tuple[Path, str]], keys: dict[str, str]) -> Batch:
    """The batch's files as ``(name, bytes)``; a file changed since it was hashed gets a new key."""
    out: Batch = []
    for path, name in batch:
        try:
            data = path.read_bytes()
        except OSError:
            data = b""  # gone since it was listed: skipped as empty
        keys[name] = digest(name, data)
        out.append((name, data))
    return out


def _name(item: Result) -> str:
    return item.path if isinstance(item, Skipped) else item.document.path


def _collect(result: Extraction, item: Result) -> None:
    if isinstance(item, Skipped):
        result.skipped.append(item)
    else:
        result.extractions.append(item)


def build_corpus(
    sources: Sequence[str | Path],
    *,
    cache: ExtractionCache | None = None,
    executor: str | None = None,
    jobs: int | None = None,
    extractor: Extractor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Corpus:
    """Run the pipeline over files and folders and return the :class:`Corpus`.

    Unreadable files are skipped with a warning naming the file and listed in
    ``Corpus.skipped``. See :func:`extract_files` for the other arguments.
    """
    files = find_files(sources)
    if not files:
        raise InputError(f"no files found in {', '.join(map(str, sources))}")
    done = extract_files(
        files, cache=cache, executor=executor, jobs=jobs, extractor=extractor, progress=progress
    )
    gazetteer = extractor.gazetteer if extractor else Gazetteer.load()
    return analyse(done.extractions, gazetteer, done.skipped)

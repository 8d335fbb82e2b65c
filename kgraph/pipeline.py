"""The whole build, stage by stage: the one place that runs kgraph's stages in order.

::

    ingest (files -> decode -> clean -> normalize -> segment) -> extract     per document
        -> resolve -> relate -> graph -> export                              corpus-wide

:func:`build` is the story in one screen. The per-document half is one
pure function of a file's name and bytes (:meth:`ExtractFiles.run`), so its
results are cached by the digest of the name and bytes
(:class:`~kgraph.run.cache.ExtractionCache`) and run by any executor of
:mod:`kgraph.run.executors` (this process, worker processes, a Dask
cluster). Documents with lines the corpus repeats on three or more
articles (menus, footers) are then cleaned again with those lines as
navigation, cached under the lines too (:func:`relabel_recurring`). The
corpus-wide half (:func:`analyse`) always runs over every file's result,
so adding, changing or removing files gives the same corpus as a clean
build.
"""

from __future__ import annotations

import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import Any

import networkx as nx

from kgraph.errors import InputError, SkippedFile
from kgraph.export import FORMATS, build_lock, write_exports
from kgraph.extract.gazetteer import Gazetteer
from kgraph.extract.rules import DocumentExtraction, Extractor, share_repeated
from kgraph.graph import corpus_graph, entity_graph
from kgraph.ingest.clean import line_profile, metadata_of, recurring_in, sections_of
from kgraph.ingest.decode import UnreadableFile, decode_page, read_page, replace_unwritable
from kgraph.ingest.files import document_id, document_ids, find_files
from kgraph.ingest.segment import MAX_SENTENCE, sentences_of
from kgraph.model import Corpus, Document, Skipped, SourceMap
from kgraph.ondisk import DiskSequence
from kgraph.relate import Texts, cooccurrences, relations
from kgraph.resolve import release_general_idf, resolve
from kgraph.run.cache import ExtractionCache, Result, digest, pipeline_key
from kgraph.run.executors import (
    BATCH_BYTES,
    Executor,
    batch_files,
    executor_for,
    make_batches,
)

__all__ = [
    "BuildReport",
    "ExtractFiles",
    "Extraction",
    "Reread",
    "analyse",
    "build",
    "build_corpus",
    "document_from_text",
    "extract_document",
    "extract_files",
    "read_document",
    "relabel_recurring",
]


@dataclass(frozen=True)
class Reread:
    """A document to clean and extract again, with the lines its corpus repeats as navigation."""

    path: str  # the document's file name, as in Document.path
    text: str  # its decoded text
    encoding: str  # the encoding it was decoded from
    doc_id: str  # its document id
    structure: tuple[tuple[int, int, str], ...]  # the stretches its HTML marks as chrome
    recurring: frozenset[str]  # its lines that recur across the corpus
    source: SourceMap | None = None  # an HTML page's text mapped to its decoded file


#: Files as ``(name, bytes)``, and documents to re-read, extracted together by one worker.
Batch = list[tuple[str, bytes] | Reread]


def build(
    sources: Sequence[str | Path],
    out: str | Path | None = None,
    *,
    store: bool = True,
    formats: Sequence[str] | None = None,
    cache: bool = True,
    jobs: int | None = None,
    executor: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    follow_links: bool = False,
    viewer_nodes: int | None = None,
    lap: Callable[[str], None] | None = None,
    learned_vocabulary: bool = True,
) -> BuildReport:
    """Build the knowledge graph of ``sources`` (files or folders).

    Returns a :class:`~kgraph.pipeline.BuildReport`: ``report.corpus``
    (documents, sentences, entities, relations), ``report.graph`` (the
    networkx graph with analytics, built from ``report.entities`` and the
    corpus when first asked for), file counts, seconds per stage and the
    paths written. With ``out``, the exports are written there (``formats``,
    names of :data:`kgraph.export.FORMATS`; by default
    :func:`kgraph.export.default_formats`) and per-file
    results are cached in ``out/.kgraph-cache`` (unless ``cache`` is false),
    so a rebuild extracts only new and changed files. ``jobs`` worker
    processes extract (default: every core); ``executor`` names another
    engine (``"dask"``, ``"dask://HOST:PORT"``, see :mod:`kgraph.run.executors`).
    ``progress(done, total)`` follows the files. ``include``, ``exclude`` and
    ``follow_links`` choose the files (:func:`~kgraph.ingest.files.find_files`);
    ``out`` is never read as input. ``viewer_nodes`` is the most nodes
    ``graph.html`` draws (default :data:`kgraph.viewer.MAX_NODES`): past it,
    the strongest entities, the others in its search index. ``lap(stage)``
    is called as each stage ends, with the names of ``report.seconds``.
    ``learned_vocabulary`` (on by default) adds the campaigns, slogans and
    concepts the learned tagger proposes (:mod:`kgraph.extract.vocab_tagger`)
    to the rules' candidates: it makes extraction and resolution take about
    40% longer (README, "Round 9"), and ``learned_vocabulary=False`` gives
    the rules alone; extractions made with and without it are cached apart.
    Unreadable files are skipped with a
    warning naming them; a build in which no file is readable raises
    :class:`~kgraph.errors.InputError` and leaves ``out`` as it was.
    """
    if viewer_nodes is not None and viewer_nodes < 1:
        raise InputError(f"the viewer must draw at least one node, not {viewer_nodes}")
    if formats is not None:
        unknown = sorted(set(formats) - set(FORMATS))
        if unknown:
            raise InputError(f"unknown export formats {unknown}: choose from {', '.join(FORMATS)}")
    files = find_files(
        sources,
        include=include,
        exclude=exclude,
        follow_links=follow_links,
        skip=[out] if out is not None else [],
    )
    if not files:
        raise InputError(_no_files(sources, out))
    stages = _Stages(lap)
    with build_lock(out) if out is not None else nullcontext():
        files_cache = (
            ExtractionCache(Path(out), pipeline_key(learned_vocabulary=learned_vocabulary))
            if out is not None and cache
            else None
        )
        done = extract_files(
            files,
            cache=files_cache,
            executor=executor,
            jobs=jobs,
            progress=progress,
            learned_vocabulary=learned_vocabulary,
        )
        stages.lap("extract")
        if not done.extractions:
            raise InputError(
                f"none of the {len(files)} files could be read as text (see the warnings); "
                + ("the previous exports are unchanged" if out is not None else "nothing built")
            )
        corpus = analyse(
            done.take(),
            Gazetteer.load(),
            done.skipped,
            lap=stages.lap,
            folder=Path(out) if out is not None else None,
        )
        graph = entity_graph(corpus)
        stages.lap("graph")
        written: list[Path] = []
        if out is not None:
            chosen = tuple(formats) if formats is not None else None
            written = write_exports(
                corpus,
                graph,
                Path(out),
                store=store,
                formats=chosen,
                lap=stages.lap,
                viewer_nodes=viewer_nodes,
            )
            if files_cache is not None:
                files_cache.prune(done.digests)
            stages.lap("cache")
    return BuildReport(
        corpus=corpus,
        entities=graph,
        files=len(files),
        extracted=done.extracted,
        cached=done.cached,
        seconds=stages.seconds,
        outputs=tuple(written),
    )


def analyse(
    extractions: list[DocumentExtraction],
    gazetteer: Gazetteer,
    skipped: Sequence[Skipped] = (),
    *,
    lap: Callable[[str], None] = lambda stage: None,
    folder: Path | None = None,
) -> Corpus:
    """The corpus-wide stages: resolve entities, then relate them; ``lap(stage)`` after each.

    Once resolved, the extractions' candidates, token boundaries and phrases
    are no longer needed: unless the caller still holds ``extractions``
    (:meth:`Extraction.take` hands them over), they are freed before the
    relations are found, and the documents and sentences, which relate and
    the exports read one at a time, are kept on disk
    (:class:`~kgraph.ondisk.DiskSequence`, in an anonymous file in
    ``folder``, by default the system's temporary folder) instead of on
    the heap. The general IDF table that resolution reads is freed too
    (:func:`~kgraph.resolve.release_general_idf`).
    """
    ordered = sorted(extractions, key=lambda ex: ex.document.id)
    del extractions
    resolution = resolve(ordered, gazetteer)
    release_general_idf()  # nothing after resolution reads it
    lap("resolve")
    documents = DiskSequence((ex.document for ex in ordered), folder=folder)
    sentences = DiskSequence((s for ex in ordered for s in ex.sentences), folder=folder)
    del ordered
    texts: Texts = {}  # each evidenced sentence's text, one string for all its evidence
    typed = relations(documents, sentences, resolution, gazetteer, texts=texts)
    pairs = cooccurrences(documents, sentences, resolution, texts=texts)
    del texts
    lap("relate")
    return Corpus(
        documents=documents,
        sentences=sentences,
        entities=resolution.entities,
        relations=typed,
        cooccurrences=pairs,
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
    )


@dataclass(frozen=True)
class BuildReport:
    """What a build did and made: the corpus and graph, file counts, seconds per stage, outputs."""

    corpus: Corpus  # documents, sentences, entities, relations, co-occurrences, skipped files
    entities: nx.MultiDiGraph  # the graph's entities and their links, with analytics
    files: int  # files found under the sources
    extracted: int  # documents extracted by this build (skipped files not counted)
    cached: int  # documents whose extraction came from the cache
    seconds: dict[str, float]  # wall seconds per stage, in the order they ran
    outputs: tuple[Path, ...]  # the exports written (empty without ``out``)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The networkx graph with analytics, documents and mention edges included (see kgraph.graph).

        Built from :attr:`entities` and the corpus on first use: the build
        itself holds only the entities, whose documents and mentions would
        be most of the graph's memory.
        """
        return corpus_graph(self.corpus, self.entities)

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        """Files that hold no readable text, with the reason."""
        return self.corpus.skipped

    def entity_counts(self) -> dict[str, int]:
        """Entities per type, by type name."""
        return dict(sorted(Counter(e.type.value for e in self.corpus.entities).items()))


class _Stages:
    """Wall seconds per stage, measured between calls of :meth:`lap`."""

    def __init__(self, then: Callable[[str], None] | None = None) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()
        self._then = then

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now
        if self._then is not None:
            self._then(stage)


# --------------------------------------------------------------------------- per document


def _no_files(sources: Sequence[str | Path], out: str | Path | None) -> str:
    kept = "; the previous exports are unchanged" if out is not None else ""
    return (
        f"no article files in {', '.join(map(str, sources))} (see the warnings for what was "
        f"skipped; --include '*.EXT' reads other types){kept}"
    )


def document_from_text(
    name: str,
    text: str,
    encoding: str = "utf-8",
    doc_id: str | None = None,
    chrome: tuple[tuple[int, int, str], ...] = (),
    recurring: frozenset[str] = frozenset(),
    source: SourceMap | None = None,
) -> Document:
    """Clean a decoded text into a :class:`Document` with sections and metadata.

    ``doc_id`` defaults to :func:`~kgraph.ingest.files.document_id` of
    ``name``. ``chrome`` are the stretches an HTML page's structure marks as
    menus, sidebars and footers (:class:`~kgraph.ingest.decode.DecodedPage`);
    ``recurring`` the lines of it the corpus repeats (:func:`relabel_recurring`);
    ``source`` an HTML page's map from its text to its decoded file. Code points no UTF-8 file or XML export can hold (lone
    surrogates, most C0 controls, U+FFFE, U+FFFF) are first replaced by
    U+FFFD, one for one, so offsets stay valid
    (:func:`~kgraph.ingest.decode.replace_unwritable`).

    >>> doc = document_from_text("a.txt", "标题：一个测试标题\\n2024-01-02 来源：某某日报\\n正文。")
    >>> (doc.id, doc.date, doc.sources)
    ('a', '2024-01-02', ('某某日报',))
    """
    text = replace_unwritable(text)
    name = replace_unwritable(name)
    sections = sections_of(text, recurring, chrome)
    meta = metadata_of(text, sections)
    return Document(
        id=doc_id if doc_id is not None else document_id(name),
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
        structure=chrome,
        source=source,
    )


def read_document(path: Path, name: str) -> Document:
    """Load and clean one file; raises :class:`~kgraph.ingest.decode.UnreadableFile`."""
    page = read_page(path)
    return document_from_text(
        name, page.text, page.encoding, chrome=page.chrome, source=page.source
    )


def extract_document(extractor: Extractor, document: Document) -> DocumentExtraction:
    """Segment one document and extract its candidate mentions."""
    return extractor.extract(document, sentences_of(document.id, document.text, document.sections))


@dataclass(frozen=True)
class ExtractFiles:
    """The per-document stages as an executor's task: a batch of ``(name, bytes)`` to results.

    A batch may also hold :class:`Reread` documents, cleaned again with the
    lines their corpus repeats (:func:`relabel_recurring`). ``ids`` gives the document id of names whose id is not the one their
    name gives (names that share an id, see
    :func:`~kgraph.ingest.files.document_ids`).
    """

    ids: Mapping[str, str] = field(default_factory=dict)
    learned_vocabulary: bool = True  # the learned vocabulary tagger proposes candidates too

    def load(self) -> Extractor:
        """One extractor (jieba and the gazetteer, the vocabulary tagger if asked) per worker."""
        return Extractor(vocab=self.learned_vocabulary)

    def run(self, extractor: Extractor, batch: Batch) -> list[Result]:
        """Decode, clean, segment and extract each file of ``batch``, in order."""
        results: list[Result] = []
        for item in batch:
            if isinstance(item, Reread):
                again = document_from_text(
                    item.path,
                    item.text,
                    item.encoding,
                    item.doc_id,
                    item.structure,
                    item.recurring,
                    item.source,
                )
                results.append(extract_document(extractor, again))
                continue
            name, data = item
            try:
                page = decode_page(data, name)
            except UnreadableFile as error:
                results.append(Skipped(name, str(error)))
                continue
            document = document_from_text(
                name, page.text, page.encoding, self.ids.get(name), page.chrome, source=page.source
            )
            results.append(extract_document(extractor, document))
        return results


@dataclass
class Extraction:
    """The per-document results of a build, and where they came from."""

    extractions: list[DocumentExtraction] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    digests: set[str] = field(default_factory=set)  # of every file read, for pruning the cache
    cached: int = 0  # documents whose extraction came from the cache
    extracted: int = 0  # documents extracted by this build
    unopened: int = 0  # files that could not be opened (also in ``skipped``)
    #: one object for each repeated value of the candidates, while extracting (:func:`share_repeated`)
    shared: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def done(self) -> int:
        """Files dealt with so far: each gave a document or was skipped."""
        return len(self.extractions) + len(self.skipped)

    def take(self) -> list[DocumentExtraction]:
        """The extractions, handed over: this no longer holds them, so their user can free them."""
        taken, self.extractions = self.extractions, []
        return taken


def extract_files(
    files: Sequence[tuple[Path, str]],
    *,
    cache: ExtractionCache | None = None,
    executor: str | None = None,
    jobs: int | None = None,
    extractor: Extractor | None = None,
    progress: Callable[[int, int], None] | None = None,
    learned_vocabulary: bool = True,
) -> Extraction:
    """Extract every file, from the cache where it has the file's digest.

    Each file is read once. Documents with lines their corpus repeats are
    then read again with those lines as navigation (:func:`relabel_recurring`).
    Files the cache lacks are extracted in batches
    by the executor (:func:`kgraph.run.executors.executor_for`) and stored
    in the cache as each batch arrives, so an interrupted build resumes
    where it stopped. Less than one batch of new text is extracted in this
    process (with ``extractor`` if given). ``progress(done, total)`` is
    called as files are done. ``learned_vocabulary`` (the default) has the
    workers' extractors run the learned vocabulary tagger
    (:mod:`kgraph.extract.vocab_tagger`); ``cache`` and ``extractor`` must
    be made with the same choice (:func:`kgraph.run.cache.pipeline_key`).
    """
    result = Extraction()
    total = len(files)
    ids = _renamed(files)
    misses = _misses(files, ids, cache, result)
    head: list[tuple[str, bytes, str]] = []
    for miss in misses:  # read ahead up to one batch: less new text than that runs here
        head.append(miss)
        if sum(len(data) for _name, data, _key in head) >= BATCH_BYTES:
            break
    if progress:
        progress(result.done, total)
    runner: Executor[Batch, list[Result]] | None = None
    try:
        if head:
            head_bytes = sum(len(data) for _name, data, _key in head)
            work = head_bytes if head_bytes < BATCH_BYTES else sum(_size(path) for path, _ in files)
            task = ExtractFiles(ids, learned_vocabulary)
            runner = executor_for(task, executor, jobs, work, extractor)
            keys: dict[str, str] = {}
            sized: Iterator[tuple[tuple[str, bytes] | Reread, int]] = (
                ((name, data), len(data)) for name, data, _key in _keyed(chain(head, misses), keys)
            )
            for results in runner.map(make_batches(sized, batch_files(total, runner.workers))):
                for item in results:
                    if cache:
                        cache.put(keys[_name(item)], item)
                    _collect(result, item)
                    result.extracted += not isinstance(item, Skipped)
                if progress:
                    progress(result.done, total)
        relabel_recurring(
            result,
            cache,
            extractor,
            executor=executor,
            jobs=jobs,
            runner=runner,
            learned_vocabulary=learned_vocabulary,
        )
    finally:
        if runner is not None:
            runner.close()
    result.shared = {}  # the values stay shared; the table of them is not needed again
    for skipped in sorted(result.skipped, key=lambda s: s.path):
        warnings.warn(f"skipped {skipped.path}: {skipped.reason}", SkippedFile, stacklevel=2)
    for extraction in sorted(result.extractions, key=lambda ex: ex.document.path):
        warning = _capped_warning(extraction)
        if warning:
            warnings.warn(warning, stacklevel=2)
    return result


def _capped_warning(extraction: DocumentExtraction) -> str:
    """The warning for a document whose over-long sentences were cut, '' if none were."""
    pieces = sum(s.capped for s in extraction.sentences)
    if not pieces:
        return ""
    return (
        f"cut long text in {extraction.document.path}: {pieces} sentence pieces come from "
        f"runs of more than {MAX_SENTENCE} characters without a sentence end, cut at commas "
        "or spaces where there were any (relations across a cut are not found)"
    )


def _renamed(files: Sequence[tuple[Path, str]]) -> dict[str, str]:
    """Document ids of the names that share an id with another, made unique (with a warning)."""
    ids = document_ids(name for _path, name in files)
    return {name: doc_id for name, doc_id in ids.items() if doc_id != document_id(name)}


def relabel_recurring(
    result: Extraction,
    cache: ExtractionCache | None,
    extractor: Extractor | None = None,
    *,
    executor: str | None = None,
    jobs: int | None = None,
    runner: Executor[Batch, list[Result]] | None = None,
    learned_vocabulary: bool = True,
) -> int:
    """Re-read the documents with lines their corpus repeats, those lines as navigation.

    Lines on three or more articles of the corpus are a site's menus,
    footers and slogans (:func:`kgraph.ingest.clean.recurring_in`, which
    counts copies of one article once). Each document that has some is
    cleaned and extracted again with them; its result is cached under its
    name, text and those lines, so it is redone only when the corpus stops
    or starts repeating a line of it. The documents the cache lacks run on
    ``runner`` (the build's executor, still open) or on the one ``executor``
    and ``jobs`` name (:func:`kgraph.run.executors.executor_for`; less than
    one batch runs here, with ``extractor`` if given). Returns how many
    documents changed.

    Notes
    -----
    Linear in the corpus's text, in this process, plus the extraction of the
    documents whose repeated lines are new, on the executor.
    """
    docs = result.extractions
    if len(docs) < 3:
        return 0
    profiles = [line_profile(extraction.document.text) for extraction in docs]
    recurring = recurring_in(profiles)
    changed = 0
    redo: dict[str, tuple[int, str, int]] = {}  # path -> (index, cache key, bytes)
    for k, profile in enumerate(profiles):
        lines = profile.short & recurring
        if not lines:
            continue
        doc = docs[k].document
        data = doc.text.encode("utf-8", "surrogatepass")
        key = digest(doc.path, data, doc.id, lines)
        result.digests.add(key)
        changed += 1
        hit = cache.get(key) if cache else None
        if isinstance(hit, DocumentExtraction):
            share_repeated(hit.candidates, result.shared)
            docs[k] = hit
        else:
            redo[doc.path] = (k, key, len(data))
    if not redo:
        return changed
    own = runner is None
    if runner is None:
        work = sum(size for _k, _key, size in redo.values())
        runner = executor_for(
            ExtractFiles(learned_vocabulary=learned_vocabulary), executor, jobs, work, extractor
        )
    sized = (
        (_reread(docs[k].document, profiles[k].short & recurring), size)
        for k, _key, size in redo.values()
    )
    try:
        for results in runner.map(make_batches(sized, batch_files(len(redo), runner.workers))):
            for item in results:
                if isinstance(item, DocumentExtraction):
                    k, key, _size = redo[item.document.path]
                    share_repeated(item.candidates, result.shared)
                    docs[k] = item
                    if cache:
                        cache.put(key, item)
    finally:
        if own:
            runner.close()
    return changed


def _reread(doc: Document, lines: frozenset[str]) -> Reread:
    return Reread(doc.path, doc.text, doc.encoding, doc.id, doc.structure, lines, doc.source)


def _misses(
    files: Sequence[tuple[Path, str]],
    ids: Mapping[str, str],
    cache: ExtractionCache | None,
    result: Extraction,
) -> Iterator[tuple[str, bytes, str]]:
    """Read each file once; collect cache hits into ``result``, yield ``(name, bytes, key)`` of the rest."""
    for path, name in files:
        try:
            data = path.read_bytes()
        except OSError as error:
            result.skipped.append(Skipped(name, f"cannot be opened ({error.strerror})"))
            result.unopened += 1
            continue
        key = digest(name, data, ids.get(name))
        result.digests.add(key)
        hit = cache.get(key) if cache else None
        if hit is None:
            yield name, data, key
        else:
            _collect(result, hit)
            result.cached += not isinstance(hit, Skipped)


def _keyed(
    misses: Iterator[tuple[str, bytes, str]], keys: dict[str, str]
) -> Iterator[tuple[str, bytes, str]]:
    for name, data, key in misses:
        keys[name] = key
        yield name, data, key


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _name(item: Result) -> str:
    return item.path if isinstance(item, Skipped) else item.document.path


def _collect(result: Extraction, item: Result) -> None:
    if isinstance(item, Skipped):
        result.skipped.append(item)
    else:
        share_repeated(item.candidates, result.shared)
        result.extractions.append(item)


def build_corpus(
    sources: Sequence[str | Path],
    *,
    cache: ExtractionCache | None = None,
    executor: str | None = None,
    jobs: int | None = None,
    extractor: Extractor | None = None,
    progress: Callable[[int, int], None] | None = None,
    learned_vocabulary: bool = True,
) -> Corpus:
    """The :class:`Corpus` of files and folders, without writing anything.

    Unreadable files are skipped with a warning naming the file and listed in
    ``Corpus.skipped``. See :func:`extract_files` for the other arguments.
    """
    files = find_files(sources)
    if not files:
        raise InputError(_no_files(sources, None))
    done = extract_files(
        files,
        cache=cache,
        executor=executor,
        jobs=jobs,
        extractor=extractor,
        progress=progress,
        learned_vocabulary=learned_vocabulary,
    )
    gazetteer = extractor.gazetteer if extractor else Gazetteer.load()
    return analyse(done.take(), gazetteer, done.skipped)

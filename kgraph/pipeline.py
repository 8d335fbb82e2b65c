"""The whole pipeline, stage by stage.

::

    load -> clean -> normalize/segment -> extract      (per document, in parallel)
         -> resolve -> relate -> graph -> export        (corpus-wide)

:func:`read_document` and :func:`extract_document` are pure functions of one
file, so any executor can map them over a corpus; :func:`analyse` does the
corpus-wide steps and returns a :class:`~kgraph.model.Corpus`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from kgraph.clean import metadata_of, sections_of
from kgraph.errors import InputError
from kgraph.extract import DocumentExtraction, Extractor
from kgraph.load import UnreadableFile, document_id, find_files, read_text
from kgraph.model import Corpus, Document, Skipped
from kgraph.relate import cooccurrences, relations
from kgraph.resolve import resolve
from kgraph.segment import sentences_of

__all__ = ["analyse", "build_corpus", "document_from_text", "extract_document", "read_document"]


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
    extractions: list[DocumentExtraction], extractor: Extractor, skipped: Sequence[Skipped] = ()
) -> Corpus:
    """The corpus-wide stages: resolve entities, then relate them."""
    extractions = sorted(extractions, key=lambda ex: ex.document.id)
    resolution = resolve(extractions, extractor.gazetteer)
    documents = tuple(ex.document for ex in extractions)
    sentences = tuple(s for ex in extractions for s in ex.sentences)
    typed = relations(documents, sentences, resolution, extractor.gazetteer)
    pairs = cooccurrences(documents, sentences, resolution)
    return Corpus(
        documents=documents,
        sentences=sentences,
        entities=resolution.entities,
        relations=typed,
        cooccurrences=pairs,
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
    )


def build_corpus(
    sources: Sequence[str | Path],
    *,
    extractor: Extractor | None = None,
    progress: Callable[[Iterable[tuple[Path, str]]], Iterable[tuple[Path, str]]] | None = None,
) -> Corpus:
    """Run the pipeline over files and folders and return the :class:`Corpus`.

    Unreadable files are skipped with a warning naming the file and listed in
    ``Corpus.skipped``.
    """
    files = find_files(sources)
    if not files:
        raise InputError(f"no files found in {', '.join(map(str, sources))}")
    extractor = extractor or Extractor()
    extractions: list[DocumentExtraction] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for path, name in progress(files) if progress else files:
        try:
            document = read_document(path, name)
        except UnreadableFile as error:
            warnings.warn(f"skipped {name}: {error}", stacklevel=2)
            skipped.append(Skipped(name, str(error)))
            continue
        if document.id in seen:
            raise InputError(
                f"{name} and {seen[document.id]} have the same document id {document.id!r}: rename one"
            )
        seen[document.id] = name
        extractions.append(extract_document(extractor, document))
    return analyse(extractions, extractor, skipped)

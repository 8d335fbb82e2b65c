"""How fast the pipeline is, against jieba alone, and where its time goes.

On a synthetic corpus (``benchmarks/make_corpus.py``, created in
``benchmarks/out/`` when missing) one run measures:

- the floor: a private ``jieba.Tokenizer().cut`` over the same texts, in
  characters per second;
- the full pipeline as ``kgraph.build`` runs it without writing exports
  (:func:`kgraph.pipeline.build_corpus` + :func:`kgraph.graph.corpus_graph`),
  in characters per second and as a share of the floor; loading the
  resources (``Extractor()``: jieba, the gazetteer) is timed apart;
- the same stages timed one by one: ingest + extract (read, clean, segment
  and extract each document), ``resolve()``, then ``relations()`` +
  ``cooccurrences()`` + ``corpus_graph()``; the full run goes first, so the
  staged run has warm caches;
- the build of ``seeds/`` with every export (``kgraph.build(["seeds"], out=tmp)``).

It prints figures and asserts nothing about them.

Usage::

    python benchmarks/pipeline_bench.py              # 5 MB
    python benchmarks/pipeline_bench.py --mb 1 --skip-seeds
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import default_folder, make_corpus

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent


def _rate(chars: int, seconds: float) -> str:
    return f"{chars / seconds / 1000:,.1f} k chars/s" if seconds > 0 else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--corpus", type=Path, default=None, help="use this folder of articles")
    parser.add_argument("--skip-seeds", action="store_true", help="do not time the seeds build")
    args = parser.parse_args(argv)

    import jieba

    import kgraph
    from kgraph.commands.stats import table
    from kgraph.extract import Extractor
    from kgraph.graph import corpus_graph
    from kgraph.load import find_files, read_text
    from kgraph.model import Corpus
    from kgraph.pipeline import build_corpus, extract_document, read_document
    from kgraph.relate import cooccurrences, relations
    from kgraph.resolve import resolve

    jieba.setLogLevel(60)
    folder = args.corpus or default_folder(args.mb)
    if not folder.is_dir() or not any(folder.glob("*.txt")):
        started = time.perf_counter()
        count, size = make_corpus(folder, args.mb)
        print(
            f"generated {count} files, {size / 1e6:.2f} MB in {time.perf_counter() - started:.1f} s"
        )
    files = find_files([folder])
    texts = [read_text(path)[0] for path, _ in files]
    chars = sum(len(t) for t in texts)
    size = sum(path.stat().st_size for path, _ in files)
    print(f"corpus {folder}: {len(files)} files, {size / 1e6:.2f} MB, {chars:,} characters\n")

    # the floor: segmentation alone
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    started = time.perf_counter()
    tokens = sum(1 for text in texts for _ in tokenizer.cut(text, HMM=True))
    floor = time.perf_counter() - started

    started = time.perf_counter()
    extractor = Extractor()
    load = time.perf_counter() - started

    # the full pipeline, as kgraph.build runs it without exports
    started = time.perf_counter()
    corpus = build_corpus([folder], extractor=extractor)
    graph = corpus_graph(corpus)
    full = time.perf_counter() - started
    summary = (
        f"{len(corpus.documents)} documents, {len(corpus.sentences):,} sentences, "
        f"{len(corpus.entities):,} entities, {len(corpus.relations):,} typed relations, "
        f"{len(corpus.cooccurrences):,} co-occurrences; graph {graph.number_of_nodes():,} nodes, "
        f"{graph.number_of_edges():,} edges"
    )
    del corpus, graph  # the staged run builds its own

    # the same, stage by stage
    started = time.perf_counter()
    extractions = [extract_document(extractor, read_document(path, name)) for path, name in files]
    extract_time = time.perf_counter() - started
    started = time.perf_counter()
    extractions.sort(key=lambda ex: ex.document.id)
    resolution = resolve(extractions, extractor.gazetteer)
    resolve_time = time.perf_counter() - started
    started = time.perf_counter()
    documents = tuple(ex.document for ex in extractions)
    sentences = tuple(s for ex in extractions for s in ex.sentences)
    typed = relations(documents, sentences, resolution)
    pairs = cooccurrences(documents, sentences, resolution)
    staged = Corpus(documents, sentences, resolution.entities, typed, pairs, ())
    corpus_graph(staged)
    relate_time = time.perf_counter() - started
    entity_stage = extract_time + resolve_time
    staged_total = entity_stage + relate_time

    rows = [
        [
            "jieba.cut alone (floor)",
            f"{floor:.2f}",
            _rate(chars, floor),
            "1.00",
            f"{tokens:,} tokens",
        ],
        ["resources (Extractor())", f"{load:.2f}", "", "", "jieba + gazetteer, once"],
        [
            "full pipeline",
            f"{full:.2f}",
            _rate(chars, full),
            f"{floor / full:.3f}",
            f"{full / floor:.1f}x the floor",
        ],
        [
            "  ingest + extract",
            f"{extract_time:.2f}",
            _rate(chars, extract_time),
            "",
            f"{extract_time / staged_total:.0%} of staged",
        ],
        [
            "  resolve()",
            f"{resolve_time:.2f}",
            _rate(chars, resolve_time),
            "",
            f"{resolve_time / staged_total:.0%} of staged",
        ],
        [
            "  relations + analytics",
            f"{relate_time:.2f}",
            _rate(chars, relate_time),
            "",
            f"{relate_time / staged_total:.0%} of staged",
        ],
        ["  staged total", f"{staged_total:.2f}", _rate(chars, staged_total), "", "warm caches"],
    ]
    if not args.skip_seeds and (ROOT / "seeds").is_dir():
        seed_files = find_files([ROOT / "seeds"])
        seed_size = sum(path.stat().st_size for path, _ in seed_files)
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            kgraph.build([ROOT / "seeds"], out=out)
            seeds = time.perf_counter() - started
        rows.append(
            [
                "seeds build (all exports)",
                f"{seeds:.2f}",
                "",
                "",
                f"{len(seed_files)} files, {seed_size / 1e6:.2f} MB",
            ]
        )
    print(table(["stage", "seconds", "throughput", "vs floor", "note"], rows))
    print(f"\n{summary}")
    print(
        f"relations and analytics add {relate_time / entity_stage:.0%} to the entity stage "
        f"(ingest + extract + resolve: {entity_stage:.2f} s)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

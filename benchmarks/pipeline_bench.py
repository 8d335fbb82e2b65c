"""How fast the pipeline is, against jieba alone, and where its time goes.

On a synthetic corpus (``benchmarks/make_corpus.py``, created in
``benchmarks/out/`` when missing) one run measures:

- the floor: a private ``jieba.Tokenizer().cut`` over the same texts, in
  characters per second;
- the full pipeline as ``kgraph.build`` runs it without writing exports
  (:func:`kgraph.pipeline.build_corpus` + :func:`kgraph.graph.corpus_graph`),
  in characters per second and as a share of the floor; loading the
  resources (``Extractor()``: jieba, the gazetteer) is timed apart;
- the same stages timed one by one: ingest alone (read, decode, clean and
  segment each document; issue 14's target is under 10% of the staged
  total), ingest + extract (the same and extraction), ``resolve()``, then ``relations()`` +
  ``cooccurrences()`` + ``corpus_graph()``; the full run goes first, so the
  staged run has warm caches;
- the build of ``seeds/`` with every export (``kgraph.build(["seeds"], out=tmp)``).

Each stage is timed in wall and CPU seconds; throughput and ratios use CPU
seconds, which a busy shared machine disturbs less. It prints figures and
asserts nothing about them.

Usage::

    python benchmarks/pipeline_bench.py              # 5 MB
    python benchmarks/pipeline_bench.py --mb 1 --skip-seeds
    python benchmarks/pipeline_bench.py --mb 1 --no-learned-vocabulary   # the rules alone
    python benchmarks/pipeline_bench.py --mb 1 --sites 3   # pages with their sites' menus

With ``--sites N`` every page carries the menu and footer of one of N sites
(``make_corpus.py --sites``), so the full pipeline also reads every page a
second time with those lines as navigation
(``kgraph.pipeline.relabel_recurring``, on the same workers as the first
reading); the staged rows read each page once.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import default_folder, make_corpus

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class _Clock:
    """Wall and CPU seconds of a ``with`` block; ``driver`` is this process's share of ``cpu``."""

    wall: float = 0.0
    cpu: float = 0.0
    driver: float = 0.0

    def __enter__(self) -> _Clock:
        self._wall, self._cpu = time.perf_counter(), _cpu_seconds()
        self._driver = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = _cpu_seconds() - self._cpu
        self.driver = time.process_time() - self._driver


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its finished worker processes (extraction's pool)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _row(name: str, clock: _Clock, chars: int, floor: _Clock | None, note: str = "") -> list[str]:
    rate = f"{chars / clock.cpu / 1000:,.1f}" if chars and clock.cpu > 0 else ""
    share = f"{floor.cpu / clock.cpu:.3f}" if floor and clock.cpu > 0 else ""
    return [name, f"{clock.wall:.2f}", f"{clock.cpu:.2f}", rate, share, note]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--corpus", type=Path, default=None, help="use this folder of articles")
    parser.add_argument(
        "--sites", type=int, default=0, help="pages carry the menu of one of N sites (default 0)"
    )
    parser.add_argument("--skip-seeds", action="store_true", help="do not time the seeds build")
    parser.add_argument(
        "--learned-vocabulary",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the learned vocabulary tagger (default, as kgraph build); "
        "--no-learned-vocabulary times the rules alone",
    )
    args = parser.parse_args(argv)

    import jieba

    import kgraph
    from kgraph.commands.stats import table
    from kgraph.extract.rules import Extractor
    from kgraph.graph import corpus_graph
    from kgraph.ingest.decode import read_text
    from kgraph.ingest.files import find_files
    from kgraph.ingest.segment import sentences_of
    from kgraph.model import Corpus
    from kgraph.pipeline import build_corpus, extract_document, read_document
    from kgraph.relate import cooccurrences, relations
    from kgraph.resolve import resolve

    jieba.setLogLevel(60)
    folder = args.corpus or default_folder(args.mb, args.sites)
    if not folder.is_dir() or not any(folder.glob("*.txt")):
        with _Clock() as clock:
            count, size = make_corpus(folder, args.mb, sites=args.sites)
        print(f"generated {count} files, {size / 1e6:.2f} MB in {clock.wall:.1f} s")
    files = find_files([folder])
    texts = [read_text(path)[0] for path, _ in files]
    chars = sum(len(t) for t in texts)
    size = sum(path.stat().st_size for path, _ in files)
    print(f"corpus {folder}: {len(files)} files, {size / 1e6:.2f} MB, {chars:,} characters\n")

    # the floor: segmentation alone
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    with _Clock() as floor:
        tokens = sum(1 for text in texts for _ in tokenizer.cut(text, HMM=True))
    with _Clock() as load:
        extractor = Extractor(vocab=args.learned_vocabulary)

    # the full pipeline, as kgraph.build runs it without exports
    with _Clock() as full:
        corpus = build_corpus(
            [folder], extractor=extractor, learned_vocabulary=args.learned_vocabulary
        )
        graph = corpus_graph(corpus)
    summary = (
        f"{len(corpus.documents)} documents, {len(corpus.sentences):,} sentences, "
        f"{len(corpus.entities):,} entities, {len(corpus.relations):,} typed relations, "
        f"{len(corpus.cooccurrences):,} co-occurrences; graph {graph.number_of_nodes():,} nodes, "
        f"{graph.number_of_edges():,} edges"
    )
    del corpus, graph  # the staged run builds its own

    # the same, stage by stage; ingest alone first (decode, HTML, page model, segmentation)
    with _Clock() as ingesting:
        for path, name in files:
            document = read_document(path, name)
            sentences_of(document.id, document.text, document.sections)
    with _Clock() as extract:
        extractions = [
            extract_document(extractor, read_document(path, name)) for path, name in files
        ]
    with _Clock() as resolving:
        extractions.sort(key=lambda ex: ex.document.id)
        resolution = resolve(extractions, extractor.gazetteer)
    documents = tuple(ex.document for ex in extractions)
    sentences = tuple(s for ex in extractions for s in ex.sentences)
    with _Clock() as relating:
        typed = relations(documents, sentences, resolution, extractor.gazetteer)
    with _Clock() as pairing:
        pairs = cooccurrences(documents, sentences, resolution)
    with _Clock() as graphing:
        corpus_graph(Corpus(documents, sentences, resolution.entities, typed, pairs, ()))
    analytics = _Clock(
        relating.wall + pairing.wall + graphing.wall, relating.cpu + pairing.cpu + graphing.cpu
    )
    entity_stage = _Clock(extract.wall + resolving.wall, extract.cpu + resolving.cpu)
    staged = _Clock(entity_stage.wall + analytics.wall, entity_stage.cpu + analytics.cpu)

    def share(clock: _Clock) -> str:
        return f"{clock.cpu / staged.cpu:.0%} of staged"

    resources = "jieba + gazetteer" + (" + vocabulary tagger" if args.learned_vocabulary else "")
    rows = [
        _row("jieba.cut alone (floor)", floor, chars, floor, f"{tokens:,} tokens"),
        _row("resources (Extractor())", load, 0, None, resources + ", once"),
        _row(
            "full pipeline",
            full,
            chars,
            floor,
            f"{full.cpu / floor.cpu:.1f}x the floor, {full.driver:.2f} cpu s in the driver",
        ),
        _row("  ingest + extract", extract, chars, None, share(extract)),
        _row("    ingest alone", ingesting, chars, None, share(ingesting) + " (target < 10%)"),
        _row("  resolve()", resolving, chars, None, share(resolving)),
        _row("  relations + analytics", analytics, chars, None, share(analytics)),
        _row("    relations()", relating, 0, None),
        _row("    cooccurrences()", pairing, 0, None),
        _row("    corpus_graph()", graphing, 0, None, "PageRank, communities"),
        _row("  staged total", staged, chars, None, "warm caches"),
    ]
    if not args.skip_seeds and (ROOT / "seeds").is_dir():
        seed_files = find_files([ROOT / "seeds"])
        seed_size = sum(path.stat().st_size for path, _ in seed_files)
        with tempfile.TemporaryDirectory() as out, _Clock() as seeds:
            kgraph.build([ROOT / "seeds"], out=out, learned_vocabulary=args.learned_vocabulary)
        note = f"{len(seed_files)} files, {seed_size / 1e6:.2f} MB"
        rows.append(_row("seeds build (all exports)", seeds, 0, None, note))
    headers = ["stage", "wall s", "cpu s", "k chars/cpu s", "vs floor", "note"]
    print(table(headers, rows))
    print(f"\n{summary}")
    print(
        f"relations and analytics add {analytics.cpu / entity_stage.cpu:.0%} to the entity stage "
        f"(ingest + extract + resolve: {entity_stage.cpu:.2f} cpu s)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory {peak:,.0f} MB; throughput and ratios use CPU seconds (the machine may be shared)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

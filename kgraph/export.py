"""Write every export of a build into a folder, all or nothing.

Files are written into a temporary folder beside the output folder and
moved into place only when all of them are complete, so a failed or
interrupted build leaves the previous exports as they were.

==================  ==========================================================
``graph.ttl``       RDF, Turtle (the shape of ``docs/rdf.md``)
``graph.nt``        RDF, N-Triples, one sorted triple per line (streams, diffs)
``graph.jsonld``    RDF, JSON-LD with kgraph's prefixes as its context
``graph.graphml``   the networkx graph with analytics, for Gephi and notebooks
``graph.gexf``      the same for Gephi
``graph.html``      the interactive viewer, one offline file
``store/``          an Oxigraph store of the RDF, for ``kgraph query``/``serve``
==================  ==========================================================
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import networkx as nx

from kgraph.errors import ExportError
from kgraph.model import Corpus

__all__ = ["EXPORTS", "write_exports"]

EXPORTS = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml", "graph.gexf", "graph.html")


def write_exports(
    corpus: Corpus, graph: nx.MultiDiGraph, out: Path, *, store: bool = True
) -> list[Path]:
    """Write all exports of ``corpus`` into ``out``; return the paths written."""
    from kgraph.export_rdf import corpus_rdf, write_rdf
    from kgraph.viewer import write_html

    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create the output folder {out}: {error.strerror}") from error
    staging = Path(tempfile.mkdtemp(prefix=".kgraph-", dir=out))
    try:
        rdf = corpus_rdf(corpus, graph)
        write_rdf(rdf, staging)
        nx.write_graphml(graph, staging / "graph.graphml", encoding="utf-8", prettyprint=True)
        _write_gexf(graph, staging / "graph.gexf", corpus)
        write_html(corpus, graph, staging / "graph.html")
        if store:
            from kgraph.store import write_store

            write_store(staging / "graph.nt", out / "store")
        written = []
        for name in EXPORTS:
            os.replace(staging / name, out / name)
            written.append(out / name)
        if store:
            written.append(out / "store")
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_gexf(graph: nx.MultiDiGraph, path: Path, corpus: Corpus) -> None:
    """GEXF with a reproducible header: the date is the corpus's latest, not today's."""
    nx.write_gexf(graph, path, encoding="utf-8", prettyprint=True)
    latest = max((d.date for d in corpus.documents if d.date), default="1970-01-01")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'lastmodifieddate="[^"]*"', f'lastmodifieddate="{latest}"', text, count=1)
    text = re.sub(r"<creator>[^<]*</creator>", "<creator>kgraph</creator>", text, count=1)
    path.write_text(text, encoding="utf-8")

"""Write every export of a build into a folder, all or nothing.

Everything is written into a staging folder inside the output folder first.
Only when every file (and the store) is complete are they swapped in, the
previous versions moved aside and restored if any step fails or the build
is interrupted, so a failed build leaves the previous exports as they were.

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
STORE = "store"


def write_exports(
    corpus: Corpus, graph: nx.MultiDiGraph, out: Path, *, store: bool = True
) -> list[Path]:
    """Write all exports of ``corpus`` into ``out``; return the paths written."""
    from kgraph.export_rdf import corpus_rdf, write_rdf
    from kgraph.viewer import write_html

    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".kgraph-", dir=out))
    except OSError as error:
        raise ExportError(
            f"cannot write into the output folder {out}: {error.strerror or error}"
        ) from error
    try:
        rdf = corpus_rdf(corpus, graph)
        write_rdf(rdf, staging)
        nx.write_graphml(graph, staging / "graph.graphml", encoding="utf-8", prettyprint=True)
        _write_gexf(graph, staging / "graph.gexf", corpus)
        write_html(corpus, graph, staging / "graph.html")
        names = list(EXPORTS)
        if store:
            from kgraph.store import write_store

            write_store(staging / "graph.nt", staging / STORE)
            names.append(STORE)
        _swap_in(staging, out, names)
        return [out / name for name in names]
    except OSError as error:
        raise ExportError(f"could not write the exports into {out}: {error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, out: Path, names: list[str]) -> None:
    """Move staged files into ``out``; on any failure put the previous ones back."""
    previous = staging / ".previous"
    previous.mkdir()
    moved: list[str] = []
    try:
        for name in names:
            if (out / name).exists():
                os.replace(out / name, previous / name)
            moved.append(name)
            os.replace(staging / name, out / name)
    except BaseException:
        for name in reversed(moved):
            try:
                if (previous / name).exists():
                    if (out / name).is_dir():
                        shutil.rmtree(out / name)
                    elif (out / name).exists():
                        (out / name).unlink()
                    os.rename(previous / name, out / name)
            except OSError:
                continue  # keep restoring the others
        raise


def _write_gexf(graph: nx.MultiDiGraph, path: Path, corpus: Corpus) -> None:
    """GEXF with a reproducible header: the date is the corpus's latest, not today's."""
    nx.write_gexf(graph, path, encoding="utf-8", prettyprint=True)
    latest = max((d.date for d in corpus.documents if d.date), default="1970-01-01")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'lastmodifieddate="[^"]*"', f'lastmodifieddate="{latest}"', text, count=1)
    text = re.sub(r"<creator>[^<]*</creator>", "<creator>kgraph</creator>", text, count=1)
    path.write_text(text, encoding="utf-8")

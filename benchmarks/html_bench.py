"""What reading HTML costs: the per-file stage on plain and markup-dense pages.

The articles of a synthetic corpus (``benchmarks/make_corpus.py``) are
wrapped in two kinds of page, kept in memory:

- plain: a ``<title>``, an ``<h1>`` and one ``<p>`` a line, as a CMS writes them;
- dense: the same with a menu, scripts and a footer, every line indented
  and cut by inline tags (``<span>``, ``<a>``, ``<b>``) every few characters,
  an ``&nbsp;`` and numeric character references (``&#20013;``) every few
  characters, and comments: markup about five times the text.

For each kind it times, in CPU seconds, the HTML reduction alone
(:func:`kgraph.ingest.html.html_page`), ingest (decode, reduce, clean into a
document: what :class:`kgraph.pipeline.ExtractFiles` does before segmenting)
and the whole per-file stage (ingest, segment, extract), and prints
characters of markup per second. It asserts nothing.

To compare two versions of kgraph on the same pages, run it from outside the
checkouts with each one first on the path::

    cd /tmp && PYTHONPATH=/path/to/other/checkout python /path/to/benchmarks/html_bench.py
    python benchmarks/html_bench.py --mb 1 --repeat 3
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import default_folder, make_corpus

__all__ = ["dense_page", "main", "plain_page"]


def plain_page(text: str) -> str:
    """An article as a plain page: its first line the headline, one paragraph a line."""
    lines = [line for line in text.splitlines() if line.strip()]
    head = lines[0] if lines else ""
    body = "\n".join(f"<p>{line}</p>" for line in lines[1:])
    return (
        f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{head}_某某网</title></head>\n"
        f"<body><article><h1>{head}</h1>\n{body}\n</article></body></html>\n"
    )


def dense_page(text: str, seed: int = 0) -> str:
    """An article as a markup-dense page (see the module docstring)."""
    rng = random.Random(seed)
    lines = [line for line in text.splitlines() if line.strip()]
    head = lines[0] if lines else ""
    out = [
        "<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset='utf-8'>\n",
        f"    <title>{head}_新闻中心_某某网</title>\n",
        "    <script>var menu = {'a': '<p>首页</p>', 'b': 1};</script>\n",
        "    <style>p { margin: 0 } .x > span { color: red }</style>\n  </head>\n  <body>\n",
        "    <nav><ul>"
        + "".join(f"<li><a href='/c{k}'>栏目{k}</a></li>" for k in range(12))
        + "</ul></nav>\n",
        f"    <article>\n      <h1 class='title'>{head}</h1>\n",
    ]
    for line in lines[1:]:
        pieces = ["      <p class='x'>\n        "]
        k = 0
        while k < len(line):
            step = rng.randint(3, 9)
            piece = line[k : k + step]
            k += step
            kind = rng.random()
            if kind < 0.25:
                piece = f"<span class='s{step}'>{piece}</span>"
            elif kind < 0.35:
                piece = f"<a href='/t/{k}'>{piece}</a>"
            elif kind < 0.45:
                piece = f"<b>{piece}</b>\n        "
            elif kind < 0.6:
                piece = "".join(f"&#{ord(c)};" if c > "\x7f" else c for c in piece)
            pieces.append(piece)
            if rng.random() < 0.1:
                pieces.append("&nbsp;")
            if rng.random() < 0.05:
                pieces.append("<!-- ad -->")
        pieces.append("\n      </p>\n")
        out.append("".join(pieces))
    out.append("    </article>\n    <footer><p>版权所有 &copy; 某某网</p></footer>\n")
    out.append("    <script>window.x = 1;</script>\n  </body>\n</html>\n")
    return "".join(out)


def _cpu(work: Callable[[], object], repeat: int) -> float:
    """The least CPU seconds of ``repeat`` runs of ``work``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the article corpus")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing, least kept")
    args = parser.parse_args(argv)

    import kgraph
    from kgraph.extract.rules import Extractor
    from kgraph.ingest.decode import decode_page
    from kgraph.ingest.html import html_page
    from kgraph.pipeline import document_from_text, extract_document

    folder = default_folder(args.mb)
    if not folder.exists():
        make_corpus(folder, args.mb)
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    kinds = {
        "plain": [plain_page(t) for t in texts],
        "dense": [dense_page(t, k) for k, t in enumerate(texts)],
    }
    extractor = Extractor()
    print(f"kgraph from {Path(kgraph.__file__).parent}, {len(texts)} pages a kind")

    def ingest(pages: list[bytes]) -> list[object]:
        documents = []
        for k, data in enumerate(pages):
            page = decode_page(data, f"{k}.html")
            mapped = {"source": page.source} if getattr(page, "source", None) else {}  # after 14
            documents.append(
                document_from_text(
                    f"{k}.html", page.text, page.encoding, None, page.chrome, **mapped
                )
            )
        return documents

    def per_file(pages: list[bytes]) -> None:
        for document in ingest(pages):
            extract_document(extractor, document)  # type: ignore[arg-type]

    per_file([m.encode("utf-8") for m in kinds["plain"][:5]])  # jieba loads its dictionary lazily
    print(f"{'pages':<7}{'markup':>10}{'text':>10}{'html_page':>12}{'ingest':>10}{'+extract':>10}")
    for kind, markup in kinds.items():
        data = [m.encode("utf-8") for m in markup]
        chars = sum(map(len, markup))
        text = sum(len(html_page(m).text) for m in markup)
        reduce = _cpu(lambda m=markup: [html_page(x) for x in m], args.repeat)  # type: ignore[misc]
        read = _cpu(lambda d=data: ingest(d), args.repeat)  # type: ignore[misc]
        whole = _cpu(lambda d=data: per_file(d), args.repeat)  # type: ignore[misc]
        print(
            f"{kind:<7}{chars / 1e6:>9.2f}M{text / 1e6:>9.2f}M"
            f"{reduce:>11.2f}s{read:>9.2f}s{whole:>9.2f}s"
            f"   ({chars / reduce / 1e6:.1f} M markup chars/s in html_page)"
        )


if __name__ == "__main__":
    main()

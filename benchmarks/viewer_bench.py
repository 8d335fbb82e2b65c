"""How the graph viewer copes with size: file size, time to first draw, redraw rate.

Generates synthetic corpora (invented Chinese names in template sentences)
whose graphs have about 200, 2,000 and 20,000 nodes in the shape
``kgraph.graph`` builds (one document node per ten nodes, mention,
co-occurrence and typed relation edges), writes each viewer page, opens it
in headless Debian chromium and measures:

- file size;
- ``ready``: ``window.kgraphViewer.readyAt``, from navigation start until two
  animation frames after the first sigma render (the first frame is through
  and the page answers input);
- redraws per second while the camera pans for 2 s (sigma ``afterRender``
  events);
- ``search``: the first search for the weakest entity, which parses the
  search index of the entities not drawn (a page over ``MAX_NODES`` draws
  the strongest 20,000 entities only: ``--sizes 111111`` is 100,000
  entities and 11,111 documents).

Goals: 20,000 nodes ready in under 3 s, at least 10 redraws/s, under 6 MB;
with 100,000 entities (20,000 drawn) under 20 MB and ready in under 3 s.

Software WebGL (SwiftShader) on a shared 2-core machine is slow and noisy:
figures are medians of ``--runs`` loads, and the table gives the load
average while they ran.

Usage, from the repository root with kgraph importable::

    python benchmarks/viewer_bench.py                 # the table
    python benchmarks/viewer_bench.py --sizes 200 --screenshot shot.png
    python benchmarks/viewer_bench.py --sizes 111111   # 100,000 entities, 20,000 drawn
    python benchmarks/viewer_bench.py --sizes --query-triples 1000000

``--query-triples N`` also times the query the page sends to ``kgraph
serve`` for a neighbourhood (``docs/queries/19-neighbourhood-of-an-entity.rq``)
on an Oxigraph store of N triples from ``sparql_bench.generate``, for its
busiest person and its province.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from kgraph.graph import corpus_graph
from kgraph.model import (
    CoOccurrence,
    Corpus,
    Document,
    Entity,
    EntityType,
    Evidence,
    Mention,
    Relation,
    Section,
    SectionKind,
    Sentence,
)
from kgraph.viewer import MAX_NODES, layout, strongest, write_html

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力宁海波云峰志林晨宇浩然子轩欣怡思雨"
PLACE = "江河山湖海宁安平清源城阳东西南北新丰华兴龙凤泉云溪石桥长永福德金玉"
SUFFIX_PLACE = ("市", "县", "镇", "乡", "村", "区")
SUFFIX_ORG = ("委", "人民政府", "发展改革委", "大学", "日报社", "研究院", "供销社")
WORDS = "改革创新发展振兴治理服务基层群众生态文明共同富裕数字乡村产业人才实干担当协同开放绿色"
TEMPLATES = (
    "{0}在{1}调研时强调，要把{2}落到实处。",
    "{0}指出，{1}是推进{2}的重要抓手。",
    "近年来，{0}坚持{1}，带动{2}持续发展。",
    "{0}与{1}共同签署协议，助力{2}建设。",
    "在{0}的推动下，{1}探索出{2}的新路子。",
)
TYPE_SHARE = (
    (EntityType.PERSON, 0.35),
    (EntityType.PLACE, 0.25),
    (EntityType.ORGANIZATION, 0.15),
    (EntityType.CONCEPT, 0.12),
    (EntityType.CAMPAIGN, 0.05),
    (EntityType.SLOGAN, 0.04),
    (EntityType.WORK, 0.04),
)


def _name(rng: random.Random, kind: EntityType, longer: bool = False) -> str:
    """An invented name; ``longer`` gives places and organizations a third character,
    for corpora with more of them than two characters can name."""

    def pick(pool: str, k: int) -> str:
        return "".join(rng.choice(pool) for _ in range(k))

    if kind is EntityType.PERSON:
        return pick(SURNAMES, 1) + pick(GIVEN, rng.choice((1, 2)))
    if kind is EntityType.PLACE:
        return pick(PLACE, 2 + longer) + rng.choice(SUFFIX_PLACE)
    if kind is EntityType.ORGANIZATION:
        return pick(PLACE, 2 + longer) + rng.choice(SUFFIX_ORG)
    if kind is EntityType.WORK:
        return "《" + pick(WORDS, 4) + "》"
    return pick(WORDS, 4)


def synthetic(n_nodes: int, seed: int = 7) -> Corpus:
    """A corpus whose graph has about ``n_nodes`` nodes, one in ten a document."""
    rng = random.Random(seed)
    n_docs = max(5, n_nodes // 10)
    n_entities = n_nodes - n_docs
    names: dict[tuple[EntityType, str], None] = {}
    longer = n_entities > 30_000
    for kind, share in TYPE_SHARE:
        want = len(names) + max(1, round(share * n_entities))
        while len(names) < want:
            names[kind, _name(rng, kind, longer)] = None
    pool = list(names)
    rng.shuffle(pool)
    weights = [1 / (rank + 3) for rank in range(len(pool))]
    total = 0.0
    cumulative = []
    for w in weights:
        total += w
        cumulative.append(total)

    documents, sentences = [], []
    mentions: dict[tuple[EntityType, str], list[Mention]] = defaultdict(list)
    pair_sentences: Counter[tuple[str, str]] = Counter()
    pair_docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    pair_evidence: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    relations: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    unseen = list(pool)  # every entity is mentioned at least once
    for d in range(n_docs):
        doc_id = f"{d:05d}_synthetic"
        date = f"20{18 + d % 7}-{1 + d % 12:02d}-{1 + d % 28:02d}"
        title = f"{_name(rng, EntityType.PLACE)}推进{_name(rng, EntityType.CONCEPT)}工作纪实"
        parts = [title, "\n"]
        at = len(title) + 1
        doc_sentences = []
        for s in range(12):
            chosen: list[tuple[EntityType, str]] = []
            while len(chosen) < 3:
                if unseen and rng.random() < 0.6:
                    candidate = unseen.pop()
                else:
                    candidate = rng.choices(pool, cum_weights=cumulative)[0]
                if candidate not in chosen:
                    chosen.append(candidate)
            template = rng.choice(TEMPLATES)
            text, spans = "", []
            pieces = template.split("{")
            text = pieces[0]
            for piece in pieces[1:]:
                slot, rest = int(piece[0]), piece[2:]
                start = at + len(text)
                text += chosen[slot][1]
                spans.append((chosen[slot], start, start + len(chosen[slot][1])))
                text += rest
            sentence = Sentence(
                doc_id,
                s,
                at,
                at + len(text),
                SectionKind.BODY,
                text,
                tuple(range(at, at + len(text))),
            )
            doc_sentences.append(sentence)
            evidence = Evidence(doc_id, s, at, at + len(text), text, "synthetic", 0.8, date)
            for key, start, end in spans:
                mentions[key].append(
                    Mention(doc_id, s, start, end, key[1], key[1], key[0], "synthetic", 0.9)
                )
            keys = sorted({f"{k[0].value}/{k[1]}" for k, _, _ in spans})
            for i in range(len(keys)):
                for j in range(i + 1, len(keys)):
                    pair = (keys[i], keys[j])
                    pair_sentences[pair] += 1
                    pair_docs[pair].add(doc_id)
                    if len(pair_evidence[pair]) < 30:
                        pair_evidence[pair].append(evidence)
            (a, _, _), (b, _, _) = spans[0], spans[1]
            if a[0] is EntityType.PERSON and b[0] is EntityType.PLACE and "调研" in template:
                relations[f"Person/{a[1]}", "visited", f"Place/{b[1]}"].append(evidence)
            elif a[0] is EntityType.PERSON and b[0] in (EntityType.CAMPAIGN, EntityType.SLOGAN):
                relations[f"Person/{a[1]}", "proposed", f"{b[0].value}/{b[1]}"].append(evidence)
            elif a[0] is EntityType.ORGANIZATION and b[0] is EntityType.PLACE:
                relations[f"Organization/{a[1]}", "locatedIn", f"Place/{b[1]}"].append(evidence)
            parts.append(text)
            at += len(text)
        text = "".join(parts)
        documents.append(
            Document(
                doc_id,
                f"news/{doc_id}.txt",
                text,
                "utf-8",
                title,
                date,
                (),
                (),
                ("新华社",) if d % 3 else ("人民日报",),
                (Section(0, len(text), SectionKind.BODY),),
            )
        )
        sentences.extend(doc_sentences)

    entities = tuple(
        Entity(f"{kind.value}/{label}", kind, label, (), tuple(mentions[kind, label]))
        for kind, label in pool
        if mentions[kind, label]
    )
    n_sentences = len(sentences)
    cooccurrences = []
    for (first, second), count in sorted(pair_sentences.items()):
        if count < 2 and rng.random() > 0.12:  # keep the pairs a real LLR cut would keep
            continue
        llr = count * math.log(1 + n_sentences / (count + 1))
        pair = (first, second)
        docs, backing = len(pair_docs[pair]), tuple(pair_evidence[pair])
        cooccurrences.append(
            CoOccurrence(first, second, count, docs, math.log(1 + count), llr, backing)
        )
    corpus = Corpus(
        tuple(documents),
        tuple(sentences),
        entities,
        tuple(
            Relation(s, p, o, tuple(ev), confidence=0.8)
            for (s, p, o), ev in sorted(relations.items())
        ),
        tuple(cooccurrences),
        (),
    )
    return corpus


PAN = """() => new Promise((done) => {
    const v = window.kgraphViewer, camera = v.renderer.getCamera();
    const start = v.renders(), t0 = performance.now();
    camera.animate({x: 0.8, y: 0.7, ratio: 0.6}, {duration: 2000, easing: "linear"}, () => {
        done((v.renders() - start) / ((performance.now() - t0) / 1000));
    });
})"""


SEARCH = """(label) => {
    const t0 = performance.now();
    const hits = window.kgraphViewer.search(label);
    return [performance.now() - t0, hits.length];
}"""


def measure(
    page: Path, runs: int = 3, shot: Path | None = None, query: str = ""
) -> dict[str, float]:
    """Median time to ready (ms), redraws per second while panning and first search (ms).

    Every http(s) request is refused and counted; a console error fails the run.
    """
    from playwright.sync_api import Route, sync_playwright

    ready, redraws, searches, errors, requests = [], [], [], [], []

    def refuse(route: Route) -> None:
        if route.request.url.startswith(("http:", "https:")):
            requests.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for run in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route("**/*", refuse)
            tab = context.new_page()
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.goto(page.as_uri())
            tab.wait_for_function("() => window.kgraphViewer.readyAt > 0", timeout=120_000)
            ready.append(tab.evaluate("window.kgraphViewer.readyAt"))
            redraws.append(tab.evaluate(PAN))
            took, hits = tab.evaluate(SEARCH, query)
            if not hits:
                errors.append(f"no hit for {query!r}")
            searches.append(took)
            if shot is not None and run == 0:
                tab.evaluate("window.kgraphViewer.renderer.getCamera().setState({x: .5, y: .5})")
                tab.evaluate("window.kgraphViewer.renderer.getCamera().setState({ratio: 1})")
                tab.wait_for_timeout(500)
                tab.screenshot(path=str(shot))
            context.close()
        browser.close()
    if errors or requests:
        raise RuntimeError(f"{page}: console errors {errors}, network requests {requests}")
    return {
        "ready_ms": statistics.median(ready),
        "redraws_per_s": statistics.median(redraws),
        "search_ms": statistics.median(searches),
    }


def time_neighbourhood_query(triples: int, folder: Path, repeat: int = 5) -> list[str]:
    """Lines with the median time of the viewer's neighbourhood query on a generated store."""
    import pyoxigraph as ox
    import sparql_bench

    data = folder / "graph.nt"
    written = sparql_bench.generate(data, triples)
    store = ox.Store(str(folder / "store"))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    query = Path(__file__).resolve().parent.parent / "docs" / "queries"
    text = (query / "19-neighbourhood-of-an-entity.rq").read_text(encoding="utf-8")
    lines = [f"neighbourhood query on {written:,} triples (median of {repeat}):"]
    for iri in (sparql_bench.PERSON, sparql_bench.PROVINCE):
        sparql = text.replace("https://w3id.org/kgraph/id/Place/宁德市", iri)
        rows = len(list(store.query(sparql)))  # type: ignore[arg-type]
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            list(store.query(sparql))  # type: ignore[arg-type]
            times.append(time.perf_counter() - started)
        lines.append(
            f"  {iri.rsplit('/', 2)[-2:]}: {statistics.median(times) * 1000:.0f} ms, {rows} rows"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[200, 2000, 20000])
    parser.add_argument("--runs", type=int, default=3, help="page loads per size (median)")
    parser.add_argument("--screenshot", type=Path, help="PNG of the first size's page")
    parser.add_argument("--keep", type=Path, help="directory to keep the pages in")
    parser.add_argument(
        "--query-triples", type=int, metavar="N", help="also time the neighbourhood query"
    )
    args = parser.parse_args(argv)
    out = args.keep or Path(tempfile.mkdtemp(prefix="kgraph-viewer-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for n, size in enumerate(args.sizes):
        graph = corpus_graph(corpus := synthetic(size))
        entities = [a for _, a in graph.nodes(data=True) if a.get("kind") == "entity"]
        weakest = min(entities, key=lambda a: (a["pagerank"], a["label"]))["label"]
        drawn = strongest(graph, MAX_NODES) if graph.number_of_nodes() > MAX_NODES else graph
        t0 = time.perf_counter()
        positions = layout(drawn)
        t1 = time.perf_counter()
        page = out / f"graph-{size}.html"
        write_html(corpus, graph, page, positions=positions)
        t2 = time.perf_counter()
        load = os.getloadavg()[0]
        figures = measure(page, args.runs, args.screenshot if n == 0 else None, weakest)
        rows.append(
            f"| {len(entities):,} | {drawn.number_of_nodes():,} | {drawn.number_of_edges():,} "
            f"| {page.stat().st_size / 1e6:.2f} | {t1 - t0:.1f} | {t2 - t1:.1f} "
            f"| {figures['ready_ms'] / 1000:.2f} | {figures['redraws_per_s']:.1f} "
            f"| {figures['search_ms']:.0f} | {(load + os.getloadavg()[0]) / 2:.1f} |"
        )
    print(f"chromium {CHROMIUM}, viewport 1400x900, {os.cpu_count()} CPUs, median of {args.runs}")
    print(
        "| entities | nodes drawn | edges drawn | file MB | layout s | write s | ready s "
        "| redraws/s | first search ms | load avg |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    if args.query_triples:
        print("\n".join(time_neighbourhood_query(args.query_triples, out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

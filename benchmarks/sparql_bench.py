"""SPARQL over a kgraph export: rdflib in memory against an Oxigraph store on disk.

One run generates a synthetic export in the shape of ``docs/rdf.md``
(documents, sentences, mentions, entities in a place hierarchy, relations
with evidence, co-occurrences; deterministic for a given ``--seed``), writes
it as N-Triples, and then, for each engine in a fresh process:

- loads it (rdflib ``Graph().parse`` into its Memory store; pyoxigraph
  ``Store(path).bulk_load``, as :func:`kgraph.rdf.store.write_store` does) and
  records the time, the growth of the resident set (RSS), the peak RSS and
  the size on disk;
- for Oxigraph, reopens the store read-only as ``kgraph query`` does;
- runs representative queries, each once to warm up and then five
  times, and keeps the median.

It prints figures and their ratios and asserts nothing about them.

Usage::

    python benchmarks/sparql_bench.py                  # 1 M triples
    python benchmarks/sparql_bench.py --triples 200000 --keep /tmp/bench
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

__all__ = ["QUERIES", "generate", "main"]

KG = "https://w3id.org/kgraph/ns#"
KGD = "https://w3id.org/kgraph/id/"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX schema: <{SCHEMA}>
PREFIX skos: <{SKOS}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
"""

# Entities the queries ask about; the generator makes sure they exist and are busy.
PERSON = f"{KGD}Person/习近平"
CAMPAIGN = f"{KGD}Campaign/四下基层"
PROVINCE = f"{KGD}Place/福建省"

#: name -> SPARQL, in the order of the table.
QUERIES = {
    "label CONTAINS": """SELECT ?entity ?label WHERE {
        ?entity rdfs:label ?label FILTER(CONTAINS(?label, "宁德")) }""",
    "2-hop path": f"""SELECT DISTINCT ?colleague WHERE {{
        <{PERSON}> kg:workedIn ?place . ?colleague kg:workedIn ?place
        FILTER(?colleague != <{PERSON}>) }}""",
    "count per type": """SELECT ?type (COUNT(?node) AS ?n) WHERE { ?node a ?type }
        GROUP BY ?type ORDER BY DESC(?n)""",
    "mentions of one entity": f"""SELECT ?mention ?doc ?headline WHERE {{
        ?mention kg:refersTo <{PERSON}> ; kg:inDocument ?doc .
        ?doc schema:headline ?headline }}""",
    "mentions, first 100": f"""SELECT ?mention ?doc ?headline WHERE {{
        ?mention kg:refersTo <{PERSON}> ; kg:inDocument ?doc .
        ?doc schema:headline ?headline }} LIMIT 100""",
    "mentions, counted": f"""SELECT (COUNT(*) AS ?n) WHERE {{
        ?mention kg:refersTo <{PERSON}> ; kg:inDocument ?doc .
        ?doc schema:headline ?headline }}""",
    "evidence of a relation": f"""SELECT ?text ?doc ?date WHERE {{
        ?r rdf:subject <{PERSON}> ; rdf:predicate kg:proposed ; rdf:object <{CAMPAIGN}> ;
           kg:evidence ?e .
        ?e kg:text ?text ; kg:inDocument ?doc ; schema:datePublished ?date }}""",
    "top co-occurrences": """SELECT ?a ?b ?n WHERE {
        ?pair a kg:CoOccurrence ; kg:member ?a, ?b ; kg:sentenceCount ?n
        FILTER(STR(?a) < STR(?b)) } ORDER BY DESC(?n) LIMIT 10""",
    "top co-occurrences by kg:rank": """SELECT ?a ?b ?n WHERE {
        VALUES ?rank { 1 2 3 4 5 6 7 8 9 10 }
        ?pair kg:rank ?rank ; kg:member ?a, ?b ; kg:sentenceCount ?n
        FILTER(STR(?a) < STR(?b)) } ORDER BY ?rank""",
    "timeline by date": f"""SELECT ?date (COUNT(DISTINCT ?doc) AS ?documents) WHERE {{
        ?mention kg:refersTo <{PERSON}> ; kg:inDocument ?doc .
        ?doc schema:datePublished ?date }} GROUP BY ?date ORDER BY ?date""",
    "places in a place (+)": f"""SELECT ?place WHERE {{
        ?place schema:containedInPlace+ <{PROVINCE}> }}""",
}

HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制"
    "机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心"
    "反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展"
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉鹏宇浩然晨阳"
PLACE_CHARS = "安宁德福建宁化永春泰顺寿丰清源云和南平阳江山城溪湖海林川河东西北台兴庆隆昌"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


@dataclass
class _Writer:
    """Writes N-Triples lines and counts them."""

    out: TextIO
    count: int = 0

    def iri(self, s: str, p: str, o: str) -> None:
        self.out.write(f"<{s}> <{p}> <{o}> .\n")
        self.count += 1

    def text(self, s: str, p: str, value: str, lang: str = "") -> None:
        tag = f"@{lang}" if lang else ""
        self.out.write(f'<{s}> <{p}> "{_escape(value)}"{tag} .\n')
        self.count += 1

    def typed(self, s: str, p: str, value: object, datatype: str) -> None:
        self.out.write(f'<{s}> <{p}> "{value}"^^<{XSD}{datatype}> .\n')
        self.count += 1


@dataclass
class _Entity:
    key: str
    kind: str
    label: str
    parent: str = ""


@dataclass
class _Pair:
    sentences: int = 0
    documents: set[str] = field(default_factory=set)
    evidence: list[str] = field(default_factory=list)


def _entities(rng: random.Random, scale: int) -> list[_Entity]:
    """People, a place hierarchy, organizations, campaigns, slogans, concepts."""
    seen: set[str] = set()

    def unique(kind: str, make: Callable[[], str]) -> str:
        for _ in range(1000):
            label = make()
            if f"{kind}/{label}" not in seen:
                seen.add(f"{kind}/{label}")
                return label
        raise RuntimeError("name pool exhausted")

    out = [
        _Entity(PERSON, "Person", "习近平"),
        _Entity(CAMPAIGN, "Campaign", "四下基层"),
        _Entity(PROVINCE, "Place", "福建省"),
        _Entity(f"{KGD}Place/宁德市", "Place", "宁德市", PROVINCE),
        _Entity(f"{KGD}Organization/宁德市委组织部", "Organization", "宁德市委组织部"),
    ]
    seen.update(e.key.removeprefix(KGD) for e in out)
    provinces = [PROVINCE]
    for _ in range(max(3, scale // 40)):
        label = unique("Place", lambda: "".join(rng.sample(PLACE_CHARS, 2)) + "省")
        provinces.append(f"{KGD}Place/{label}")
        out.append(_Entity(provinces[-1], "Place", label))
    prefectures = [f"{KGD}Place/宁德市"]
    for _ in range(max(10, scale // 6)):
        label = unique("Place", lambda: "".join(rng.sample(PLACE_CHARS, 2)) + "市")
        prefectures.append(f"{KGD}Place/{label}")
        out.append(_Entity(prefectures[-1], "Place", label, rng.choice(provinces)))
    for _ in range(max(30, scale)):
        label = unique(
            "Place", lambda: "".join(rng.sample(PLACE_CHARS, 2)) + rng.choice("县区乡镇")
        )
        out.append(_Entity(f"{KGD}Place/{label}", "Place", label, rng.choice(prefectures)))
    for _ in range(max(30, scale * 2)):
        label = unique("Person", lambda: rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)))
        out.append(_Entity(f"{KGD}Person/{label}", "Person", label))
    for kind, count, suffixes in (
        ("Organization", scale, ["委组织部", "人民政府", "委宣传部", "纪委监委"]),
        ("Campaign", max(5, scale // 10), ["工作法", "行动", "工程"]),
        ("Slogan", max(5, scale // 10), ["", "新时代"]),
        ("Concept", max(10, scale // 2), [""]),
    ):

        def coined(suffixes: list[str] = suffixes) -> str:
            return "".join(rng.sample(HANZI, rng.randint(2, 4))) + rng.choice(suffixes)

        for _ in range(count):
            label = unique(kind, coined)
            out.append(_Entity(f"{KGD}{kind}/{label}", kind, label))
    return out


_CLASSES = {
    "Person": f"{SCHEMA}Person",
    "Place": f"{SCHEMA}Place",
    "Organization": f"{SCHEMA}Organization",
    "Campaign": f"{KG}Campaign",
    "Slogan": f"{KG}Slogan",
    "Concept": f"{SKOS}Concept",
}
_PREDICATES = {
    ("Person", "Place"): "workedIn",
    ("Person", "Organization"): "workedIn",
    ("Person", "Campaign"): "proposed",
    ("Person", "Slogan"): "proposed",
    ("Organization", "Place"): "locatedIn",
    ("Campaign", "Place"): "originatedIn",
}


def generate(path: Path, triples: int, seed: int = 7) -> int:
    """Write at least ``triples`` triples in the shape of docs/rdf.md to ``path``.

    Returns the number written.
    """
    rng = random.Random(seed)
    scale = max(20, triples // 2500)
    entities = _entities(rng, scale)
    by_kind: dict[str, list[_Entity]] = {}
    for entity in entities:
        by_kind.setdefault(entity.kind, []).append(entity)
    # Zipf-like popularity: a few entities are everywhere, most are rare.
    popular = entities[:5] + rng.sample(entities[5:], len(entities) - 5)
    weights = [1 / (rank + 1) for rank in range(len(popular))]
    relations: dict[tuple[str, str, str], list[str]] = {}
    pairs: dict[tuple[str, str], _Pair] = {}
    with path.open("w", encoding="utf-8") as handle:
        w = _Writer(handle)
        for entity in entities:
            w.iri(entity.key, f"{RDF}type", _CLASSES[entity.kind])
            w.text(entity.key, f"{RDFS}label", entity.label, "zh-Hans")
            w.typed(entity.key, f"{KG}degree", rng.randint(1, 50), "integer")
            w.typed(entity.key, f"{KG}pageRank", f"{rng.random() / 100:.6g}", "double")
            w.typed(entity.key, f"{KG}community", rng.randint(0, 40), "integer")
            if entity.parent:
                w.iri(entity.key, f"{SCHEMA}containedInPlace", entity.parent)
        pending = 0  # triples of relations and co-occurrences, written at the end
        serial = 0  # of evidence nodes
        d = 0
        while w.count + pending < triples:
            doc_id = f"{d:06d}_{rng.getrandbits(32):08x}"
            doc = f"{KGD}doc/{doc_id}"
            date = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            w.iri(doc, f"{RDF}type", f"{SCHEMA}Article")
            w.text(doc, f"{SCHEMA}identifier", f"{doc_id}.txt")
            w.text(doc, f"{SCHEMA}headline", "".join(rng.choices(HANZI, k=14)))
            w.typed(doc, f"{SCHEMA}datePublished", date, "date")
            w.text(doc, f"{KG}encoding", "utf-8")
            offset = 0
            mentioned: set[str] = set()
            for index in range(rng.randint(12, 28)):
                body = "".join(rng.choices(HANZI, k=rng.randint(20, 60)))
                named = rng.choices(popular, weights, k=rng.randint(1, 4))
                if d % 3 == 0 and index == 0:
                    named[:1] = [entities[0], entities[1]]  # 习近平 … 四下基层
                text = ""
                spans = []
                for entity in named:
                    cut = rng.randint(0, len(body))
                    text += body[:cut]
                    spans.append(
                        (entity, offset + len(text), offset + len(text) + len(entity.label))
                    )
                    text += entity.label
                    body = body[cut:]
                text += body + "。"
                sentence = f"{KGD}sentence/{doc_id}/{index}"
                w.iri(sentence, f"{RDF}type", f"{KG}Sentence")
                w.iri(sentence, f"{KG}inDocument", doc)
                w.typed(sentence, f"{KG}index", index, "integer")
                w.typed(sentence, f"{KG}begin", offset, "integer")
                w.typed(sentence, f"{KG}end", offset + len(text), "integer")
                w.text(sentence, f"{KG}section", "body")
                w.text(sentence, f"{KG}text", text)
                for entity, begin, end in spans:
                    mention = f"{KGD}mention/{doc_id}/{begin}-{end}"
                    w.iri(mention, f"{RDF}type", f"{KG}Mention")
                    w.iri(mention, f"{KG}refersTo", entity.key)
                    w.iri(mention, f"{KG}inDocument", doc)
                    w.iri(mention, f"{KG}inSentence", sentence)
                    w.typed(mention, f"{KG}begin", begin, "integer")
                    w.typed(mention, f"{KG}end", end, "integer")
                    w.text(mention, f"{KG}surface", entity.label)
                    w.text(mention, f"{KG}extractor", "gazetteer")
                    mentioned.add(entity.key)
                keys = sorted({entity.key: entity for entity, _, _ in spans}.items())
                for i, (key_a, a) in enumerate(keys):
                    for key_b, b in keys[i + 1 :]:
                        serial += 1
                        evidence = f"{KGD}evidence/{serial}"
                        predicate = _PREDICATES.get((a.kind, b.kind))
                        rel_key = (key_a, predicate or "", key_b)
                        if predicate is None and (b.kind, a.kind) in _PREDICATES:
                            predicate = _PREDICATES[(b.kind, a.kind)]
                            rel_key = (key_b, predicate, key_a)
                        if predicate and rel_key not in relations:
                            relations[rel_key] = []
                            pending += 8
                        pair = pairs.get((key_a, key_b))
                        if pair is None:
                            pair = pairs[(key_a, key_b)] = _Pair()
                            pending += 8
                        pair.sentences += 1
                        pair.documents.add(doc)
                        if len(pair.evidence) < 3 or predicate:
                            w.iri(evidence, f"{RDF}type", f"{KG}Evidence")
                            w.iri(evidence, f"{KG}inDocument", doc)
                            w.iri(evidence, f"{KG}inSentence", sentence)
                            w.typed(evidence, f"{KG}begin", offset, "integer")
                            w.typed(evidence, f"{KG}end", offset + len(text), "integer")
                            w.text(evidence, f"{KG}text", text)
                            w.text(evidence, f"{KG}pattern", f"{predicate or 'cooccurrence'}.rule")
                            w.typed(evidence, f"{KG}confidence", "0.9", "double")
                            w.typed(evidence, f"{SCHEMA}datePublished", date, "date")
                            if predicate:
                                relations[rel_key].append(evidence)
                                pending += 1
                            if len(pair.evidence) < 3:
                                pair.evidence.append(evidence)
                                pending += 1
                offset += len(text)
            for key in sorted(mentioned):
                w.iri(doc, f"{SCHEMA}mentions", key)
            w.typed(doc, f"{KG}characterCount", offset, "integer")
            d += 1
        for n, ((s, p, o), supports) in enumerate(sorted(relations.items())):
            assertion = f"{KGD}relation/{n}"
            w.iri(s, f"{KG}{p}", o)
            w.iri(assertion, f"{RDF}type", f"{KG}RelationAssertion")
            w.iri(assertion, f"{RDF}type", f"{RDF}Statement")
            w.iri(assertion, f"{RDF}subject", s)
            w.iri(assertion, f"{RDF}predicate", f"{KG}{p}")
            w.iri(assertion, f"{RDF}object", o)
            w.typed(assertion, f"{KG}confidence", "0.9", "double")
            w.typed(assertion, f"{KG}documentCount", len(supports), "integer")
            for item in supports:
                w.iri(assertion, f"{KG}evidence", item)
        ranked = sorted(pairs, key=lambda key: (-pairs[key].sentences, key))
        rank = {key: i + 1 for i, key in enumerate(ranked)}
        for n, ((first, second), pair) in enumerate(sorted(pairs.items())):
            node = f"{KGD}cooccurrence/{n}"
            w.iri(first, f"{KG}coOccursWith", second)
            w.iri(node, f"{RDF}type", f"{KG}CoOccurrence")
            w.iri(node, f"{KG}member", first)
            w.iri(node, f"{KG}member", second)
            w.typed(node, f"{KG}sentenceCount", pair.sentences, "integer")
            w.typed(node, f"{KG}documentCount", len(pair.documents), "integer")
            w.typed(node, f"{KG}pmi", f"{rng.uniform(-2, 8):.4f}", "double")
            w.typed(node, f"{KG}llr", f"{rng.uniform(0, 80):.4f}", "double")
            w.typed(node, f"{KG}rank", rank[first, second], "integer")
            for item in pair.evidence:
                w.iri(node, f"{KG}evidence", item)
    return w.count


# --------------------------------------------------------------------------- one engine


def _rss() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def _folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _timed(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    """Median seconds of ``repeat`` runs after one warm-up, and the row count."""
    rows = run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def _measure(engine: str, data: Path, workdir: Path, repeat: int) -> dict[str, Any]:
    """Load ``data`` with one engine and time the queries; runs in a fresh process."""
    import gc

    figures: dict[str, Any] = {"engine": engine}
    gc.collect()
    before = _rss()
    started = time.perf_counter()
    if engine == "rdflib":
        from rdflib import Graph

        graph = Graph()
        graph.parse(data, format="nt")
        figures["load_s"] = time.perf_counter() - started
        figures["rss_mb"] = (_rss() - before) / 2**20
        figures["disk_mb"] = None

        def runner(sparql: str) -> Callable[[], int]:
            return lambda: len(list(graph.query(PREFIXES + sparql)))

    else:
        import pyoxigraph as ox

        location = workdir / "store"
        shutil.rmtree(location, ignore_errors=True)
        writer = ox.Store(str(location))
        writer.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        writer.flush()
        figures["load_s"] = time.perf_counter() - started
        figures["rss_mb"] = (_rss() - before) / 2**20
        del writer
        gc.collect()
        figures["disk_mb"] = _folder_size(location) / 2**20
        started = time.perf_counter()
        store = ox.Store.read_only(str(location))
        figures["open_s"] = time.perf_counter() - started

        def runner(sparql: str) -> Callable[[], int]:
            return lambda: len(list(store.query(PREFIXES + sparql)))  # type: ignore[arg-type]

    figures["peak_mb"] = _peak_rss() / 2**20
    figures["queries"] = {}
    for name, sparql in QUERIES.items():
        seconds, rows = _timed(runner(sparql), repeat)
        figures["queries"][name] = {"s": seconds, "rows": rows}
    return figures


# --------------------------------------------------------------------------- report


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def _report(
    triples: int, nt_bytes: int, generate_s: float, results: list[dict[str, Any]]
) -> Iterator[str]:
    rdflib, oxigraph = results
    if not rdflib:  # not measured (--engines oxigraph): every rdflib figure is n/a
        rdflib = {"load_s": None, "rss_mb": None, "peak_mb": None, "disk_mb": None}
        rdflib["queries"] = {name: {"s": None, "rows": None} for name in QUERIES}
    yield f"{triples:,} triples, N-Triples {nt_bytes / 2**20:,.0f} MB, generated in {generate_s:.1f} s"
    yield ""
    header = f"{'':28}{'rdflib Memory':>16}{'Oxigraph Store(path)':>22}{'ratio':>9}"
    yield header
    yield "-" * len(header)

    def row(label: str, a: float | None, b: float | None, show: Callable[[float], str]) -> str:
        ratio = f"{a / b:,.1f}x" if a and b else ""
        return f"{label:28}{show(a) if a is not None else 'n/a':>16}{show(b) if b is not None else 'n/a':>22}{ratio:>9}"

    yield row("load", rdflib["load_s"], oxigraph["load_s"], lambda s: f"{s:,.1f} s")
    yield row(
        "RSS growth while loading", rdflib["rss_mb"], oxigraph["rss_mb"], lambda m: f"{m:,.0f} MB"
    )
    yield row(
        "peak RSS of the process", rdflib["peak_mb"], oxigraph["peak_mb"], lambda m: f"{m:,.0f} MB"
    )
    yield row("size on disk", rdflib["disk_mb"], oxigraph["disk_mb"], lambda m: f"{m:,.0f} MB")
    yield row("open the store read-only", None, oxigraph["open_s"], _ms)
    yield ""
    yield f"{'query (median of runs)':28}{'':>16}{'':>22}{'':>9}  rows"
    for name in QUERIES:
        a, b = rdflib["queries"][name], oxigraph["queries"][name]
        same = "" if a["rows"] in (None, b["rows"]) else f"  MISMATCH: rdflib {a['rows']}"
        yield row(name, a["s"], b["s"], _ms) + f"  {b['rows']}{same}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="at least this many")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    parser.add_argument("--keep", type=Path, help="write the data here and keep it")
    parser.add_argument(
        "--engines", default="rdflib,oxigraph",
        help="engines to measure, comma-separated (default rdflib,oxigraph; rdflib needs about "
        "1.2 GB of memory per million triples)",
    )  # fmt: skip
    parser.add_argument("--engine", choices=["rdflib", "oxigraph"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.engine:  # a child process measuring one engine
        print(json.dumps(_measure(args.engine, args.data, args.data.parent, args.repeat)))
        return 0

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="kgraph-sparql-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    data = workdir / "graph.nt"
    try:
        started = time.perf_counter()
        triples = generate(data, args.triples, args.seed)
        generate_s = time.perf_counter() - started
        print(f"generated {triples:,} triples in {generate_s:.1f} s; measuring…", file=sys.stderr)
        chosen = {name.strip() for name in args.engines.split(",")}
        if not chosen <= {"rdflib", "oxigraph"} or "oxigraph" not in chosen:
            parser.error("--engines: oxigraph, optionally with rdflib")
        results: list[dict[str, Any]] = [{}, {}]
        for slot, engine in enumerate(("rdflib", "oxigraph")):
            if engine not in chosen:
                continue
            child = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--engine",
                    engine,
                    "--data",
                    str(data),
                    "--repeat",
                    str(args.repeat),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            results[slot] = json.loads(child.stdout)
            print(f"  {engine} done", file=sys.stderr)
        for line in _report(triples, data.stat().st_size, generate_s, results):
            print(line)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

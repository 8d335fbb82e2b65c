"""The SPARQL endpoint, tested over HTTP with SPARQLWrapper against real servers."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.dom.minidom import Document

import pytest
from rdflib import RDFS, Graph, Literal, Namespace
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kgraph.rdf.serve import SparqlServer, make_server
from kgraph.rdf.store import write_store

KGD = Namespace("https://w3id.org/kgraph/id/")
PLACES = [f"地{i:02d}" for i in range(40)]


def sample_turtle() -> str:
    """Forty places in a chain of containment, a person, documents and mentions."""
    lines = [
        "@prefix kg: <https://w3id.org/kgraph/ns#> .",
        "@prefix schema: <https://schema.org/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "<https://w3id.org/kgraph/id/Person/习近平> a schema:Person ;",
        '    rdfs:label "习近平"@zh-Hans ; kg:role "县委书记" .',
    ]
    for i, name in enumerate(PLACES):
        place = f"<https://w3id.org/kgraph/id/Place/{name}>"
        lines.append(f'{place} a schema:Place ; rdfs:label "{name}"@zh-Hans ; kg:degree {i} .')
        if i:
            outer = f"<https://w3id.org/kgraph/id/Place/{PLACES[i - 1]}>"
            lines.append(f"{place} schema:containedInPlace {outer} .")
        doc = f"<https://w3id.org/kgraph/id/doc/{i:03d}>"
        lines.append(
            f'{doc} a schema:Article ; schema:identifier "{i:03d}.txt" ; '
            f'schema:headline "关于“{name}”的\\n报道" ; '
            f'schema:datePublished "2023-07-{i % 28 + 1:02d}"^^xsd:date .'
        )
        mention = f"<https://w3id.org/kgraph/id/mention/{i:03d}/0-3>"
        lines.append(
            f"{mention} a kg:Mention ; kg:refersTo {place} ; kg:inDocument {doc} ; "
            f'kg:begin 0 ; kg:end 3 ; kg:surface "{name}" ; kg:extractor "gazetteer" .'
        )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    (folder / "graph.ttl").write_text(sample_turtle(), encoding="utf-8")
    (folder / "graph.html").write_text("<!doctype html><title>viewer</title>", encoding="utf-8")
    write_store(folder / "graph.ttl", folder / "store")
    return folder


def running(server: SparqlServer) -> Iterator[SparqlServer]:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        workers = server.workers.live()
        server.server_close()
        thread.join(5)
        assert all(worker.process.poll() is not None for worker in workers), "workers left"


@pytest.fixture(scope="module")
def server(export: Path) -> Iterator[SparqlServer]:
    """A server on a free port: 10 s time limit, 100 rows at most."""
    yield from running(make_server(export, port=0, timeout=10, max_rows=100, workers=2, quiet=True))


@pytest.fixture(scope="module")
def strict_server(export: Path) -> Iterator[SparqlServer]:
    """A server whose queries may run 1 s."""
    yield from running(make_server(export, port=0, timeout=1, workers=2, quiet=True))


@pytest.fixture(scope="module")
def patient_server(export: Path) -> Iterator[SparqlServer]:
    """A server whose queries may run 3 s: time for a simple query on a busy machine."""
    yield from running(make_server(export, port=0, timeout=3, workers=2, quiet=True))


def client(server: SparqlServer, query: str, return_format: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.url)
    sparql.setQuery(query)
    sparql.setReturnFormat(return_format)
    return sparql


def converted(sparql: SPARQLWrapper) -> object:
    """Run a query and convert its answer, closing the response (SPARQLWrapper does not)."""
    result = sparql.query()
    try:
        return result.convert()
    finally:
        result.response.close()


def refusal(sparql: SPARQLWrapper) -> Exception:
    """The exception SPARQLWrapper raises for an HTTP error, its response closed."""
    with pytest.raises(Exception) as caught:
        sparql.query()
    error = caught.value
    http_error = error if isinstance(error, urllib.error.HTTPError) else error.__context__
    if isinstance(http_error, urllib.error.HTTPError):
        http_error.close()  # SPARQLWrapper leaves the socket open
    return error


def fetch(url: str, data: bytes | None = None, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode("utf-8")


LABELS = """SELECT ?place ?label WHERE { ?place a schema:Place ; rdfs:label ?label }
ORDER BY ?label LIMIT 3"""


# --------------------------------------------------------------------------- formats


def test_select_json(server: SparqlServer) -> None:
    result = converted(client(server, LABELS))
    assert isinstance(result, dict)
    assert result["head"]["vars"] == ["place", "label"]
    first = result["results"]["bindings"][0]
    assert first["place"] == {"type": "uri", "value": "https://w3id.org/kgraph/id/Place/地00"}
    assert first["label"]["value"] == "地00"
    assert first["label"]["xml:lang"].lower() == "zh-hans"


def test_select_csv(server: SparqlServer) -> None:
    result = converted(client(server, LABELS, CSV))
    assert isinstance(result, bytes)
    rows = list(csv.reader(io.StringIO(result.decode("utf-8"))))
    assert rows == [
        ["place", "label"],
        ["https://w3id.org/kgraph/id/Place/地00", "地00"],
        ["https://w3id.org/kgraph/id/Place/地01", "地01"],
        ["https://w3id.org/kgraph/id/Place/地02", "地02"],
    ]


def test_select_tsv(server: SparqlServer) -> None:
    result = converted(client(server, LABELS, TSV))
    assert isinstance(result, bytes)
    lines = result.decode("utf-8").splitlines()
    assert lines[0] == "?place\t?label"
    assert lines[1] == '<https://w3id.org/kgraph/id/Place/地00>\t"地00"@zh-hans'


def test_select_xml(server: SparqlServer) -> None:
    document = converted(client(server, LABELS, XML))
    assert isinstance(document, Document)
    names = [v.getAttribute("name") for v in document.getElementsByTagName("variable")]
    assert names == ["place", "label"]
    literals = document.getElementsByTagName("literal")
    texts = [node.firstChild.nodeValue if node.firstChild else "" for node in literals]
    assert texts == ["地00", "地01", "地02"]


def test_construct_turtle(server: SparqlServer) -> None:
    query = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a schema:Person ; rdfs:label ?l }"
    result = converted(client(server, query, TURTLE))
    assert isinstance(result, bytes)
    graph = Graph().parse(data=result.decode("utf-8"), format="turtle")
    assert set(graph) == {(KGD["Person/习近平"], RDFS.label, Literal("习近平", lang="zh-hans"))}


def test_construct_ntriples_and_ask(server: SparqlServer) -> None:
    query = urllib.parse.quote("DESCRIBE <https://w3id.org/kgraph/id/Person/习近平>")
    status, headers, body = fetch(f"{server.url}?query={query}", Accept="application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert len(Graph().parse(data=body, format="nt")) == 3
    result = converted(client(server, "ASK { ?p kg:role '县委书记' }"))
    assert result == {"head": {}, "boolean": True}


def test_post_form_and_post_direct(server: SparqlServer) -> None:
    query = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a schema:Place }"
    for method in ("form", "direct"):
        sparql = client(server, query)
        sparql.setMethod(POST)
        if method == "direct":
            sparql.setRequestMethod(POSTDIRECTLY)
        result = converted(sparql)
        assert isinstance(result, dict)
        assert result["results"]["bindings"][0]["n"]["value"] == str(len(PLACES))


def test_row_limit(server: SparqlServer) -> None:
    query = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }")
    status, headers, body = fetch(f"{server.url}?query={query}", Accept="text/csv")
    assert status == 200
    assert headers["X-SPARQL-MaxRows"] == "100"
    assert len(list(csv.reader(io.StringIO(body)))) == 1 + 100  # headlines hold newlines


# --------------------------------------------------------------------------- refusals and errors


def test_a_malformed_query_is_a_400_naming_line_and_column(server: SparqlServer) -> None:
    sparql = client(server, "SELECT ?p WHERE {\n  ?p a schema:Place\n} LIMT 10")
    error = refusal(sparql)
    assert isinstance(error, QueryBadFormed)
    message = str(error)
    assert "line 3, column 3: unexpected 'LIMT'" in message
    assert "did you mean LIMIT?" in message


def test_an_unknown_prefix_is_a_400_with_the_fix(server: SparqlServer) -> None:
    error = refusal(client(server, "SELECT ?n WHERE { ?p a ?t ; foaf:name ?n }"))
    assert isinstance(error, QueryBadFormed)
    assert "line 1, column 29: unknown prefix 'foaf:'" in str(error)
    assert "add PREFIX foaf: <http://xmlns.com/foaf/0.1/>" in str(error)


def test_updates_are_refused(server: SparqlServer) -> None:
    sparql = client(server, "INSERT DATA { <https://w3id.org/kgraph/id/x> rdfs:label 'x' }")
    sparql.setMethod(POST)
    error = refusal(sparql)  # SPARQLWrapper sends it as update=…
    assert isinstance(error, urllib.error.HTTPError) and error.code == 403
    status, _, body = fetch(
        server.url,
        data=b"DELETE WHERE { ?s ?p ?o }",
        **{"Content-Type": "application/sparql-update"},
    )
    assert status == 403 and "read-only" in body
    query = urllib.parse.quote("DELETE WHERE { ?s ?p ?o }")
    status, _, body = fetch(f"{server.url}?query={query}")
    assert status == 403 and "SPARQL updates are refused" in body
    count = converted(client(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert isinstance(count, dict) and int(count["results"]["bindings"][0]["n"]["value"]) > 100


def test_a_runaway_query_is_stopped_while_others_are_answered(patient_server: SparqlServer) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    outcome: dict[str, object] = {}

    def run_runaway() -> None:
        started = time.monotonic()
        query = urllib.parse.urlencode({"query": runaway}).encode()
        outcome["status"], _, outcome["body"] = fetch(patient_server.url, data=query)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_runaway)
    thread.start()
    time.sleep(0.2)
    answer = converted(client(patient_server, "ASK { ?p a schema:Person }"))
    assert answer == {"head": {}, "boolean": True}
    assert thread.is_alive(), "the simple query was answered while the runaway one ran"
    thread.join(30)
    assert outcome["status"] == 504
    assert "longer than the 3 s time limit" in str(outcome["body"])
    assert 2.9 < float(outcome["seconds"]) < 20  # type: ignore[arg-type]
    # The stopped worker is replaced: the pool answers again at full strength.
    deadline = time.monotonic() + 20
    while len(patient_server.workers.live()) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(patient_server.workers.live()) == 3  # two workers and the reserve
    answer = converted(client(patient_server, "ASK { ?p a schema:Place }"))
    assert answer == {"head": {}, "boolean": True}


def test_twenty_concurrent_clients(server: SparqlServer) -> None:
    def ask(i: int) -> tuple[int, list[str]]:
        query = f"""SELECT ?label WHERE {{
            <https://w3id.org/kgraph/id/Place/{PLACES[i]}> schema:containedInPlace+ ?outer .
            ?outer rdfs:label ?label }} ORDER BY ?label"""
        result = converted(client(server, query))
        assert isinstance(result, dict)
        return i, [b["label"]["value"] for b in result["results"]["bindings"]]

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(ask, range(20, 40)))
    assert answers == [(i, PLACES[:i]) for i in range(20, 40)]


# --------------------------------------------------------------------------- pages


def test_the_query_page_works_offline(server: SparqlServer) -> None:
    status, headers, page = fetch(server.url, Accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page
    for query in sorted(Path(__file__).resolve().parents[1].glob("docs/queries/*.rq")):
        title = query.read_text(encoding="utf-8").split("\n", 1)[0].lstrip("# ")
        assert json.dumps(title, ensure_ascii=False)[1:-1] in page, f"{query.name} not offered"
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert "cdn" not in page.lower()


def test_a_browser_link_with_a_query_gets_the_page(server: SparqlServer) -> None:
    query = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }")
    _, headers, page = fetch(f"{server.url}?query={query}", Accept="text/html")
    assert headers["Content-Type"].startswith("text/html") and "<textarea" in page
    _, headers, body = fetch(f"{server.url}?query={query}&format=csv", Accept="text/html")
    assert headers["Content-Type"].startswith("text/csv")
    assert sorted(body.splitlines()[0].split(",")) == ["o", "p", "s"]


def test_the_root_serves_the_viewer(server: SparqlServer) -> None:
    base = server.url.removesuffix("sparql")
    assert fetch(base)[2] == "<!doctype html><title>viewer</title>"
    assert fetch(base + "graph.ttl")[0] == 200
    assert fetch(base + "store/CURRENT")[0] == 404
    assert fetch(base + "..%2Fgraph.ttl")[0] == 404


def test_results_json_is_what_the_page_renders(server: SparqlServer) -> None:
    data = urllib.parse.urlencode({"query": LABELS}).encode()
    status, headers, body = fetch(
        server.url, data=data, Accept="application/sparql-results+json, text/turtle;q=0.9"
    )
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    assert [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]] == PLACES[:3]


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
def test_the_query_page_runs_a_query_in_a_browser(server: SparqlServer) -> None:
    from playwright.sync_api import Route, sync_playwright

    outside: list[str] = []

    def only_local(route: Route) -> None:
        if route.request.url.startswith(server.url.removesuffix("sparql")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--enable-unsafe-swiftshader"]
        )
        try:
            page = browser.new_page()
            page.route("**/*", only_local)
            page.goto(server.url)
            page.fill("#query", LABELS)
            page.click("button[type=submit]")
            page.wait_for_selector("#results table")
            cells = page.locator("#results td").all_inner_texts()
            assert cells == [
                "kgd:Place/地00",
                "地00",
                "kgd:Place/地01",
                "地01",
                "kgd:Place/地02",
                "地02",
            ]
            assert page.inner_text("#status").startswith("3 rows")
            assert "query=" in page.url  # the address can be shared and reopened
            page.fill("#query", "SELECT ?x WHERE { ?x ?y }")
            page.click("button[type=submit]")
            page.wait_for_selector("#results pre.error")
            assert "line 1, column 19" in page.inner_text("#results pre.error")
            page.select_option("#examples", "How many entities of each type the graph holds.")
            assert "COUNT(?e) AS ?entities" in page.input_value("#query")
        finally:
            browser.close()
    assert outside == []


def test_exports_are_streamed_not_read_whole(
    server: SparqlServer, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_bytes = Path.read_bytes

    def refuse_exports(path: Path) -> bytes:
        assert path.suffix not in (".ttl", ".nt"), f"{path.name} read whole into memory"
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse_exports)
    status, headers, body = fetch(server.url.removesuffix("sparql") + "graph.ttl")
    assert status == 200 and int(headers["Content-Length"]) == len(body.encode("utf-8"))
    assert body == (export / "graph.ttl").read_text(encoding="utf-8")

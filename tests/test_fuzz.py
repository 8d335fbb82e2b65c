"""Property-based fuzzing (Hypothesis) of what hostile input reaches first.

Three surfaces, each with a small, derandomized budget so the whole file
runs in well under a minute: the per-document path (any bytes, any Unicode
text in the encodings kgraph reads), file names (any byte string a POSIX
file system allows, built by :func:`kgraph.build`) and the SPARQL checker
(only :class:`~kgraph.errors.QueryError`, never another exception). Every
failure Hypothesis found is kept below as an explicit example.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import kgraph
from kgraph.errors import QueryError
from kgraph.extract.rules import DocumentExtraction, Extractor
from kgraph.model import Skipped
from kgraph.pipeline import ExtractFiles
from kgraph.rdf.store import check_query


def fuzz(examples: int) -> settings:
    """Hypothesis settings for a bounded, reproducible run of ``examples`` inputs."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


WORDS = "县长李强到寿宁县下党乡调研习近平同志“三进下党”。，、：《》（）\n来源：日报 2023-07-01 "


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return ExtractFiles().load()


def assert_consistent(result: DocumentExtraction | Skipped, name: str) -> None:
    """A result names its file; sentences and candidates point into the original text."""
    if isinstance(result, Skipped):
        assert result.path and result.reason
        return
    text = result.document.text
    for s in result.sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert len(s.offsets) == len(s.norm)
        assert all(s.start <= o < s.end for o in s.offsets)
    for c in result.candidates:
        start, end = result.sentences[c.sentence].original_span(c.i, c.j)
        assert 0 <= start < end <= len(text)


def run_one(extractor: Extractor, name: str, data: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # decoding warns about odd bytes; the results are checked
        results = ExtractFiles().run(extractor, [(name, data)])
    assert len(results) == 1
    assert_consistent(results[0], name)


@fuzz(150)
@given(data=st.binary(max_size=2_000))
@example(data=b"\xff\xfe" + "县长".encode("utf-16-le") + b"\xd8")  # odd-length UTF-16
@example(data=b"\x00" * 10 + "县长李强".encode())
def test_any_bytes_extract_or_are_skipped(extractor: Extractor, data: bytes) -> None:
    run_one(extractor, "fuzz.txt", data)


@fuzz(150)
@given(
    text=st.text(st.characters(codec="utf-8") | st.sampled_from(WORDS), max_size=800),
    encoding=st.sampled_from(["utf-8", "gb18030", "big5"]),
    html=st.booleans(),
)
@example(text="\ud800县长李强", encoding="utf-8", html=False)  # lone surrogates reached zhconv
@example(text="很" * 3_000, encoding="utf-8", html=False)  # a run longer than the sentence cap
def test_any_text_in_any_encoding_extracts(
    extractor: Extractor, text: str, encoding: str, html: bool
) -> None:
    data = text.encode(encoding, errors="replace" if encoding != "utf-8" else "surrogatepass")
    run_one(extractor, "fuzz.html" if html else "fuzz.txt", data)


NAME_BYTES = st.binary(min_size=1, max_size=60).filter(
    lambda b: b"/" not in b and b"\0" not in b and b not in (b".", b"..")
)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are byte strings")
@fuzz(6)
@given(names=st.lists(NAME_BYTES, min_size=1, max_size=4, unique=True))
@example(names=[b"\xd6\xd0\xce\xc4.txt", b"a b.txt", b"a_b.txt"])  # GBK name; one id for two names
def test_any_file_name_builds(tmp_path_factory: pytest.TempPathFactory, names: list[bytes]) -> None:
    source = tmp_path_factory.mktemp("names")
    for i, name in enumerate(names):
        path = os.path.join(os.fsencode(source), name + b".txt")
        with open(path, "wb") as handle:
            handle.write(f"县长李强到寿宁县下党乡调研。第{i}篇。\n".encode())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = kgraph.build([Path(source)], jobs=1, include=["*"])
    assert len(report.corpus.documents) == len(names)
    assert len({d.id for d in report.corpus.documents}) == len(names)


SPARQL = st.sampled_from(
    [
        "SELECT",
        "ASK",
        "CONSTRUCT",
        "DESCRIBE",
        "WHERE",
        "{",
        "}",
        "(",
        ")",
        "?s",
        "<http://x/>",
        "kg:a",
        "x:",
        "PREFIX",
        "BASE",
        "SERVICE",
        "LOAD",
        "INSERT",
        "DATA",
        "#",
        '"',
        "'''",
        "\\u0041",
        "\n",
        " ",
        "FILTER",
        "BIND",
        "AS",
        ".",
        ";",
    ]
)


@fuzz(400)
@given(
    query=st.text(max_size=200) | st.lists(SPARQL | st.text(max_size=3), max_size=30).map(" ".join)
)
@example(
    query="PREFIX x: <urn:x:> SELECT ?s WHERE { BIND(<x:\\u0041#> AS ?z) SERVICE <http://h/> {} }"
)
@example(query="{" * 5_000)
def test_the_query_checker_raises_only_query_errors(query: str) -> None:
    with contextlib.suppress(QueryError):
        check_query(query)

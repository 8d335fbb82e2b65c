"""Hostile and odd input files: links, special files, odd names, colliding ids, bad characters.

Each test writes its own files and builds them as a user would (``kgraph
build`` on the command line) or through :func:`kgraph.build`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import warnings
from pathlib import Path

import networkx as nx
import pytest

import kgraph
from kgraph.ingest.files import find_files

ARTICLE = "宁德市推进乡村振兴\n2023-07-01 来源：闽东日报\n县长李强到寿宁县下党乡调研，察看茶园。\n"
SECRET = "机密文件：这一行绝不能出现在图里。\n"


def kgraph_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def built(sources: list[Path], **options: object) -> tuple[kgraph.BuildReport, list[str]]:
    """Build without writing anything; the report and the warnings' messages."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = kgraph.build(sources, jobs=1, **options)  # type: ignore[arg-type]
    return report, [str(warning.message) for warning in caught]


def test_a_link_out_of_the_source_folder_is_skipped_unless_asked(tmp_path: Path) -> None:
    source, outside, out = tmp_path / "src", tmp_path / "outside", tmp_path / "out"
    source.mkdir()
    outside.mkdir()
    (source / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (source / "x.txt").symlink_to(outside / "secret.txt")
    (source / "inner.txt").symlink_to(source / "a.txt")  # inside: read once, as a.txt
    (source / "elsewhere").symlink_to(outside, target_is_directory=True)
    result = kgraph_cli("build", source, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "skipped x.txt: a link to a file outside" in result.stderr
    assert "use --follow-links" in result.stderr
    assert "skipped elsewhere: a link to a folder outside" in result.stderr
    assert "skipped inner.txt: the same file as a.txt, read once" in result.stderr
    for export in ("graph.nt", "graph.ttl", "graph.html"):
        assert "机密文件" not in (out / export).read_text(encoding="utf-8")
    assert "documents  1" in result.stdout

    report, messages = built([source], follow_links=True)
    # x.txt is the same file as elsewhere/secret.txt, which comes first: read once
    assert sorted(doc.path for doc in report.corpus.documents) == ["a.txt", "elsewhere/secret.txt"]
    assert any(m.startswith("following x.txt: a link to a file outside") for m in messages)
    assert "skipped x.txt: the same file as elsewhere/secret.txt, read once" in messages


def test_dangling_links_fifos_and_sockets_are_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nothing.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.txt"))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = find_files([tmp_path])
    finally:
        server.close()
    assert [name for _, name in found] == ["a.txt"]
    messages = sorted(str(w.message) for w in caught)
    assert messages == [
        "skipped gone.txt: a link to nothing",
        "skipped loop.txt: a link to nothing",
        "skipped pipe.txt: a FIFO",
        "skipped sock.txt: a socket",
    ]


def test_file_names_that_are_not_utf8_are_built_and_shown_escaped(tmp_path: Path) -> None:
    source, out = tmp_path / "src", tmp_path / "out"
    source.mkdir()
    gbk_name = os.fsdecode("新闻".encode("gbk") + b".txt")
    stray = os.fsdecode(b"a\xff\xfe.txt")
    (source / gbk_name).write_text(ARTICLE, encoding="utf-8")
    (source / stray).write_text(ARTICLE.replace("李强", "王伟"), encoding="utf-8")
    result = kgraph_cli("build", source, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "documents  2" in result.stdout
    graph = (out / "graph.nt").read_text(encoding="utf-8")
    assert "\\\\xd0\\\\xc2\\\\xce\\\\xc5.txt" in graph  # the name, escaped, as a literal
    again = kgraph_cli("build", source, "--out", out)  # from the cache
    assert again.returncode == 0 and "2 from the cache" in again.stdout


def test_two_names_with_one_document_id_are_both_kept(tmp_path: Path) -> None:
    (tmp_path / "a b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a_b.txt").write_text(ARTICLE.replace("李强", "王伟"), encoding="utf-8")
    (tmp_path / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "x.html").write_text(f"<p>{ARTICLE}</p>", encoding="utf-8")
    report, messages = built([tmp_path])
    ids = {doc.path: doc.id for doc in report.corpus.documents}
    assert ids == {"a b.txt": "a_b", "a_b.txt": "a_b~2", "x.html": "x", "x.txt": "x~2"}
    assert "a_b.txt has the same document id as a b.txt ('a_b'): its id is 'a_b~2'" in messages
    again, _ = built([tmp_path])
    assert {doc.path: doc.id for doc in again.corpus.documents} == ids


def test_the_output_folder_inside_the_source_is_never_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    for _ in range(2):
        result = kgraph_cli("build", tmp_path, "--out", tmp_path / "out")
        assert result.returncode == 0, result.stderr
        assert "documents  1" in result.stdout
        assert "out/" not in result.stderr


def test_a_nul_byte_in_a_good_article_is_dropped(tmp_path: Path) -> None:
    data = ARTICLE.encode("utf-8")
    (tmp_path / "a.txt").write_bytes(data[:20] + b"\x00" + data[20:])
    (tmp_path / "b.txt").write_bytes(ARTICLE.encode("gb18030") + b"\x00")
    report, messages = built([tmp_path])
    assert messages == []
    texts = [doc.text for doc in report.corpus.documents]
    assert texts == [ARTICLE, ARTICLE]


def test_only_article_types_are_read_and_the_others_are_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "c.XHTML").write_text(f"<p>{ARTICLE}</p>", encoding="utf-8")
    (tmp_path / "sources.tsv").write_text("宁德\thttp://example.org\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "d.txt").write_text(ARTICLE, encoding="utf-8")
    report, messages = built([tmp_path])
    assert sorted(doc.path for doc in report.corpus.documents) == [
        "a.txt",
        "b.md",
        "c.XHTML",
        "drafts/d.txt",
    ]
    assert messages == ["skipped sources.tsv: not an article type; use --include '*.tsv'"]
    report, messages = built([tmp_path], include=["*.tsv"], exclude=["drafts/*", "b.*"])
    assert sorted(doc.path for doc in report.corpus.documents) == [
        "a.txt",
        "c.XHTML",
        "sources.tsv",
    ]
    assert messages == []
    result = kgraph_cli(
        "build", tmp_path, "--out", tmp_path / "out", "--include", "*.tsv", "--exclude", "drafts/*"
    )
    assert result.returncode == 0, result.stderr
    assert "documents  4" in result.stdout


def test_a_folder_with_no_article_type_names_what_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "list.csv").write_text("a,b\n", encoding="utf-8")
    result = kgraph_cli("build", tmp_path, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "skipped list.csv: not an article type; use --include '*.csv'" in result.stderr
    assert "no article files in" in result.stderr and "Traceback" not in result.stderr


CONTROLS = "\x01\x02\x08\x0b\x0c\x1b\x7f\ufffe\uffff"


def test_characters_xml_forbids_never_reach_graphml_or_gexf(tmp_path: Path) -> None:
    source, out = tmp_path / "src", tmp_path / "out"
    source.mkdir()
    title = f"宁德市“滴水{CONTROLS[:3]}穿石”精神"
    body = "县长李强到寿宁县下党乡调研，提出“滴水穿石”。" * 10
    article = f"{title}\n2023-07-01 来源：闽东日报\n县长李{CONTROLS[3:]}强说。{body}\n"
    (source / "a.txt").write_text(article, encoding="utf-8")
    result = kgraph_cli("build", source, "--out", out)
    assert result.returncode == 0, result.stderr
    graphml = nx.read_graphml(out / "graph.graphml")
    gexf = nx.read_gexf(out / "graph.gexf")
    assert graphml.number_of_nodes() == gexf.number_of_nodes() > 0
    stats = kgraph_cli("stats", out)
    assert stats.returncode == 0, stats.stderr


@pytest.mark.parametrize("text", ["县长\ud800李强到寿宁县", "\udcff\udcfe下党乡", "a\x00b\uffff"])
def test_lone_surrogates_and_controls_are_replaced_keeping_offsets(text: str) -> None:
    doc = kgraph.pipeline.document_from_text("a.txt", text)
    assert len(doc.text) == len(text)
    doc.text.encode("utf-8")
    assert "\ufffd" in doc.text

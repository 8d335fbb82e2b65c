"""Bounded work on hostile lengths: long runs, long lines, long quotes, repeated names.

These tests check that the outputs are right for long inputs (sentences
cover the text, offsets slice the original, nothing is longer than the cap)
and count the work a stage does where that is what went wrong; they never
time anything (``benchmarks/hostile_inputs.py`` measures).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kgraph import relate
from kgraph.extract.rules import Extractor
from kgraph.ingest.segment import MAX_SENTENCE, sentences_of
from kgraph.model import Section, SectionKind, Sentence
from kgraph.pipeline import analyse, document_from_text, extract_document


def body(text: str) -> tuple[Section, ...]:
    return (Section(0, len(text), SectionKind.BODY),)


def assert_cover(text: str, sentences: list[Sentence]) -> None:
    """Sentences are in order, bounded, slice the original, and cover every word character."""
    covered = set()
    last = 0
    for s in sentences:
        assert len(s.norm) <= MAX_SENTENCE
        assert s.start >= last
        last = s.end
        assert len(s.offsets) == len(s.norm)
        for ch, offset in zip(s.norm, s.offsets, strict=True):
            assert text[offset] == ch  # the texts here need no normalization
        covered.update(s.offsets)
    assert covered >= {i for i, ch in enumerate(text) if ch.isalnum()}


@pytest.mark.parametrize(
    "text",
    [
        "很" * 600_000,  # a run jieba can split only into single characters (its HMM was 110 s)
        ("一二三四五六七八九十" * 20 + "，") * 3_000,  # one sentence of commas
        "“" + "长" * 50_000 + "”",  # a quote never ended by a sentence mark
        "一行" * 30_000 + "\n" + "好。" * 10_000,  # a long line, then one-character sentences
        ("word " * 200) * 50,  # Latin words, cut at spaces
    ],
    ids=["run", "commas", "quote", "line-then-short", "latin"],
)
def test_long_sentences_are_cut_and_still_cover_the_text(text: str) -> None:
    sentences = sentences_of("d", text, body(text))
    assert_cover(text, sentences)
    assert any(s.capped for s in sentences)
    assert [s.index for s in sentences] == list(range(len(sentences)))


def test_cuts_go_after_soft_punctuation_when_there_is_some() -> None:
    clause = "一" * 99 + "，"
    text = clause * 20
    sentences = sentences_of("d", text, body(text))
    assert all(s.norm.endswith("，") for s in sentences)
    assert "".join(s.norm for s in sentences) == text


def test_short_sentences_are_not_capped() -> None:
    text = "好。" * 10_000 + "县长李强到寿宁县下党乡调研。"
    sentences = sentences_of("d", text, body(text))
    assert len(sentences) == 10_001
    assert not any(s.capped for s in sentences)


def test_a_long_run_extracts_with_offsets_into_the_original() -> None:
    extractor = Extractor()
    text = "县长李强到寿宁县下党乡调研。" + "乡" * 20_000 + "李强到宁德市调研。"
    extraction = extract_document(extractor, document_from_text("long.txt", text))
    assert all(len(s.norm) <= MAX_SENTENCE for s in extraction.sentences)
    for c in extraction.candidates:
        s = extraction.sentences[c.sentence]
        start, end = s.original_span(c.i, c.j)
        assert text[start:end] == s.norm[c.i : c.j]
    assert {c.norm for c in extraction.candidates} >= {"李强", "下党乡", "宁德市"}


def test_a_formula_repeated_in_one_sentence_is_looked_up_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = []
    places_named = relate._places_named

    def counted(*args: object) -> list[str]:
        calls.append(args[0])
        return places_named(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(relate, "_places_named", counted)
    extractor = Extractor()
    sentence = "习近平同志到寿宁县下党乡，“三进下党”，" + "“三进下党”、" * 60 + "传为佳话。"
    text = "“三进下党”的故事\n2020-01-01 来源：闽东日报\n" + sentence + "\n"
    corpus = analyse(
        [extract_document(extractor, document_from_text("a.txt", text))], extractor.gazetteer
    )
    visits = [r for r in corpus.relations if r.predicate == "visited"]
    assert [(r.subject, r.object) for r in visits] == [("Person/习近平", "Place/下党乡")]
    assert [ev.pattern for ev in visits[0].evidence] == ["visited.formula"]
    # at most once per sentence naming it with a subject; it was once per repetition: 8,000 took 6 s
    assert calls.count("下党") == 1


def test_kgraph_build_warns_naming_the_file_it_cut(tmp_path: Path) -> None:
    source, out = tmp_path / "src", tmp_path / "out"
    source.mkdir()
    (source / "long.txt").write_text(
        "宁德市推进乡村振兴\n县长李强到寿宁县下党乡调研。" + "茶" * 5_000 + "\n", encoding="utf-8"
    )
    (source / "short.txt").write_text("县长李强到寿宁县下党乡调研。\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kgraph", "build", str(source), "--out", str(out), "--no-store"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "kgraph: warning: cut long text in long.txt: 10 sentence pieces" in result.stderr
    assert "short.txt" not in result.stderr
    assert "documents  2" in result.stdout

"""Records kept on disk (kgraph.ondisk): the sequence they read back as, and the file they leave."""

from __future__ import annotations

import dataclasses
import pickle
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kgraph.model import Document, Section, SectionKind, Sentence
from kgraph.ondisk import DiskSequence
from kgraph.pipeline import build


def sentences(n: int) -> list[Sentence]:
    return [
        Sentence(f"d{i // 7}", i % 7, i, i + 3, SectionKind.BODY, "一二三", (i, i + 1, i + 2))
        for i in range(n)
    ]


@pytest.mark.parametrize("block", [1, 3, 64])
def test_a_disk_sequence_reads_back_every_record_by_index_slice_and_iteration(block: int) -> None:
    records = sentences(50)
    held = DiskSequence(records, block=block)
    assert len(held) == 50 and held.nbytes > 0
    assert list(held) == records
    assert [held[i] for i in (0, 49, 3, 3, 48, -1, -50)] == [
        records[i] for i in (0, 49, 3, 3, 48, -1, -50)
    ]
    assert held[10:20] == tuple(records[10:20])
    assert held[::-7] == tuple(records[::-7])
    assert held == tuple(records) and tuple(records) == held
    assert held != tuple(records[:-1])
    for bad in (50, -51):
        with pytest.raises(IndexError):
            held[bad]


def test_an_empty_disk_sequence_is_empty() -> None:
    held: DiskSequence[int] = DiskSequence([])
    assert len(held) == 0 and list(held) == [] and held == () and held.nbytes == 0
    with pytest.raises(IndexError):
        held[0]


def test_a_disk_sequence_pickles_as_a_tuple_of_its_records() -> None:
    records = sentences(10)
    assert pickle.loads(pickle.dumps(DiskSequence(records, block=4))) == tuple(records)


def test_readers_in_threads_see_their_own_records() -> None:
    records = sentences(2000)
    held = DiskSequence(records, block=5)
    wrong: list[int] = []

    def read(step: int) -> None:
        for i in range(step % 5, len(records), step):
            if held[i] != records[i]:
                wrong.append(i)

    threads = [threading.Thread(target=read, args=(step,)) for step in (3, 7, 11, 13)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_the_file_has_no_name_in_its_folder_and_a_killed_process_leaves_nothing(
    tmp_path: Path,
) -> None:
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from kgraph.ondisk import DiskSequence\n"
        "held = DiskSequence(range(100_000), folder=Path(sys.argv[1]))\n"
        "print(len(held), held[99_999], flush=True)\n"
        "time.sleep(60)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline().split() == ["100000", "99999"]
            assert list(tmp_path.iterdir()) == []  # held open, never named
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
    assert list(tmp_path.iterdir()) == []


def test_a_closed_sequence_frees_its_file() -> None:
    held = DiskSequence(range(10))
    held.close()
    with pytest.raises(ValueError):
        held[0]


def test_a_build_keeps_its_documents_and_sentences_on_disk_with_their_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "福建省宁德市召开会议\n2024-01-02 来源：某某日报\n习近平在福建省宁德市考察。他强调发展。\n",
        encoding="utf-8",
    )
    report = build([folder], tmp_path / "out", formats=["nt"], jobs=1)
    corpus = report.corpus
    assert isinstance(corpus.documents, DiskSequence)
    assert isinstance(corpus.sentences, DiskSequence)
    (document,) = corpus.documents
    assert isinstance(document, Document) and document.date == "2024-01-02"
    assert all(isinstance(section, Section) for section in document.sections)
    assert len(corpus.sentences) >= 2
    for s in corpus.sentences:
        assert s.doc_id == document.id
        assert document.text[s.start : s.end].strip()
    assert "习近平在福建省宁德市考察。" in "".join(
        document.text[s.start : s.end] for s in corpus.sentences
    )


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class _Named:
    name: str
    count: int = 0


@dataclasses.dataclass
class _Derived:
    start: int
    end: int
    length: int = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.length = self.end - self.start


def test_records_that_cannot_be_rebuilt_by_position_come_back_as_they_were() -> None:
    records = [_Named(name="甲", count=2), _Derived(3, 7), SectionKind.TEASER, range(2, 9)]
    assert list(DiskSequence(records, block=2)) == records

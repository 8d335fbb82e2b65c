"""The learned vocabulary tagger: the packaged model, its features, its candidates in the
pipeline and the training command.

The texts are written here; none comes from the seeds or an evaluation set.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.export import EXPORTS
from kgraph.extract.ner import char_features
from kgraph.extract.rules import Candidate, Extractor
from kgraph.extract.vocab_tagger import (
    _PUNCT,
    FEATURE_SET,
    LEARNED,
    VocabTagger,
    _head,
    model_path,
    vocab_features,
)
from kgraph.model import EntityType
from kgraph.pipeline import document_from_text, extract_document
from kgraph.resolve import resolve
from kgraph.run.cache import pipeline_key

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()  # the tagger runs by default


def test_the_model_file_is_the_one_the_training_command_recorded() -> None:
    provenance = json.loads(model_path().with_suffix(".json").read_text(encoding="utf-8"))
    data = model_path().read_bytes()
    assert hashlib.sha256(data).hexdigest() == provenance["model_sha256"]
    assert len(data) == provenance["model_bytes"] < 5_000_000
    assert provenance["feature_set"] == FEATURE_SET
    assert provenance["trainer"]["params"]["feature.minfreq"] >= 1
    pages = [page for entry in provenance["inputs"] for page in entry["pages"]]
    assert len(pages) >= 200
    assert all(len(page["sha256"]) == 64 for page in pages)


def test_the_features_are_one_row_per_character_and_see_quotes_titles_and_names() -> None:
    text = "张三说，推进“两学一做”，学习《党章》。"
    tokens = [
        "张三",
        "说",
        "，",
        "推进",
        "“",
        "两学一做",
        "”",
        "，",
        "学习",
        "《",
        "党章",
        "》",
        "。",
    ]
    rows = vocab_features(text, tokens, {"推进": "v", "学习": "v"}, [(0, 2, "PER")])
    assert len(rows) == len(text)
    assert "ner=B-PER" in rows[0] and "ner=I-PER" in rows[1] and "ner=" in rows[2]
    inside = text.index("两")
    assert "q=1" in rows[inside] and "q=0" in rows[text.index("推")]
    assert "wt-1=c" in rows[inside] and "w=两学一做" in rows[inside] and "wp=B" in rows[inside]
    assert "bk=1" in rows[text.index("党")] and "bk=0" in rows[text.index("学")]
    assert "hd-1=H" not in rows[inside]
    with pytest.raises(ValueError, match="do not join"):
        vocab_features(text, tokens[:-1], {}, [])


def _features_char_by_char(
    text: str, tokens: list[str], tags: dict[str, str], names: list[tuple[int, int, str]]
) -> list[tuple[str, ...]]:
    """The feature set's definition, one character at a time: what the built rows must equal."""

    def tag(w: int) -> str:
        if w < 0:
            return "<s>"
        if w >= len(tokens):
            return "</s>"
        return tags.get(tokens[w], "x" if len(tokens[w]) > 1 else "c")

    def bucket(n: int) -> str:
        return str(n) if n <= 4 else "5-8" if n <= 8 else "9+"

    marks = [k for k, ch in enumerate(text) if ch in _PUNCT]
    word_at = [w for w, token in enumerate(tokens) for _ in token]
    rows = []
    depth_q = depth_b = 0
    for k, (ch, base) in enumerate(zip(text, char_features(text), strict=True)):
        if ch in "《〈":
            depth_b += 1
        elif ch in "》〉":
            depth_b = max(0, depth_b - 1)
        elif ch in '“‘「『"' and not (ch == '"' and depth_q):
            depth_q += 1
        elif ch in '”’」』"':
            depth_q = max(0, depth_q - 1)
        w = word_at[k]
        token = tokens[w]
        start = sum(len(t) for t in tokens[:w])
        place = (
            "S"
            if len(token) == 1
            else "B"
            if k == start
            else "E"
            if k == start + len(token) - 1
            else "M"
        )
        label = ""
        for s, e, t in names:
            if s <= k < e:
                label = ("B-" if k == s else "I-") + t
        before, this, after = tag(w - 1), tag(w), tag(w + 1)
        heads = [_head(tokens[v]) if 0 <= v < len(tokens) else "" for v in (w - 1, w, w + 1)]
        row = [*base, "wp=" + place, "wt=" + this, "wt-1=" + before, "wt+1=" + after]
        row += ["wt-1|0=" + before + "|" + this, "wt0|+1=" + this + "|" + after]
        row += ["wl=" + bucket(len(token)), f"q={min(depth_q, 1)}", f"bk={min(depth_b, 1)}"]
        row += ["pl=" + bucket(k - max([-1, *(m for m in marks if m < k)]))]
        row += ["pr=" + bucket(min([len(text), *(m for m in marks if m > k)]) - k), "ner=" + label]
        row += ["w=" + token] if len(token) >= 2 else []
        row += ["hd=" + heads[1] + place] if heads[1] else []
        row += ["hd+1=" + heads[2]] if heads[2] else []
        row += ["hd-1=" + heads[0]] if heads[0] else []
        rows.append(tuple(row))
    return rows


_SOME_CHARS = '推进两学一做思想体系制度坚持理念的和ab1 ，。、：；！？（）“”‘’「」『』"《》〈〉—…·.'


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(_SOME_CHARS, min_size=1, max_size=6), max_size=12),
    st.lists(
        st.tuples(st.integers(-2, 40), st.integers(-2, 40), st.sampled_from(("PER", "LOC", "ORG"))),
        max_size=4,
    ),
)
def test_the_rows_are_the_features_defined_char_by_char(
    tokens: list[str], names: list[tuple[int, int, str]]
) -> None:
    text = "".join(tokens)
    tags = {"推进": "v", "思想": "n", "坚持": "v", "理念": "n"}
    expected = _features_char_by_char(text, tokens, tags, names)
    assert vocab_features(text, tokens, tags, names) == expected
    assert vocab_features(text, tokens, tags, names, char_features(text)) == expected


def test_the_ner_layer_hands_its_features_to_the_vocabulary_tagger(extractor: Extractor) -> None:
    assert extractor.ner is not None
    text = "张三说，推进“两学一做”，学习《党章》。"
    spans, features = extractor.ner.spans_and_features(text)
    assert features == char_features(text) and spans == extractor.ner.spans([text])[0]
    long = "，".join(["推进两学一做"] * 120) + "。"  # longer than one chunk
    spans, features = extractor.ner.spans_and_features(long)
    assert features is None and spans == extractor.ner.spans([long])[0]


def test_the_tagger_proposes_names_no_rule_shape_finds(extractor: Extractor) -> None:
    text = "全会强调，要坚持守正创新，持续优化营商环境，推动经济社会高质量发展。"
    extraction = extract_document(extractor, document_from_text("d.txt", text))
    learned = [c for c in extraction.candidates if c.extractor == LEARNED]
    rules = {c.norm for c in extraction.candidates if c.extractor.startswith("vocab.")} - {
        c.norm for c in learned
    }
    sentence = {s.index: s for s in extraction.sentences}
    assert learned
    assert all(sentence[c.sentence].norm[c.i : c.j] == c.norm for c in learned)
    assert all(
        c.type in (EntityType.CAMPAIGN, EntityType.SLOGAN, EntityType.CONCEPT) for c in learned
    )
    only_learned = {c.norm for c in learned} - rules
    assert only_learned & {"守正创新", "优化营商环境"}
    corpus = resolve([extraction], extractor.gazetteer)
    labels = {e.label for e in corpus.entities}
    assert only_learned & labels


def test_without_the_tagger_no_learned_candidate_is_made(extractor: Extractor) -> None:
    plain = Extractor(extractor.gazetteer, vocab=False)
    text = "全会强调，要坚持守正创新，持续优化营商环境。"
    extraction = extract_document(plain, document_from_text("d.txt", text))
    assert not [c for c in extraction.candidates if c.extractor == LEARNED]


def test_the_rules_type_the_names_they_propose_the_tagger_only_its_own(
    extractor: Extractor,
) -> None:
    plain = Extractor(extractor.gazetteer, vocab=False)
    text = "各地深化放管服改革，坚持守正创新。"
    extraction = extract_document(plain, document_from_text("d.txt", text))
    ruled = next(c for c in extraction.candidates if c.norm == "放管服改革")
    assert ruled.type == EntityType.CAMPAIGN
    norm = extraction.sentences[ruled.sentence].norm
    at = norm.index("守正创新")
    extra = (
        replace(ruled, type=EntityType.SLOGAN, extractor=LEARNED),
        Candidate(ruled.sentence, at, at + 4, EntityType.SLOGAN, "守正创新", LEARNED, 0.8),
    )
    corpus = resolve(
        [replace(extraction, candidates=extraction.candidates + extra)], plain.gazetteer
    )
    types = {e.label: e.type for e in corpus.entities}
    assert types["放管服改革"] == EntityType.CAMPAIGN
    assert types.get("守正创新") == EntityType.SLOGAN


def _a_set(folder: Path, pages: dict[str, str], gold: dict[str, dict[str, list[str]]]) -> Path:
    """A dev set written here: its pages in ``folder/pages``, manifest and gold in ``folder/set``."""
    (folder / "pages").mkdir(parents=True)
    (folder / "set").mkdir()
    rows, golds = [], []
    for file, text in pages.items():
        (folder / "pages" / file).write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        rows.append(
            {"file": file, "script": "simplified", "kind": "news", "sha256": digest, "split": "dev"}
        )
        golds.append({"file": file, "Campaign": [], "Slogan": [], "Concept": [], **gold[file]})
    for name, lines in (("manifest.jsonl", rows), ("gold_vocab.jsonl", golds)):
        (folder / "set" / name).write_text(
            "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
        )
    return folder


def test_training_is_deterministic_and_records_every_page(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts" / "vocab"))
    try:
        import train  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "scripts" / "vocab"))
    pages = {
        "001.txt": "市委召开会议\n\n会议要求，全市上下深化放管服改革，坚持守正创新，推进绿色矿山行动。\n",
        "002.txt": "县里动员部署\n\n该县全面推行林长制，落实“三个一”工作法，守正创新抓落实。\n",
    }
    gold = {
        "001.txt": {"Campaign": ["放管服改革", "绿色矿山行动"], "Slogan": ["守正创新"]},
        "002.txt": {"Campaign": ["林长制"], "Slogan": ["守正创新"]},
    }
    folder = _a_set(tmp_path / "one", pages, gold)
    sets = [(folder / "set", folder / "pages")]
    first = train.train(sets, tmp_path / "a" / "vocab.crfsuite")
    second = train.train(sets, tmp_path / "b" / "vocab.crfsuite")
    assert first["model_sha256"] == second["model_sha256"]
    assert (tmp_path / "a" / "vocab.json").is_file()
    recorded = {page["file"]: page["sha256"] for page in first["inputs"][0]["pages"]}
    assert recorded == {f: hashlib.sha256(t.encode("utf-8")).hexdigest() for f, t in pages.items()}
    assert first["inputs"][0]["spans"] == {"C": 3, "S": 2}
    tagger = VocabTagger(tmp_path / "a" / "vocab.crfsuite")
    assert tagger.info["feature_set"] == FEATURE_SET


def test_a_page_that_can_no_longer_be_had_stops_training_unless_allowed(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts" / "vocab"))
    try:
        import train  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "scripts" / "vocab"))
    pages = {
        "001.txt": "市委召开会议\n\n会议要求，全市上下深化放管服改革，推进绿色矿山行动。\n",
        "002.txt": "县里动员部署\n\n该县全面推行林长制，守正创新抓落实。\n",
    }
    gold = {
        "001.txt": {"Campaign": ["放管服改革", "绿色矿山行动"]},
        "002.txt": {"Campaign": ["林长制"], "Slogan": ["守正创新"]},
    }
    folder = _a_set(tmp_path / "one", pages, gold)
    (folder / "pages" / "002.txt").unlink()
    sets = [(folder / "set", folder / "pages")]
    with pytest.raises(SystemExit, match=r"002\.txt is missing"):
        train.train(sets, tmp_path / "a" / "vocab.crfsuite")
    record = train.train(sets, tmp_path / "b" / "vocab.crfsuite", missing_ok=True)
    assert [page["file"] for page in record["inputs"][0]["pages"]] == ["001.txt"]
    assert record["inputs"][0]["spans"] == {"C": 2}


def test_a_model_of_other_features_is_refused(tmp_path: Path) -> None:
    from kgraph.errors import KgraphError

    model = tmp_path / "vocab.crfsuite"
    model.write_bytes(model_path().read_bytes())
    model.with_suffix(".json").write_text(json.dumps({"feature_set": "other/v0"}), encoding="utf-8")
    with pytest.raises(KgraphError, match=r"retrain it with scripts/vocab/train\.py"):
        VocabTagger(model)


# -- the option of ``kgraph build`` -----------------------------------------------------------

#: Two short articles written here; 守正创新 and 优化营商环境 have no shape the rules know.
ARTICLES = {
    "a.txt": "市委召开全会\n2025-03-04 来源：山城日报\n"
    "全会强调，要坚持守正创新，持续优化营商环境，推动经济社会高质量发展。\n",
    "b.txt": "县里部署工作\n2025-03-05 来源：山城日报\n"
    "县委要求各部门坚持守正创新，进一步优化营商环境。\n",
}


def kgraph(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def files_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if line.startswith("files"))


def labels_in(out: Path) -> set[str]:
    graph = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    nodes = graph["@graph"] if isinstance(graph, dict) else graph
    return {
        str(label.get("@value", label)) if isinstance(label, dict) else str(label)
        for node in nodes
        for key, label in node.items()
        if key.endswith("label")
    }


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles") / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_default_build_adds_what_only_the_tagger_proposes(
    articles: Path, tmp_path: Path
) -> None:
    rules = ("--no-store", "--no-learned-vocabulary")
    files_line(kgraph("build", articles, "--out", tmp_path / "plain", *rules))
    files_line(kgraph("build", articles, "--out", tmp_path / "learned", "--no-store"))
    files_line(
        kgraph(
            "build", articles, "--out", tmp_path / "spelled", "--no-store", "--learned-vocabulary"
        )
    )
    plain, learned = labels_in(tmp_path / "plain"), labels_in(tmp_path / "learned")
    only = {"守正创新", "优化营商环境"}
    assert not plain & only
    assert learned & only
    assert learned >= plain - only
    assert labels_in(tmp_path / "spelled") == learned  # --learned-vocabulary names the default


@pytest.mark.parametrize("option", [(), ("--no-learned-vocabulary",)], ids=["default", "rules"])
def test_builds_with_either_setting_are_byte_identical(
    articles: Path, tmp_path: Path, option: tuple[str, ...]
) -> None:
    for name in ("one", "two"):
        files_line(kgraph("build", articles, "--out", tmp_path / name, "--no-cache", *option))
    for export in EXPORTS:
        if (tmp_path / "one" / export).is_file():
            one = (tmp_path / "one" / export).read_bytes()
            assert one == (tmp_path / "two" / export).read_bytes(), export


def test_builds_with_and_without_the_option_never_share_extractions(
    articles: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    learned = ("build", articles, "--out", out, "--no-store")
    plain = (*learned, "--no-learned-vocabulary")
    assert files_line(kgraph(*plain)).endswith("2 extracted, 0 from the cache")
    assert files_line(kgraph(*learned)).endswith("2 extracted, 0 from the cache")
    assert files_line(kgraph(*learned, "--learned-vocabulary")).endswith(
        "0 extracted, 2 from the cache"
    )
    assert files_line(kgraph(*plain)).endswith("2 extracted, 0 from the cache")
    assert pipeline_key() == pipeline_key(learned_vocabulary=True)
    assert pipeline_key() != pipeline_key(learned_vocabulary=False)


def test_the_library_defaults_match_the_command(extractor: Extractor) -> None:
    import inspect

    import kgraph.pipeline as pipeline

    assert extractor.vocab is not None  # Extractor() runs the tagger
    assert pipeline.ExtractFiles().learned_vocabulary
    for function in (pipeline.build, pipeline.build_corpus, pipeline.extract_files):
        default = inspect.signature(function).parameters["learned_vocabulary"].default
        assert default is True, function.__name__

"""The learned NER layer: the packaged tagger alone, and its spans inside the pipeline.

The texts are written here, about invented or public figures; none comes from
the seeds or an evaluation set.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from kgraph.extract.ner import (
    FEATURE_SET,
    CrfTagger,
    chunk_text,
    labels_from_spans,
    model_path,
    spans_from_labels,
)
from kgraph.extract.rules import Extractor
from kgraph.model import Corpus, EntityType
from kgraph.pipeline import analyse, document_from_text, extract_document


@pytest.fixture(scope="module")
def tagger() -> CrfTagger:
    return CrfTagger.packaged()


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def corpus_of(extractor: Extractor, *texts: str) -> Corpus:
    extractions = [
        extract_document(extractor, document_from_text(f"d{i}.txt", text))
        for i, text in enumerate(texts)
    ]
    return analyse(extractions, extractor.gazetteer)


def labels(corpus: Corpus, type_: EntityType) -> set[str]:
    return {e.label for e in corpus.entities if e.type == type_ and e.mentions}


def test_the_model_file_is_the_one_the_training_command_recorded() -> None:
    provenance = json.loads(model_path().with_suffix(".json").read_text(encoding="utf-8"))
    assert hashlib.sha256(model_path().read_bytes()).hexdigest() == provenance["model_sha256"]
    assert provenance["feature_set"] == FEATURE_SET
    assert provenance["inputs"] and all(len(i["sha256"]) == 64 for i in provenance["inputs"])


def test_names_without_titles_or_speech_verbs_are_found(tagger: CrfTagger) -> None:
    text = "邓小平理论和马克思主义是指导思想，孙中山先生的遗愿已经实现。"
    found = {text[s.start : s.end]: s.type for s in tagger.spans([text])[0]}
    assert found.get("邓小平") == "PER" and found.get("孙中山") == "PER"


def test_transliterated_names_are_found_whole(tagger: CrfTagger) -> None:
    text = "俄罗斯总理普里马科夫会见了美国总统克林顿。"
    found = {text[s.start : s.end] for s in tagger.spans([text])[0] if s.type == "PER"}
    assert {"普里马科夫", "克林顿"} <= found


def test_spans_point_into_each_text_and_carry_a_confidence(tagger: CrfTagger) -> None:
    texts = ["", "王建国在上海市浦东新区工作。", "没有名字的一句话。"]
    result = tagger.spans(texts)
    assert len(result) == 3 and result[0] == []
    for text, spans in zip(texts, result, strict=True):
        for span in spans:
            assert 0 <= span.start < span.end <= len(text) and 0.0 < span.confidence <= 1.0


def test_long_input_is_cut_into_bounded_chunks() -> None:
    text = "甲" * 1300 + "。" + "乙，" * 400
    chunks = list(chunk_text(text, max_len=500))
    assert all(len(chunk) <= 500 for _, chunk in chunks)
    assert "".join(chunk for _, chunk in chunks) == text
    assert [offset for offset, _ in chunks] == sorted(offset for offset, _ in chunks)


def test_bioes_labels_round_trip() -> None:
    spans = [(0, 3, "PER"), (4, 5, "LOC"), (6, 10, "ORG")]
    assert spans_from_labels(labels_from_spans(10, spans)) == spans


def test_a_person_without_title_becomes_an_entity_in_traditional_text(extractor: Extractor) -> None:
    corpus = corpus_of(
        extractor, "新聞標題\n克林頓與葉利欽在莫斯科舉行會談，雙方討論了裁軍問題。\n"
    )
    people = labels(corpus, EntityType.PERSON)
    assert {"克林顿", "叶利钦"} <= people
    for entity in corpus.entities:
        for m in entity.mentions:
            assert corpus.documents[0].text[m.start : m.end] == m.surface


def test_a_person_named_with_a_title_keeps_the_name_only(extractor: Extractor) -> None:
    corpus = corpus_of(extractor, "标题\n县委书记王立新到古田县调研，王立新强调要抓好落实。\n")
    assert "王立新" in labels(corpus, EntityType.PERSON)
    assert not any("书记" in label for label in labels(corpus, EntityType.PERSON))


def test_learned_places_merge_with_the_gazetteer_and_keep_places_it_lacks(
    extractor: Extractor,
) -> None:
    corpus = corpus_of(extractor, "标题\n记者从珠海市金湾区获悉，黄浦江和天安门广场游客众多。\n")
    places = labels(corpus, EntityType.PLACE)
    assert {"珠海市", "金湾区"} <= places  # split where the gazetteer's names end
    assert "黄浦江" in places or "天安门广场" in places  # no gazetteer entry, still a place
    assert not any(label.startswith("珠海市金湾") for label in places)


def test_a_country_the_tagger_calls_an_organization_stays_a_place(extractor: Extractor) -> None:
    corpus = corpus_of(extractor, "标题\n日本表示将继续推进合作，日本政府发表声明。\n")
    assert "Organization/日本" not in {e.key for e in corpus.entities}


def test_single_characters_and_common_words_are_not_names(extractor: Extractor) -> None:
    corpus = corpus_of(extractor, "标题\n港澳同胞在码头迎接，美方和中方代表团抵达特区。\n")
    named = {e.label for e in corpus.entities if e.mentions and e.type != EntityType.CONCEPT}
    assert not named & {"港", "澳", "美", "中", "码头", "特区"}


def test_the_extractor_can_run_without_the_learned_layer() -> None:
    rules_only = Extractor(ner=False)
    doc = document_from_text("a.txt", "标题\n邓小平理论是指导思想。\n")
    extraction = extract_document(rules_only, doc)
    assert not any(c.extractor.startswith("ner.") for c in extraction.candidates)


def test_photo_credits_and_sessions_are_not_part_of_names(extractor: Extractor) -> None:
    corpus = corpus_of(
        extractor,
        "标题\n第十四届全国人民代表大会第二次会议在北京开幕。（摄影：王建华）新华社记者陈明摄\n",
    )
    assert {"王建华", "陈明"} <= labels(corpus, EntityType.PERSON)
    assert not any(label.endswith("摄") for label in labels(corpus, EntityType.PERSON))
    assert not any("届" in label for label in labels(corpus, EntityType.ORGANIZATION))

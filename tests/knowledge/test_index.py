"""The hybrid index end to end: real Kiwi, real Chroma (embedded), the real USE v3 model."""

from __future__ import annotations

import logging

import pytest
from langchain_core.embeddings import Embeddings

from knowledge.errors import DocumentError, IndexNotBuilt, QueryError, StorageError
from knowledge.index import KnowledgeIndex


class CountingEmbeddings(Embeddings):
    """The real model, counting how many texts it embeds (to see what a rebuild redoes)."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.embedded = 0

    def embed_documents(self, texts):
        self.embedded += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.mark.parametrize(
    ("query", "section_id"),
    [
        ("방화벽 정책 신청은 어디로 연락하나요?", "vm-firewall-policy"),
        ("Public 서버에서 Private 존 라우팅 추가하는 명령어", "zone-routing"),
        ("which IP range is used for public IPs in Cheonan?", "product-request"),
        ("how do I add another account to my group?", "group-account"),
        ("포트포워딩 설정", "port-forwarding"),
        ("라우딩 테이블 등록 어케함", "zone-routing"),
    ],
    ids=lambda v: v if v.isascii() else None,
)
def test_search_finds_the_answering_section_first(guide_index, query, section_id):
    hits = guide_index.search(query, 3)
    assert hits[0].section_id == section_id


@pytest.mark.parametrize(
    ("query", "correction"),
    [("firewal polcy reqest", "request"), ("라우딩 설졍", "설정"), ("그룹게정 추가", "그룹계정")],
)
def test_typos_are_corrected_from_the_index_vocabulary(guide_index, query, correction):
    weights = guide_index.query_terms.weights(query)
    assert weights[correction] > 0


def test_unknown_words_bring_in_their_glossary_synonyms(guide_index):
    weights = guide_index.query_terms.weights("퍼블릭존 서버")  # the guide writes "Public Zone"
    assert weights.get("public", 0) > 0 and weights["서버"] == 1.0


def test_hits_carry_citation_metadata_and_each_section_once(guide_index):
    hits = guide_index.search("Load Balancer 서비스 IP 방화벽 오픈", 10)
    assert len(hits) == len({h.section_id for h in hits}) == 10
    top = hits[0]
    assert top.section_id == "load-balancer" and top.title == "Load Balancer 이용 방법"
    assert top.metadata["url"] == "/guide#load-balancer" and top.metadata["doc"] == "enterprise-cloud-guide"
    assert top.score > hits[1].score and top.best_sentence in top.text


def test_rebuilding_unchanged_sources_redoes_nothing(fresh_index_dir, use_embeddings):
    counting = CountingEmbeddings(use_embeddings)
    report = KnowledgeIndex(fresh_index_dir, counting, "use-v3").build()
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 30)
    assert counting.embedded == 0


def test_added_documents_are_indexed_remembered_updated_and_dropped(fresh_index_dir, use_embeddings, tmp_path, caplog):
    doc = tmp_path / "maintenance.md"
    doc.write_text(
        "# 정기 점검 안내\n\n매월 셋째 주 토요일 02:00-04:00 에 포탈 정기 점검이 있습니다.\n", encoding="utf-8"
    )
    counting = CountingEmbeddings(use_embeddings)
    index = KnowledgeIndex(fresh_index_dir, counting, "use-v3")

    report = index.build([doc])
    assert (report.added, report.unchanged) == (1, 30)
    assert index.search("포탈 정기 점검 언제 해요?", 1)[0].metadata["doc"] == "maintenance"

    report = index.build()  # no --docs: the added document is remembered
    assert (report.added, report.updated, report.total) == (0, 0, 31)

    doc.write_text("# 정기 점검 안내\n\n매월 첫째 주 일요일에 정기 점검이 있습니다.\n", encoding="utf-8")
    assert index.build().updated == 1

    doc.unlink()
    with caplog.at_level(logging.WARNING):
        report = index.build()
    assert (report.removed, report.total) == (1, 30)
    assert "no longer exists" in caplog.text


def test_a_bad_document_fails_the_build_and_keeps_the_index(fresh_index_dir, use_embeddings, tmp_path):
    before = {p.name: p.read_bytes() for p in fresh_index_dir.iterdir() if p.is_file()}
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.7")
    index = KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3")
    with pytest.raises(DocumentError, match=r"unsupported type '\.pdf'"):
        index.build([bad])
    assert {p.name: p.read_bytes() for p in fresh_index_dir.iterdir() if p.is_file()} == before
    index.load()
    assert index.search("VPN 신청", 1)[0].section_id == "vpn"


def test_two_documents_with_the_same_id_are_refused(fresh_index_dir, use_embeddings, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "faq.md").write_text(f"# FAQ\n\nanswers from {folder}\n")
    with pytest.raises(DocumentError, match="both have the id 'faq'"):
        KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3").build([tmp_path])


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: (d / "chunks.jsonl").write_text("{not json"),
        lambda d: (d / "chunks.jsonl").unlink(),
        lambda d: (d / "manifest.json").write_text("[]"),
        lambda d: __import__("shutil").rmtree(d / "chroma"),
        lambda d: (d / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100),
    ],
    ids=[
        "garbled chunk records",
        "missing chunk records",
        "garbled manifest",
        "vector store deleted",
        "vector db garbled",
    ],
)
def test_a_damaged_index_rebuilds_itself(fresh_index_dir, use_embeddings, damage, caplog):
    damage(fresh_index_dir)
    index = KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3")
    with caplog.at_level(logging.WARNING):
        report = index.ensure()
    assert report is not None and report.total == 30
    assert index.search("그룹계정 만들기", 1)[0].section_id == "group-account"
    assert KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3").ensure() is None  # healthy again


def test_a_missing_index_builds_itself(tmp_path, use_embeddings):
    index = KnowledgeIndex(tmp_path / "new", use_embeddings, "use-v3")
    report = index.ensure()
    assert report is not None and report.reason == "no index yet"


def test_searching_before_loading_says_so(tmp_path, use_embeddings):
    with pytest.raises(IndexNotBuilt):
        KnowledgeIndex(tmp_path, use_embeddings, "use-v3").search("vpn")
    with pytest.raises(IndexNotBuilt, match="index build"):
        KnowledgeIndex(tmp_path, use_embeddings, "use-v3").load()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "query is empty"),
        ("   \n\t ", "query is empty"),
        ("\x00\x01\x1b\u200b", "query is empty"),
        ("라우팅" * 40_000, "query is too long (120,000 characters; the limit is 2,000)"),
    ],
    ids=["empty", "whitespace", "control characters only", "100 000+ characters"],
)
def test_bad_queries_are_one_line_errors(guide_index, query, message):
    with pytest.raises(QueryError) as info:
        guide_index.search(query)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_control_characters_inside_a_query_are_ignored(guide_index):
    assert guide_index.search("VPN\x00 신청\x07 방법\u200b", 1)[0].section_id == "vpn"


@pytest.mark.parametrize("k", [0, 101])
def test_k_out_of_range_is_an_error(guide_index, k):
    with pytest.raises(QueryError, match="k must be between 1 and 100"):
        guide_index.search("vpn", k)


def _vectors_match_records(index: KnowledgeIndex) -> bool:
    stored = index._open_vectors().stored_hashes()
    expected = {vid: r.content_hash for r in index.records for vid in r.vector_ids}
    return stored == expected


def test_a_build_that_dies_while_writing_is_repaired_on_the_next_start(fresh_index_dir, use_embeddings, tmp_path):
    doc = tmp_path / "animals.md"
    doc.write_text("# Password reset\n\nUse the portal to reset a password.\n")
    KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3").build([doc])
    doc.write_text("# Password reset\n\nZebra giraffe safari.\n")
    (fresh_index_dir / "chunks.jsonl").unlink()
    (fresh_index_dir / "chunks.jsonl").mkdir()  # the records can no longer be written: the build dies late
    with pytest.raises(StorageError, match="cannot write the index"):
        KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3").build()
    (fresh_index_dir / "chunks.jsonl").rmdir()
    doc.write_text("# Password reset\n\nUse the portal to reset a password.\n")  # the user reverts the edit

    index = KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3")
    report = index.ensure()
    assert report is not None and report.total == 31
    assert _vectors_match_records(index)  # no vector of the zebra text is left behind


def test_switching_embedding_models_back_rechecks_that_models_vectors(fresh_index_dir, use_embeddings, tmp_path):
    from knowledge.embeddings import SentenceTransformerEmbeddings

    doc = tmp_path / "faq.md"
    doc.write_text("# FAQ\n\nFirst answer.\n")
    KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3").build([doc])
    doc.write_text("# FAQ\n\nSecond answer.\n")
    minilm = KnowledgeIndex(fresh_index_dir, SentenceTransformerEmbeddings("all-MiniLM-L6-v2"), "st-minilm")
    assert minilm.ensure() is not None

    back = KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3")
    report = back.ensure()
    assert report is not None and report.updated == 1 and report.added == 0
    assert _vectors_match_records(back)


def test_unreadable_records_keep_the_added_documents(fresh_index_dir, use_embeddings, tmp_path):
    doc = tmp_path / "extra.md"
    doc.write_text("# Extra\n\nAn added document.\n")
    KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3").build([doc])
    (fresh_index_dir / "chunks.jsonl").write_text("garbage")
    report = KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3").ensure()
    assert report is not None and report.total == 31 and report.removed == 0
    assert report.extra_docs == (str(doc.resolve()),)


def test_forgetting_an_added_document(fresh_index_dir, use_embeddings, tmp_path):
    doc = tmp_path / "extra.md"
    doc.write_text("# Extra\n\nAn added document.\n")
    index = KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3")
    index.build([doc])
    report = index.build(forget=[doc])
    assert (report.removed, report.total, report.extra_docs) == (1, 30, ())


def test_a_remembered_document_gone_bad_does_not_stop_the_service(fresh_index_dir, use_embeddings, tmp_path, caplog):
    doc = tmp_path / "extra.md"
    doc.write_text("# Extra\n\nAn added document about invoices.\n")
    KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3").build([doc])
    doc.write_bytes(b"\xff\xfe not utf-8")
    index = KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3")
    with caplog.at_level(logging.WARNING):
        assert index.ensure() is None
    assert "serving the index as last built" in caplog.text
    assert index.search("invoices", 1)[0].metadata["doc"] == "extra"
    with pytest.raises(DocumentError, match="is not UTF-8"):
        index.build()
    assert index.build(forget=[doc]).total == 30


def test_a_data_dir_that_is_a_file_is_a_clear_error(tmp_path, use_embeddings):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="is a file"):
        KnowledgeIndex(blocker / "index", use_embeddings, "use-v3").ensure()


def test_processes_starting_together_on_a_new_data_dir_build_once(tmp_path):
    import subprocess
    import sys

    code = (
        "import logging, sys; logging.basicConfig(level=logging.INFO)\n"
        "from pathlib import Path\n"
        "from knowledge.embeddings import make_embeddings\n"
        "from knowledge.index import KnowledgeIndex\n"
        "index = KnowledgeIndex(Path(sys.argv[1]), make_embeddings('use-v3'), 'use-v3')\n"
        "report = index.ensure()\n"
        "print('built' if report else 'loaded', index.search('VPN 신청', 1)[0].section_id)\n"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "index")], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outputs = sorted(p.communicate(timeout=300)[0].strip() for p in processes)
    assert all(p.returncode == 0 for p in processes)
    assert outputs == ["built vpn", "loaded vpn", "loaded vpn"]
    assert not list(tmp_path.glob("index/chroma.corrupt-*"))

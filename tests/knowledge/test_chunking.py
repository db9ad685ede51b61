"""Heading-aware chunking: whole paragraphs, whole code blocks, metadata for citations."""

from __future__ import annotations

from knowledge.chunking import chunk_section, chunk_sections
from knowledge.guide import load_guide
from knowledge.sections import Section


def _section(body: str, heading: str = "라우팅 설정") -> Section:
    return Section("doc", "routing", heading, heading, 2, "ko", body, ("Guide",), "doc.md")


def test_every_guide_section_is_one_chunk_with_its_metadata():
    chunks = chunk_sections(load_guide())
    assert len(chunks) == 30  # 15 sections × 2 languages, none long enough to split
    meta = next(c for c in chunks if c.chunk_id == "enterprise-cloud-guide:en:vm-firewall-policy:0").metadata
    assert meta["title"] == "VM 방화벽 정책 설정 요청"  # the guide's heading, even for the translation
    assert meta["heading"] != meta["title"] and meta["language"] == "en" and meta["translation"] == 1
    assert meta["url"] == "/guide#vm-firewall-policy" and len(meta["content_hash"]) == 16


def test_long_sections_split_on_paragraphs_and_never_inside_a_code_block():
    code = "```console\n" + "\n".join(
        f"route add -net 10.21.{i}.0 netmask 255.255.255.0 gw 10.20.{i}.1" for i in range(20)
    )
    body = "\n\n".join(["첫 문단 " * 40, code + "\n```", "마지막 문단 " * 40])
    chunks = chunk_section(_section(body), max_chars=600)
    assert len(chunks) == 3
    assert chunks[1].text.count("```") == 2  # the block is whole in one chunk
    assert all(c.text.startswith("라우팅 설정\n") for c in chunks)
    assert [c.part for c in chunks] == [0, 1, 2]


def test_content_hash_changes_with_the_text_only():
    a = chunk_section(_section("본문 A"))[0]
    assert a.content_hash == chunk_section(_section("본문 A"))[0].content_hash
    assert a.content_hash != chunk_section(_section("본문 B"))[0].content_hash


def test_sentence_views_are_prose_lines_prefixed_with_the_heading():
    body = "첫 번째 안내 문장입니다.\n\n```\nroute -n\n```\n\n- 두 번째 안내 문장입니다."
    views = chunk_section(_section(body))[0].sentences
    assert views == ("라우팅 설정: 첫 번째 안내 문장입니다.", "라우팅 설정: 두 번째 안내 문장입니다.")

"""Reading user documents: Markdown, HTML and text into sections; bad files are one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.errors import DocumentError
from knowledge.loaders import load_document, load_documents
from knowledge.sections import parse_markdown_sections, slugify
from knowledge.text_analysis import detect_language


def test_markdown_headings_become_sections_with_ids_and_parents():
    text = "# Guide {#top}\n\nintro\n\n## 방화벽 설정\n\nbody\n\n### Sub part\n\nmore\n"
    sections = parse_markdown_sections(text, doc="d", language="ko")
    assert [(s.section_id, s.level, s.heading) for s in sections] == [
        ("top", 1, "Guide"),
        ("방화벽-설정", 2, "방화벽 설정"),
        ("sub-part", 3, "Sub part"),
    ]
    assert sections[2].parents == ("Guide", "방화벽 설정")


def test_a_hash_line_inside_a_code_block_is_not_a_heading():
    text = "## Setup\n\n```bash\n# not a heading\nroute -n\n```\n"
    sections = parse_markdown_sections(text, doc="d", language="en")
    assert len(sections) == 1
    assert "# not a heading" in sections[0].body


def test_duplicate_headings_get_distinct_ids():
    sections = parse_markdown_sections("## A\n\nx\n\n## A\n\ny\n", doc="d", language="en")
    assert [s.section_id for s in sections] == ["a", "a-2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("VM 방화벽 정책 설정 요청", "vm-방화벽-정책-설정-요청"),
        ("Load Balancer 이용 방법", "load-balancer-이용-방법"),
        ("!!!", "section"),
    ],
)
def test_slugify_keeps_hangul_and_folds_the_rest(text, expected):
    assert slugify(text) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [("방화벽 정책은 어떻게 신청하나요?", "ko"), ("How do I open the firewall?", "en"), ("Public F/W 오픈 요청", "ko")],
)
def test_language_detection(text, language):
    assert detect_language(text) == language


def test_markdown_file_with_front_matter(tmp_path):
    path = tmp_path / "faq.md"
    path.write_text("---\ndoc: faq\nlanguage: en\n---\n# FAQ\n\n## Billing {#billing}\n\nInvoices monthly.\n")
    sections = load_document(path)
    assert [s.section_id for s in sections] == ["faq", "billing"]
    assert sections[1].doc == "faq" and sections[1].language == "en" and sections[1].url == "/docs/faq#billing"


def test_html_file_keeps_headings_and_text_and_drops_page_chrome(tmp_path):
    path = tmp_path / "notice.html"
    path.write_text(
        "<html lang='ko'><body><nav>메뉴 홈 로그인</nav><h1 id='n'>공지</h1><p>점검은 <b>토요일</b>입니다.</p>"
        "<h2>연락처</h2><ul><li>전화 02-123-4567</li></ul><script>alert(1)</script><footer>ⓒ</footer></body></html>",
        encoding="utf-8",
    )
    sections = load_document(path)
    assert [s.heading for s in sections] == ["공지", "연락처"]
    assert sections[0].section_id == "n"
    assert "점검은 토요일 입니다." in sections[0].body or "점검은 토요일입니다." in sections[0].body
    joined = " ".join(s.body for s in sections)
    assert "메뉴" not in joined and "alert" not in joined and "02-123-4567" in joined
    assert sections[0].language == "ko"


def test_plain_text_file_becomes_one_section_named_after_the_file(tmp_path):
    path = tmp_path / "vpn-notes.txt"
    path.write_text("VPN tunnels need the public IP of the customer gateway.\n")
    (section,) = load_document(path)
    assert section.heading == "vpn-notes" and section.language == "en" and "customer gateway" in section.body


def test_folders_are_walked_for_supported_files_only(tmp_path):
    (tmp_path / "a.md").write_text("# A\n\ntext a\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("text b\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    sections = load_documents([tmp_path])
    assert {s.doc for s in sections} == {"a", "b"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"%PDF-1.4", "unsupported type '.pdf'"),
        ("binary.txt", b"abc\x00\x01\x02", "is binary"),
        ("latin1.md", "caf\xe9".encode("latin-1"), "is not UTF-8"),
        ("empty.md", b"   \n", "has no text"),
    ],
    ids=["unsupported type", "binary content", "not utf-8", "empty file"],
)
def test_bad_documents_are_one_line_errors_quoting_the_path(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as info:
        load_document(path)
    assert message in str(info.value) and str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_document_is_an_error():
    with pytest.raises(DocumentError, match="does not exist"):
        load_documents([Path("/nonexistent/guide.md")])


def test_windows_line_endings_and_front_matter_at_the_end_of_file(tmp_path):
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(b"---\r\ndoc: crlf-doc\r\nlanguage: en\r\n---\r\n# Title\r\n\r\nBody text.\r\n")
    sections = load_document(crlf)
    assert [(s.doc, s.section_id, s.body) for s in sections] == [("crlf-doc", "title", "Body text.")]
    only_meta = tmp_path / "meta.md"
    only_meta.write_text("---\ndoc: x\n---")
    with pytest.raises(DocumentError, match="has no text"):
        load_document(only_meta)


def test_declared_doc_ids_are_made_safe_for_ids_and_urls(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ndoc: My#Doc/Name v2\n---\n# Intro\n\ntext\n")
    (section,) = load_document(path)
    assert section.doc == "my-doc-name-v2" and section.url == "/docs/my-doc-name-v2#intro"


def test_html_text_is_never_read_as_markdown(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<h2 id='섹션 1'>설치 안내</h2><p># 이것은 제목이 아닙니다</p>"
        "<pre>echo one\n```\necho two</pre><p>끝 문단입니다.</p>",
        encoding="utf-8",
    )
    (section,) = load_document(path)
    assert section.heading == "설치 안내" and section.section_id == "섹션-1"
    assert "# 이것은 제목이 아닙니다" in section.body and "echo two" in section.body
    from knowledge.chunking import chunk_section

    assert chunk_section(section)[0].sentences[-1].endswith("끝 문단입니다.")


def test_the_same_file_reached_twice_is_loaded_once(tmp_path):
    (tmp_path / "a.md").write_text("# A\n\ntext\n")
    sections = load_documents([tmp_path, tmp_path / "a.md", tmp_path / "." / "a.md"])
    assert len(sections) == 1


@pytest.mark.parametrize("content", [[], ["scan.pdf"]], ids=["empty folder", "only unsupported files"])
def test_a_folder_without_documents_is_an_error(tmp_path, content):
    for name in content:
        (tmp_path / name).write_bytes(b"%PDF")
    with pytest.raises(DocumentError, match="has no documents of a supported type"):
        load_documents([tmp_path])

"""The structured guide source against the original page: every fact kept, every heading a section."""

from __future__ import annotations

import re
import tomllib

import pytest

from knowledge.glossary import DEFAULT_GLOSSARY
from knowledge.guide import GUIDE_FILES, load_guide

ORIGINAL_HEADINGS = [
    "[KT클라우드]Enterprise Cloud 이용 방법",
    "컨설팅 신청",
    "고객 컨설팅",
    "고객 도메인 생성 (KT 운영센터) 및 고객 계정 생성 (고객사)",
    "상품 신청",
    "VM 생성",
    "Public VR에서 VM으로 Port Forwarding 설정",
    "VM 방화벽 정책 설정 요청",
    "Public/Private VM CIP interface 설정",
    "Public Zone 과 Private Zone간 네트워크 라우팅 설정",
    "KT 고객센터로 작업요청",
    "userdata를 이용",
    "Load Balancer 이용 방법",
    "VPN 이용 방법",
    "그룹계정 관리",
]

FACT_PATTERNS = {
    "ip": r"(?<![\w.])(?:\d{1,3}|X{1,2})(?:\.(?:\d{1,3}|X{1,2})){3}(?:/\d{1,2})?(?::\d+)?",
    "email": r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "phone": r"\d{2,4}-\d{3,4}-\d{4}(?:~\d)?",
    "url": r"https?://[\w./-]+",
}
WEB_NOISE = [
    "댓글",
    "등록된 댓글이 없습니다",
    "현재 회원수",
    "현재 강좌수",
    "현재 접속자",
    "공지사항",
    "뉴스광장",
    "관련자료",
    "작성자 정보",
]


def _ascii_dashes(text: str) -> str:
    return text.replace("–", "-").replace("—", "-")


def _facts(text: str, kind: str) -> set[str]:
    return set(re.findall(FACT_PATTERNS[kind], _ascii_dashes(text)))


def _commands(text: str) -> set[str]:
    """Shell commands typed at a `[root@...]#` prompt, without the prompt."""
    return {m.strip() for m in re.findall(r"\[root@[^\]]*\]#\s*(.+)", _ascii_dashes(text))}


@pytest.fixture(scope="module")
def korean_source() -> str:
    return GUIDE_FILES[0].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def english_source() -> str:
    return GUIDE_FILES[1].read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(FACT_PATTERNS), ids=lambda k: f"every {k} of the original is kept, none added")
def test_facts_match_the_original_both_ways(original_guide_text, korean_source, kind):
    original = _facts(original_guide_text, kind)
    assert original, f"the original should contain {kind} facts"
    assert original == _facts(korean_source, kind)


def test_commands_match_the_original_both_ways(original_guide_text, korean_source):
    original = _commands(original_guide_text)
    assert len(original) >= 8
    assert original == _commands(korean_source)


def test_commands_use_ascii_hyphens_and_sit_in_code_blocks(korean_source):
    assert "–" not in korean_source
    blocks = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", korean_source, flags=re.S))
    assert "route add -net 10.21.X.0 netmask 255.255.255.0 gw 10.20.X.1" in blocks
    for command in _commands(korean_source):
        assert command in blocks


def test_every_heading_of_the_original_is_a_section_with_its_heading_verbatim(original_guide_text):
    original_lines = {line.strip() for line in original_guide_text.splitlines()}
    korean = [s for s in load_guide() if s.language == "ko"]
    assert [s.title for s in korean] == ORIGINAL_HEADINGS
    for heading in ORIGINAL_HEADINGS:
        assert heading in original_lines


def test_section_ids_are_unique_and_stable():
    korean = [s.section_id for s in load_guide() if s.language == "ko"]
    assert len(set(korean)) == len(korean)
    assert {"vm-firewall-policy", "zone-routing", "cip-interface", "load-balancer"} <= set(korean)


def test_web_noise_is_removed(korean_source):
    for noise in WEB_NOISE:
        assert noise not in korean_source


def test_every_sentence_of_the_original_body_is_kept(original_guide_text, korean_source):
    """Each line of the article body appears in the source (list bullets and dash style aside)."""
    body = original_guide_text.split("본문", 1)[1].split("관련자료", 1)[0]
    normalized_source = " ".join(_ascii_dashes(korean_source).split())
    for line in body.splitlines():
        text = " ".join(_ascii_dashes(line).replace("•", "").split())
        if not text or text.startswith("Kernel IP routing table"):
            continue
        assert text in normalized_source, text


def test_english_companion_has_the_same_sections_marked_as_translation(korean_source, english_source):
    guide = load_guide()
    korean = [s for s in guide if s.language == "ko"]
    english = [s for s in guide if s.language == "en"]
    assert [s.section_id for s in english] == [s.section_id for s in korean]
    assert all(s.translation_of == "enterprise-cloud-guide.ko.md" for s in english)
    assert "English translation" in english_source
    # a translation is cited with the guide's own (Korean) heading
    assert [s.title for s in english] == [s.title for s in korean]


@pytest.mark.parametrize("kind", sorted(FACT_PATTERNS))
def test_english_companion_keeps_every_fact(korean_source, english_source, kind):
    assert _facts(korean_source, kind) <= _facts(english_source, kind)


def test_english_companion_keeps_the_commands(korean_source, english_source):
    assert _commands(korean_source) - {c for c in _commands(korean_source) if "→" in c or "←" in c} <= _commands(
        english_source
    )


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("방화벽", "firewall"),
        ("라우팅", "routing"),
        ("포트포워딩", "port forwarding"),
        ("고객센터", "support center"),
        ("그룹계정", "group account"),
    ],
)
def test_glossary_pairs_the_core_terms(korean, english):
    entries = tomllib.loads(DEFAULT_GLOSSARY.read_text(encoding="utf-8"))["term"]
    assert any(korean in e["ko"] and english in e["en"] for e in entries)

"""Synthetic corpora for the scale benchmark: the guide's sections perturbed and mixed with other text.

Each generated section keeps a guide section's heading words and two or three of its lines with the numbers,
addresses and ports changed, plus one line of unrelated operations text; Korean and English in the guide's
proportions. Seeded, so two runs index the same corpus.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from knowledge.guide import load_guide

__all__ = ["write_corpus"]

SECTIONS_PER_FILE = 1000

_OTHER_TEXT = {
    "ko": [
        "정기 점검 기간에는 콘솔 접속이 지연될 수 있으니 작업 일정을 미리 확인하세요.",
        "백업 정책은 서비스별 담당자와 협의하여 보관 주기를 정합니다.",
        "모니터링 대시보드에서 CPU와 메모리 사용률 추이를 주간 단위로 검토합니다.",
        "신규 계정 발급 후 최초 로그인 시 비밀번호 변경이 필요합니다.",
        "스토리지 증설 요청은 용량과 사용 목적을 함께 적어 접수합니다.",
        "장애 보고서는 발생 시각, 영향 범위, 조치 내용을 포함해야 합니다.",
        "로드밸런서 상태 점검 주기는 기본 5초이며 필요 시 조정할 수 있습니다.",
        "운영 체제 패치는 사전 공지 후 야간 작업 시간에 적용합니다.",
    ],
    "en": [
        "During scheduled maintenance the console may respond slowly, so check the work calendar first.",
        "Backup retention is agreed with each service owner before the first snapshot is taken.",
        "Review the CPU and memory trends on the monitoring dashboard every week.",
        "A new account must change its password at the first login.",
        "Storage expansion requests state the capacity and the purpose of the volume.",
        "An incident report includes the start time, the affected scope and the actions taken.",
        "Load balancer health checks run every 5 seconds by default and can be tuned.",
        "Operating system patches are applied in the night window after a notice.",
    ],
}

_NUMBER = re.compile(r"\d+")


def _perturb(line: str, rng: random.Random) -> str:
    """The line with every number replaced by another of similar size (addresses, ports, counts)."""
    return _NUMBER.sub(lambda m: str(rng.randint(1, 254) if len(m.group()) <= 3 else rng.randint(1000, 65000)), line)


def _section_text(index: int, rng: random.Random, sources: list[tuple[str, str, list[str]]]) -> str:
    language, heading, lines = rng.choice(sources)
    picked = rng.sample(lines, min(len(lines), rng.randint(2, 3)))
    body = [_perturb(line, rng) for line in picked] + [rng.choice(_OTHER_TEXT[language])]
    return f"## {heading} {index:06d}\n\n" + "\n".join(body) + "\n"


def write_corpus(folder: Path, chunks: int, seed: int = 7) -> list[Path]:
    """`chunks` one-chunk sections in Markdown files under `folder` (created); returns the files."""
    rng = random.Random(seed)
    sources = []
    for section in load_guide():
        lines = [line.strip() for line in section.body.splitlines() if len(line.strip()) >= 12]
        lines = [line for line in lines if not line.startswith(("```", "|", "#"))]
        if len(lines) >= 2:
            sources.append((section.language, section.heading, lines))
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for start in range(0, chunks, SECTIONS_PER_FILE):
        path = folder / f"synthetic-{start // SECTIONS_PER_FILE:04d}.md"
        count = min(SECTIONS_PER_FILE, chunks - start)
        sections = [_section_text(start + i, rng, sources) for i in range(count)]
        path.write_text(f"---\ndoc: synthetic-{start // SECTIONS_PER_FILE:04d}\n---\n\n" + "\n".join(sections))
        files.append(path)
    return files

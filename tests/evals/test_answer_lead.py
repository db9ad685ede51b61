"""The answer-lead check: what an answer leads with is its first sentence (two when the first is a bare yes/no),
after an agent draft's salutation; the median knowledge-answer length is reported beside the rates."""

from __future__ import annotations

from evals.answer_checks import CaseScore
from evals.answer_run import aggregate
from evals.fact_checks import lead_sentence


def test_the_lead_is_the_first_sentence_and_keeps_ip_addresses_whole():
    answer = "Public-LB 서비스 IP(14.49.X.X)는 Public F/W에서 차단됩니다. 그래서 오픈 요청이 필요합니다.\n\n- 더보기"
    assert lead_sentence(answer) == "Public-LB 서비스 IP(14.49.X.X)는 Public F/W에서 차단됩니다."
    assert lead_sentence("**Yes.** Group accounts allow consolidated billing. Details follow.") == (
        "Yes. Group accounts allow consolidated billing."
    )
    assert lead_sentence("- 아니요, 직접 만들지 않습니다\n- KT 운영센터가 만듭니다") == "아니요, 직접 만들지 않습니다"


def test_an_agent_draft_is_judged_after_its_salutation():
    draft = "Hello, thank you for contacting KT Cloud support.\n\nYou need the account information. More text."
    assert lead_sentence(draft, after_salutation=True) == "You need the account information."
    assert lead_sentence(draft) == "Hello, thank you for contacting KT Cloud support."


def test_the_median_knowledge_answer_length_counts_knowledge_answers_only():
    scores = [
        CaseScore("a", "ko", "guide", "dev", "knowledge", "x" * 100, knowledge_chars=100),
        CaseScore("b", "ko", "guide", "dev", "knowledge", "x" * 300, knowledge_chars=300),
        CaseScore("c", "ko", "tool", "dev", "tool", "x" * 5000),
    ]
    summary = aggregate(scores)
    assert summary["knowledge_chars_p50"] == 200 and summary["knowledge_chars_n"] == 2

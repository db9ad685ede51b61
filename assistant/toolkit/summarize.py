"""Network summarization as a chat tool: the fewest networks covering exactly the given ones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from assistant.answer_draft import AnswerDraft, Cite
from assistant.extraction import MessageParameters
from assistant.toolkit.base import ChatTool, CliShape, FollowUps
from assistant.word_patterns import any_word
from assistant.wording import Phrase
from tools.summary import Summary, summarize_networks

__all__ = ["SummarizeInput", "SummarizeNetworks"]

SUMMARIZE_WORDS = any_word(
    r"합치", r"합쳐", r"요약", r"summar", r"aggregat", r"supernet", r"슈퍼넷", r"묶어", r"묶으", r"묶으면",
    r"\bmerged?\b", r"\bcombine", r"\bcollapse", r"fewer (?:routes|networks|lines|entries|rules|cidrs)",
    r"최소\s*개수", r"줄여",
)  # fmt: skip
_SUMMARISED = Phrase("{networks}을(를) 합치면 다음과 같습니다.", "{networks} summarised:")


class SummarizeInput(BaseModel):
    networks: list[str] = Field(min_length=1, description="Networks to merge into the fewest covering networks.")


class SummarizeNetworks(ChatTool[SummarizeInput, Summary]):
    kind = "summarize"
    name = "summarize_networks"
    command = "summarize"
    summary = "The fewest networks covering exactly the given ones"
    description = "The fewest networks that cover exactly the given ones."
    input_model = SummarizeInput
    section_id = "cip-interface"
    offers = Phrase("네트워크 요약", "network summaries")
    produces = Phrase("네트워크 요약을", "the summary")
    asks: ClassVar[Mapping[str, Phrase]] = {"networks": Phrase("합칠 네트워크 목록", "the networks to merge")}
    follow_ups = FollowUps((), ())
    cli = CliShape(arguments=("networks",))

    def run(self, params: SummarizeInput) -> Summary:
        return summarize_networks(params.networks)

    def to_json(self, result: Summary, params: SummarizeInput) -> dict[str, Any]:
        return {"networks": list(result.networks), "summary": [str(n) for n in result.summary]}

    def render_text(self, result: Summary, params: SummarizeInput) -> str:
        return "\n".join(str(n) for n in result.summary)

    def compose(
        self, result: Summary, params: SummarizeInput, language: str, cite: Cite, focus: str | None
    ) -> AnswerDraft:
        intro = _SUMMARISED(language, networks=", ".join(result.networks))
        return AnswerDraft(language, intro, steps=[str(n) for n in result.summary])

    def wants(self, text: str, found: MessageParameters) -> bool:
        return bool(SUMMARIZE_WORDS.search(text)) and len([a for a in found.endpoints if a.has_prefix]) >= 2

    def read(self, text: str, found: MessageParameters, known: Mapping[str, Any]) -> dict[str, Any]:
        networks = [a.text for a in found.endpoints]
        return {"networks": networks} if networks else {}

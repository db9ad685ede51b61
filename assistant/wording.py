"""Every fixed sentence the assistant says, in Korean and English side by side, so both languages stay in step.

A `Phrase` is one sentence in both languages with the same `{placeholders}`; a test checks every phrase here and in
the tool modules (`assistant/toolkit/`, which keep the sentences only their tool says) for matching placeholders.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Phrase"]


class Phrase(NamedTuple):
    """One sentence in Korean and English; calling it picks the language and fills the placeholders."""

    ko: str
    en: str

    def __call__(self, language: str, **values: object) -> str:
        return (self.ko if language == "ko" else self.en).format(**values)


# --- the turn ----------------------------------------------------------------------------------------------------

EMPTY_MESSAGE = Phrase("메시지가 비어 있습니다. 질문을 입력해 주세요", "the message is empty: type a question")
MESSAGE_TOO_LONG = Phrase(
    "메시지가 너무 깁니다 ({size:,}자, 최대 {limit:,}자)",
    "the message is too long ({size:,} characters; the limit is {limit:,})",
)
SECRET_MASKED_NOTE = Phrase(
    "메시지에 비밀번호/키가 있어 가렸습니다. 고객에게 변경을 안내하세요.",
    "The message contained a password or key; it was masked. Ask the customer to change it.",
)
INJECTION_IGNORED_NOTE = Phrase(
    "지시 변경 시도 문구가 있어 무시했습니다.", "Ignored text that tried to change instructions."
)
LOW_CONFIDENCE_NOTE = Phrase("confidence: low", "confidence: low")
GUIDE_IS_UNCLEAR = Phrase("가이드에 명확한 답이 없습니다.", "The guide does not clearly answer this.")
UNVERIFIED_ANSWER = Phrase("답변을 검증하지 못했습니다", "the answer could not be verified")

# --- guide answers -----------------------------------------------------------------------------------------------

MORE_FROM_GUIDE = Phrase("가이드의 관련 내용:", "More from the guide:")
YES = Phrase("네", "Yes")
NO = Phrase("아니요", "No")
YES_NO_OPENING = Phrase("{answer}, {sentence}", "{answer}. {sentence}")
PLACEHOLDER_VALUES = Phrase(
    "가이드 예시의 X는 실제 값으로 바꿔야 합니다. 서버의 CIP와 상대 대역을 알려주시면 정확한 명령어를 만들어 드립니다.",
    "The X in the guide's example stands for your own values. Tell me the server's CIP and the other zone's range "
    "and I will generate the exact commands.",
)
SOURCE_SECTION_NOTE = Phrase("근거 섹션: {title} ({url})", "Source section: {title} ({url})")
CHECK_QUOTED_STEPS_NOTE = Phrase(
    "가이드 문장을 그대로 인용했습니다. 고객 환경(존, IP, OS)에 맞는지 확인 후 발송하세요.",
    "The steps quote the guide; check they fit the customer's zone, IPs and OS before sending.",
)
GUIDE_DOES_NOT_SAY = Phrase(
    "가이드에서 이 질문에 대한 답을 찾지 못했습니다. 가장 가까운 가이드 섹션은 다음과 같습니다.",
    "The guide does not say. These are the closest sections of the guide:",
)
ASK_FOR_DEFINITE_ANSWER = Phrase(
    "정확한 안내가 필요하시면 컨설팅 담당자나 KT 고객센터에 문의해 주세요.",
    "For a definite answer, please ask your consulting manager or the KT support center.",
)
LOW_RETRIEVAL_NOTE = Phrase(
    "검색 신뢰도가 낮습니다: 가이드에 답이 없을 수 있으니 담당 부서에 확인하세요.",
    "Low retrieval confidence: the guide may not cover this; check with the responsible team.",
)

# --- clarifications, refusals, small talk, errors -----------------------------------------------------------------

ALSO_NEEDED = Phrase("이 정보도 필요합니다:", "I also still need:")
STILL_NEEDED = Phrase("{what} 만들려면 다음 정보가 더 필요합니다.", "To produce {what} I still need:")
VALUES_SO_FAR = Phrase("지금까지 알려주신 값: {shown}", "What I have so far: {shown}")
MISSING_NOTE = Phrase("누락 정보: {names}", "Missing: {names}")
STILL_TO_GET = Phrase("고객에게 받아야 할 항목: {fields}", "Still to get from the customer: {fields}")
SCOPE = Phrase(
    "저는 KT Cloud Enterprise Cloud 이용 가이드(컨설팅 신청, 도메인·계정, 상품 신청, VM 생성, Port Forwarding, "
    "방화벽 정책, CIP·라우팅, Load Balancer, VPN, 그룹계정)에 대한 질문에 답하고, 다음을 만들어 드립니다: {tools}.",
    "I answer questions about the KT Cloud Enterprise Cloud onboarding guide (consulting, domain and account, "
    "product requests, VMs, port forwarding, firewall policies, CIP and routing, load balancers, VPN, group "
    "accounts) and generate: {tools}.",
)
ASK_OTHER_CLOUD = Phrase(
    "다른 클라우드 서비스는 해당 제공사의 공식 문서나 지원 창구에 문의해 주세요.",
    "For other cloud providers, please check their own documentation or support.",
)
ASK_ABOUT_PRICES = Phrase(
    "요금과 견적은 가이드에 나와 있지 않으니 컨설팅 담당자나 KT Cloud 고객센터에 문의해 주세요.",
    "Prices are not in the guide; please ask your consulting manager or the KT Cloud support center.",
)
OUT_OF_SCOPE = Phrase(
    "죄송하지만 이 질문은 제가 안내할 수 있는 범위가 아닙니다.", "Sorry, that is outside what I can help with."
)
VAGUE_REPORT_NOTE = Phrase(
    "증상이 모호해 원인 후보를 제시하고 상황을 되물었습니다.",
    "The report is vague: asked what happens and offered the likely causes.",
)
GUIDE_DOES_NOT_COVER = Phrase(
    "이 내용은 Enterprise Cloud 이용 가이드에서 다루지 않습니다.",
    "The Enterprise Cloud onboarding guide does not cover this.",
)
ASK_CONSULTING_OR_SUPPORT = Phrase(
    "정확한 안내는 컨설팅 담당자나 KT 고객센터에 문의해 주세요.",
    "Please ask your consulting manager or the KT support center.",
)
YOU_ARE_WELCOME = Phrase(
    "천만에요! 더 궁금한 점이 있으면 언제든 물어보세요.", "You're welcome! Ask me anytime if anything else comes up."
)
GOODBYE = Phrase("이용해 주셔서 감사합니다. 좋은 하루 보내세요!", "Thanks for stopping by. Have a good day!")
I_AM_A_BOT = Phrase(
    "저는 사람이 아니라 KT Cloud Enterprise Cloud 온보딩을 돕는 자동 응답 도우미입니다.",
    "I'm not a person: I'm an automated assistant for KT Cloud Enterprise Cloud onboarding.",
)
HELLO = Phrase(
    "안녕하세요! KT Cloud Enterprise Cloud 온보딩 도우미입니다.",
    "Hello! I'm the KT Cloud Enterprise Cloud onboarding assistant.",
)
CANNOT_DO = Phrase("요청을 처리할 수 없습니다: {message}", "I can't do that: {message}")
CORRECT_AND_RESEND = Phrase("값을 고쳐서 다시 보내 주세요.", "Please correct the value and send it again.")
DO_NOT_PASTE_SECRETS = Phrase(
    "**비밀번호·키·토큰은 채팅에 붙여넣지 마세요.** 입력하신 값은 가려졌고 저장되지 않았습니다. 이미 노출된 "
    "비밀번호는 바로 변경하세요. 고객센터 작업 요청에 root 패스워드가 필요한 경우에는 이 채팅이 아니라 KT 고객센터 "
    "작업 요청 절차를 통해서만 전달하세요.",
    "**Please do not paste passwords, keys or tokens into the chat.** What you typed was masked and not stored; "
    "change that password now. When the support center needs a VM's root password for a work request, share it "
    "only through the KT support center's work-request process, never here.",
)

# --- rendering ---------------------------------------------------------------------------------------------------

SOURCES = Phrase("출처", "Sources")
AGENT_GREETING = Phrase(
    "안녕하세요, 고객님. KT Cloud 고객지원팀입니다.", "Hello, thank you for contacting KT Cloud support."
)
AGENT_CLOSING = Phrase(
    "추가로 궁금하신 점이 있으시면 언제든지 문의해 주시기 바랍니다. 감사합니다.",
    "If you have any further questions, please do not hesitate to contact us. Best regards.",
)
INTERNAL_NOTE_TITLE = Phrase(
    "**내부 메모 (고객에게 보내지 마세요)**", "**Internal note (do not send to the customer)**"
)
GUIDE_REFERENCE = Phrase("참고 가이드", "Guide reference")
NEXT_QUESTIONS = Phrase("다음 질문 예시: ", "You could ask next: ")

# --- the page's onboarding checklist ---------------------------------------------------------------------------------

ASK_ABOUT_STEP = Phrase("'{title}' 단계는 어떻게 진행하나요?", "How do I do the '{title}' step?")

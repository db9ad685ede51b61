"""What a guide question asks for — a yes or no, a duration, a contact, where to send a request, steps, a
definition, a choice, what to prepare, where to start — so the answer can lead with exactly that.

Read from the question's grammar, which is exact enough here: a wh-word or its Korean counterpart decides, and a
question without one that ends like a question is a yes/no question. Checked against the router's labelled
utterances (`assistant/routing/utterances.jsonl`, field `ask`).
"""

from __future__ import annotations

import re
from enum import Enum

__all__ = ["QuestionKind", "asking_clause", "question_kind"]


class QuestionKind(Enum):
    YES_NO = "yes_no"
    HOW_LONG = "how_long"
    CONTACT = "contact"
    WHERE_TO_REQUEST = "where_to_request"
    WHAT_NEEDED = "what_needed"
    FIRST_STEP = "first_step"
    WHICH = "which"
    HOW_TO = "how_to"
    WHAT_IS = "what_is"
    OTHER = "other"


_RULES: tuple[tuple[QuestionKind, re.Pattern[str]], ...] = (
    (
        QuestionKind.HOW_LONG,
        re.compile(
            r"얼마나\s*(?:걸|소요|기다|있어야)|며칠|몇\s*일|몇\s*시간|기간|소요\s*(?:시간|기간)|언제쯤|언제\s*(?:되|끝|완료)|"
            r"how long|how many (?:days|hours|business days)|how much time|\bwhen will\b|\beta\b|turnaround",
            re.I,
        ),
    ),
    (
        QuestionKind.CONTACT,
        re.compile(
            r"연락처|전화\s*번호|전번|이메일\s*(?:주소)?(?:가|이|는|좀|알려)|메일\s*주소|누구(?:한테|에게)\s*연락|"
            r"어디(?:로|에)\s*(?:연락|전화)|phone|e-?mail(?: address)?\s*\??$|\bcontact (?:info|details|number|person)|"
            r"who (?:do|should) i (?:contact|call|email|talk to|notify)|\bwho to (?:contact|call|email)|number to call",
            re.I,
        ),
    ),
    (
        QuestionKind.WHAT_NEEDED,
        re.compile(
            r"(?:어떤|무슨|뭘?|무엇을?)\s*(?:정보|자료|서류|내용|항목)|(?:뭐|뭘|무엇을?)\s*(?:준비|보내|알려|공유|적어|기입|입력)|"
            r"필요한\s*(?:게|것|정보|서류)|(?:칸|란)에\s*(?:는\s*)?(?:뭘|뭐|무엇)|"
            r"what (?:info|information|details|documents?)|"
            r"what (?:do|should) (?:i|we) (?:need to |have to )?(?:prepare|provide|send|share|include|fill)|"
            r"what (?:goes|should go) into|what(?:'s| is) needed|documents? needed|what do i need for",
            re.I,
        ),
    ),
    (
        QuestionKind.WHERE_TO_REQUEST,
        re.compile(
            r"(?:어디|누구)(?:로|에|에서|에게|한테)?\s*(?:신청|요청|문의|접수|보내)|(?:신청|요청|접수)\s*(?:은|는)?\s*어디|"
            r"(?:신청|요청|접수)\s*(?:방법|하려면|하는\s*법|어떻게)|(?:신청|요청)[은는을]?\s*(?:포탈\s*)?어디서|"
            r"누구(?:한테|에게)\s*(?:부탁|신청|요청|맡)|"
            r"where (?:do|can|should) (?:i|we) (?:request|apply|send|submit|ask)|"
            r"how (?:do|can|should) (?:i|we) (?:request|apply for|submit|ask for)|who (?:handles|processes|do i ask)|"
            r"where to (?:request|apply|send|submit)|whom do i|where does .+ go|apply .+ or by",
            re.I,
        ),
    ),
    (
        QuestionKind.FIRST_STEP,
        re.compile(
            r"처음(?:에|엔|부터)?\s*(?:뭐|뭘|무엇|어디)|(?:뭐|뭘|무엇)(?:부터|을?\s*먼저)|먼저\s*(?:뭐|뭘|해야|할)|제일\s*먼저|"
            r"첫\s*(?:단계|번째)|어디서부터|순서\s*상관|"
            r"시작(?:하려면|은|하면)|다음\s*(?:단계|스텝|은\s*뭐)|그\s*다음(?:엔|에는|은)?\s*(?:뭐|뭘)|"
            r"\bfirst step|\bstep one\b|where (?:do|should) (?:i|we) (?:even )?(?:start|begin)|get(?:ting)? started|"
            r"what (?:comes|should i do|do i do|to do|has to happen) (?:first|next)|\bnext step|what now\b|first thing|"
            r"\bfirst or\b|the order\b|very first",
            re.I,
        ),
    ),
    (
        QuestionKind.WHICH,
        re.compile(
            r"어느|어떤\s*(?:걸|것|거|LB|방화벽|존|zone|타입|유형|종류|옵션)|뭘\s*(?:써야|선택|골라)|무슨\s*(?:LB|방화벽)|"
            r"\bwhich\b|what (?:kind|type) of|\bor\b.+\?\s*$",
            re.I,
        ),
    ),
    (
        QuestionKind.HOW_TO,
        re.compile(
            r"어떻게|방법|절차|하는\s*법|순서|설정하려면|어디(?:서|에서)\s*(?:하|켜|설정|찾)|(?:메뉴|버튼)\s*어디|"
            r"how (?:do|can|should|to|would)|\bsteps?\b|procedure|walk me through|where (?:in|is) the",
            re.I,
        ),
    ),
    (
        QuestionKind.WHAT_IS,
        re.compile(
            r"(?:이|가)?\s*뭐(?:예요|에요|야|임|죠|지|인가요|냐)|무엇인가요|뭔가요|뭔지|뭔\s*뜻|무슨\s*(?:말|뜻)|(?:이|가)란|"
            r"차이|의미|뭐가\s*다른|어떤\s*곳|what(?:'s| is| are| does)\b|\bmeaning\b|difference|\bdiff\b|"
            r"\bexplain\b|=\s*\?",
            re.I,
        ),
    ),
)

_YES_NO_KO = re.compile(
    r"(?:나요|까요|가요|은가요|는가요|ㄴ가요|건가요|인가요|는지요|죠|지요|어요|아요|해요|돼요|되요|되나요|있나요|없나요|"
    r"맞나요|맞죠|맞아요|하나요|해야\s*(?:하나요|돼요|되나요|해요)|되는\s*거죠|가능(?:한가요|해요|하죠|할까요|한지)|"
    r"거예요|거에요|건가|나\b|니|냐|음|가능\?)\s*[?？]*\s*$"
)
_YES_NO_EN = re.compile(
    r"^(?:\W*(?:so|ok|and|but|also|hi|hello|hey|quick q(?:uestion)?)\W+)*(?:can|could|do|does|did|is|are|was|were|"
    r"should|must|will|would|have|has|need|am)\b",
    re.I,
)
_WONDER = re.compile(r"(?:는지|ㄴ지|은지|한지|인지|될지|할지)\s*(?:도\s*)?궁금(?:합니다|해요|하네요|함)\W*$")
"""'가능한지 궁금합니다': a yes/no question asked indirectly."""
_WH_EN = re.compile(r"\b(?:how|what|where|when|who|which|why)\b", re.I)
_WH_KO = re.compile(r"어떻게|뭐|뭘|무엇|무슨|어디|언제|누구|얼마|몇|어느|왜|어떤")
_RIGHT = re.compile(r"(?:맞(?:죠|나요|아요|지요)|right\??|correct\??|isn't it\??|yes or no)\s*[?？]*\s*$", re.I)


_CONDITION_ONLY = re.compile(r"^\W*(?:and\s+|so\s+)?(?:what if|how about|what about)\b|면요\s*[?？]\s*$", re.I)
"""'what if it's windows?', '윈도우면요?': a condition set up for the question that follows, when one follows."""


def asking_clause(question: str) -> str:
    """The clause that asks: the first one ending in a question mark (the main question comes first) unless it only
    sets up a condition for the next, else the last; after a dash or colon, and after a leading "For X," in English."""
    parts = re.split(r"(?<=[.?!？])\s+", question.strip())
    first = next((i for i, part in enumerate(parts) if part.strip().endswith(("?", "？"))), len(parts) - 1)
    if first + 1 < len(parts) and _CONDITION_ONLY.search(parts[first]):
        first += 1
    clause = parts[first] if parts else ""
    clause = re.split(r"\s[—–-]\s|:\s", clause)[-1]
    return clause


def _is_yes_no(question: str, language: str) -> bool:
    if "?" not in question and "？" not in question and (_WH_KO if language == "ko" else _WH_EN).search(question):
        return False  # "뭘 해야 하는지 알려주세요. 둘 다 붙였어요": the last clause states, a wh-word asks
    clause = asking_clause(question)
    if _RIGHT.search(clause):
        return True
    if language == "en":
        last_part = clause.split(",")[-1].strip()  # "For the userdata script, do I have to …?"
        return bool(_YES_NO_EN.search(clause) or _YES_NO_EN.search(last_part)) and not _WH_EN.search(last_part)
    return bool(_YES_NO_KO.search(clause) or _WONDER.search(clause)) and not _WH_KO.search(clause)


def question_kind(question: str, language: str) -> QuestionKind:
    """The kind of a guide question; OTHER when nothing in it says."""
    text = question.strip()
    if _is_yes_no(text, language) and not _RULES[0][1].search(text) and not _RULES[1][1].search(text):
        return QuestionKind.YES_NO
    for kind, pattern in _RULES:
        if pattern.search(text):
            return kind
    return QuestionKind.OTHER

"""The word lists that route a message: refusals (other clouds, prices, unrelated topics), topics the guide is known
not to cover, small talk and follow-up cues, in Korean and English. Data only; `intents` applies them, and each
tool's own trigger words live in its tool module."""

from __future__ import annotations

import re

from assistant.word_patterns import any_word

__all__ = [
    "ABOUT_THE_ASSISTANT",
    "BILLING_WORDS",
    "FOLLOW_UP",
    "OTHER_CLOUD_WORDS",
    "PRICING_WORDS",
    "REVERSE",
    "SMALLTALK",
    "STORE_REQUEST_WORDS",
    "SYMPTOM",
    "UNCOVERED_TOPIC_WORDS",
    "UNRELATED_WORDS",
]

OTHER_CLOUD_WORDS = any_word(
    r"\baws\b",
    r"amazon web services",
    r"\bec2\b",
    r"\bs3\b",
    r"\bazure\b",
    r"애저",
    r"\bgcp\b",
    r"google cloud",
    r"구글 클라우드",
    r"naver cloud",
    r"네이버 클라우드",
    r"\bncp\b",
    r"nhn cloud",
    r"oracle cloud",
    r"alibaba",
    r"알리바바",
    r"아마존",
)

PRICING_WORDS = any_word(
    r"가격",
    r"요금",
    r"비용",
    r"얼마(?:예요|에요|인가요|인지|야|임|죠|정도)",
    r"견적",
    r"\bprice",
    r"\bpricing\b",
    r"\bcosts?\b",
    r"\bfees?\b",
)

STORE_REQUEST_WORDS = any_word(
    r"기억해",
    r"저장해\s*(?:둬|두|주)",
    r"보관해",
    r"\bremember (?:it|this|that|my)",
    r"\bkeep (?:it|this|that) (?:for|safe)",
    r"\bsave (?:it|this|my)",
    r"(?:나중에|다음에)\s*(?:제가\s*)?(?:물어보면|물으면|여쭤보면|물어볼\s*때)",
    r"\b(?:when|if) i ask (?:you )?(?:for it )?later\b",
    r"\bin case i forget\b",
)

BILLING_WORDS = any_word(r"청구", r"과금", r"\bbilling", r"\binvoic", r"consolidat")

UNRELATED_WORDS = any_word(
    r"코드\s*(?:좀\s*)?(?:짜|작성|만들)",
    r"코딩",
    r"자바스크립트",
    r"\bjavascript\b",
    r"\bwrite (?:me )?(?:a |some )?code",
    r"점심",
    r"저녁\s*메뉴",
    r"메뉴\s*추천",
    r"맛집",
    r"restaurant",
    r"\bbbq\b",
    r"\brecommend a (?:good )?\w+ place",
    r"날씨",
    r"weather",
    r"기온",
    r"주식",
    r"\bstock",
    r"농담",
    r"\bjoke",
    r"\bpoem\b",
    r"\b시를?\s*(?:써|지어)",
    r"레시피",
    r"\brecipe",
    r"맛집",
    r"영화",
    r"\bmovie",
    r"축구",
    r"\bfootball",
    r"\bsoccer",
    r"정렬\s*알고리즘",
    r"sorting algorithm",
    r"번역해",
    r"\btranslate\b",
)

UNCOVERED_TOPIC_WORDS = any_word(
    r"백업",
    r"\bbackups?\b",
    r"스냅샷",
    r"\bsnapshots?\b",
    r"인증서",
    r"\bcertificates?\b",
    r"\bssl\b",
    r"\btls\b",
    r"2단계\s*인증",
    r"이중\s*인증",
    r"\b2fa\b",
    r"\bmfa\b",
    r"\botp\b",
    r"two-factor",
    r"multi-factor",
    r"쿠버네티스",
    r"\bkubernetes\b",
    r"\bk8s\b",
    r"클러스터",
    r"\bclusters?\b",
    r"\bgpus?\b",
    r"오토\s*스케일",
    r"\bauto-?scal",
    r"모니터링",
    r"\bmonitoring\b",
    r"\bcdn\b",
    r"오브젝트\s*스토리지",
    r"object storage",
    r"\bdbaas\b",
    r"\brds\b",
    r"마이그레이션",
    r"\bmigrat",
    r"\bsla\b",
    r"가용성\s*보장",
    r"환불",
    r"\brefund",
    r"(?<![가-힣])해지",
    r"\bv?cpus?\b",
    r"\bram\b",
    r"메모리",
    r"\bmemory\b",
    r"사양",
    r"스펙",
    r"\bspecs?\b",
    r"디스크\s*용량",
    r"\bdisk size",
    r"\bipv6\b",
    r"\bdns\b",
    r"\bhttps offload",
    r"오프로딩",
    r"\boffload",
)

_GREETING = (
    r"(?:안녕(?:하세요|하십니까)?|하이|헬로|반가워요?|반갑습니다|(?:hi|hello|hey)(?: there| all| everyone)?|"
    r"good (?:morning|afternoon|evening)|(?:is )?any(?:one|body) (?:there|here)|"
    r"감사(?:합니다|해요)?|고마워(?:요)?|고맙습니다|thanks?(?: you)?(?: so much| a lot)?|thx|ty|"
    r"(?:잘\s*)?(?:가|있어)요?|수고하세요|수고하셨습니다|좋은 (?:하루|주말|저녁)\s*(?:되세요|보내세요)|"
    r"bye|goodbye|see you|have a (?:nice|good) day|좋아요|ok(?:ay)?|알겠(?:어요|습니다)|"
    r"넌 누구(?:야|니)|누구세요|who are you|what can you do|뭘 할 수 있(?:어|나요)|도움말|help)"
)

SMALLTALK = re.compile(rf"^\s*(?:{_GREETING}[\s,!.~?ㅎㅋ^]*)+$", re.IGNORECASE)

FOLLOW_UP = any_word(
    r"^\s*(?:그럼|그러면|그리고|그 다음|그다음|이번엔|이번에는|and\b|what about|how about|now\b|also\b|then\b)",
    r"반대",
    r"역방향",
    r"거꾸로",
    r"\breverse",
    r"other (?:direction|way|side)",
    r"opposite",
    r"도\s*(?:추가|알려|해)",
    r"(?:으로|로)\s*(?:바꿔|변경)",
    r"\binstead\b",
    r"\bfor (?:windows|ubuntu|linux|centos|rhel)\b",
    r"\btoo\b",
    r"\badd\b",
    r"추가",
    r"말고",
    r"(?:이|라)?면\s*(?:요)?\s*\??\s*$",
    r"(?:은|는)\s*\??\s*$",
    r"\bafter that\b",
    r"\bwait\b",
    r"\bactually\b",
    r"\bsorry\b",
    r"\boops\b",
    r"\bmy bad\b",
    r"\bnot\s+(?:\d{1,5}|eth\d|ens\d+|tcp|udp)\b",
    r"아\s*아니",
    r"잘못\s*(?:말|썼|적)",
    r"정정",
    r"아니고",
    r"아니라",
)

REVERSE = any_word(r"반대", r"역방향", r"거꾸로", r"\breverse", r"other (?:direction|way|side)", r"opposite")

SYMPTOM = re.compile(
    r"안\s*(?:돼|되|된|됨|가|붙|열|보여|들어|나가)|안돼|안되|안된|안됨|먹통|타임아웃|times?\s*out|timing out|timeout|"
    r"not (?:working|reachable|responding)|"
    r"(?:can't|cannot|can not|couldn't|unable to) (?:connect|reach|access|get|ping|log)|"
    r"unreachable|nothing (?:works|goes)|doesn't work|does not work|fails?\b|failing|broken|down\b",
    re.IGNORECASE,
)

ABOUT_THE_ASSISTANT = re.compile(
    r"\b(?:are you|am i (?:talking|chatting|speaking) (?:to|with))\s+(?:a\s+)?"
    r"(?:bot|robot|human|person|real|ai|machine)|who am i (?:talking|chatting|speaking) (?:to|with)|"
    r"(?:봇|로봇|사람|상담원|ai)\s*(?:이에요|예요|이세요|세요|인가요|이야|야|이니|니)(?![가-힣])|누구(?:세요|야|니)",
    re.IGNORECASE,
)
"""Questions about the assistant itself ("are you a bot?", "상담원이세요?"): small talk, whatever else they say."""

"""Deterministic answers, one composer per answer type, in Korean and English.

Knowledge answers are extractive: the answering section's own sentences, in the guide's order, with its code.
Tool answers show the tool's output as it is. Nothing here writes a command, range or contact of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answer_draft import AnswerDraft, CodeBlock
from assistant.guide_sections import SectionLibrary, SectionText
from assistant.responses import Citation
from knowledge.hybrid_search import SearchHit

__all__ = [
    "Composer",
    "clarification_draft",
    "error_draft",
    "out_of_scope_draft",
    "secret_notice",
    "smalltalk_draft",
]

Relevance = Callable[[str], float]
MAX_SENTENCES = 8
_CODE_QUESTION = re.compile(
    r"명령|커맨드|설정\s*방법|어떻게|방법|스크립트|command|\bhow\b|configure|set up|script|예시|example", re.I
)
_ENDS_SENTENCE = re.compile(r"(?:[.!?)]|다|요)\s*$")
_PLACEHOLDER = re.compile(r"\bX\b|\bXX\b|\.X\b")


def _t(language: str, korean: str, english: str) -> str:
    return korean if language == "ko" else english


def _best_sentence(section: SectionText, relevance: Relevance) -> str:
    if not section.sentences:
        return section.text.split("\n", 1)[-1].strip()[:300]
    return max(section.sentences, key=relevance)


class Composer:
    """Builds drafts from retrieved sections and tool outputs; `relevance` scores a sentence against the question."""

    def __init__(self, library: SectionLibrary) -> None:
        self.library = library

    def citation(self, section_id: str, language: str, relevance: Relevance, quote: str = "") -> Citation | None:
        section = self.library.get(section_id, language)
        if section is None:
            return None
        if not quote or quote not in section.text:
            quote = _best_sentence(section, relevance)
        return Citation(section_id=section_id, title=section.title, url=section.url, quote=quote)

    def citations(self, section_ids: Sequence[str | None], language: str, relevance: Relevance) -> list[Citation]:
        found = [self.citation(s, language, relevance) for s in dict.fromkeys(section_ids) if s]
        return [c for c in found if c is not None]

    # --- guide questions -------------------------------------------------------------------------------------

    def knowledge(self, question: str, hits: Sequence[SearchHit], language: str, relevance: Relevance) -> AnswerDraft:
        top = hits[0]
        section = self.library.get(top.section_id, language)
        assert section is not None  # a hit comes from the library's own records
        lead, details = _lead_and_details(section.sentences, top.best_sentence, relevance)
        blocks = []
        short_code = sum(len(b) for b in section.code_blocks) <= 400
        if section.code_blocks and (short_code or _CODE_QUESTION.search(question)):
            blocks = [CodeBlock("", b, "text" if "→" in b and "#" not in b else "console") for b in section.code_blocks]
        notes = []
        if any(_PLACEHOLDER.search(b.code) for b in blocks):
            notes.append(
                _t(
                    language,
                    "가이드 예시의 X는 실제 값으로 바꿔야 합니다. "
                    "서버의 CIP와 상대 대역을 알려주시면 정확한 명령어를 만들어 드립니다.",
                    "The X in the guide's example stands for your own values. Tell me the server's CIP and the other "
                    "zone's range and I will generate the exact commands.",
                )
            )
        citations = [
            Citation(
                section_id=top.section_id, title=section.title, url=section.url, quote=_quote(top, section, relevance)
            )
        ]
        for hit in hits[1:3]:
            if hit.score >= 0.8 * top.score and (
                c := self.citation(hit.section_id, language, relevance, hit.best_sentence)
            ):
                citations.append(c)
        intro = _t(
            language,
            f"가이드의 「{section.title}」에 따르면: {lead}",
            f"According to the guide's section “{section.heading}” ({section.title}): {lead}",
        )
        internal = [
            _t(language, f"근거 섹션: {c.title} ({c.url})", f"Source section: {c.title} ({c.url})") for c in citations
        ]
        internal.append(
            _t(
                language,
                "가이드 문장을 그대로 인용했습니다. 고객 환경(존, IP, OS)에 맞는지 확인 후 발송하세요.",
                "The steps quote the guide; check they fit the customer's zone, IPs and OS before sending.",
            )
        )
        return AnswerDraft(
            language,
            intro,
            steps=details,
            steps_title=_t(language, "가이드의 관련 내용:", "More from the guide:") if details else "",
            blocks=blocks,
            notes=notes,
            citations=citations,
            internal=internal,
            numbered=len(details) > 1 and _looks_procedural(details),
        )

    def low_confidence(self, hits: Sequence[SearchHit], language: str, relevance: Relevance) -> AnswerDraft:
        citations = [c for h in hits[:3] if (c := self.citation(h.section_id, language, relevance, h.best_sentence))]
        intro = _t(
            language,
            "가이드에서 이 질문에 대한 답을 찾지 못했습니다. 가장 가까운 가이드 섹션은 다음과 같습니다.",
            "The guide does not say. These are the closest sections of the guide:",
        )
        steps = [f"[{c.title}]({c.url}): {c.quote}" for c in citations]
        after = [
            _t(
                language,
                "정확한 안내가 필요하시면 컨설팅 담당자나 KT 고객센터에 문의해 주세요.",
                "For a definite answer, please ask your consulting manager or the KT support center.",
            )
        ]
        internal = [
            _t(
                language,
                "검색 신뢰도가 낮습니다: 가이드에 답이 없을 수 있으니 담당 부서에 확인하세요.",
                "Low retrieval confidence: the guide may not cover this; check with the responsible team.",
            )
        ]
        return AnswerDraft(language, intro, steps=steps, after=after, citations=citations, internal=internal)

    # --- tools -------------------------------------------------------------------------------------------------

    def tool(
        self, kind: str, output: dict, language: str, relevance: Relevance, focus: str | None = None
    ) -> AnswerDraft:
        return {
            "routes": self._routes,
            "firewall": self._firewall,
            "subnet": self._subnet,
            "summarize": self._summarize,
        }[kind](output, language, relevance, focus)

    def _routes(self, output: dict, language: str, relevance: Relevance, focus: str | None) -> AnswerDraft:
        directions = list(output["directions"])
        if focus == "reverse":
            directions.reverse()
        primary = directions[0]
        os = output["os"]
        zone = {"public": "Public", "private": "Private"}
        server = primary["server_address"] or primary["server_network"]
        via = (
            _t(language, f"게이트웨이 {primary['gateway']}", f"gateway {primary['gateway']}")
            if os == "windows"
            else _t(
                language,
                f"게이트웨이 {primary['gateway']}, 인터페이스 {primary['interface']}",
                f"gateway {primary['gateway']}, interface {primary['interface']}",
            )
        )
        intro = _t(
            language,
            f"{zone[primary['server_zone']]} 서버({server})에서 {primary['destination']} 대역으로 가는 "
            f"라우팅 명령어입니다 ({via}).",
            f"Route commands on the {zone[primary['server_zone']]} server ({server}) to reach {primary['destination']} "
            f"({via}).",
        )
        blocks = _route_blocks(primary["commands"], os, language, primary=True)
        if len(directions) > 1:  # both ends are Enterprise Cloud CIPs: remind the route back
            other = directions[1]
            reverse_label = _t(
                language,
                f"**반대 방향**: 상대편 {zone[other['server_zone']]} 서버({other['server_network']})에도 "
                f"{other['destination']} 대역을 등록해야 양방향 통신이 됩니다.",
                f"**Reverse route**: the {zone[other['server_zone']]} server ({other['server_network']}) must also "
                f"register {other['destination']} for traffic to flow both ways.",
            )
            reverse_blocks = _route_blocks(other["commands"], os, language, primary=False)
            reverse_blocks[0] = CodeBlock(reverse_label + "\n\n" + reverse_blocks[0].label, reverse_blocks[0].code)
            blocks += reverse_blocks
        notes = [f"⚠️ {w['message']}" for w in output["warnings"]]
        notes += [f"ℹ️ {a['message']}" for a in output["assumptions"]]
        notes.append(
            _t(
                language,
                "등록 후에는 상대방 IP를 대상으로 ping 확인을 해서 정상 통신 여부를 확인하세요 (가이드).",
                "After registering the routes, ping the other side's IP to confirm the connection (as the guide says).",
            )
        )
        sections = [output["section_id"], *(n["section_id"] for n in output["warnings"] + output["assumptions"])]
        internal = [f"{a['message']}" for a in output["assumptions"]]
        internal.append(
            _t(
                language,
                "CIP Inter-AZ 작업이 완료됐는지, 고객이 알려준 CIP와 대역이 맞는지 확인하세요.",
                "Verify the CIP Inter-AZ work is done and the customer's CIPs and ranges are right.",
            )
        )
        return AnswerDraft(
            language,
            intro,
            blocks=blocks,
            notes=notes,
            citations=self.citations(sections, language, relevance),
            internal=internal,
        )

    def _firewall(self, output: dict, language: str, relevance: Relevance, focus: str | None) -> AnswerDraft:
        email = output["email"]
        intro = _t(
            language,
            f"{output['firewall']} 정책 신청서(첨부#1. 방화벽 정책 신청서 기준) 내용입니다.",
            f"The {output['firewall']} policy request (per form attachment #1, the firewall policy request form):",
        )
        after = [
            _t(
                language,
                f"신청 방법: 보안 매니지드 서비스에 이메일 또는 전화로 신청합니다 "
                f"(Email: {email['to']}, 전화: {email['phone']}).",
                f"How to apply: send it to the security managed service by e-mail or phone "
                f"(Email: {email['to']}, phone: {email['phone']}).",
            )
        ]
        blocks = [
            CodeBlock(
                _t(language, f"**이메일 초안** (받는 사람: {email['to']})", f"**E-mail draft** (to: {email['to']})"),
                f"{email['subject']}\n\n{email['body']}",
                "text",
                is_command=False,
            )
        ]
        notes = [f"ℹ️ {output['firewall_basis']['message']}"] + [f"⚠️ {w['message']}" for w in output["warnings"]]
        sections = [
            output["section_id"],
            output["firewall_basis"]["section_id"],
            *(w["section_id"] for w in output["warnings"]),
        ]
        blanks = [k for k, v in output["form"].items() if v.startswith("(")]
        internal = [output["firewall_basis"]["message"]]
        if blanks:
            internal.append(
                _t(
                    language,
                    f"고객에게 받아야 할 항목: {', '.join(blanks)}",
                    f"Still to get from the customer: {', '.join(blanks)}",
                )
            )
        return AnswerDraft(
            language,
            intro,
            table=output["markdown"],
            after=after,
            blocks=blocks,
            notes=notes,
            citations=self.citations(sections, language, relevance),
            internal=internal,
        )

    def _subnet(self, output: dict, language: str, relevance: Relevance, focus: str | None) -> AnswerDraft:
        rows = [
            (_t(language, "네트워크", "Network"), output["network"]),
            (_t(language, "넷마스크", "Netmask"), output["netmask"]),
            (_t(language, "와일드카드", "Wildcard"), output["wildcard"]),
            (_t(language, "브로드캐스트", "Broadcast"), output["broadcast"]),
            (_t(language, "사용 가능 호스트", "Usable hosts"), _host_range(output)),
            (_t(language, "전체 주소 수", "Total addresses"), str(output["total_addresses"])),
            (_t(language, "게이트웨이 (가이드의 .1 규칙)", "Gateway (the guide's .1 convention)"), output["gateway"]),
        ]
        table = "| | |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows if v not in (None, ""))
        intro = _t(language, f"{output['input']} 계산 결과입니다.", f"Subnet figures for {output['input']}:")
        steps = [
            _t(
                language,
                f"Enterprise Cloud 대역: {r['name']} ({r['range']}, {r['firewall'] or '방화벽 구분 없음'}) "
                f"— 가이드: “{r['guide_text']}”",
                f"Enterprise Cloud range: {r['name']} ({r['range']}, {r['firewall'] or 'no firewall'})",
            )
            for r in output["enterprise_cloud_ranges"]
        ]
        if not steps:
            steps.append(
                _t(
                    language,
                    "가이드에 나오는 Enterprise Cloud 대역이 아닙니다.",
                    "Not one of the Enterprise Cloud ranges in the guide.",
                )
            )
        if output.get("host_bits_set"):
            steps.append(
                _t(
                    language,
                    f"입력한 {output['given_address']}은(는) 호스트 주소이며, 네트워크는 {output['network']}입니다.",
                    f"{output['given_address']} is a host address; its network is {output['network']}.",
                )
            )
        if "contains" in output:
            c = output["contains"]
            steps.append(
                _t(
                    language,
                    f"{c['address']}은(는) {output['network']}에 "
                    f"{'포함됩니다' if c['result'] else '포함되지 않습니다'}.",
                    f"{c['address']} is {'inside' if c['result'] else 'not inside'} {output['network']}.",
                )
            )
        if "overlaps" in output:
            o = output["overlaps"]
            steps.append(
                _t(
                    language,
                    f"{o['network']}와(과) {'겹칩니다' if o['result'] else '겹치지 않습니다'}.",
                    f"It {'overlaps' if o['result'] else 'does not overlap'} {o['network']}.",
                )
            )
        after = []
        if "split" in output:
            count = len(output["split"])
            heading = _t(language, f"{count}개로 나눈 결과:", f"Split into {count} subnets:")
            after.append(heading + "\n" + "\n".join(f"- {n}" for n in output["split"]))
        sections = [r["section_id"] for r in output["enterprise_cloud_ranges"]]
        return AnswerDraft(
            language,
            intro,
            steps=steps,
            table=table,
            after=after,
            citations=self.citations(sections, language, relevance),
            internal=[_t(language, "계산은 Python ipaddress 기준입니다.", "Figures computed with Python's ipaddress.")],
        )

    def _summarize(self, output: dict, language: str, relevance: Relevance, focus: str | None) -> AnswerDraft:
        intro = _t(
            language,
            f"{', '.join(output['networks'])}을(를) 합치면 다음과 같습니다.",
            f"{', '.join(output['networks'])} summarised:",
        )
        return AnswerDraft(language, intro, steps=list(output["summary"]))


def _host_range(output: dict) -> str:
    if output["first_host"] is None:
        return str(output["usable_hosts"])
    return f"{output['first_host']} – {output['last_host']} ({output['usable_hosts']})"


def _route_blocks(commands: dict, os: str, language: str, primary: bool) -> list[CodeBlock]:
    if os == "windows":
        plan = [
            ("windows", "등록 (재부팅 후에도 유지)", "Add (persistent across reboots)"),
            ("verify_windows", "확인", "Check"),
            ("rollback_windows", "되돌리기", "Undo"),
        ]
    elif os == "ubuntu":
        plan = [
            ("ip_route", "즉시 등록", "Add now"),
            ("netplan", "재부팅 후에도 유지 (netplan)", "Keep after reboot (netplan)"),
            ("verify", "확인", "Check"),
            ("rollback_ip", "되돌리기", "Undo"),
        ]
    else:
        plan = [
            ("route", "즉시 등록 (가이드의 route 명령)", "Add now (the guide's route command)"),
            ("ip_route", "또는 ip 명령", "Or with ip"),
            ("persistent_rhel", "재부팅 후에도 유지", "Keep after reboot"),
            ("verify", "확인", "Check"),
            ("rollback", "되돌리기", "Undo"),
        ]
    if not primary:
        plan = [p for p in plan if p[0] in ("route", "windows", "ip_route", "verify", "verify_windows")]
        if os not in ("windows", "ubuntu"):
            plan = [p for p in plan if p[0] != "ip_route"]
    language_code = "yaml" if os == "ubuntu" else "console"
    return [
        CodeBlock(f"**{_t(language, ko, en)}**", commands[key], language_code if key == "netplan" else "console")
        for key, ko, en in plan
    ]


def _lead_and_details(sentences: Sequence[str], best: str, relevance: Relevance) -> tuple[str, list[str]]:
    """The sentence that answers (with the guide line it continues on), and up to MAX_SENTENCES others in order.

    The guide wraps long sentences over two lines; a line that does not end a sentence is joined to the next.
    """
    if not sentences:
        return best, []
    lines = list(sentences)
    anchor = lines.index(best) if best in lines else max(range(len(lines)), key=lambda i: relevance(lines[i]))
    start = anchor
    while start > 0 and not _ENDS_SENTENCE.search(lines[start - 1]):
        start -= 1
    end = anchor
    while end + 1 < len(lines) and not _ENDS_SENTENCE.search(lines[end]):
        end += 1
    lead = " ".join(lines[start : end + 1])
    rest = [i for i in range(len(lines)) if not start <= i <= end]
    if len(rest) > MAX_SENTENCES:
        keep = set(sorted(rest, key=lambda i: -relevance(lines[i]))[:MAX_SENTENCES])
        keep |= {i + 1 for i in keep if i + 1 in rest and not _ENDS_SENTENCE.search(lines[i])}
        rest = sorted(keep)
    return lead, [lines[i] for i in rest]


def _looks_procedural(sentences: list[str]) -> bool:
    return any(re.search(r"합니다|하세요|누르|클릭|선택|입력|click|select|enter|then", s, re.I) for s in sentences)


def _quote(hit: SearchHit, section: SectionText, relevance: Relevance) -> str:
    return (
        hit.best_sentence
        if hit.best_sentence and hit.best_sentence in section.text
        else _best_sentence(section, relevance)
    )


def clarification_draft(
    kind: str, params: dict, missing: Sequence[str], language: str, citations: list[Citation]
) -> AnswerDraft:
    """Ask for exactly the values the tool still needs, with the guide's own placeholders as examples."""
    asks = {
        "routes": {
            "source": (
                "라우팅을 등록할 서버의 CIP 주소 (예: Public 서버 10.20.X.2)",
                "the CIP of the server to configure (e.g. the Public server 10.20.X.2)",
            ),
            "destination": (
                "상대 존의 네트워크 대역 (예: 10.21.X.0/24)",
                "the other zone's network range (e.g. 10.21.X.0/24)",
            ),
        },
        "firewall": {
            "source": (
                "출발지 IP: 접속할 Client IP, 또는 모든 곳이면 any",
                "the source: the client IP that will connect, or any",
            ),
            "destination": (
                "목적지 IP: VM에 Port Forwarding한 Public IP 또는 LB 서비스 IP",
                "the destination: the public IP port-forwarded to the VM, or the LB service IP",
            ),
            "ports": ("포트 또는 서비스 (예: SSH 22, RDP 3389)", "the ports or services (e.g. SSH 22, RDP 3389)"),
        },
        "subnet": {"network": ("계산할 네트워크 (CIDR 표기)", "the network to calculate (CIDR notation)")},
        "summarize": {"networks": ("합칠 네트워크 목록", "the networks to merge")},
    }[kind]
    what = {
        "routes": ("라우팅 명령어를", "the route commands"),
        "firewall": ("방화벽 정책 신청서를", "the firewall request form"),
        "subnet": ("서브넷 계산을", "the subnet figures"),
        "summarize": ("네트워크 요약을", "the summary"),
    }[kind]
    intro = _t(language, f"{what[0]} 만들려면 다음 정보가 더 필요합니다.", f"To produce {what[1]} I still need:")
    steps = [_t(language, *asks[name]) for name in missing]
    known = {k: v for k, v in params.items() if v not in (None, "")}
    after = []
    if known:
        shown = ", ".join(f"{k}={v}" for k, v in known.items())
        after.append(_t(language, f"지금까지 알려주신 값: {shown}", f"What I have so far: {shown}"))
    internal = [_t(language, f"누락 정보: {', '.join(missing)}", f"Missing: {', '.join(missing)}")]
    return AnswerDraft(language, intro, steps=steps, after=after, citations=citations, internal=internal)


_SCOPE = (
    "저는 KT Cloud Enterprise Cloud 이용 가이드(컨설팅 신청, 도메인·계정, 상품 신청, VM 생성, Port Forwarding, "
    "방화벽 정책, CIP·라우팅, Load Balancer, VPN, 그룹계정)에 대한 질문에 답하고, 라우팅 명령어·방화벽 정책 신청서·"
    "서브넷 계산을 만들어 드립니다.",
    "I answer questions about the KT Cloud Enterprise Cloud onboarding guide (consulting, domain and account, product "
    "requests, VMs, port forwarding, firewall policies, CIP and routing, load balancers, VPN, group accounts) and "
    "generate route commands, firewall request forms and subnet figures.",
)


def out_of_scope_draft(reason: str | None, language: str) -> AnswerDraft:
    """A short, polite refusal: what this assistant covers and where to ask instead."""
    where = {
        "other_cloud": (
            "다른 클라우드 서비스는 해당 제공사의 공식 문서나 지원 창구에 문의해 주세요.",
            "For other cloud providers, please check their own documentation or support.",
        ),
        "pricing": (
            "요금과 견적은 가이드에 나와 있지 않으니 컨설팅 담당자나 KT Cloud 고객센터에 문의해 주세요.",
            "Prices are not in the guide; please ask your consulting manager or the KT Cloud support center.",
        ),
    }.get(reason or "", ("", ""))
    intro = _t(
        language,
        "죄송하지만 이 질문은 제가 안내할 수 있는 범위가 아닙니다.",
        "Sorry, that is outside what I can help with.",
    )
    after = [_t(language, *_SCOPE)] + ([_t(language, *where)] if where[0] else [])
    return AnswerDraft(language, intro, after=after, internal=[f"out of scope: {reason}"])


def smalltalk_draft(language: str) -> AnswerDraft:
    intro = _t(
        language,
        "안녕하세요! KT Cloud Enterprise Cloud 온보딩 도우미입니다.",
        "Hello! I'm the KT Cloud Enterprise Cloud onboarding assistant.",
    )
    return AnswerDraft(language, intro, after=[_t(language, *_SCOPE)])


def error_draft(message: str, language: str, citations: list[Citation] | None = None) -> AnswerDraft:
    intro = _t(language, f"요청을 처리할 수 없습니다: {message}", f"I can't do that: {message}")
    after = [_t(language, "값을 고쳐서 다시 보내 주세요.", "Please correct the value and send it again.")]
    return AnswerDraft(language, intro, after=after, citations=citations or [], internal=[f"error: {message}"])


def secret_notice(language: str) -> str:
    return _t(
        language,
        "⚠️ **비밀번호·키·토큰은 채팅에 붙여넣지 마세요.** 입력하신 값은 가려졌고 저장되지 않았습니다. 이미 노출된 "
        "비밀번호는 바로 변경하세요. 고객센터 작업 요청에 root 패스워드가 필요한 경우에는 이 채팅이 아니라 KT 고객센터 "
        "작업 요청 절차를 통해서만 전달하세요.",
        "⚠️ **Please do not paste passwords, keys or tokens into the chat.** What you typed was masked and not stored; "
        "change that password now. When the support center needs a VM's root password for a work request, share it "
        "only through the KT support center's work-request process, never here.",
    )

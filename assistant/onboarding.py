"""The guide's onboarding steps in order, for the page's checklist: each step is a guide section, and what a step
needs first is said by a sentence of the guide itself (quoted verbatim from the section library, never written here),
so the checklist cannot drift from the guide or invent an order the guide does not state."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from assistant import wording
from assistant.guide_sections import SectionLibrary

__all__ = ["STEP_RULES", "OnboardingStep", "StepRule", "onboarding_steps"]


@dataclass(frozen=True, slots=True)
class StepRule:
    """One step: its section, the steps it needs first, and words that find the guide sentence saying so."""

    section_id: str
    requires: tuple[str, ...] = ()
    because_ko: str = ""
    because_en: str = ""
    optional: bool = False
    """Aside from the main sequence (load balancer, VPN, group accounts): used when the customer needs it."""


# The main sequence is the guide's own order (its overview: "the step-by-step procedures the customer carries out").
STEP_RULES: tuple[StepRule, ...] = (
    StepRule("consulting-request", (), "컨설팅을 통해서만", "only through consulting"),
    StepRule("customer-consulting", ("consulting-request",), "담당자가 고객께 연락", "manager will contact"),
    StepRule("domain-and-account", ("customer-consulting",), "담당자의 요청으로", "At the request of"),
    StepRule("product-request", ("domain-and-account",), "회원가입이 완료되면", "Once sign-up is complete"),
    StepRule("vm-creation", ("product-request",), "상품 신청이 완료되면", "Once the product request is complete"),
    StepRule("port-forwarding", ("vm-creation",), "Port Forwarding이 설정되어", "Port Forwarding must be configured"),
    StepRule("vm-firewall-policy", ("vm-creation",), "Public F/W이 오픈되어", "the Public F/W must be open"),
    StepRule("cip-interface", ("vm-creation",), "CIP NIC 활성화", "enable (activate) the CIP NIC"),
    StepRule(
        "zone-routing",
        ("product-request", "cip-interface"),
        "CIP Inter-AZ 작업이 완료되면",
        "Once the CIP Inter-AZ work has been completed",
    ),
    StepRule("load-balancer", ("vm-creation",), "방화벽 오픈", "request a firewall open", optional=True),
    StepRule("vpn", ("product-request",), optional=True),
    StepRule("group-account", (), optional=True),
)  # fmt: skip


class OnboardingStep(BaseModel):
    """A step as the checklist shows it."""

    section_id: str
    title: str = Field(description="The section's heading in the asked language (the guide's, verbatim in Korean).")
    url: str = Field(description="Where the section opens: /guide#<section id>.")
    requires: list[str] = Field(default_factory=list, description="The section ids of the steps it needs first.")
    requirement: str | None = Field(None, description="The guide's sentence that says what it needs, verbatim.")
    optional: bool = False
    question: str = Field(description="What 'ask about this step' sends.")


def _sentence(library: SectionLibrary, rule: StepRule, language: str) -> str | None:
    """The guide sentence holding the rule's words, in the step's section or the one before it that says it."""
    words = rule.because_ko if language == "ko" else rule.because_en
    if not words:
        return None
    for section_id in (rule.section_id, *rule.requires):
        section = library.get(section_id, language)
        found = next((s for s in section.sentences if words in s), None) if section else None
        if found is not None:
            return found.lstrip("-• ").strip()
    return None  # a guide edited without this table: a test finds it; the page shows the step without it


def onboarding_steps(library: SectionLibrary, language: str) -> list[OnboardingStep]:
    """The steps in `language` ('ko' or 'en'), the main sequence first, then the optional ones."""
    steps = []
    for rule in STEP_RULES:
        section = library.get(rule.section_id, language)
        if section is None:
            continue
        title = section.title if language == "ko" else section.heading
        steps.append(
            OnboardingStep(
                section_id=rule.section_id,
                title=title,
                url=f"/guide#{rule.section_id}" if language == "ko" else f"/guide?lang=en#{rule.section_id}",
                requires=list(rule.requires),
                requirement=_sentence(library, rule, language),
                optional=rule.optional,
                question=wording.ASK_ABOUT_STEP(language, title=title),
            )
        )
    return steps

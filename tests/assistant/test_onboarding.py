"""The onboarding checklist's steps: the guide's order, what each step needs quoted from the guide verbatim, and
"ask about this step" answered from the step's own section in both languages."""

from __future__ import annotations

import pytest

from assistant.onboarding import STEP_RULES, onboarding_steps


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_step_is_a_guide_section_in_the_guides_order_with_its_reason_quoted(engine, language):
    library = engine.library
    steps = onboarding_steps(library, language)
    assert [step.section_id for step in steps] == [rule.section_id for rule in STEP_RULES]
    order = library.section_ids()
    main = [step.section_id for step in steps if not step.optional]
    assert main == sorted(main, key=order.index), "the main sequence follows the guide"
    for step, rule in zip(steps, STEP_RULES, strict=True):
        assert all(main.index(needed) < main.index(step.section_id) for needed in rule.requires if not step.optional)
        if rule.because_ko:  # the reason is one of the guide's sentences, found again in the asked language
            sentences = {s.lstrip("-• ").strip() for sid in (step.section_id, *step.requires)
                         for s in library.get(sid, language).sentences}  # fmt: skip
            assert step.requirement in sentences, step.section_id
        assert step.url == (f"/guide#{step.section_id}" if language == "ko" else f"/guide?lang=en#{step.section_id}")


def test_routing_says_it_needs_the_cip_inter_az_work_first(engine):
    routing = {step.section_id: step for step in onboarding_steps(engine.library, "en")}["zone-routing"]
    assert routing.requires == ["product-request", "cip-interface"]
    assert routing.requirement.startswith("Once the CIP Inter-AZ work has been completed through the support center")


@pytest.mark.parametrize("language", ["ko", "en"])
def test_asking_about_a_step_is_answered_from_its_section(engine, language):
    for step in onboarding_steps(engine.library, language):
        response = engine.chat(step.question)
        cited = [citation.section_id for citation in response.citations]
        assert response.answer_type == "knowledge" and response.language == language, step.question
        assert step.section_id in cited[:2], (step.question, cited)

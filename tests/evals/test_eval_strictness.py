"""Deliberately wrong datasets: each expectation that used to pass silently now fails and says what is wrong, each
typo is a validation error naming the line and field, and `compare --fail-on-regression` is a real gate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest

from assistant.responses import ChatResponse, Citation
from evals.answer_cases import AnswerCase
from evals.answer_checks import score_case
from evals.answer_compare import compare_reports
from evals.answer_eval import Selection, evaluate
from evals.answer_report import write_reports
from evals.answer_targets import HttpTarget, TargetUnavailable
from evals.answer_validation import DatasetInvalid, validate_dataset
from evals.run_history import keep_run, list_runs

REPO = Path(__file__).resolve().parents[2]
FORWARD = "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1"
SCORING = {"section_text": lambda _: "", "terms_of": lambda text: text.split()}  # quotes are not checked here


def _write(path: Path, cases: list[dict | str]) -> Path:
    lines = [c if isinstance(c, str) else json.dumps(c, ensure_ascii=False) for c in cases]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _case(turns: list[str], language: str = "en", **expect) -> AnswerCase:
    return AnswerCase.model_validate(
        {"id": "c", "language": language, "category": "tool", "turns": turns, "expect": expect}
    )


def _cli(*args: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    return subprocess.run(
        [sys.executable, "-m", "assistant", "eval", *args],
        capture_output=True, text=True, cwd=REPO, env=environment, timeout=600,
    )  # fmt: skip


def test_a_reverse_follow_up_expecting_the_forward_command_fails_and_says_which_direction(converse):
    responses = converse("route commands from 10.20.5.2 to 10.21.5.0/24", "and the other direction?")
    case = _case(["…", "…"], answer_type="tool", tool="route_commands", commands=[FORWARD])
    score = score_case(case, responses, **SCORING)
    assert not score.passed
    assert (
        f"command `{FORWARD}` is in the part about public-to-private, not in the part the answer leads with "
        "(private-to-public)"
    ) in score.problems


def test_a_wrong_fact_fails_unless_the_case_opts_into_morphemes_and_the_report_says_how_it_matched(engine):
    guide_lines = (  # the guide's two sentences: every morpheme of the wrong fact is in them, not the fact
        "Public-LB 신규생성 시 할당되는 서비스 IP(14.49.X.X)는 Public F/W에서 차단하고 있습니다.\n"
        "Private-LB 신규생성 시 할당되는 서비스 IP(10.220.X.X)는 Private F/W에서 차단하고 있습니다."
    )
    response = ChatResponse(answer=guide_lines, answer_type="knowledge", language="ko", session_id="s")
    wrong = "Private-LB 서비스 IP는 Public F/W에서 차단"  # the guide says Private F/W
    terms = {"terms_of": engine.index.analyzer.terms, "section_text": lambda _: ""}
    exact = score_case(_case(["…"], "ko", answer_type="knowledge", facts=[wrong]), [response], **terms)
    assert f"facts missing (exact match): ['{wrong}']" in exact.problems
    assert exact.details["facts"] == [{"fact": wrong, "matched": None}]
    loose = _case(["…"], "ko", answer_type="knowledge", facts=[wrong], fact_match="morphemes")
    opted = score_case(loose, [response], **terms)
    assert opted.details["facts"] == [{"fact": wrong, "matched": "morphemes"}]  # why the fallback is opt-in


@pytest.mark.parametrize(
    ("expect", "message"),
    [
        ({"commands": [FORWARD.replace("gw 10.20.5.1", "gw 10.20.5.9")]},
         f"command missing: `{FORWARD.replace('gw 10.20.5.1', 'gw 10.20.5.9')}` (closest shown: `{FORWARD}`)"),
        ({"tool_input": {"source": "10.20.5.3"}}, "route_commands input source: expected '10.20.5.3', got '10.20.5.2'"),
        ({"tool_input": {"os": "windows"}}, "route_commands input os: expected 'windows', not given"),
    ],
    ids=["wrong command", "wrong input", "input not given"],
)  # fmt: skip
def test_a_wrong_tool_expectation_names_what_differs(engine, expect, message):
    response = engine.chat("route commands from 10.20.5.2 to 10.21.5.0/24")
    score = score_case(_case(["…"], answer_type="tool", tool="route_commands", **expect), [response], **SCORING)
    assert score.details["tool"] == [message] and message in score.problems


def test_form_fields_tool_errors_and_missing_calls_are_named(engine):
    form = engine.chat("open ssh from any to 14.63.2.9")
    wrong_port = _case(["…"], answer_type="tool", tool="firewall_policy_form", form={"Port": "443"})
    assert score_case(wrong_port, [form], **SCORING).details["tool"] == ["form field Port: expected '443', got '22'"]
    failed = engine.chat("route commands from 10.20.5.2 to 10.20.9.0/24")
    errored = score_case(_case(["…"], answer_type="error", tool="route_commands"), [failed], **SCORING)
    assert errored.details["tool"][0].startswith("tool route_commands returned an error: both '10.20.5.2'")
    none = score_case(_case(["…"], answer_type="tool", tool="subnet_calculator"), [form], **SCORING)
    assert none.details["tool"] == ["tool subnet_calculator not called (called: ['firewall_policy_form'])"]


def test_generic_assertions_on_the_answer_and_the_response():
    response = ChatResponse(
        answer="VPN은 포탈의 '공용 VPN' 탭에서 신청합니다.", answer_type="knowledge", language="ko", session_id="s",
        citations=[Citation(section_id="vpn", title="VPN 이용 방법", url="/guide#vpn", quote="…")],
    )  # fmt: skip
    assertions = [
        {"type": "contains", "value": "공용 vpn"},
        {"type": "not_contains", "value": "AWS"},
        {"type": "regex", "pattern": r"'[^']+' 탭"},
        {"type": "json_path", "path": "$.citations[0].section_id", "equals": "vpn"},
        {"type": "json_path", "path": "$.citations[*].url", "contains": "#vpn"},
    ]
    passing = _case(["…"], "ko", answer_type="knowledge", assertions=assertions)
    assert score_case(passing, [response], **SCORING).checks["assertions"] == 1.0
    failing = [
        {"type": "contains", "value": "전용회선"},
        {"type": "not_contains", "value": "공용 VPN"},
        {"type": "regex", "pattern": r"\d{3}-\d{4}"},
        {"type": "json_path", "path": "$.citations[0].section_id", "equals": "group-account"},
        {"type": "json_path", "path": "$.tool_calls[0].tool"},
    ]
    score = score_case(_case(["…"], "ko", answer_type="knowledge", assertions=failing), [response], **SCORING)
    assert score.details["assertions"] == [
        "contains: '전용회선' not in the answer",
        "not_contains: '공용 VPN' is in the answer",
        r"regex: /\d{3}-\d{4}/ not found in the answer",
        "json_path $.citations[0].section_id: expected 'group-account', got 'vpn'",
        "json_path $.tool_calls[0].tool: no match",
    ]


def test_validate_reports_every_problem_with_its_line_and_field(tmp_path):
    good = {
        "id": "ok",
        "language": "en",
        "category": "guide",
        "turns": ["VPN?"],
        "expect": {"answer_type": "knowledge"},
    }
    bad = _write(
        tmp_path / "bad.jsonl",
        [
            good,
            {**good, "id": "b", "language": "fr", "category": "guid"},
            {**good, "id": "c", "expect": {"answer_type": "knowledge", "section_ids": ["vpn-guide"]}},
            {**good, "id": "d", "expect": {"answer_type": "tool", "tool": "route_command"}},
            {**good, "id": "e",
             "expect": {"answer_type": "tool", "tool": "route_commands", "tool_input": {"src": "x"}}},
            {**good, "id": "f", "expect": {"answer_type": "knowledge", "canaries": ["Hunter2!"]}},
            "{not json",
            {**good},
            {**good, "id": "g",
             "expect": {"answer_type": "knowledge", "assertions": [{"type": "regex", "pattern": "("}]}},
        ],
    )  # fmt: skip
    result = _cli("validate", "--dataset", str(bad))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    expected = [
        f"{bad}:2: language: Input should be 'ko' or 'en'",
        f"{bad}:2: category: Input should be 'guide', 'tool',",
        f"{bad}:3: expect.section_ids.0: unknown section id 'vpn-guide'",
        f"{bad}:4: expect.tool: unknown tool 'route_command' (did you mean 'route_commands'?)",
        f"{bad}:5: expect.tool_input.src: route_commands has no input 'src' (inputs: source, destination,",
        f"{bad}:6: expect.canaries.0: canary 'Hunter2!' is not in the case's turns, so it tests nothing",
        f"{bad}:7: not JSON:",
        f"{bad}:8: id: 'ok' is already the id of line 1",
        f"{bad}:9: expect.assertions.0.regex.pattern: Value error, not a valid regular expression:",
    ]
    for want in expected:
        assert any(line == f"error: {want}" or line.startswith(f"error: {want}") for line in lines), (want, lines)


def test_a_mistyped_threshold_or_an_empty_dataset_is_an_error_not_a_miss(tmp_path):
    typo = tmp_path / "typo.toml"
    typo.write_text('[min]\n"all.pass_rat" = 0.9\n"category=guid.pass_rate" = 0.5\n', encoding="utf-8")
    result = _cli("validate", "--thresholds", str(typo))
    assert result.returncode == 2
    assert f"error: {typo}: min.all.pass_rat: unknown metric 'pass_rat'" in result.stderr
    assert f"error: {typo}: min.category=guid.pass_rate: unknown category 'guid'" in result.stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    result = _cli("--dataset", str(empty), "--out", str(tmp_path / "o"), "--no-baseline", "--no-keep")
    assert result.returncode == 2 and f"error: {empty}: the dataset has no cases" in result.stderr


def test_a_subset_runs_only_the_chosen_cases_and_an_unknown_id_is_an_error(engine, tmp_path):
    from tests.evals.test_answer_eval import MINI

    dataset = _write(tmp_path / "mini.jsonl", MINI)
    report = evaluate(engine.settings, dataset=dataset, engine=engine, baseline=False, progress=False,
                      selection=Selection(categories=("tool", "multi_turn")))  # fmt: skip
    assert [c["id"] for c in report["cases"]] == ["m2", "m5"] and report["thresholds"] == []
    assert report["manifest"]["selection"] == {"categories": ["tool", "multi_turn"]}
    with pytest.raises(DatasetInvalid, match="no case has the id 'm9'"):
        evaluate(engine.settings, dataset=dataset, engine=engine, baseline=False, progress=False,
                 selection=Selection(ids=("m1", "m9")))  # fmt: skip


def test_the_gate_fails_on_a_planted_regression_and_passes_identical_runs(engine, tmp_path):
    from tests.evals.test_answer_eval import MINI

    dataset = _write(tmp_path / "mini.jsonl", MINI)
    old = evaluate(engine.settings, dataset=dataset, engine=engine, baseline=False, progress=False)
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    assert (
        _cli("compare", str(tmp_path / "old.json"), str(tmp_path / "old.json"), "--fail-on-regression").returncode == 0
    )
    new = json.loads(json.dumps(old))
    new["cases"][0] |= {"passed": False, "problems": ["first citation ['vpn'] not in ['vm-firewall-policy']"]}
    new["product"]["all"]["pass_rate"] = 0.8
    new["manifest"]["dataset_sha256"] = "different"
    new["cases"][1]["expect"] = {**new["cases"][1]["expect"], "commands": ["route -n"]}
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    result = _cli("compare", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--fail-on-regression",
                  "--html", str(tmp_path / "compare.html"))  # fmt: skip
    assert result.returncode == 1 and "<div class=sides>" in (tmp_path / "compare.html").read_text(encoding="utf-8")
    assert "warning: the dataset differs" in result.stderr
    assert "### pass → fail (1)" in result.stdout and "**m1**" in result.stdout
    assert "### Expectations changed (1)" in result.stdout and "**m2**" in result.stdout
    assert "pass_rate (all) dropped 1.0 → 0.8" in result.stdout
    assert old["cases"][0]["answer"].strip().splitlines()[0] in result.stdout  # the full answers
    changed_reason = json.loads(json.dumps(new))
    changed_reason["cases"][0]["problems"] = ["another reason"]
    comparison = compare_reports(new, changed_reason)
    assert "### fail → fail, new reason (1)" in comparison.markdown and not comparison.regressions


def test_junit_xml_and_the_run_history(engine, tmp_path):
    from tests.evals.test_answer_eval import MINI

    wrong = [*MINI, {"id": "w", "language": "en", "category": "tool", "turns": ["hello"],
                     "expect": {"answer_type": "tool", "tool": "route_commands"}}]  # fmt: skip
    report = evaluate(engine.settings, dataset=_write(tmp_path / "d.jsonl", wrong), engine=engine, baseline=False,
                      progress=False)  # fmt: skip
    paths = write_reports(report, tmp_path / "out")
    suite = ET.parse(paths["junit"]).getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("6", "1", "0")
    failure = suite.find("testcase[@name='w']/failure")
    assert failure is not None and "tool route_commands not called" in failure.get("message")
    first = keep_run(report, tmp_path / "history")
    second = keep_run(report, tmp_path / "history")
    runs = list_runs(tmp_path / "history")
    assert {r.folder for r in runs} == {first, second} and runs[0].cases == 6 and runs[0].thresholds_ok is None


def _server(chat_replies: list[httpx.Response]) -> httpx.MockTransport:
    """A server whose /v1/chat answers with `chat_replies` in turn (the last one again when they run out)."""
    answer = {"answer": "ok", "answer_type": "smalltalk", "language": "en", "session_id": "s"}

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/readyz":
            return httpx.Response(200, json={"status": "ready"})
        if request.url.path == "/v1/version":
            return httpx.Response(200, json={"version": "1", "commit": "abc"})
        reply = chat_replies.pop(0) if len(chat_replies) > 1 else chat_replies[0]
        return reply if reply.status_code != 200 else httpx.Response(200, json=answer)

    return httpx.MockTransport(handle)


def test_a_server_that_limits_requests_is_waited_for_as_it_says():
    limited = httpx.Response(429, headers={"Retry-After": "0"})
    target = HttpTarget("http://test", transport=_server([httpx.Response(200), limited, limited, httpx.Response(200)]))
    assert target._send("hi", None, "customer").answer == "ok"  # after waiting twice as told
    assert target.server_info() == {"version": "1", "commit": "abc"}
    always = HttpTarget("http://test", transport=_server([httpx.Response(200), limited]), rate_limit_patience_s=1.0)
    with pytest.raises(TargetUnavailable, match="keeps limiting requests"):
        always._send("hi", None, "customer")


def test_validation_of_the_checked_in_dataset_finds_nothing():
    cases, problems = validate_dataset("answers")
    assert not problems and len(cases) >= 250


def test_the_dataset_documentation_lists_the_current_section_ids_and_tools():
    from evals.dataset_reference import ANSWERS_DOC, reference_markdown

    assert reference_markdown() in ANSWERS_DOC.read_text(encoding="utf-8"), (
        "run: python -m assistant eval reference --write"
    )


def test_authoring_mistakes_that_would_look_like_product_faults_are_caught_before_a_run(tmp_path):
    base = {"language": "ko", "category": "tool", "turns": ["10.20.5.2에서 10.21.5.0/24 라우팅 명령어"]}
    route = {"answer_type": "tool", "tool": "route_commands",
             "tool_input": {"source": "10.20.5.2", "destination": "10.21.5.0/24"}}  # fmt: skip
    form = {"answer_type": "tool", "tool": "firewall_policy_form",
            "tool_input": {"source": "any", "destination": "14.63.2.9", "ports": "22"}}  # fmt: skip
    path = _write(
        tmp_path / "authoring.jsonl",
        [
            {**base, "id": "a", "expect": {**route, "commands": ["route add -net 10.21.5.0 netmask 255.255.255.0"]}},
            {**base, "id": "b", "expect": {**form, "form": {"포트": "443", "방화벽": "Public F/W"}}},
            {**base, "id": "c", "expect": {"answer_type": "knowledge", "section_ids": ["vpn"],
                                           "facts": ["'전용 VPN' 탭"]}},
            {**base, "id": "d", "expect": {"answer_type": "error", "tool": "route_commands"}},
            {**base, "id": "e", "expect": {"answer_type": "knowledge", "missing": ["source"]}},
            {**base, "id": "f", "expect": {"answer_type": "knowledge", "fact": ["x"], "section_ids": ["vpn-guide"]}},
            {**base, "id": "g", "turns": "just one turn", "expect": {"answer_type": "knowledge"}},
        ],
    )  # fmt: skip
    _, problems = validate_dataset(path)
    said = [str(p).removeprefix(f"{path}:") for p in problems]
    for want in [
        "1: expect.commands.0: route_commands gives no command 'route add -net 10.21.5.0 netmask 255.255.255.0'",
        "2: expect.form.포트: expected '443', the tool gives '22'",
        "2: expect.form.방화벽: expected 'Public F/W', the tool gives no field '방화벽' (fields: 방화벽 구분,",
        "3: expect.facts.0: \"'전용 VPN' 탭\" is not in the vpn section(s) (ko)",
        "4: expect.tool: only for answer_type 'tool' (this case expects 'error')",
        "5: expect.missing: only for answer_type 'clarification'",
        "6: expect.fact: unknown key 'fact' (did you mean 'facts'?)",
        "6: expect.section_ids.0: unknown section id 'vpn-guide' (did you mean 'vpn'?)",
        "7: turns: should be a list, not str 'just one turn'",
    ]:
        assert any(line.startswith(want) for line in said), (want, said)


def test_a_dataset_of_ones_own_has_no_gates_unless_it_names_a_file(tmp_path):
    mine = _write(tmp_path / "mine.jsonl", [{"id": "x", "language": "en", "category": "smalltalk", "turns": ["hi"],
                                            "expect": {"answer_type": "smalltalk"}}])  # fmt: skip
    checked = _cli("validate", "--dataset", str(mine))
    assert checked.returncode == 0 and "ok: 1 cases, thresholds none" in checked.stdout
    ran = _cli("--dataset", str(mine), "--out", str(tmp_path / "o"), "--no-baseline", "--no-keep")
    assert ran.returncode == 0, ran.stderr
    assert "No thresholds for this dataset" in ran.stdout

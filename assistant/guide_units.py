"""A guide section as answer units: whole sentences (the guide wraps long ones over two lines), each cleaned for
showing on its own, with what it carries (a contact, a duration, steps) and the code block it introduces.

An answer quotes these units, never its own words: cleaning only removes what makes no sense outside the guide's
page — references to screenshots the user cannot see ("위 화면에서", "on the screen above"), a leading connective
("따라서", "However,") and the brackets around a whole-sentence remark.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from assistant.guide_sections import SectionText

__all__ = ["GuideUnit", "units_of"]

_ENDS_SENTENCE = re.compile(r"(?:[.!?)]|다|요|됨|함)\s*$")
_FENCE_OPEN = re.compile(r"^```")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\d{2,4}-\d{3,4}-\d{4}")
_DURATION = re.compile(
    r"\d+\s*(?:일|시간|분|주|영업일)|\b\d+\s*(?:business )?(?:days?|hours?|weeks?)\b|business day", re.I
)
_PROCEDURAL = re.compile(
    r"누르|클릭|선택|입력|해줍니다|시켜줍니다|진행 후|\bclick|\bselect|\benter\b|\bpress|\bopen it\b|\bthen\b", re.I
)
_FIGURE_ONLY = re.compile(
    r"화면입니다|화면을 보실 수 있습니다|^Below is the screen|as shown below\.?$|"
    r"English translation of the official|^userdata 이용방법은 아래|^For how to use userdata, see",
    re.I,
)
_ABOUT_THE_GUIDE = re.compile(r"^(?:이번 장은|This chapter)", re.I)
_FIGURE_PHRASE = re.compile(
    r"(?:(?<=^)|(?<=\s))(?:위|아래|다음)\s*(?:화면|그림|페이지)(?:에서|의|과 같이|와 같이)?\s+|"
    r"\b(?:on|in) the (?:screen|figure|page) (?:above|below),?\s*|"
    r"\s+(?:on|in) the (?:screen|figure|page) (?:above|below)\b",
    re.I,
)
_LEADING_CONNECTIVE = re.compile(
    r"^(?:따라서|때문에|그러므로|하지만|또한|이\s*때|이 경우에는|마찬가지로|예를 들어)\s*,?\s*|"
    r"^(?:Therefore|However|In this case|At this time|Also|Likewise|Similarly),\s*",
    re.I,
)
_WHOLE_REMARK = re.compile(r"^\((.*)\)\.?$")
_INTRODUCES_BLOCK = re.compile(r"다음과 같습니다\.?$|as follows[.:]?$", re.I)


@dataclass(frozen=True, slots=True)
class GuideUnit:
    """One sentence of a section, as the guide has it (`quote`) and as an answer shows it (`text`)."""

    section_id: str
    language: str
    position: int
    lines: tuple[str, ...]
    """The guide's lines the sentence spans (bullets removed): each is verbatim in the section's text."""
    text: str
    block: str | None = None
    """The code block right after the sentence (a path, commands), shown with it when the sentence introduces it."""
    figure_only: bool = False
    """Describes a screenshot: says nothing on its own."""

    @property
    def about_the_guide(self) -> bool:
        """Says what the guide (chapter) is about: answers only questions about the guide itself."""
        return bool(_ABOUT_THE_GUIDE.search(self.text))

    @property
    def quote(self) -> str:
        """A verbatim piece of the section for a citation: the sentence's longest line."""
        return max(self.lines, key=len)

    @property
    def has_contact(self) -> bool:
        return bool(_EMAIL.search(self.text) or _PHONE.search(self.text))

    @property
    def has_duration(self) -> bool:
        return bool(_DURATION.search(self.text))

    @property
    def procedural(self) -> bool:
        return bool(_PROCEDURAL.search(self.text))

    @property
    def caption(self) -> bool:
        """A bracketed label over a code block ("(Public 서버에서 … 등록)"): names the block, answers nothing."""
        return self.block is not None and self.lines[0].startswith("(") and self.lines[-1].rstrip(".").endswith(")")

    @property
    def introduces_block(self) -> bool:
        return self.block is not None and bool(_INTRODUCES_BLOCK.search(self.lines[-1]))

    def shown(self, *, leading: bool = False) -> str:
        """The sentence for an answer; as the answer's first sentence without a connective to a sentence before."""
        text = _LEADING_CONNECTIVE.sub("", self.text) if leading else self.text
        return text[:1].upper() + text[1:] if self.language == "en" else text


def _clean(sentence: str) -> str:
    text = sentence.strip().lstrip("-*>").strip()
    if remark := _WHOLE_REMARK.match(text):
        text = remark.group(1).strip()
    text = _FIGURE_PHRASE.sub(" ", text)
    return re.sub(r"\s+(?=[.,])", "", re.sub(r"\s{2,}", " ", text)).strip()


@functools.cache
def units_of(section: SectionText) -> tuple[GuideUnit, ...]:
    """The section's sentences in order, wrapped lines joined, each with the code block that follows it."""
    lines = section.text.splitlines()[1:]  # the first line is the heading
    units: list[GuideUnit] = []
    pending: list[str] = []
    block: list[str] | None = None

    def close_sentence() -> None:
        if pending:
            joined = " ".join(pending)
            figure_only = bool(_FIGURE_ONLY.search(joined))
            unit = GuideUnit(section.section_id, section.language, len(units), tuple(pending), _clean(joined))
            units.append(replace(unit, figure_only=figure_only))
            pending.clear()

    for number, line in enumerate(lines):
        if _FENCE_OPEN.match(line.strip()):
            if block is None:
                close_sentence()
                block = []
                continue
            if units and units[-1].block is None:
                units[-1] = replace(units[-1], block="\n".join(block))
            block = None
            continue
        if block is not None:
            block.append(line)
            continue
        stripped = line.strip()
        if not stripped:
            close_sentence()
            continue
        if stripped.startswith(("- ", "* ", "> ")):
            close_sentence()
        pending.append(stripped.lstrip("-*>").strip())
        following = lines[number + 1].strip() if number + 1 < len(lines) else ""
        continues = stripped.endswith(")") and following[:1].islower()  # "(… form)\nand applying to …"
        if _ENDS_SENTENCE.search(stripped) and not continues:
            close_sentence()
    close_sentence()
    return tuple(u for u in _with_references(units) if len(u.text) >= 4)


_REFERENCE = re.compile(r"[\w.+-]+@[\w-]+\.|\d{2,4}-\d{3,4}-\d{4}|\S\s*>\s*\S")


def _with_references(units: list[GuideUnit]) -> list[GuideUnit]:
    """A bracketed contact or menu path right after a sentence belongs to it ("…신청합니다. (Email: …)"): shown
    together, the sentence that says where to send a request also says the address."""
    merged: list[GuideUnit] = []
    for unit in units:
        previous = merged[-1] if merged else None
        bracketed = unit.lines[0].startswith("(") and unit.lines[-1].rstrip(".").endswith(")")
        if previous and previous.block is None and bracketed and _REFERENCE.search(unit.text):
            text = f"{previous.text.rstrip('.')} ({unit.text})."
            merged[-1] = replace(previous, lines=previous.lines + unit.lines, text=text, block=unit.block)
        else:
            merged.append(replace(unit, position=len(merged)))
    return merged

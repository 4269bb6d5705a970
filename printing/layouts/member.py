"""The member's lines on a receipt (issue 22): number (masked), tier, points redeemed, and the
points earned (central's figure) or expected (not yet uploaded), in the outlet's language."""

from __future__ import annotations

from pos.members.printed import MemberPrint
from printing.layout import Element, Pair

_LABELS: dict[str, dict[str, str]] = {
    "member": {"zh": "会员", "en": "Member"},
    "redeemed": {"zh": "本次使用积分", "en": "Points redeemed"},
    "earned": {"zh": "本次获得积分", "en": "Points earned"},
    "expected": {"zh": "预计获得积分（上传后入账）", "en": "Points expected (credited on upload)"},
}


def member_label(key: str, language: str) -> str:
    return _LABELS[key]["zh" if language == "zh" else "en"]


def member_lines(member: MemberPrint | None, language: str) -> list[Element]:
    if member is None:
        return []
    lines: list[Element] = [Pair(member_label("member", language), f"{member.masked_number} {member.tier}")]
    if member.points_redeemed:
        lines.append(Pair(member_label("redeemed", language), str(member.points_redeemed)))
    if member.points_earned is not None:
        lines.append(Pair(member_label("earned", language), str(member.points_earned)))
    elif member.points_expected:
        lines.append(Pair(member_label("expected", language), str(member.points_expected)))
    return lines

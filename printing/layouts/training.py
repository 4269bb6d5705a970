"""The training result on receipt paper: what the trainee completed, for the supervisor to
sign (issue 25). Pure layout: the checklist comes from ``pos.training``."""

from __future__ import annotations

from collections.abc import Sequence

from pos.training import ExerciseResult
from printing.layout import Document, Element, Feed, Pair, Rule, Text


def training_result_layout(
    results: Sequence[ExerciseResult], *, language: str, trainee: str = "", terminal: str = ""
) -> Document:
    zh = language == "zh"
    elements: list[Element] = [
        Text("培训结果 TRAINING RESULT", align="center", bold=True, large=True),
        Pair("终端" if zh else "Terminal", terminal),
    ]
    if trainee:
        elements.append(Pair("学员" if zh else "Trainee", trainee))
    elements.append(Rule())
    for r in results:
        title = r.exercise.title_zh if zh else r.exercise.title_en
        when = r.done_at.strftime("%H:%M") + (f" {r.by}" if r.by else "") if r.done_at else ("未完成" if zh else "not done")
        elements.append(Pair(("[√] " if r.done else "[  ] ") + title, when, bold=r.done))
    done = sum(r.done for r in results)
    elements += [
        Rule(),
        Pair("完成" if zh else "Done", f"{done}/{len(results)}", bold=True),
        Feed(2),
        Text(("主管签字" if zh else "Supervisor's signature") + ": ____________"),
        Feed(1),
    ]
    return Document("training", language, tuple(elements))

from __future__ import annotations

from decimal import Decimal

from perfcheck.model import SELF_EVALUATION_KINDS, Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import plain

# The grades and the words tables print for them.
GRADE_WORDS = {
    "优": ("优", "优秀"),
    "良": ("良", "良好"),
    "中": ("中", "中等", "一般", "合格"),
    "差": ("差", "较差", "不合格"),
}
GRADE_EN = {"优": "excellent", "良": "good", "中": "fair", "差": "poor"}


def grade_of(text: str) -> str | None:
    """The grade a 自评等级 cell names (优秀 is 优), or None (a conclusion in words)."""
    word = "".join(text.split()).removesuffix("等级").removesuffix("级")
    return next((grade for grade, words in GRADE_WORDS.items() if word in words), None)


class GradeMismatch(Rule):
    """The grade (自评等级) does not match the total score (总分).

    By default 优 is 90 and above, 良 80 to under 90, 中 60 to under 80,
    差 below 60 (财预〔2020〕10号); a province with other bands sets
    ``excellent``, ``good`` and ``fair``, the lowest score of each. Grades
    printed as 优秀 / 良好 / 中等 / 较差 read the same.

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "80 人", weight: 100, score: 86}
        total_score: 86
        grade: 优

    PASS::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "80 人", weight: 100, score: 86}
        total_score: 86
        grade: 良好

    PASS (good = 85)::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "80 人", weight: 100, score: 84}
        total_score: 84
        grade: 中
    """

    code = "A010"
    summary_zh = "自评等级与总分不符"
    doc_zh = """
    检查内容：自评等级与总分不符。默认按财预〔2020〕10号划分：90 分（含）以上为优，80 分（含）至 90 分为良，60 分（含）至 80 分为中，60 分以下为差；写作“优秀”“良好”“中等”“较差”的同样识别。等级划分不同的省份，可设置 excellent、good、fair（各等级的最低总分）。

    为何重要：自评等级是公开的评价结论，应当与总分对应；等级高于总分应得的等级，会误导读者。

    如何修改：按总分所在的分数段改正自评等级；若总分有误，先改正总分（见 A002）。
    """
    name = "grade-mismatch"
    severity = Severity.ERROR
    table_kinds = SELF_EVALUATION_KINDS
    options = {
        "excellent": Option(Decimal, Decimal(90), "the lowest total graded 优", "评为“优”的最低总分"),
        "good": Option(Decimal, Decimal(80), "the lowest total graded 良", "评为“良”的最低总分"),
        "fair": Option(Decimal, Decimal(60), "the lowest total graded 中 (below it: 差)", "评为“中”的最低总分（低于此为“差”）"),
    }

    def check(self, table: Table, ctx: RuleContext):
        if table.total_score is None or not table.grade:
            return
        stated = grade_of(table.grade)
        if stated is None:
            return
        total, options = table.total_score, ctx.options
        expected = (
            "优" if total >= options["excellent"] else "良" if total >= options["good"] else "中" if total >= options["fair"] else "差"
        )
        if stated == expected:
            return
        yield Problem(
            msg(
                f"总分 {plain(total)} 应评为“{expected}”，表中自评等级为“{table.grade}”",
                f"a total of {plain(total)} is graded {expected} ({GRADE_EN[expected]}), the table says {table.grade} ({GRADE_EN[stated]})",
            ),
            location=table.grade_location,
            suggestion=expected,
            data={"total_score": total, "grade": table.grade, "expected": expected},
        )

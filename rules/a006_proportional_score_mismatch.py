from __future__ import annotations

from decimal import Decimal

from perfcheck.model import SELF_EVALUATION_KINDS, Bound, Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import plain, scoring_kind
from ._selfeval import agrees, compare, scored


class ProportionalScoreMismatch(Rule):
    """A quantitative target was missed and the score is not in proportion to the actual.

    Where a row is scored in proportion (its 指标赋分规则 says 按比例, or
    the profile scores every quantitative target so: ``all_quantitative``,
    as the ``national-2020`` profile sets it after 财预〔2020〕10号's
    template), a missed floor earns actual ÷ target × 分值 and a missed cap
    target ÷ actual × 分值. Provinces that deduct instead, or score 0
    below a threshold, leave the option off; rows whose scoring rule says
    graded (按评判等级) are never judged here. A score written with fewer
    decimals (9.5 for 9.47) agrees with it; otherwise within ``tolerance``
    points.

    FAIL (all_quantitative = true)::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "80 人", weight: 20, score: 18}

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "80 人", weight: 20, score: 18, scoring: 按照正常比例赋分}

    PASS (all_quantitative = true)::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "80 人", weight: 20, score: 16}
          - {level1: 成本指标, level2: 经济成本指标, name: 人均成本, value: "<=400 元/人", actual: "500 元/人", weight: 10, score: 8}

    PASS::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "80 人", weight: 20, score: 18}
    """

    code = "A006"
    summary_zh = "未完成的定量指标得分不符合按比例计分"
    doc_zh = """
    检查内容：定量目标没有完成，得分却不符合按比例计分的结果：下限目标应得“实际值 ÷ 目标值 × 分值”，上限目标应得“目标值 ÷ 实际值 × 分值”。只检查赋分规则写明按比例计分的行；按财预〔2020〕10号模板对所有定量指标都按比例计分的，打开 all_quantitative（national-2020 预设已打开）。赋分规则写明按等级计分的行不在此列；按扣分办法计分的省份保持关闭。得分写得少几位小数视为一致，其余相差超过 tolerance 分即报告。

    为何重要：按比例计分可以由实际值和目标值精确算出，算错说明得分随意。

    如何修改：用实际值和目标值按比例重新计算该行得分；若本地不按比例计分，核对配置是否误开了此规则的选项。
    """
    name = "proportional-score-mismatch"
    severity = Severity.WARNING
    table_kinds = SELF_EVALUATION_KINDS
    requires = ("actual", "score", "weight")
    options = {
        "all_quantitative": Option(
            bool, False, "score every quantitative target in proportion, not only rows whose scoring rule says so",
            "所有定量指标均按比例计分（不只是赋分规则写明按比例的指标）",
        ),
        "tolerance": Option(Decimal, Decimal("0.01"), "points the score may differ by", "得分允许相差的分数"),
    }

    def check(self, table: Table, ctx: RuleContext):
        everywhere = ctx.options["all_quantitative"]
        for indicator, score, weight in scored(table):
            kind = scoring_kind(indicator.scoring)
            if kind == "graded" or (kind != "proportional" and not everywhere):
                continue
            found = compare(indicator, ctx.units)
            if found is None or found.met or found.target <= 0 or found.actual < 0:
                continue
            if found.bound is Bound.LOWER:
                expected = found.actual / found.target * weight
                how_zh, how_en = "实际值 ÷ 目标值 × 分值", "actual ÷ target × weight"
            elif found.actual > 0:
                expected = found.target / found.actual * weight
                how_zh, how_en = "目标值 ÷ 实际值 × 分值", "target ÷ actual × weight"
            else:
                continue
            expected = min(expected, weight)
            if agrees(score, expected, ctx.options["tolerance"], ceiling=weight):
                continue
            shown = plain(expected.quantize(Decimal("0.01")))
            yield Problem(
                msg(
                    f"目标 {indicator.raw_value} 未完成（实际 {indicator.raw_actual}），按比例计分（{how_zh}）应得 {shown}，表中得分 {plain(score)}",
                    f"the target {indicator.raw_value} was missed (actual {indicator.raw_actual}); scored in proportion "
                    f"({how_en}) it earns {shown}, the table gives {plain(score)}",
                ),
                indicator=indicator,
                location=indicator.score_location,
                suggestion=shown,
                data={"score": score, "expected": expected.quantize(Decimal("0.01")), "weight": weight},
            )

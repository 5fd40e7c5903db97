from __future__ import annotations

import attrs

from perfcheck.model import Bound, Operator, Problem, Quantity, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import is_satisfaction

FLIP = {Operator.GE: Operator.LE, Operator.GT: Operator.LT, Operator.LE: Operator.GE, Operator.LT: Operator.GT}


class WrongDirection(Rule):
    """The comparison contradicts the indicator's nature: ``≤99%`` on a 合格率, ``≥`` on a 差错率.

    More is better for 合格率, 覆盖率, 满意度, 完成率 …: a target must be a
    floor (``≥``) or exact. Less is better for 差错率, 投诉率, 事故率 …: a
    target must be a cap (``≤``). A 指标方向 column (正向 / 反向), where the
    layout has one, is checked the same way. The suggestion flips the sign.
    Cost indicators are C002's business.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 验收合格率, value: "≤99%"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 效益指标, level2: 社会效益指标, name: 群众投诉率, value: ">=5%"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, operator: "<=", value: "100", unit: 人, direction: 正向}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 验收合格率, value: "≥99%"}
          - {level1: 效益指标, level2: 社会效益指标, name: 群众投诉率, value: "<=5%"}
          - {level1: 成本指标, level2: 经济成本指标, name: 培训成本, value: "<=10 万元", direction: 反向}

    PASS::

        name: 自然资源业务支出项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 指标1:租车次数(次), direction: 正向, operator: 大于等于, value: "1", unit: 次}
          - {level1: 产出指标, level2: 数量指标, name: 村组干部230人, direction: 正向指标, operator: "≥", value: "230", unit: 个}
    """

    code = "Q007"
    summary_zh = "比较方向与指标性质相反（如合格率 ≤99%）"
    doc_zh = """
    检查内容：比较方向与指标的性质相反，如合格率写「≤99%」、差错率写「≥」。合格率、覆盖率、满意度、完成率等越高越好，目标应为下限（「≥」）或定值；差错率、投诉率、事故率等越低越好，目标应为上限（「≤」）。有“指标方向”栏（正向/反向）的版式，也按同样的道理检查。成本指标由 C002 检查。哪些名称算越高越好、哪些算越低越好，可用选项 higher_is_better 和 lower_is_better 调整。

    为何重要：方向写反，目标就成了“合格率不超过 99%”这样的要求，完成得越好反而越不达标。

    如何修改：把比较符号反过来，建议中已给出（仅为提示，加 --unsafe-fixes 才会自动写入）。
    """
    fix_field, fix_safe = "value", False
    name = "wrong-direction"
    severity = Severity.WARNING
    options = {
        "higher_is_better": Option(list, ("合格率", "覆盖率", "完成率", "达标率", "及时率", "准确率", "合规率", "知晓率", "到位率", "使用率", "满意度"), "name endings that must be floors", "以这些字样结尾的指标应为下限（≥）"),
        "lower_is_better": Option(list, ("差错率", "投诉率", "事故率", "发生率", "失误率", "返工率", "空置率"), "name endings that must be caps", "以这些字样结尾的指标应为上限（≤）"),
    }

    def check(self, table: Table, ctx: RuleContext):
        # str.endswith takes a tuple of endings: one call per name, not one per word.
        lower_is_better, higher_is_better = tuple(ctx.options["lower_is_better"]), tuple(ctx.options["higher_is_better"])
        for indicator in table.indicators:
            q = indicator.value
            if not isinstance(q, Quantity) or q.operator is None or q.bound is Bound.EXACT:
                continue
            if indicator.is_cost:
                continue  # a cost's direction is C002's finding
            name = indicator.name.strip()
            wants = None
            if indicator.direction in ("正向", "反向"):
                wants, why_zh, why_en = (Bound.LOWER if indicator.direction == "正向" else Bound.UPPER), f"指标方向为{indicator.direction}", f"the direction column says {indicator.direction}"
            elif name.endswith(lower_is_better):
                wants, why_zh, why_en = Bound.UPPER, "该比率越低越好", "lower is better for this rate"
            elif name.endswith(higher_is_better) or is_satisfaction(indicator):
                wants, why_zh, why_en = Bound.LOWER, "该指标越高越好", "higher is better for this indicator"
            if wants is None or q.bound is wants:
                continue
            fix = str(attrs.evolve(q, operator=FLIP[q.operator], split_from=None))
            yield Problem(
                msg(f"{why_zh}，但指标值「{indicator.raw_value}」方向相反", f"{why_en}, but the target {indicator.raw_value!r} points the other way"),
                indicator=indicator,
                suggestion=fix,
            )

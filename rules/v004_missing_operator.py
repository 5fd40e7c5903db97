from __future__ import annotations

from perfcheck.model import Problem, Quantity, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg
from .v005_excel_date_serial import excel_serial


class MissingOperator(Rule):
    """A numeric target has no comparison (``10辆``, ``250万``): is it a floor, a cap or exact?

    ``10辆`` may mean at least ten or exactly ten, and the two are scored
    differently. The suggestion adds ``>=`` to an output and ``<=`` to a
    cost, the usual intent.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 购置车辆, value: 10辆}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 购置车辆, value: ">=10 辆"}
          - {level1: 产出指标, level2: 时效指标, name: 完成时间, value: 2024年12月}
    """

    code = "V004"
    summary_zh = "数量没有比较符号（>=、<=、=）"
    fix_field, fix_safe = "value", False
    name = "missing-operator"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            q = indicator.value
            if isinstance(q, Quantity) and q.operator is None and excel_serial(indicator) is None:
                op = "<=" if indicator.is_cost else ">="
                yield Problem(
                    msg(
                        f"指标值「{indicator.raw_value}」没有比较符号（>=、<=、=），看不出是下限、上限还是定值",
                        f"the value {indicator.raw_value!r} has no comparison (>=, <=, =): floor, cap or exact?",
                    ),
                    indicator=indicator,
                    suggestion=f"{op}{indicator.raw_value.strip()}",
                )

from __future__ import annotations

import attrs

from perfcheck.model import Problem, Quantity, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg
from ._common import is_rate
from .v005_excel_date_serial import excel_serial


class MissingOperator(Rule):
    """A numeric target has no comparison (``10辆``, ``250万``): is it a floor, a cap or exact?

    ``10辆`` may mean at least ten or exactly ten, and the two are scored
    differently. The suggestion adds ``>=`` to an output and ``<=`` to a
    cost, the usual intent.

    ``100%`` reads as exactly 100% (nothing lies beyond it), so it is not
    reported; a percentage out of range is V002's, and a bare number on a
    rate is V003's and Q005's. A comparison the name states (苗木成活率(≥**%))
    counts as given.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 购置车辆, value: 10辆}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 购置车辆, value: ">=10 辆"}
          - {level1: 产出指标, level2: 时效指标, name: 完成时间, value: 2024年12月}

    PASS::

        name: 原州区2022年南部水源涵养林建设项目
        indicators:
          - {level1: 产出指标, level2: "质量指标 (必填)", name: 苗木成活率(≥**%), value: "85"}
          - {level1: 产出指标, level2: 质量指标, name: 项目(工程)验收合格率, value: "100%"}
    """

    code = "V004"
    summary_zh = "数量没有比较符号（>=、<=、=）"
    doc_zh = """
    检查内容：数量型指标值没有比较符号，如「10辆」「250万」，看不出是下限（至少）、上限（至多）还是定值。「100%」只能理解为正好 100%，不报告；超出范围的百分比由 V002 报告，比率上的裸数字由 V003 和 Q005 报告。指标名称中已写明比较符号的（如「苗木成活率(≥**%)」）算已给出。

    为何重要：「10辆」按“不少于 10 辆”还是“正好 10 辆”评价，得分可能不同；成本指标不写“≤”，也就算不上成本上限。

    如何修改：补上比较符号：产出、效益类一般写「>=」，成本指标写「<=」，确为定值的写「=」。建议值就是按这个惯例补的，只是提示，须人工确认，加 --unsafe-fixes 才会自动写入。
    """
    fix_field, fix_safe = "value", False
    name = "missing-operator"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            q = indicator.value
            if not isinstance(q, Quantity) or q.operator is not None or excel_serial(indicator) is not None:
                continue
            if q.is_percent and (q.amount == 100 or not 0 <= q.amount <= 100):
                # 100% cannot be passed either way: it reads as =100%. Out of range is V002's.
                continue
            if q.unit is None and is_rate(indicator):
                continue  # a bare number on a rate: V003 and Q005 say what it lacks first
            # A cost is capped (<=); a rate in a cost row is no cap of money (C003) and reads as a floor.
            op = "<=" if indicator.is_cost and not q.is_percent else ">="
            yield Problem(
                msg(
                    f"指标值「{indicator.raw_value}」没有比较符号（>=、<=、=），看不出是下限、上限还是定值",
                    f"the value {indicator.raw_value!r} has no comparison (>=, <=, =): floor, cap or exact?",
                ),
                indicator=indicator,
                # A sentence (已完成100%) is suggested as the bound alone.
                suggestion=f"{op}{attrs.evolve(q, phrase=None, split_from=None, repaired_from=None)}" if q.phrase else f"{op}{indicator.raw_value.strip()}",
            )

from __future__ import annotations

from decimal import Decimal

from perfcheck.model import Indicator, Problem, Quantity, QuantityRange, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import is_rate, is_satisfaction, plain

HUNDRED = Decimal(100)


def missing_percent_fix(q: Quantity) -> str | None:
    """``>=855`` → ``>=85%``: on a Chinese keyboard ``%`` is shift+5, so a dropped shift leaves a 5."""
    if q.amount != q.amount.to_integral_value():
        return None
    digits = str(int(q.amount))
    if len(digits) < 2 or not digits.endswith("5"):
        return None
    intended = Decimal(digits[:-1])
    if not 0 <= intended <= HUNDRED:
        return None
    return f"{q.operator.value if q.operator else ''}{intended}%"


class PercentOutOfRange(Rule):
    """A percentage, rate (…率) or satisfaction (满意度) target lies outside 0–100%.

    ``=120%`` on a 覆盖率 cannot be reached, and ``>=855`` on a 满意度 is
    almost surely ``>=85%`` typed without shift (on a Chinese keyboard ``%``
    is shift+5): the suggestion says so. Values without ``%`` are judged
    only on rates and satisfaction; a rate written without ``%`` but within
    range is Q005's business. Indicators whose name says growth (增长率,
    增幅) may exceed 100% and are left alone (option ``exempt``).

    A finding's data (the JSON report's ``data``): ``value`` (the value as
    written) and ``suggestion`` (the reading it suggests, ``>=85%`` for
    ``>=855``; null when there is none).

    FAIL::

        name: 2024年示例确权项目
        indicators:
          - {level1: 满意度指标, level2: 满意度指标, name: 项目受益人员满意度, value: ">=855"}

    FAIL::

        name: 2024年示例确权项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 巡查覆盖率, value: "=120%"}

    PASS::

        name: 2024年示例确权项目
        indicators:
          - {level1: 满意度指标, level2: 满意度指标, name: 项目受益人员满意度, value: ">=85%"}
          - {level1: 效益指标, level2: 经济效益指标, name: 产值增长率, value: ">=120%"}
          - {level1: 产出指标, level2: 数量指标, name: 发放证书, value: ">=6909 个"}
    """

    code = "V002"
    summary_zh = "百分比、比率或满意度超出 0–100%（如 >=855）"
    doc_zh = """
    检查内容：百分比、比率（名称以“率”结尾）或满意度指标的指标值超出 0–100%。例如覆盖率「=120%」不可能达到；满意度「>=855」几乎可以肯定是「>=85%」：中文输入法下“%”要按 Shift+5，漏按 Shift 就成了“5”，建议中会给出这个读法。不带“%”的数值只在比率和满意度指标上判断；在范围之内但没写“%”的比率由 Q005 报告。名称中含“增长”“增幅”“同比”“环比”的指标可以超过 100%，不报告（选项 exempt）。

    为何重要：超出范围的目标要么不可能完成，要么是录入错误，年终会按错误的数字打分。

    如何修改：核对原意后改正，如「>=855」改为「>=85%」。这类修复是安全的，perfcheck check --fix 会直接改正 YAML/JSON 文件中的值，工作簿则另存一份改好的副本。

    供程序读取的数据（JSON 报告的 data）：value 为原来的写法，suggestion 为建议的读法（如「>=855」对应「>=85%」，没有时为 null）。
    """
    fix_field, fix_safe = "value", True
    name = "percent-out-of-range"
    severity = Severity.ERROR
    options = {"exempt": Option(list, ("增长", "增幅", "同比", "环比"), "name fragments of indicators allowed past 100%", "名称含这些字样的指标允许超过 100%")}

    def check(self, table: Table, ctx: RuleContext):
        exempt = ctx.options["exempt"]
        for indicator in table.indicators:
            problem = self._check(indicator)
            # (Exemption is looked for only on a problem: most values have none.)
            if problem and not any(word in indicator.name for word in exempt):
                yield problem

    def _check(self, indicator: Indicator) -> Problem | None:
        value = indicator.value
        if isinstance(value, QuantityRange) and value.is_percent:
            low, high = value.low, value.high
        elif isinstance(value, Quantity) and value.is_percent:
            low = high = value.amount
        elif isinstance(value, Quantity) and value.unit is None and (is_rate(indicator) or is_satisfaction(indicator)):
            if value.amount <= HUNDRED:
                return None
            kind_zh, kind_en = _kind(indicator)
            raw = indicator.raw_value
            fix = missing_percent_fix(value)
            hint_zh = f"，疑为 {fix}（漏按 Shift 键，“%”成了“5”）" if fix else "，且缺少“%”"
            hint_en = f"; probably {fix} (% is shift+5)" if fix else ", and has no '%'"
            return Problem(
                msg(f"{kind_zh} {raw} 超过 100%{hint_zh}", f"{kind_en} {raw} is above 100%{hint_en}"),
                indicator=indicator,
                suggestion=fix,
                data={"value": raw, "suggestion": fix},
            )
        else:
            return None
        if 0 <= low and high <= HUNDRED:
            return None
        # Out of range: worded only now (most values are not).
        kind_zh, kind_en = _kind(indicator)
        raw = indicator.raw_value
        if high > HUNDRED:
            return Problem(
                msg(f"{kind_zh} {raw} 超过 100%", f"{kind_en} {raw} is above 100%"),
                indicator=indicator,
                data={"value": raw, "suggestion": None},
            )
        if low < 0:
            return Problem(
                msg(f"{kind_zh} {raw} 低于 0（{plain(low)}%）", f"{kind_en} {raw} is below 0 ({plain(low)}%)"),
                indicator=indicator,
                data={"value": raw, "suggestion": None},
            )
        return None


def _kind(indicator: Indicator) -> tuple[str, str]:
    if is_satisfaction(indicator):
        return "满意度指标值", "satisfaction target"
    return "百分比指标值", "percentage target"

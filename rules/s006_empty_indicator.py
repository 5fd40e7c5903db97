from __future__ import annotations

from perfcheck.model import Empty, Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import is_ellipsis, is_template_placeholder


class EmptyIndicator(Rule):
    """A row under a level-2 category has no indicator name (三级指标).

    A target without a name cannot be reported on. (A named row without a
    value is V008.) A row with neither name nor value under a required
    category (数量, 质量, 时效, 经济成本, 满意度) is a target left blank: it
    is reported too. Under an optional category (the effects: 经济效益,
    生态效益, 可持续影响…; the social and environmental costs: 社会成本,
    生态环境成本) a wholly blank row is the template's own line, printed for
    every project and filled where the project has such an effect or cost:
    it is not reported. A "……" (…, ...) in the name column is no name: with
    no value it is the template's "more rows here" line and is not reported
    either, under any category; with a value it is a target without a name.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: "", value: ">=100 人"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: "", value: ""}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}

    PASS::

        name: 2023年雾炮车降尘抑尘服务
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 配备车辆数, value: ">=10辆"}
          - {level1: 效益指标, level2: 经济效益指标, name: "", value: ""}

    FAIL::

        name: 2024年示例设备购置项目
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: "", value: ""}

    PASS::

        name: 2024年示例设备购置项目
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 设备购置成本, value: "≤50万元"}
          - {level1: 成本指标, level2: 生态环境成本指标, name: "", value: ""}

    PASS::

        name: 部门专项资金
        indicators:
          - {level1: 产出, name: 目标1：项目个数, value: ">=10 个"}
          - {level1: 产出, name: ……, value: ""}

    FAIL::

        name: 部门专项资金
        indicators:
          - {level1: 产出, name: 目标1：项目个数, value: ">=10 个"}
          - {level1: 产出, name: ……, value: ">=95%"}
    """

    code = "S006"
    summary_zh = "二级指标下没有三级指标名称，或名称没有指标值"
    doc_zh = """
    检查内容：二级指标下的一行没有三级指标名称（有名称而没有指标值的由 V008 报告）。在必需的类别（数量、质量、时效、经济成本、满意度）下，名称和指标值都空着的一行是漏填的目标，也报告；在选填的类别（效益中的经济效益、生态效益、可持续影响等，成本中的社会成本、生态环境成本）下，整行空白是模板为所有项目印好的行，项目没有这类效益或成本时留空，不报告。名称栏只有“……”（或“…”“...”）的算作没有名称：没有指标值的，是模板在各类指标下留出的“此处可续填”行，不报告；有指标值的，是没有名称的目标，报告。

    为何重要：没有名称的目标无法报告完成情况，也无从评价。

    如何修改：填上具体的三级指标名称和指标值；确实不需要的空行删除。
    """
    name = "empty-indicator"
    severity = Severity.ERROR

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            if (indicator.name.strip() and not is_ellipsis(indicator.name)) or is_template_placeholder(indicator):
                continue
            if isinstance(indicator.value, Empty):
                text = msg(f"「{indicator.level2 or indicator.level1}」下有一行既无指标名称也无指标值", "a row with neither a name nor a value")
            else:
                text = msg(f"指标值「{indicator.raw_value}」没有指标名称（三级指标）", f"the value {indicator.raw_value!r} has no indicator name")
            yield Problem(text, indicator=indicator)

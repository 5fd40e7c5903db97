from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import in_satisfaction_category


class SatisfactionMisplaced(Rule):
    """A satisfaction indicator (满意度, 满意程度) is filed outside the satisfaction level 1.

    Satisfaction has its own category (and its own 10 points); filed under
    效益 or 产出 it is counted twice or not where evaluators look. The older
    national template's satisfaction category, 社会公众或服务对象满意度指标
    under 效益指标, is where that template wants it; so is 效益 itself in an
    older two-level layout with no level 2 (投入 / 产出 / 效益, Fujian 2020),
    which has no satisfaction category to move the row to.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 效益指标, level2: 社会效益指标, name: 群众满意度, value: ">=90%"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 满意度指标, level2: 服务对象满意度指标, name: 群众满意度, value: ">=90%"}

    PASS::

        name: 雾炮车降尘抑尘服务
        indicators:
          - {level1: 效益指标, level2: 社会公众或服务对象满意度指标, name: 市民满意度, value: "≥90%"}

    PASS::

        name: 部门业务费
        indicators:
          - {level1: 效益, name: 目标1：农户增收, value: ">=5%"}
          - {level1: 效益, name: 目标2：农户满意度, value: ">=90%"}

    FAIL::

        name: 部门业务费
        indicators:
          - {level1: 产出, name: 目标1：农户满意度, value: ">=90%"}
    """

    code = "Q003"
    summary_zh = "满意度指标放在了满意度以外的一级指标下"
    doc_zh = """
    检查内容：满意度类指标（名称含“满意度”“满意程度”）放在了满意度指标以外的一级指标下，如效益指标或产出指标。旧版全国模板的满意度类别是效益指标下的“社会公众或服务对象满意度指标”，放在那里符合该模板，不报告；没有二级指标的旧版两级模板（投入、产出、效益，如福建 2020 年的模板）没有满意度类别，满意度放在效益下也符合该模板，不报告。

    为何重要：满意度有独立的一级指标和 10 分的分值；放在效益或产出下，要么重复计分，要么评价人在该找的地方找不到。

    如何修改：把该行移到“满意度指标”下（建议中已给出，仅为提示），并相应调整分值。
    """
    fix_field, fix_safe = "level1", False
    name = "satisfaction-misplaced"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            if ("满意度" in indicator.name or "满意程度" in indicator.name) and not in_satisfaction_category(indicator):
                yield Problem(
                    msg(
                        f"满意度指标「{indicator.name}」列在「{indicator.level1}」下，应列入满意度指标",
                        f"the satisfaction indicator {indicator.name!r} is under {indicator.level1!r}, not 满意度指标",
                    ),
                    indicator=indicator,
                    suggestion="满意度指标",
                )

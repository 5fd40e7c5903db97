from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import LEVEL1_NAMES, LEVEL2_ALLOWED, category_label, level1_kind


class MisplacedLevel2(Rule):
    """A level-2 category is not one of those allowed under its level 1.

    产出指标 holds 数量, 质量, 时效 (and 成本 in older templates); 成本指标
    holds 经济, 社会 and 生态环境成本; 效益指标 holds 经济, 社会, 生态效益 and
    可持续影响; 满意度指标 holds 服务对象满意度. A 社会效益指标 under 产出 is
    filed in the wrong place. ``allow_cost_under_output = false`` (the
    ``national-2021`` profile) requires 成本 as a level 1 of its own.

    Labels are read as the templates of every province print them: notes in
    brackets (数量指标(必填硬性指标), 经济效益指标（选填）), a PDF's wrap
    (经济效益 指标), a trailing 等, 目标 for 指标 (社会效益目标), the level-1
    word repeated (产出数量指标) are all the category they name. Only a
    category filed under the wrong level 1 is reported.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 社会效益指标, name: 服务水平, value: 有效提高}

    FAIL (allow_cost_under_output = false)::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 成本指标, name: 培训成本, value: "<=10 万元"}

    PASS::

        name: 2024年某乡镇道路维护项目
        indicators:
          - {level1: 产出指标, level2: 数量指标(必填硬性指标), name: 维护道路里程, value: ">=12 公里"}
          - {level1: 产出指标, level2: 产出质量指标, name: 验收合格率, value: "=100%"}
          - {level1: 效益指标, level2: 经济效益 指标, name: 节约运输成本, value: 有效降低}
          - {level1: 效益指标, level2: 社会效益目标, name: 群众出行条件, value: 明显改善}
          - {level1: 效益指标, level2: 可持续影响指标（选填）, name: 管护机制, value: 长效}
          - {level1: 效益指标, level2: 可持续性, name: 设施使用年限, value: ">=10 年"}
          - {level1: 满意度指标, level2: 服务对象满意度指标等, name: 群众满意度, value: ">=90%"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
          - {level1: 产出指标, level2: 成本指标, name: 培训成本, value: "<=10 万元"}
          - {level1: 成本指标, level2: 经济成本指标, name: 教材成本, value: "<=1 万元"}
          - {level1: 效益指标, level2: 可持续影响指标, name: 长效机制, value: 逐步建立}
          - {level1: 满意度指标, level2: 服务对象满意度指标, name: 学员满意度, value: ">=90%"}

    PASS::

        name: 原州区2022年南部水源涵养林建设项目
        indicators:
          - {level1: 产出指标, level2: "数量指标 (必填硬性指标)", name: 实施营造林总面积(亩), value: "80000"}
          - {level1: 产出指标, level2: "成本指标 (必填硬性指标)", name: 项目总投入(≥**万元), value: "6070"}
          - {level1: 效益指标, level2: "经济效益 指标 (选填)", name: 增加就业机会, value: 提高农民收入}
          - {level1: 效益指标, level2: 社会效益目标, name: ★★★受益脱贫户、监测户人口数(≥**户), value: "≥10户"}
          - {level1: 效益指标, level2: 社会公众或服务对象满意度指标, name: 市民满意度, value: "≥90%"}
          - {level1: 满意度指标, level2: 服务对象满意度指标等, name: 学生满意度, operator: "≧", value: "95", unit: "%"}
    """

    code = "S003"
    summary_zh = "二级指标不属于其一级指标"
    doc_zh = """
    检查内容：二级指标不属于它所在的一级指标。产出指标下是数量、质量、时效指标（旧模板还有成本指标）；成本指标下是经济成本、社会成本、生态环境成本指标；效益指标下是经济效益、社会效益、生态效益、可持续影响指标；满意度指标下是服务对象满意度指标。例如产出指标下出现“社会效益指标”，就是放错了位置。设 allow_cost_under_output = false（national-2021 预设就是这样）时，成本指标必须作为独立的一级指标。

    各省模板的写法都能识别：括号中的注释（“数量指标(必填硬性指标)”“经济效益指标（选填）”）、PDF 换行留下的空格（“经济效益 指标”）、末尾的“等”、以“目标”代替“指标”（“社会效益目标”）、重复一级指标的字样（“产出数量指标”），都按它所指的类别处理。只报告放错了一级指标的情形。

    为何重要：放错位置的指标会计入错误的类别，分值分配和评价口径都会因此走样。

    如何修改：把该行移到正确的一级指标下（建议中给出了应属的一级指标，仅为提示），或更正二级指标的名称。
    """
    fix_field, fix_safe = "level1", False
    name = "misplaced-level2"
    severity = Severity.WARNING
    table_kinds = ("project", "self-evaluation")  # unit-wide tables use other level-1 names
    options = {"allow_cost_under_output": Option(bool, True, "accept 成本指标 as a level 2 under 产出指标 (older templates)", "允许成本指标作为产出指标下的二级指标（旧模板）")}

    def check(self, table: Table, ctx: RuleContext):
        reported = set()
        seen = set()  # (level 1, level 2) as written: a pair met again gives the same answer
        for indicator in table.indicators:
            if (indicator.level1, indicator.level2) in seen:
                continue
            seen.add((indicator.level1, indicator.level2))
            kind = level1_kind(indicator.level1)
            level2 = category_label(indicator.level2, indicator.level1)
            if kind is None or not level2 or (kind, level2) in reported:
                continue
            allowed = LEVEL2_ALLOWED[kind]
            if kind == "output" and not ctx.options["allow_cost_under_output"]:
                allowed = tuple(a for a in allowed if a != "成本指标")
            if level2 in allowed or level2 + "指标" in allowed:
                continue
            reported.add((kind, level2))
            yield Problem(
                msg(
                    f"二级指标「{indicator.level2}」不应列在「{indicator.level1}」下（可用：{'、'.join(allowed)}）",
                    f"{indicator.level2!r} does not belong under {indicator.level1!r} (allowed: {', '.join(allowed)})",
                ),
                indicator=indicator,
                suggestion=next((LEVEL1_NAMES[k] for k, names in LEVEL2_ALLOWED.items() if k != kind and level2 in names), None),
            )

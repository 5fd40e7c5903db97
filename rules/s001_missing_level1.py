from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import in_satisfaction_category, is_template_placeholder


class MissingLevel1(Rule):
    """A required level-1 category (一级指标) is absent from a project table.

    A project's targets cover what it produces (产出), what that achieves
    (效益) and whether those served are satisfied (满意度); the
    ``national-2021`` profile adds 成本指标 as a level 1 of its own
    (财预〔2021〕101号). Unit-wide tables use other categories and are not
    concerned. A category is matched by its word: 产出 finds 产出指标. The
    older national template files satisfaction as a level 2 under 效益指标
    (社会公众或服务对象满意度指标): that counts as the satisfaction category.
    So does a satisfaction row under 效益 in an older two-level layout with
    no level 2 (投入 / 产出 / 效益, Fujian 2020), which has no satisfaction
    category of its own; a table with no satisfaction row anywhere still
    lacks it. A category whose only rows are the template's (a "……" line
    with no value, a blank optional row) has no target: it is missing.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高}

    FAIL (required = ["产出指标", "成本指标", "效益指标", "满意度指标"])::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
          - {level1: 产出指标, level2: 成本指标, name: 培训成本, value: "<=10 万元"}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%"}

    PASS::

        name: 农村义务教育薄弱学校改造补助资金
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 改造学校数, value: ">=2 所"}
          - {level1: 效益指标, level2: 可持续影响指标, name: 义务教育优质均衡发展情况, value: 稳步提高}
          - {level1: 效益指标, level2: 社会公众或服务对象满意度指标, name: 学生家长满意度, value: "≥90%"}

    PASS::

        name: 部门业务费
        indicators:
          - {level1: 产出, name: 目标1：培训农户人数, value: ">=200 人"}
          - {level1: 效益, name: 目标1：农户增收, value: ">=5%"}
          - {level1: 效益, name: 目标2：服务对象满意度, value: 服务对象满意度90%以上}

    FAIL::

        name: 部门专项资金
        indicators:
          - {level1: 产出, name: 目标1：培训农户人数, value: ">=200 人"}
          - {level1: 效益, name: 目标1：农户增收, value: ">=5%"}

    FAIL::

        name: 部门业务费
        indicators:
          - {level1: 产出, name: 目标1：培训农户人数, value: ">=200 人"}
          - {level1: 效益, name: 目标1：农户增收, value: ">=5%"}
          - {level1: 满意度, name: ……, value: ""}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%"}
    """

    code = "S001"
    summary_zh = "缺少必需的一级指标（产出、效益、满意度）"
    doc_zh = """
    检查内容：项目支出绩效目标表缺少必需的一级指标。项目目标应当覆盖产出（产出指标）、效果（效益指标）和服务对象是否满意（满意度指标）；national-2021 预设按财预〔2021〕101号把成本指标也列为必需的一级指标。一级指标按关键字识别，如“产出”即对应“产出指标”。旧版全国模板把满意度放在效益指标下（“社会公众或服务对象满意度指标”），也算有满意度指标；没有二级指标的旧版两级模板（投入、产出、效益，如福建 2020 年的模板）没有单独的满意度类别，效益下的满意度一行也算。整张表哪里都没有满意度的，仍然报告。某类下只有模板印好的行（没有指标值的“……”行、选填类别下的空行）的，这一类没有目标，也算缺少。单位整体绩效目标表使用另一套一级指标，不检查。

    为何重要：缺了一类指标，评价就少了一个维度，这一类的分值也无处落地。

    如何修改：补上缺少的一级指标及其下的二级、三级指标。必需的一级指标可用选项 required 调整。
    """
    name = "missing-level1"
    severity = Severity.ERROR
    table_kinds = ("project", "self-evaluation")  # unit-wide tables use other level-1 names
    options = {"required": Option(list, ("产出指标", "效益指标", "满意度指标"), "level-1 categories every project table needs", "每张项目表必须有的一级指标")}

    def check(self, table: Table, ctx: RuleContext):
        if not table.indicators:
            return
        # (a few labels, each on many rows; the template's own lines are no target of theirs)
        targets = [i for i in table.indicators if not is_template_placeholder(i)]
        level1s = {i.level1 for i in targets}
        for category in ctx.options["required"]:
            word = category.removesuffix("指标")
            if any(word in level1 for level1 in level1s):
                continue
            if word == "满意度" and any(in_satisfaction_category(i) for i in targets):
                continue
            yield Problem(msg(f"缺少一级指标「{category}」", f"the level-1 category {category!r} is missing"))

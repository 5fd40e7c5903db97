from __future__ import annotations

from decimal import Decimal

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from perfcheck.text import squeeze

from ._common import plain


class WeightTotal(Rule):
    """The weights (指标分值权重) of a table must add up to the configured total.

    Weights are points. The national evaluation split is 预算执行率 10,
    产出 50, 效益 30, 满意度 10 = 100; budget execution can only be scored
    after the year, so many provinces' target tables leave those 10 points
    out and sum to 90 (``total = 90``, or the ``xinjiang`` profile). A table
    whose points do not add up cannot be scored as published.

    Only rows with a numeric weight count; a layout without a weight column
    is not checked.

    Both conventions are right by default: a table that sums to 90 and has
    no 预算执行率 row passes against the national 100, its 10 points left
    for budget execution (``reserve_execution = false`` turns this off). A
    table with a 预算执行率 row must reach the full 100. The message says
    which convention was assumed.

    A self-evaluation table (绩效自评表) scores budget execution in its funds
    block, with a 分值 of its own (10 as a rule, 20 in Hubei's 2020
    template): where the table has that block, its rows must add up to
    the total less the block's 分值, whatever ``reserve_execution`` says.

    A finding's data (the JSON report's ``data``), in points:
    ``weight_sum`` (the weights added up), ``expected_total`` (the total
    they are held against: ``total``, or ``total`` − 10 when that
    convention is the nearer, or ``total`` less the funds block's 分值) and ``difference`` (weight_sum −
    expected_total).

    FAIL::

        name: 2024年示例培训项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 50}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, weight: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", weight: 15}

    PASS::

        name: 2024年示例培训项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 60}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, weight: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", weight: 10}

    PASS::

        name: 2024年某乡镇道路维护项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 维护道路里程, value: ">=12 公里", weight: 50}
          - {level1: 效益指标, level2: 社会效益指标, name: 群众出行条件, value: 明显改善, weight: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 群众满意度, value: ">=90%", weight: 10}

    FAIL::

        name: 2024年某乡镇道路维护项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 维护道路里程, value: ">=12 公里", weight: 50}
          - {level1: 效益指标, level2: 社会效益指标, name: 群众出行条件, value: 明显改善, weight: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 群众满意度, value: ">=90%", weight: 10}
          - {level1: 产出指标, level2: 时效指标, name: 预算执行率, value: "=100%", weight: 0}

    PASS::

        kind: self-evaluation
        name: 2023年示例培训项目
        execution: {budget: "50", spent: "50", weight: 10, rate: "100%", score: 10}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "100 人", weight: 50, score: 50}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, actual: 有效提高, weight: 30, score: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", actual: "95%", weight: 10, score: 10}

    FAIL::

        kind: self-evaluation
        name: 2023年示例培训项目
        execution: {budget: "50", spent: "50", weight: 10, rate: "100%", score: 10}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "100 人", weight: 60, score: 60}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, actual: 有效提高, weight: 30, score: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", actual: "95%", weight: 10, score: 10}

    PASS (total = 90)::

        name: 2024年示例培训项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 50}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, weight: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", weight: 10}

    PASS::

        name: 义务教育营养改善计划专项资金
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 学生受资助人数, operator: "≧", value: "735", unit: 人次, weight: 10}
          - {level1: 产出指标, level2: 质量指标, name: 营养改善计划覆盖率, operator: "≧", value: "100", unit: "%", weight: 10}
          - {level1: 产出指标, level2: 时效指标, name: 资金到位及时率, operator: "≧", value: "100", unit: "%", weight: 10}
          - {level1: 产出指标, level2: 成本指标, name: 生均补助标准达标率, operator: "═", value: "100", unit: "%", weight: 10}
          - {level1: 效益指标, level2: 经济效益 指标, name: 减轻贫困学生家庭经济负担, value: 有效, weight: 10}
          - {level1: 效益指标, level2: 社会效益 指标, name: 政策知晓率, operator: "═", value: "100", unit: "%", weight: 10}
          - {level1: 效益指标, level2: 生态效益 指标, name: "", value: ""}
          - {level1: 效益指标, level2: 可持续影响 指标, name: 促进学校教育事业健康发展, operator: "≧", value: "100", unit: "%", weight: 10}
          - {level1: 满意度指标, level2: 服务对象满意度指标等, name: 学生满意度, operator: "≧", value: "95", unit: "%", weight: 10}
          - {level1: 满意度指标, level2: 服务对象满意度指标等, name: 家长满意度, operator: "≧", value: "95", unit: "%", weight: 10}
    """

    code = "W001"
    summary_zh = "分值合计与规定总分不符"
    doc_zh = """
    检查内容：一张表各指标的分值权重（指标分值权重）合计应等于规定的总分。分值就是得分点数。全国通行的分配是预算执行率 10 分、产出 50 分、效益 30 分、满意度 10 分，共 100 分；预算执行率要到年终才能评分，所以不少省份的绩效目标表不含这 10 分，合计 90 分（可设 total = 90，或使用 xinjiang 预设）。

    默认两种口径都认：表中没有“预算执行率”指标、合计为 90 分的，视为留出了执行率的 10 分，按 100 分口径也算通过（设 reserve_execution = false 可关闭）；表中有预算执行率指标的，必须凑满 100 分。问题说明会写明按哪种口径判断。只统计填了数字分值的行；没有分值栏的版式不检查。

    为何重要：分值合计不对，这张表就无法按公布的样子打分，评价结果也失去可比性。

    如何修改：核对各指标的分值，调整到合计等于总分；本地规定的总分不是 100 或 90 的，在配置中设置 [rules.W001] total。

    供程序读取的数据（JSON 报告的 data，单位为分）：weight_sum 为分值合计，expected_total 为据以比较的总分（total，或在“留出执行率”口径更接近时为 total 减 10），difference 为二者之差（weight_sum − expected_total）。
    """
    name = "weight-total"
    severity = Severity.ERROR
    requires = ("weight",)  # a layout without weights (Hunan) has none to add up
    options = {
        "total": Option(Decimal, Decimal(100), "the points a table's weights must sum to (90 where 预算执行率 is left out)", "一张表分值应合计的总分（不含预算执行率时为 90）"),
        "reserve_execution": Option(
            bool, True, "also accept total - 10 when the table has no 预算执行率 row (its 10 points are scored after the year)",
            "表中没有预算执行率指标时，也接受总分减 10（这 10 分在年终评价时计）",
        ),
    }

    def check(self, table: Table, ctx: RuleContext):
        weights = [i.weight for i in table.indicators if i.weight is not None]
        if not weights:
            return
        total = sum(weights, Decimal(0))
        expected = ctx.options["total"]
        block = table.execution
        if block is not None and block.weight is not None:  # a self-evaluation's funds block holds its own points
            rows = expected - block.weight
            if total == rows:
                return
            gap = total - rows
            zh_gap = f"多 {plain(gap)} 分" if gap > 0 else f"少 {plain(-gap)} 分"
            en_gap = f"{plain(gap)} over" if gap > 0 else f"{plain(-gap)} short"
            yield Problem(
                msg(
                    f"指标分值权重合计 {plain(total)}，加预算执行率分值 {plain(block.weight)} 共 {plain(total + block.weight)}，"
                    f"应为 {plain(expected)}（指标应合计 {plain(rows)}，{zh_gap}）",
                    f"the weights sum to {plain(total)}, with the budget execution's {plain(block.weight)} to {plain(total + block.weight)}, "
                    f"expected {plain(expected)} (the rows should sum to {plain(rows)}: {en_gap})",
                ),
                data={"weight_sum": total, "expected_total": rows, "difference": gap},
                location=table.weights_cell,
            )
            return
        has_execution = any("预算执行率" in squeeze(i.name) for i in table.indicators)
        # Only the national 100 has a 预算执行率 share to leave out.
        reserved = expected - EXECUTION_POINTS if ctx.options["reserve_execution"] and not has_execution and expected == 100 else None
        if total == expected or (reserved is not None and total == reserved):
            return
        target = reserved if reserved is not None and abs(total - reserved) < abs(total - expected) else expected
        gap = total - target
        zh_gap = f"多 {plain(gap)} 分" if gap > 0 else f"少 {plain(-gap)} 分"
        en_gap = f"{plain(gap)} over" if gap > 0 else f"{plain(-gap)} short"
        if reserved is not None:
            zh = f"指标分值权重合计 {plain(total)}，应为 {plain(expected)}，或不含预算执行率时为 {plain(reserved)}（按 {plain(target)} 分算，{zh_gap}）"
            en = f"the weights sum to {plain(total)}, expected {plain(expected)}, or {plain(reserved)} without 预算执行率 (against {plain(target)}: {en_gap})"
        else:
            zh = f"指标分值权重合计 {plain(total)}，应为 {plain(expected)}（{zh_gap}）"
            en = f"the weights sum to {plain(total)}, expected {plain(expected)} ({en_gap})"
            if has_execution and ctx.options["reserve_execution"] and expected == 100:
                zh += "；表中有预算执行率指标，按完整总分计"
                en += "; the table has a 预算执行率 row, so the full total applies"
        # In a worksheet, on the 分值 column's header: the points are what is wrong, not the title.
        yield Problem(msg(zh, en), data={"weight_sum": total, "expected_total": target, "difference": gap}, location=table.weights_cell)


# The points the national evaluation gives 预算执行率, scored after the year.
EXECUTION_POINTS = Decimal(10)

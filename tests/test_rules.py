"""The first rules' behaviour beyond their docstring examples: the arithmetic
and the edge cases a reviewer would check by hand."""

from __future__ import annotations

from perfcheck.model import Severity


def table(funds: str | None, *rows: str, name: str = "2024年示例项目") -> str:
    head = f"name: {name}\n" + (f'funds: {{total: "{funds}"}}\n' if funds else "")
    return head + "indicators:\n" + "".join(f"  - {r}\n" for r in rows)


def only(run, code):
    return [f for f in run.findings if f.code == code]


# ---------------------------------------------------------------- C001


def test_c001_per_seat_cap_multiplied_by_quantity_within_tolerance(lint):
    # 357 × 2100 元 = 74.97 万元 against 75 万元: fine.
    run = lint(table("75.00", '{level2: 数量指标, name: 核查数量, value: ">=357 座"}',
                     '{level1: 成本指标, name: 核查费用, value: "<=2100 元/座"}'), select=["C001"])
    assert only(run, "C001") == []


def test_c001_split_number_in_cap_still_counts(lint):
    # The corpus writes the cap as "<=210 0 元/ 座".
    run = lint(table("75.00", '{level2: 数量指标, name: 核查数量, value: ">=357 座"}',
                     '{level1: 成本指标, name: 核查费用, value: "<=210 0 元/ 座"}'), select=["C001"])
    assert only(run, "C001") == []


def test_c001_per_person_per_month_uses_month_indicator(lint):
    run = lint(table("5.40", '{level2: 数量指标, name: 聘用人数, value: ">=2 人"}',
                     '{level2: 数量指标, name: 发放期限, value: "=6 个月"}',
                     '{level1: 成本指标, name: 工资, value: "<=4500 元/人/月"}'), select=["C001"])
    assert only(run, "C001") == []  # 4500 × 2 × 6 = 5.40 万元


def test_c001_per_month_without_month_indicator_counts_the_budget_year_and_says_so(lint):
    run = lint(table("20.00", '{level2: 数量指标, name: 聘用人数, value: ">=2 人"}',
                     '{level1: 成本指标, name: 工资, value: "<=4500 元/人/月"}'), select=["C001"])
    [finding] = only(run, "C001")
    assert finding.severity is Severity.WARNING  # 10.80 falls short of 20.00
    assert "4500 元/人/月 × 2 人（聘用人数） × 12 月（按预算年度 12 个月计） = 10.80 万元" in finding.message.zh
    assert "相差 9.20 万元" in finding.message.zh
    assert "12 月 (the budget year's 12 months)" in finding.message.en


def test_c001_converts_yuan_and_wan(lint):
    run = lint(table("1.50", '{level1: 成本指标, name: 材料费, value: "<=5000 元"}',
                     '{level1: 成本指标, name: 印刷费, value: "≤1 万元"}'), select=["C001"])
    assert only(run, "C001") == []


def test_c001_exceeding_is_an_error_with_the_arithmetic(lint):
    run = lint(table("100.00", '{level1: 成本指标, name: 甲成本, value: "<=50 万元"}',
                     '{level1: 成本指标, name: 乙成本, value: "<=60 万元"}'), select=["C001"])
    [finding] = only(run, "C001")
    assert finding.severity is Severity.ERROR
    assert finding.message.zh.startswith("成本指标上限合计 110.00 万元，年度预算总额 100.00 万元，超出 10.00 万元")
    assert "甲成本 50 万元 + 乙成本 60 万元 = 110.00 万元" in finding.message.zh
    assert finding.indicator is None


def test_c001_leaves_lower_bounds_out_and_names_them(lint):
    # The corpus's 土地卫片 table: >=100 万元 is not a cap, so 30 of 130 are accounted for.
    run = lint(table("130.00", '{level1: 成本指标, name: 建设数据库成本, value: ">=100 万 元"}',
                     '{level1: 成本指标, name: 文本图纸成本, value: "<=30 万 元"}'), select=["C001"])
    [finding] = only(run, "C001")
    assert "成本指标上限合计 30.00 万元，年度预算总额 130.00 万元，相差 100.00 万元" in finding.message.zh
    assert "未计入下限值：建设数据库成本 >=100 万 元" in finding.message.zh


def test_c001_tolerance_is_an_option(lint):
    text = table("100.00", '{level1: 成本指标, name: 甲成本, value: "<=98 万元"}')
    assert only(lint(text, select=["C001"]), "C001")
    assert not only(lint(text, select=["C001"], options={"C001": {"tolerance": 0.05}}), "C001")


def test_c001_is_silent_without_budget_or_caps_or_a_resolvable_quantity(lint):
    no_budget = table(None, '{level1: 成本指标, name: 甲成本, value: "<=50 万元"}')
    no_caps = table("100.00", '{level1: 产出指标, name: 数量, value: ">=1 个"}')
    unknown_per = table("100.00", '{level1: 成本指标, name: 单价, value: "<=50 元/座"}')
    for text in (no_budget, no_caps, unknown_per):
        assert only(lint(text, select=["C001"]), "C001") == []


def test_c001_older_layout_cost_as_level2_under_output(lint):
    run = lint(table("10.00", '{level1: 产出指标, level2: 成本指标, name: 培训成本, value: "≤12万元"}'), select=["C001"])
    assert len(only(run, "C001")) == 1


# ---------------------------------------------------------------- C002


def test_c002_floor_is_error_and_equals_is_warning_with_suggestions(lint):
    run = lint(table("130.00", '{level1: 成本指标, name: 甲, value: ">=100 万 元"}',
                     '{level1: 成本指标, name: 乙, value: "=30 万元"}',
                     '{level1: 成本指标, name: 丙, value: "不少于5万元"}'), select=["C002"])
    by_name = {f.indicator: f for f in only(run, "C002")}
    assert by_name["甲"].severity is Severity.ERROR and by_name["甲"].suggestion == "<=100 万元"
    assert by_name["乙"].severity is Severity.WARNING and by_name["乙"].suggestion == "<=30 万元"
    assert by_name["丙"].suggestion == "<=5 万元"


# ---------------------------------------------------------------- V002


def test_v002_suggests_percent_for_shifted_five(lint):
    run = lint(table(None, '{level1: 满意度指标, level2: 满意度指标, name: 受益人员满意度, value: ">=855"}'), select=["V002"])
    [finding] = only(run, "V002")
    assert finding.suggestion == ">=85%"
    assert "超过 100%" in finding.message.zh and ">=85%" in finding.message.zh


def test_v002_rate_without_percent_above_100_without_a_guess(lint):
    run = lint(table(None, '{level2: 质量指标, name: 验收合格率, value: "=1000"}'), select=["V002"])
    [finding] = only(run, "V002")
    assert finding.suggestion is None


def test_v002_percent_ranges_and_negative(lint):
    run = lint(table(None, '{level2: 质量指标, name: 覆盖率, value: "90%-110%"}',
                     '{level2: 质量指标, name: 差错率, value: "=-1%"}'), select=["V002"])
    assert {f.indicator for f in only(run, "V002")} == {"覆盖率", "差错率"}


def test_v002_ignores_counts_and_efficiency(lint):
    run = lint(table(None, '{level2: 数量指标, name: 发放证书, value: ">=6909 个"}',
                     '{level2: 数量指标, name: 核查数量, value: ">=357"}',
                     '{level1: 效益指标, name: 提高工作效率, value: ">=120"}'), select=["V002"])
    assert only(run, "V002") == []


def test_v002_exempts_growth_rates_and_only_by_the_configured_words(lint):
    text = table(None, '{level2: 效益指标, name: 销售收入增长率, value: "≥150%"}',
                 '{level2: 质量指标, name: 灌溉覆盖率, value: "=120%"}')
    # 增长 is exempt by default: a growth rate may pass 100%.
    assert [f.indicator for f in only(lint(text, select=["V002"]), "V002")] == ["灌溉覆盖率"]
    # The option replaces the words: 覆盖 exempt now, 增长 no longer.
    custom = lint(text, select=["V002"], options={"V002": {"exempt": ["覆盖"]}})
    assert [f.indicator for f in only(custom, "V002")] == ["销售收入增长率"]


# ---------------------------------------------------------------- Q007 directions


def test_q007_reads_the_direction_from_the_configured_name_endings(lint):
    text = table(None, '{level2: 质量指标, name: 群众投诉率, value: ">=5%"}',
                 '{level2: 质量指标, name: 验收合格率, value: "<=90%"}',
                 '{level2: 数量指标, name: 维修次数, value: "<=3 次"}')
    # By default 投诉率 is better lower and 合格率 higher: both point the wrong way.
    assert [f.indicator for f in only(lint(text, select=["Q007"]), "Q007")] == ["群众投诉率", "验收合格率"]
    # The options replace the endings: 次数 better higher, 合格率 better lower, 投诉率 neither.
    custom = lint(text, select=["Q007"], options={"Q007": {"lower_is_better": ["合格率"], "higher_is_better": ["次数"]}})
    assert [f.indicator for f in only(custom, "Q007")] == ["维修次数"]


# ---------------------------------------------------------------- W001 / W002


def test_w001_total_from_options_and_silent_without_weights(lint):
    weighted = table(None, '{name: 甲, value: "=1 个", weight: 60}', '{name: 乙, value: "=1 个", weight: 30}')
    # 90 without a 预算执行率 row: its 10 points are scored after the year, so 90 is right by default.
    assert not only(lint(weighted, select=["W001"]), "W001")
    assert only(lint(weighted, select=["W001"], options={"W001": {"reserve_execution": False}}), "W001")[0].message.zh == "指标分值权重合计 90，应为 100（少 10 分）"
    assert not only(lint(weighted, select=["W001"], options={"W001": {"total": 90}}), "W001")
    with_execution = table(None, '{name: 甲, value: "=1 个", weight: 60}', '{name: 乙, value: "=1 个", weight: 30}', '{name: 预算执行率, value: "=100%", weight: 0}')
    [finding] = only(lint(with_execution, select=["W001"]), "W001")
    assert finding.message.zh == "指标分值权重合计 90，应为 100（少 10 分）；表中有预算执行率指标，按完整总分计"
    off_both = table(None, '{name: 甲, value: "=1 个", weight: 60}', '{name: 乙, value: "=1 个", weight: 35}')
    assert only(lint(off_both, select=["W001"]), "W001")[0].message.zh == "指标分值权重合计 95，应为 100，或不含预算执行率时为 90（按 100 分算，少 5 分）"
    unweighted = table(None, '{name: 甲, value: "=1 个"}')
    assert not only(lint(unweighted, select=["W001"]), "W001")


def test_w002_flags_each_zero_weight_row(lint):
    run = lint(table(None, '{name: 甲, value: "=1 个", weight: 90}', '{name: 乙, value: "=1 个", weight: 0}',
                     '{name: 丙, value: "=1 个", weight: "0"}'), select=["W002"])
    assert [f.indicator for f in only(run, "W002")] == ["乙", "丙"]


def test_labels_and_signs_of_other_provinces_are_no_false_alarms(lint):
    """Issue 11's patterns: template notes and wraps in labels, a per-mille rate,
    a damaged sign read as meant (V010 says so; nothing else fires on it)."""
    run = lint(
        """
        name: 2024年某县森林防火项目
        indicators:
          - {level1: 产出指标, level2: 数量指标(必填硬性指标), name: 新建瞭望塔, value: ">=3 座"}
          - {level1: 产出指标, level2: 产出质量指标, name: 设备验收合格率, value: "═100%"}
          - {level1: 产出指标, level2: 时效指标, name: 完成时间, value: 2024年12月底前}
          - {level1: 效益指标, level2: 生态效益 指标, name: 森林火灾受害率, value: "<=0.9‰"}
          - {level1: 满意度指标, level2: 服务对象满意度指标等, name: 群众满意度, value: ">=90%"}
        """,
        select=["V", "S", "Q"],
    )
    codes = [(f.code, f.indicator) for f in run.findings]
    assert codes == [("V010", "设备验收合格率")], codes


def test_no_derived_cost_errors_and_suggestions_that_make_sense(lint):
    """Issue 11: C001 stays silent on a budget S005 shows to be wrong; a rate in a
    cost row is C003's (no C002 '<=5%'); a bare number on a rate is V003 too, fixed to %."""
    run = lint(
        """
        name: 2024年某县造林项目
        funds: {total: "0", fiscal: "90.00", other: "0"}
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 造林成活率, value: ">=85", weight: 20}
          - {level1: 成本指标, level2: 经济成本指标, name: 造林成本, value: "<=90 万元", weight: 20}
          - {level1: 成本指标, level2: 经济成本指标, name: 成本节约率, value: ">=5%", weight: 10}
        """,
        select=["C", "S005", "V003"],
    )
    found = {(f.code, f.indicator): f for f in run.findings}
    assert ("S005", None) in found and ("C001", None) not in found
    assert ("C003", "成本节约率") in found and ("C002", "成本节约率") not in found
    assert found[("V003", "造林成活率")].suggestion == ">=85%"


def test_units_in_indicator_names_give_bare_numbers_their_unit(lint):
    """Issue 11: template hints such as (≤**万元), (亩), (%) in the 三级指标 name."""
    run = lint(
        """
        name: 2024年某县造林项目
        funds: {total: "90.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 新增造林面积（亩）, value: ">=1200"}
          - {level1: 产出指标, level2: 质量指标, name: 苗木成活率(%), value: ">=85"}
          - {level1: 产出指标, level2: 数量指标, name: 项目(一期), value: ">=1"}
          - {level1: 成本指标, level2: 经济成本指标, name: 造林成本(≤**万元), value: "<=90"}
          - {level1: 产出指标, level2: 数量指标, name: 补助资金（万元）, value: "=30"}
        """,
        select=["V003", "C001", "C003", "Q005", "Q009"],
    )
    found = {(f.code, f.severity.value, f.indicator) for f in run.findings}
    # The hint is read (no missing-unit warning, no cost or rate finding); an
    # info asks for the unit to be written into the value (issue 24).
    hinted = {"新增造林面积（亩）": ">=1200 亩", "苗木成活率(%)": ">=85%", "造林成本(≤**万元)": "<=90 万元", "补助资金（万元）": "=30 万元"}
    assert found == {("V003", "warning", "项目(一期)"), ("Q009", "warning", "补助资金（万元）"), *(("V003", "info", n) for n in hinted)}, found
    assert {f.indicator: f.fix.replacement for f in run.findings if f.severity.value == "info"} == hinted

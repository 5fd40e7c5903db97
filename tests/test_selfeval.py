"""Self-evaluation tables (绩效自评表): the A rules, and the target rules on their targets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import FIXTURES, run_cli

from perfcheck.config import Layer, Resolver
from perfcheck.model import SELF_EVALUATION_KINDS, TARGETED_KINDS
from perfcheck.service import CheckService

# A consistent national-layout 自评表: 90 points in the rows, 10 in the funds block,
# every actual comparable, the one miss scored in proportion and explained.
CONSISTENT = """\
perfcheck: 1
document: {year: 2023}
tables:
  - kind: self-evaluation
    name: 2023年乡村道路养护项目
    unit: 某县交通运输局
    funds: {total: "120.00", fiscal: "120.00", other: "0.00"}
    goal: 养护乡村道路120公里
    goal_result: 养护乡村道路114公里
    execution: {initial: "120.00", budget: "120.00", spent: "114.00", weight: 10, rate: "95.00%", score: 9.5}
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 养护道路里程, value: ">=120 公里", actual: "114 公里", weight: 20, score: 19, scoring: 按照正常比例赋分, deviation: 2段道路因汛期延后养护，已列入下年计划}
      - {level1: 产出指标, level2: 质量指标, name: 养护验收合格率, value: ">=95%", actual: "98%", weight: 10, score: 10, deviation: ""}
      - {level1: 产出指标, level2: 时效指标, name: 养护完成时间, value: "2023年12月31日前", actual: 2023年12月, weight: 10, score: 10, deviation: ""}
      - {level1: 成本指标, level2: 经济成本指标, name: 每公里养护成本, value: "<=1 万元/公里", actual: "0.95 万元/公里", weight: 10, score: 10, deviation: ""}
      - {level1: 效益指标, level2: 社会效益指标, name: 群众出行条件, value: 明显改善, actual: 明显改善, weight: 20, score: 20, deviation: ""}
      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 沿线群众满意度, value: ">=90%", actual: "93%", weight: 20, score: 20, deviation: ""}
    total_score: 98.5
    grade: 优
"""


def _check(host, tmp_path, text: str, **config):
    path = tmp_path / "selfeval.yaml"
    path.write_text(text, encoding="utf-8")
    settings = Resolver(host).resolve([Layer("test", config)])
    return CheckService(host, settings_for=lambda _path: settings).run([path])


@pytest.mark.parametrize("config", [{}, {"profile": "national-2020"}, {"profile": "xinjiang"}])
def test_a_consistent_self_evaluation_table_draws_no_finding_from_any_rule(host, tmp_path, config):
    if config.get("profile") == "xinjiang":  # 90 points in all: the rows carry 80
        text = CONSISTENT.replace("name: 沿线群众满意度, value: \">=90%\", actual: \"93%\", weight: 20, score: 20", "name: 沿线群众满意度, value: \">=90%\", actual: \"93%\", weight: 10, score: 10").replace("total_score: 98.5", "total_score: 88.5").replace("grade: 优", "grade: 良")
    else:
        text = CONSISTENT
    run = _check(host, tmp_path, text, **config)
    assert [(f.code, f.indicator, f.message.zh) for f in run.findings] == []


def test_the_national_2020_profile_scores_every_quantitative_target_in_proportion(host, tmp_path):
    # 114 of 120 km is 19 of 20; 18 is not, once the profile scores in proportion.
    text = CONSISTENT.replace("score: 19, scoring: 按照正常比例赋分", "score: 18").replace("total_score: 98.5", "total_score: 97.5")
    assert _check(host, tmp_path, text).findings == []
    run = _check(host, tmp_path, text, profile="national-2020")
    assert [(f.code, f.suggestion) for f in run.findings] == [("A006", "19")]


def test_the_a_rules_check_self_evaluation_tables_only_and_the_target_rules_both(host):
    a_rules = [e.rule for e in host.sorted_rules() if e.rule.code.startswith("A")]
    assert [r.code for r in a_rules] == [f"A{n:03d}" for n in range(1, 12)]
    assert all(r.table_kinds == SELF_EVALUATION_KINDS for r in a_rules)
    for code in ("V002", "W001", "Q007", "C001"):
        assert host.rules[code].rule.table_kinds == TARGETED_KINDS



def test_a_target_table_is_never_seen_by_the_a_rules(lint):
    broken = CONSISTENT.replace("total_score: 98.5", "total_score: 50")  # and graded 优
    assert {f.code for f in lint(broken).findings} == {"A002", "A010"}
    assert lint(broken.replace("kind: self-evaluation", "kind: project")).findings == []


def test_the_defects_of_a_self_evaluation_table_are_found_with_their_numbers(lint):
    broken = (
        CONSISTENT.replace('spent: "114.00", weight: 10, rate: "95.00%", score: 9.5', 'spent: "126.00", weight: 10, rate: "95.00%", score: 11')
        .replace('actual: "114 公里", weight: 20, score: 19', 'actual: "114 公里", weight: 20, score: 20')
        .replace("deviation: 2段道路因汛期延后养护，已列入下年计划", 'deviation: "无"')
        .replace('actual: "93%", weight: 20, score: 20', 'actual: 达成预期指标, weight: 20, score: 20')
        .replace("grade: 优", "grade: 良")
    )
    run = lint(broken)
    found = {(f.code, f.indicator) for f in run.findings}
    assert {
        ("A001", None),  # 11 of 10 for execution
        ("A002", None),  # 98.5 against 20+10+10+10+20+20+11 = 101
        ("A003", None),  # 126 / 120 = 105%, not 95%
        ("A004", None),  # 95% of 10 is 9.5, not 11
        ("A005", "养护道路里程"),  # 114 of >=120 with full marks
        ("A007", "养护道路里程"),  # missed, and 无 explains nothing
        ("A008", "沿线群众满意度"),  # 达成预期指标 for >=90%
        ("A011", None),  # 126 spent of 120
    } <= found, found
    a003 = next(f for f in run.findings if f.code == "A003")
    assert a003.message.zh == "执行率 95%，按全年执行数 126.00 ÷ 全年预算数 120.00 应为 105.00%" and a003.location.path == "/tables/0/execution/rate"
    assert a003.data["computed"] == Decimal("105.00")
    a002 = next(f for f in run.findings if f.code == "A002")
    assert a002.message.zh == "总分 98.5，各项得分合计 101（含预算执行率得分 11），总分少 2.5 分"
    assert a002.message.en == "the total score is 98.5, the scores sum to 101 (the budget execution score 11 included): the total is 2.5 short"
    assert a002.data["difference"] == Decimal("-2.5")
    a005 = next(f for f in run.findings if f.code == "A005")
    assert a005.location.path == "/tables/0/indicators/0/score"
    assert ("A010", None) in found  # 98.5 is 优, not 良
    regraded = lint(CONSISTENT.replace("grade: 优", "grade: 良好"))
    assert [(f.code, f.message.zh) for f in regraded.findings] == [("A010", "总分 98.5 应评为“优”，表中自评等级为“良好”")]


def test_a_unit_wide_self_evaluation_is_checked_by_the_a_rules_and_not_by_the_project_ones(lint):
    unit = """\
tables:
  - kind: self-evaluation-unit
    name: 某县交通运输局
    execution: {budget: "500", spent: "450", weight: 10, rate: "90%", score: 9}
    indicators:
      - {level1: 履职效能, level2: 重点工作完成率, name: 年度重点任务完成率, value: ">=95%", actual: "96%", weight: 30, score: 30}
      - {level1: 履职效能, level2: 重点工作完成率, name: 重点项目按期完成率, value: ">=90%", actual: "95%", weight: 20, score: 20}
      - {level1: 管理效率, level2: 预算管理, name: 结转结余率, value: "<=10%", actual: "10%", weight: 30, score: 30}
      - {level1: 服务对象满意度, level2: 满意度, name: 群众满意度, value: ">=90%", actual: "92%", weight: 10, score: 10}
    total_score: 100
    grade: 优
"""
    assert [(f.code, f.message.zh) for f in lint(unit).findings] == [
        ("A002", "总分 100，各项得分合计 99（含预算执行率得分 9），总分多 1 分")
    ]


def test_units_convert_and_a_bare_actual_takes_the_target_unit(lint):
    converted = CONSISTENT.replace('actual: "0.95 万元/公里"', 'actual: "9500 元/公里"')
    assert lint(converted).findings == []
    over = CONSISTENT.replace('actual: "0.95 万元/公里"', 'actual: "12000 元/公里"')
    assert {(f.code, f.indicator) for f in lint(over).findings} == {("A005", "每公里养护成本"), ("A007", "每公里养护成本")}
    bare = CONSISTENT.replace('actual: "98%"', 'actual: "98"')
    assert lint(bare).findings == []


def test_w001_counts_the_funds_block_points(lint):
    # 100 in the rows and 10 in the block: 110 where 100 is due.
    heavy = CONSISTENT.replace('actual: "93%", weight: 20, score: 20', 'actual: "93%", weight: 30, score: 30')
    codes = [f.code for f in lint(heavy).findings]
    assert "W001" in codes
    w001 = next(f for f in lint(heavy).findings if f.code == "W001")
    assert w001.data["expected_total"] == Decimal(90) and w001.data["weight_sum"] == Decimal(100)


def test_check_and_extract_a_self_evaluation_table_from_the_command_line(tmp_path):
    path = tmp_path / "selfeval.yaml"
    # Full marks for 95%: a 10 is not 9.5 rounded, since rounding never reaches the 分值.
    path.write_text(CONSISTENT.replace("score: 9.5", "score: 10").replace("total_score: 98.5", "total_score: 99"), encoding="utf-8")
    out = run_cli("check", str(path), check_rc=1).stdout
    assert "A004" in out and "预算执行率得分 10，按执行率 95% × 分值 10 应为 9.5" in out
    extracted = run_cli("extract", str(path), check_rc=0).stdout
    assert "execution:" in extracted and "total_score: '99'" in extracted and "actual: 114 公里" in extracted


def test_every_real_self_evaluation_table_is_read_as_one():
    from perfcheck.readers.canonical import CanonicalReader

    tables = [
        t for path in sorted((FIXTURES / "real").glob("*selfeval*.yaml"))
        for t in CanonicalReader().read(path).tables
    ]
    assert len(tables) >= 6 and all(t.kind.stage == "self-evaluation" and t.execution is not None for t in tables)


def test_the_sichuan_2023_profile_asks_the_funds_block_why_execution_fell_below_90(host, tmp_path):
    low = CONSISTENT.replace('spent: "114.00", weight: 10, rate: "95.00%", score: 9.5', 'spent: "102.00", weight: 10, rate: "85.00%", score: 8.5').replace(
        "total_score: 98.5", "total_score: 97.5")
    assert _check(host, tmp_path, low).findings == []
    run = _check(host, tmp_path, low, profile="sichuan-2023")
    assert [(f.code, f.message.zh, f.location.path) for f in run.findings] == [
        ("A007", "预算执行率 85% 低于 90%，但未说明原因", "/tables/0/execution")
    ]
    explained = low.replace('score: 8.5}', 'score: 8.5, reason: 部分工程款按合同于次年支付}')
    assert _check(host, tmp_path, explained, profile="sichuan-2023").findings == []
    from perfcheck.readers.canonical import CanonicalReader, document_to_data

    document = CanonicalReader().read_text(explained, "selfeval.yaml")
    assert document.tables[0].execution.reason == "部分工程款按合同于次年支付"
    assert document_to_data(document)["tables"][0]["execution"]["reason"] == "部分工程款按合同于次年支付"


def test_a_fraction_against_a_percent_target_is_asked_about_not_rescaled(lint):
    # 0.93 against >=90%: 0.93% as written, 93% as meant. A008 asks; no rule
    # takes it for a miss (A005, A007) or rescales it silently.
    fraction = CONSISTENT.replace('actual: "93%", weight: 20, score: 20', 'actual: "0.93", weight: 20, score: 20')
    found = [(f.code, f.indicator, f.suggestion) for f in lint(fraction).findings]
    assert found == [("A008", "沿线群众满意度", "93%")]
    a008 = lint(fraction).findings[0]
    assert a008.message.zh == "实际完成值 0.93 像是小数写的比率（即 93%），与百分比目标 >=90% 不在同一尺度，无法比较：请写成百分数"
    # A cap in per cent takes a small rate as written: 0.5 of <=1% is met.
    cap = CONSISTENT.replace('name: 沿线群众满意度, value: ">=90%", actual: "93%"', 'name: 投诉率, value: "<=1%", actual: "0.5"')
    assert lint(cap).findings == []


def _read(text: str, **options):
    from perfcheck.readers.disclosure import rows_from_text
    from perfcheck.readers.layouts import LayoutParser

    return LayoutParser("t.txt", **options).parse(rows_from_text(text.replace("|", "\t")))


UNTITLED = """\
项目名称|2023年示例培训项目|||||
项目资金（万元）||年初预算数|全年预算数|全年执行数|执行率|得分
|年度资金总额|100|100|95|—|—
|其中：财政资金||100||||
一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分
产出指标|数量指标|培训人数|>=100 人|98 人|50|49
满意度指标|满意度指标|学员满意度|>=90%|95%|40|40
总分|||||100|99
自评等级|良||||
说明：实际完成值请填写数值|||||
"""


def test_a_self_evaluation_is_known_by_its_columns_and_rows_without_a_title():
    # Untitled (a worksheet's), with the grade on a row of its own and a note
    # below the 总分: the note is no indicator, the dashes are kept as written.
    [table] = _read(UNTITLED, merge_continuations=False, untitled=True).tables
    assert table.kind.name == "self-evaluation"
    assert [(i.name, i.raw_actual, i.score) for i in table.indicators] == [("培训人数", "98 人", Decimal(49)), ("学员满意度", "95%", Decimal(40))]
    assert (table.total_score, table.grade) == (Decimal(99), "良")
    execution = table.execution
    assert (execution.initial, execution.budget, execution.spent, execution.rate, execution.weight) == (Decimal(100), Decimal(100), Decimal(95), None, None)
    assert execution.written("rate") == "—" and execution.written("score") == "—"
    assert (table.funds.total, table.funds.fiscal, table.funds.other) == (Decimal(100), Decimal(100), None)


def test_a_split_column_is_read_by_what_its_cells_hold_only_when_all_of_them_agree():
    head = "项目支出绩效自评表\n项目名称|2023年示例项目||||||\n一级指标|二级指标|三级指标|指标性质|指标值|度量单位|实际完成值|分值|得分\n"
    signs = head + "产出指标|数量指标|培训人数|≧|100|人|102|50|50\n产出指标|质量指标|合格率|无|合格|无|合格|50|50\n"
    rows = _read(signs).tables[0].indicators
    assert [(i.operator, i.value_type, i.raw_value) for i in rows] == [("≧", None, "≧100 人"), ("", None, "合格")]
    kinds = signs.replace("|≧|", "|定量|").replace("|无|合格|无|", "|定性|合格|无|")
    rows = _read(kinds).tables[0].indicators
    assert [(i.operator, i.value_type) for i in rows] == [(None, "定量"), (None, "定性")]
    mixed = signs.replace("|无|合格|无|", "|定性|合格|无|")  # one 定性 among the signs: the header holds
    assert [i.value_type for i in _read(mixed).tables[0].indicators] == ["≧", "定性"]


def test_a_titled_target_table_stays_one_and_a_forecast_is_no_actual():
    # A monitoring table (绩效目标执行监控表) forecasts the year: its 全年预计完成值
    # is no actual, and a title that names a target table keeps its kind.
    monitoring = (
        "项目支出绩效目标执行监控表\n项目名称|2024年示例项目||||\n"
        "一级指标|二级指标|三级指标|年度指标值|1-7月执行情况|全年预计完成值|上一年度完成值\n"
        "产出指标|数量指标|培训人数|>=100 人|60 人|100 人|90 人\n"
    )
    [table] = _read(monitoring).tables
    assert table.kind.name == "project" and "actual" not in table.columns
    assert [(i.raw_value, i.raw_actual, i.last_year) for i in table.indicators] == [(">=100 人", None, "90 人")]

"""Tables in the other layouts of domain.md (Hunan, Inner Mongolia, older national),
each with its defects planted and named in the fixture: every rule fires where it
should and nowhere else. Rules needing a column a layout lacks stay silent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli

LAYOUTS = FIXTURES / "layouts"
HEALTH, EPIDEMIC = "2024年基层医疗卫生机构能力提升项目", "2024年重大传染病防控项目"
FARMLAND, ANIMALS = "2024年高标准农田建设项目", "2024年动物疫病防控项目"
CULTURE, HERITAGE = "2023年公共文化服务项目", "2024年非遗保护传承项目"


def findings(path: Path, *args: str) -> list[tuple]:
    proc = run_cli("check", str(path), "--format", "json", "--select", "ALL", "--config", str(LAYOUTS / "none.toml"), *args)
    assert proc.returncode in (0, 1), proc.stderr
    return sorted((f["code"], f["table"], f["indicator"]) for f in json.loads(proc.stdout)["findings"])


@pytest.fixture(autouse=True, scope="module")
def empty_config():
    # An explicit empty config: the fixtures are checked with the defaults, wherever the repo lies.
    (LAYOUTS / "none.toml").write_text("", encoding="utf-8")
    yield
    (LAYOUTS / "none.toml").unlink()


def test_hunan_layout():
    assert findings(LAYOUTS / "hunan.yaml") == sorted([
        ("V009", HEALTH, "设备验收合格率"),  # 百分比
        ("V007", HEALTH, "资金到位率"),  # 28.8万元 beside a unit of %
        ("Q005", HEALTH, "资金到位率"),
        ("V004", HEALTH, "资金到位率"),
        ("Q011", HEALTH, "培训完成时间"),  # 定量 declared, 按季度推进 given
        ("Q008", HEALTH, "培训完成时间"),
        ("Q001", HEALTH, "培训完成时间"),
        ("V008", HEALTH, "基层诊疗服务能力"),  # no value
        ("V003", HEALTH, "帮扶乡镇卫生院"),  # ≥8 of what?
        ("Q005", EPIDEMIC, "传染病报告及时率"),  # ≥95 个
        ("Q011", EPIDEMIC, "群众健康素养水平"),  # 定性 declared, ≥30% given
        ("Q001", EPIDEMIC, "群众健康素养水平"),
        ("Q007", EPIDEMIC, "疫苗冷链合格率"),  # ≤99% on a 合格率
        ("C005", EPIDEMIC, "监测运行成本"),
    ])  # no W rule: the layout has no weights; ≤24 小时 is a duration


def test_inner_mongolia_layout():
    assert findings(LAYOUTS / "inner-mongolia.yaml") == sorted([
        ("C001", FARMLAND, None),
        ("W006", FARMLAND, None),  # 产出 declared 50, rows 45
        ("W006", FARMLAND, None),  # 效益 declared 20, rows 25
        ("Q007", FARMLAND, "新打机电井"),  # 正向 with ≤
        ("V005", FARMLAND, "工程完工时间"),  # 45657 is 2024-12-31
        ("C002", FARMLAND, "田间工程成本"),  # ≥ on a cost
        ("V004", ANIMALS, "免疫牲畜"),  # no 计算符号
        ("C005", ANIMALS, "疫苗采购成本"),
        ("S003", ANIMALS, "疫苗采购成本"),  # 社会效益指标 under 成本指标
        ("Q002", ANIMALS, "养殖户满意度"),  # ≥75%
        ("W003", FARMLAND, "村集体满意度"),  # no points
    ])


def test_older_national_layout():
    assert findings(LAYOUTS / "national-old.yaml") == sorted([
        ("X005", None, None),  # 3 fiscal projects stated, 2 tables
        ("C001", CULTURE, None),
        ("Q010", CULTURE, None),  # 2023 in a 2024 document
        ("S005", CULTURE, None),  # 40 + 5 ≠ 50
        ("Q009", CULTURE, "发放文化惠民资金"),  # money as an output
        ("S004", CULTURE, "送戏下乡场次"),
        ("Q004", CULTURE, "演出完成时间"),  # 2025
        ("C003", CULTURE, "成本控制"),  # 控制在预算内
        ("C002", CULTURE, "演出场地费"),  # = on a cost
        ("C006", CULTURE, "演出场地费"),  # =0万元
        ("Q003", CULTURE, "群众满意度"),  # under 效益
        ("S007", CULTURE, "社会效益指标"),
        ("S001", HERITAGE, None),  # no 满意度
        ("S002", HERITAGE, None),  # no 时效
        ("V004", HERITAGE, "认定非遗传承人"),  # 约15人: about 15, read as 15 人 with no bound
        ("C005", HERITAGE, "项目总成本"),
    ])  # 成本指标 as a level 2 under 产出 is this template's way: no S003; no weights: no W rule


def test_national_2021_profile_wants_cost_as_its_own_level1(tmp_path):
    config = tmp_path / "perfcheck.toml"
    config.write_text('profile = "national-2021"\n', encoding="utf-8")
    proc = run_cli("check", str(LAYOUTS / "national-old.yaml"), "--format", "json", "--config", str(config))
    found = {(f["code"], f["table"], f["severity"]) for f in json.loads(proc.stdout)["findings"]}
    assert ("S001", HERITAGE, "error") in found and ("S001", CULTURE, "error") in found  # 成本指标 missing as level 1
    assert ("S003", CULTURE, "warning") in found  # 成本指标 under 产出


def test_users_define_their_own_profiles(tmp_path):
    config = tmp_path / "perfcheck.toml"
    config.write_text(
        'profile = "county"\n'
        "[profiles.county]\n"
        'ignore = ["C005"]\n'
        "[profiles.county.severity]\nQ002 = \"error\"\n"
        "[profiles.county.rules.Q002]\nminimum = 70\n",
        encoding="utf-8",
    )
    proc = run_cli("check", str(LAYOUTS / "inner-mongolia.yaml"), "--format", "json", "--config", str(config))
    codes = [f["code"] for f in json.loads(proc.stdout)["findings"]]
    assert "C005" not in codes and "Q002" not in codes  # 75% passes a minimum of 70
    config.write_text('profile = "county"\n[profiles.county]\nfoo = 1\n', encoding="utf-8")
    bad = run_cli("check", str(LAYOUTS / "inner-mongolia.yaml"), "--config", str(config))
    assert bad.returncode == 2 and "[profiles.county] 中有未知的配置项 'foo'" in bad.stderr


@pytest.mark.parametrize("layout", ["hunan", "inner-mongolia", "national-old"])
def test_every_message_has_an_english_version(layout):
    proc = run_cli("check", str(LAYOUTS / f"{layout}.yaml"), "--format", "json", "--lang", "en", "--select", "ALL")
    for f in json.loads(proc.stdout)["findings"]:
        # Names and values stay as written; the sentence around them is English.
        sentence = "".join(ch for ch in f["message"] if ch.isascii())
        assert len(sentence.split()) >= 3, f["message"]

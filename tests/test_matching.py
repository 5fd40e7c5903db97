"""Project names are matched by similarity of their distinctive part."""

import pytest

from perfcheck_rules._matching import core, pair_up, same_text, similarity


@pytest.mark.parametrize(
    "a, b",
    [
        ("2024年法律顾问费项目", "2024 年法律顾问项目"),
        ("2024 年拆迁办公经费项目", "2024 年拆迁办办公经费项目"),
        ("2024年度阿图什市国土空间规划综合项目", "2024 年度阿图什市国土空间规划 综合项目"),
    ],
)
def test_variants_of_one_project_match(a, b):
    assert similarity(a, b) >= 0.75


@pytest.mark.parametrize(
    "a, b",
    [
        ("2024 年自收自支人员工资项目", "2024 年草原管护人员工资项目"),
        ("2024 年安保人员工资项目", "2024 年自收自支人员工资项目"),
        ("2024年档案升级改造项目", "2024年农经权数据库数据整合入库项目"),
    ],
)
def test_different_projects_sharing_year_and_suffix_do_not(a, b):
    assert similarity(a, b) < 0.75


def test_spacing_and_full_width_forms_are_not_differences():
    assert same_text("2024 年 市级、乡级项目", "2024年市级、乡级项目")
    assert core("2024年度某某项目") == "某某"


def test_pairs_take_the_best_match_once():
    left = ["2024年法律顾问费项目", "2024年档案升级改造项目"]
    right = ["2024 年档案升级改造项目", "2024 年法律顾问项目", "2024 年法律顾问费项目"]
    pairs = pair_up(left, right, str, str, 0.75)
    assert [(l, r) for l, r, _ in pairs] == [("2024年法律顾问费项目", "2024 年法律顾问费项目"), ("2024年档案升级改造项目", "2024 年档案升级改造项目")]

"""Project names are matched by similarity of their distinctive part."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _every_pair(left, right, threshold):
    """The reference: score every pair with similarity(), take the best first."""
    scored = sorted(
        ((similarity(a, b), i, j) for i, a in enumerate(left) for j, b in enumerate(right)),
        key=lambda s: (-s[0], s[1], s[2]),
    )
    used_l, used_r, pairs = set(), set(), []
    for score, i, j in scored:
        if score >= threshold and i not in used_l and j not in used_r:
            used_l.add(i)
            used_r.add(j)
            pairs.append((i, j, round(score, 9)))
    return pairs


_WORDS = ["法律顾问费", "法律顾问", "林草确权发证", "安保人员工资", "档案升级改造", "档 案升级改造", "不动产", "河流权籍调查", "河流权籍"]
_NAMES = st.builds(
    lambda year, word, suffix: f"{year}{word}{suffix}",
    st.sampled_from(["", "2024年", "2024 年", "2023年"]),
    st.sampled_from(_WORDS),
    st.sampled_from(["", "项目", "经费项目"]),
)


@given(st.lists(_NAMES, max_size=8), st.lists(_NAMES, max_size=8), st.sampled_from([0.6, 0.75, 0.9]))
@settings(max_examples=300, deadline=None)
def test_pairing_is_the_same_as_scoring_every_pair(left, right, threshold):
    fast = pair_up(list(range(len(left))), list(range(len(right))), lambda i: left[i], lambda j: right[j], threshold)
    assert [(i, j, round(score, 9)) for i, j, score in fast] == _every_pair(left, right, threshold)

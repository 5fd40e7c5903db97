"""Bad input never crashes a reader: it reads, or it raises ReadError (E001/E002)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcheck.readers import ReadError
from perfcheck.readers.canonical import CanonicalReader
from perfcheck.readers.disclosure import rows_from_text
from perfcheck.readers.layouts import LayoutParser

WORDS = ["项目支出绩效目标表", "单位整体绩效目标表", "项目名称", "年度预算总额:", "财政拨款", "其他资金", "一级指标", "二级指标",
         "三级指标", "指标值", "指标分值权重", "产出指标", "数量指标", ">=855", "<=210 0 元/ 座", "20,000 .00", "有效 提高",
         "(2024 年)", "表 7", "项目支出合计", "1、项目名称：某项目", "资金分配情况：甲 1.00 万元，乙 2 万元", "", " ", "- 3 -", "90", "合 计"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), min_size=1, max_size=10), max_size=40))
def test_the_layout_parser_reads_any_rows(lines):
    text = "\n".join("\t".join(cells) if len(cells) > 1 else cells[0] for cells in lines)
    document = LayoutParser("random.txt").parse(rows_from_text(text))
    for table in document.tables:
        assert table.name  # a table is only kept with a name and an indicator header


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.sampled_from(["tables", "indicators", "name", "value", "funds", "total"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["tables", "indicators", "name", "value", "funds", "total", "weight", "kind", "x"]), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(JSONISH)
def test_the_canonical_reader_accepts_or_names_the_problem(data):
    try:
        CanonicalReader().read_text(json.dumps(data, ensure_ascii=False), "random.json", json_syntax=True)
    except ReadError as err:
        assert err.problems and all(p.message.zh and p.message.en for p in err.problems)

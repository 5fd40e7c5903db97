"""Document.region: the administrative divisions a document's unit or title
starts with, read conservatively (nothing when unsure), by every reader, and
given in the canonical format when a document states it."""

from __future__ import annotations

import pytest

from conftest import DOC, FIXTURES, REPO
from perfcheck.readers.canonical import CanonicalReader, document_to_data
from perfcheck.regions import region_of
from perfcheck.service import CheckService


@pytest.mark.parametrize("name, region", [
    # Province, prefecture and county, as written, down to the county.
    ("新疆维吾尔自治区克孜勒苏柯尔克孜自治州阿图什市自然资源局", "新疆维吾尔自治区克孜勒苏柯尔克孜自治州阿图什市"),
    ("内蒙古自治区巴彦淖尔市自然资源局甘其毛都口岸分局", "内蒙古自治区巴彦淖尔市"),
    ("固原市原州区自然资源局", "固原市原州区"),
    ("喀什地区喀什市教育局", "喀什地区喀什市"),
    ("北京市东城区教育委员会", "北京市东城区"),
    ("上海市浦东新区财政局", "上海市浦东新区"),
    ("黑龙江省哈尔滨市", "黑龙江省哈尔滨市"),
    ("香港特别行政区政府", "香港特别行政区"),
    ("甘孜藏族自治州林业局", "甘孜藏族自治州"),
    ("达拉特旗教育局", "达拉特旗"),
    ("阿拉善盟财政局", "阿拉善盟"),
    ("阿图什市自然资源局", "阿图什市"),
    ("岳阳楼区价格认证鉴定中心", "岳阳楼区"),
    # Below the county is not a region: the township is left out.
    ("井研县马踏镇人民政府", "井研县"),
    ("同心县下马关镇人民政府", "同心县"),
    # What comes before the place: a budget code, a year, the party's 中共.
    ("219001-池州市贵池区棠溪镇人民政府", "池州市贵池区"),
    ("2024年阿图什市自然资源局预算公开", "阿图什市"),
    ("中共宁德市委党史和地方志研究室", "宁德市"),
    ("政协福建省平潭县委员会", "福建省平潭县"),
    ("中国人民政治协商会议福建省平潭县委员会办公室", "福建省平潭县"),
    ("湖南省润山润水生态农业发展有限公司", "湖南省"),
    # Unsure: no region rather than a wrong one.
    ("某县教育局", None),
    ("区林业局", None),
    ("市财政局", None),
    ("县人民医院", None),
    ("城市管理局", None),
    ("南岳镇政府", None),
    ("安徽金寨经济开发区管理委员会", None),
    ("某市高新区管委会", None),
    ("苏州工业园区管委会", None),
    ("化工区学校", None),
    ("2021年度项目支出绩效自评表", None),
    ("Zhongjiang county water bureau", None),
    ("", None),
])
def test_a_region_is_read_only_when_the_name_says_it(name, region):
    assert region_of(name) == region


def test_the_unit_comes_first_then_the_title():
    assert region_of("阿图什市自然资源局", "喀什市教育局预算公开") == "阿图什市"
    assert region_of("区林业局", "荣昌区林业局2022年项目绩效目标表") == "荣昌区"
    assert region_of(None, None) is None


def test_the_text_reader_reads_it_from_the_disclosure_and_the_result_carries_it(host):
    service = CheckService(host)
    path = REPO / "examples" / "artux-2024" / "artux-natural-resources-2024.txt"
    result = service.linter.check_file(path, service.settings_for(path))
    assert result.document.region == "阿图什市" and result.region == "阿图什市"


def test_the_canonical_format_states_it_or_leaves_it_to_the_unit(tmp_path):
    reader = CanonicalReader()
    stated = tmp_path / "stated.yaml"
    stated.write_text("document: {unit: 甲单位, region: 新疆维吾尔自治区阿图什市}\n" + DOC, encoding="utf-8")
    document = reader.read(stated)
    assert document.region == "新疆维吾尔自治区阿图什市"
    assert document_to_data(document)["document"]["region"] == "新疆维吾尔自治区阿图什市"  # written back as read
    derived = tmp_path / "derived.yaml"
    derived.write_text("document: {unit: 固原市原州区自然资源局}\n" + DOC, encoding="utf-8")
    assert reader.read(derived).region == "固原市原州区"
    unsaid = tmp_path / "unsaid.yaml"
    unsaid.write_text(DOC, encoding="utf-8")
    assert reader.read(unsaid).region is None
    assert "region" not in (document_to_data(reader.read(unsaid)).get("document") or {})


def test_the_real_tables_get_regions_their_own_names_give():
    # Real tables from seven provinces (tests/fixtures/real): a region is
    # always a part of the unit's name or the title, never made up.
    reader = CanonicalReader()
    documents = [reader.read(path) for path in sorted((FIXTURES / "real").glob("*.yaml"))]
    regions = [d.region for d in documents if d.region]
    assert all(d.region is None or d.region in (d.unit or "") or d.region in (d.title or "") for d in documents)
    assert len(regions) >= len(documents) - 2

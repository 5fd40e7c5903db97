from __future__ import annotations

from decimal import Decimal

from perfcheck.model import Document, Problem, Severity
from perfcheck.rule import Option, Rule, RuleContext, Scope, msg

from ._common import plain


class OcrLowConfidence(Rule):
    """A value read from a scan by OCR with low confidence (below 0.9 by default).

    A scanned page (a PDF with no text layer, or an image) is read by a
    text recogniser, which says how sure it is of each line. A value it
    was unsure of may be misread (≥ lost, 8 for 3, 0 for 6), and every
    check on it would then be a check on something the table does not say:
    perfcheck reports what it read, so that a person compares it with the
    scan. ``perfcheck extract`` keeps these readings in the YAML it writes
    (``readings:``), until someone confirms the values and removes them.

    FAIL::

        tables:
          - name: 2024年示例项目
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 培训人次, value: ">=500 人次"}
        readings:
          - {text: ">=500", confidence: 0.62, field: 指标值, table: 2024年示例项目, indicator: 培训人次, page: 1}

    PASS::

        tables:
          - name: 2024年示例项目
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 培训人次, value: ">=500 人次"}
        readings:
          - {text: ">=500", confidence: 0.98, field: 指标值, table: 2024年示例项目, indicator: 培训人次, page: 1}
    """

    code = "V011"
    summary_zh = "OCR 识别置信度低的数值（默认低于 0.9），需对照原件核实"
    doc_zh = """
    检查内容：扫描件（没有文本层的 PDF，或表格的图片）是用 OCR 文字识别读出来的，识别器会给出它对每行文字的把握（置信度，0 到 1）。置信度低于阈值（默认 0.9，选项 threshold）的数值，在这里连同识别出的内容一起列出。

    为何重要：识别没把握的数值可能读错了（丢了「≥」、把 3 读成 8、把 6 读成 0），这时其他规则检查的就不是表里真正写的内容。

    如何修改：对照扫描件原件核对这些数值。最好向发布单位要含文字的原文件；也可以用 perfcheck extract 导出 YAML，核对改正后删去其中的 readings 一节再检查。
    """
    name = "ocr-low-confidence"
    severity = Severity.WARNING
    scope = Scope.DOCUMENT
    options = {"threshold": Option(Decimal, Decimal("0.9"), "OCR confidence (0 to 1) below which a value is reported", "低于此置信度（0 到 1）的 OCR 数值会被报告")}

    def check(self, document: Document, ctx: RuleContext):
        threshold = ctx.options["threshold"]
        tables = {t.name: t for t in document.tables}
        for reading in document.readings:
            if reading.confidence >= threshold:
                continue
            table = tables.get(reading.table) if reading.table else None
            indicator = next((i for i in table.indicators if i.name == reading.indicator), None) if table and reading.indicator else None
            yield Problem(
                msg(
                    f"{reading.field}「{reading.text}」是 OCR 识别的，置信度只有 {plain(reading.confidence)}（低于 {plain(threshold)}），请对照原件核实",
                    f"the {reading.field} {reading.text!r} was read by OCR with a confidence of only {plain(reading.confidence)} (below {plain(threshold)}): check it against the scan",
                ),
                location=reading.location,
                table=table,
                indicator=indicator,
                data={"text": reading.text, "confidence": reading.confidence, "field": reading.field},
            )

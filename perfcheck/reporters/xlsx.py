"""The annotated workbook: a copy of the checked workbook with a comment on
every flagged cell and a sheet listing every finding; where it holds
self-evaluation tables (绩效自评表), a sheet setting each row's target,
actual, points and score side by side with its findings. For budget units
and reviewers who work in Excel; the checked file itself is never written."""

from __future__ import annotations

from pathlib import Path

from perfcheck.results import RunResult
from perfcheck.limits import LimitExceeded
from perfcheck.output import atomic_output
from perfcheck.readers.excel import check_annotatable
from perfcheck.model import Finding, Severity, Table
from perfcheck.reporters import OutputError, Reporter, the_one_file
from perfcheck.reporters.selfeval import self_evaluation_rows

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
FINDINGS_SHEET = {"zh": "审查意见", "en": "perfcheck findings"}
HEADERS = {
    "zh": ["规则", "名称", "严重程度", "表", "指标", "位置", "问题", "建议"],
    "en": ["rule", "name", "severity", "table", "indicator", "location", "message", "suggestion"],
}
SEVERITY_NAMES = {"zh": {"error": "错误", "warning": "警告", "info": "提示"}, "en": {"error": "error", "warning": "warning", "info": "info"}}
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
SIDE_BY_SIDE_SHEET = {"zh": "自评对照", "en": "self-evaluation"}
SIDE_BY_SIDE_HEADERS = {
    "zh": ["表", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", "位置", "问题"],
    "en": ["table", "level 1", "level 2", "indicator", "target", "actual", "points", "score", "deviation explained", "location", "findings"],
}


def note_lines(findings, lang: str) -> list[str]:
    """A comment's lines for the findings on one cell: code, severity, message, suggestion."""
    return [
        f"{f.code} {SEVERITY_NAMES[lang][f.severity.value]}：{f.message.get(lang)}" + (f"（{'建议' if lang == 'zh' else 'suggestion'}：{f.suggestion}）" if f.suggestion else "")
        for f in findings
    ]


class XlsxReporter(Reporter):
    name = "xlsx"
    writes_file = True
    needs_documents = True  # the self-evaluation sheet shows the tables' rows
    description = "a copy of the workbook with a comment on every flagged cell and a findings sheet (needs -o, one .xlsx)"

    def write(self, run: RunResult, lang: str, output: Path) -> None:
        import openpyxl
        from openpyxl.comments import Comment
        from openpyxl.styles import PatternFill

        source = the_one_file(run, EXCEL_SUFFIXES, "xlsx", ("一个工作簿", "one workbook"))
        try:
            check_annotatable(source)
            workbook = openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
        except LimitExceeded as exc:
            raise OutputError(f"cannot annotate {source}: {exc.message.en}", f"无法批注 {source}：{exc.message.zh}") from None
        except Exception as exc:  # noqa: BLE001 - the check already reported it as E001
            raise OutputError(f"cannot annotate {source}: {exc}", f"无法批注 {source}：{exc}") from None
        notes: dict[tuple[str, str], list] = {}
        for finding in run.findings:
            loc = finding.location
            if loc.sheet in workbook.sheetnames and loc.cell:
                notes.setdefault((loc.sheet, loc.cell), []).append(finding)
        for (sheet, ref), findings in notes.items():
            cell = workbook[sheet][ref]
            comment = Comment("\n".join(note_lines(findings, lang)), "perfcheck")
            comment.width, comment.height = 320, 40 + 60 * len(findings)
            cell.comment = comment
            worst = min((f.severity for f in findings), key=lambda s: s.rank)
            cell.fill = PatternFill("solid", fgColor=FILLS[worst])
        sheet = workbook.create_sheet(FINDINGS_SHEET[lang])
        sheet.append(HEADERS[lang])
        # In reading order, D8 before D11 (Finding.sort_key), whatever order a plugin's hook left.
        for f in sorted(run.findings, key=lambda f: f.sort_key()):
            where = f"{f.location.sheet}!{f.location.cell}" if f.location.sheet and f.location.cell else f.location.short()
            sheet.append([f.code, f.name, SEVERITY_NAMES[lang][f.severity.value], f.table, f.indicator, where, f.message.get(lang), f.suggestion])
        for column, width in zip("ABCDEFGH", (8, 24, 8, 30, 24, 14, 80, 20)):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
        evaluated = [t for r in run.files if r.document is not None for t in r.document.tables if t.kind.stage == "self-evaluation"]
        if evaluated:
            _side_by_side(workbook.create_sheet(SIDE_BY_SIDE_SHEET[lang]), evaluated, run.findings, lang, set(workbook.sheetnames))
        with atomic_output(output) as temporary:
            workbook.save(temporary)


def _side_by_side(sheet, tables: list[Table], findings: list[Finding], lang: str, sheets: set[str]) -> None:
    """Each self-evaluation table's rows, target | actual | points | score, then
    its findings; the funds block and the 总分 as rows of their own. The
    location links to the cell in the copy."""
    from openpyxl.styles import Font, PatternFill

    sheet.append(SIDE_BY_SIDE_HEADERS[lang])
    for table in tables:
        for row in self_evaluation_rows(table, findings, lang):
            mine = row.findings
            where = row.location
            sheet.append([
                table.name, row.level1, row.level2, row.name, row.target, row.actual, row.weight, row.score, row.deviation,
                where.short() if where is not None else "",
                "\n".join(f"{f.code} {f.message.get(lang)}" + (f"（{f.suggestion}）" if f.suggestion else "") for f in mine),
            ])
            at = sheet.cell(sheet.max_row, 10)
            if where is not None and where.sheet in sheets and where.cell:
                at.hyperlink, at.font = f"#'{where.sheet}'!{where.cell}", Font(color="0563C1", underline="single")
            if mine:
                worst = min((f.severity for f in mine), key=lambda s: s.rank)
                sheet.cell(sheet.max_row, 11).fill = PatternFill("solid", fgColor=FILLS[worst])
    for column, width in zip("ABCDEFGHIJK", (28, 12, 14, 24, 16, 16, 8, 8, 30, 14, 80)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"

from __future__ import annotations

from perfcheck.model import Document, Problem, Severity
from perfcheck.rule import Rule, RuleContext, Scope, msg

from ._matching import SIMILARITY, list_to_tables, narrative_to_tables, project_tables, same_text


class NameMismatch(Rule):
    """One project is named differently in the project list, the narrative and its table.

    2024年法律顾问费项目 in 表 7 and 2024 年法律顾问项目 on the target table
    are the same project under two names: a reader cannot be sure they are,
    and tools that join on the name lose it. Names are matched by similarity
    (option ``similarity``); spacing and full-width forms do not count as a
    difference.

    FAIL::

        projects:
          - {name: 2024年法律顾问费项目, amount: "10.00"}
        tables:
          - name: 2024 年法律顾问项目
            funds: {total: "10.00"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 采购专业技术服务, value: ">=1 套"}

    PASS::

        projects:
          - {name: 2024年法律顾问费项目, amount: "10.00"}
        allocations:
          - {project: 2024 年法律顾问费项目, items: []}
        tables:
          - name: 2024 年法律顾问费项目
            funds: {total: "10.00"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 采购专业技术服务, value: ">=1 套"}
    """

    code = "X004"
    summary_zh = "同一项目在清单、说明和表中名称不一致"
    doc_zh = """
    检查内容：同一个项目在项目清单、说明和绩效目标表中的名称不一致，如表 7 中是“2024年法律顾问费项目”，目标表上是“2024 年法律顾问项目”。名称按相似度匹配（选项 similarity）；空格以及全角、半角的差别不算不一致。

    为何重要：读者无法确定它们是同一个项目，按名称汇总、比对的工具也会对不上。

    如何修改：统一使用预算批复中的项目名称。
    """
    name = "name-mismatch"
    severity = Severity.WARNING
    scope = Scope.DOCUMENT
    options = {"similarity": SIMILARITY}

    def check(self, document: Document, ctx: RuleContext):
        threshold = float(ctx.options["similarity"])
        in_list = {id(t): p.name for p, t, _ in list_to_tables(document, threshold)}
        in_text = {id(t): a.project for a, t, _ in narrative_to_tables(document, threshold)}
        for table in project_tables(document):
            variants = [("绩效目标表", "target table", table.name)]
            if id(table) in in_list:
                variants.append(("项目清单（表 7）", "project list", in_list[id(table)]))
            if id(table) in in_text:
                variants.append(("预算说明", "narrative", in_text[id(table)]))
            if all(same_text(v[2], table.name) for v in variants):
                continue
            yield Problem(
                msg(
                    "同一项目名称不一致：" + "；".join(f"{zh}作「{name}」" for zh, _, name in variants),
                    "one project, several names: " + "; ".join(f"{en}: {name!r}" for _, en, name in variants),
                ),
                table=table,
            )

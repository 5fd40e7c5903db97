"""Schema errors of a canonical document, said in the user's language, and mended.

jsonschema says ``Additional properties are not allowed ('wieght' was
unexpected)``. A budget unit needs: which field, at which line, what it
should have been (``wieght`` → ``weight``), and the rest of the file checked
anyway. ``explain`` turns each error into a ``ReadProblem`` in Chinese and
English; ``without`` drops the bad part — an unknown key, a field of the
wrong type, a row or table missing a required field — so that every valid
table is still checked and one bad row costs one finding at its line.
"""

from __future__ import annotations

import copy
import difflib
from typing import Any, Callable

from perfcheck.model import Message, SourceLocation

TYPE_NAMES = {
    "string": ("文本", "text"), "integer": ("整数", "a whole number"), "number": ("数字", "a number"),
    "object": ("映射（键: 值）", "a mapping"), "array": ("列表", "a list"), "boolean": ("true/false", "true or false"),
    "null": ("空", "empty"),
}
FIELD_NAMES = {
    "name": "名称", "value": "指标值", "weight": "分值", "level1": "一级指标", "level2": "二级指标", "funds": "资金",
    "total": "年度预算总额", "fiscal": "财政拨款", "other": "其他资金", "indicators": "指标", "tables": "表",
    "unit": "单位", "operator": "比较符号", "kind": "表的种类", "year": "预算年度", "amount": "金额",
}


def _value_text(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 40 else text[:37] + "…"


def _types(schema_type) -> tuple[str, str]:
    types = [schema_type] if isinstance(schema_type, str) else list(schema_type or [])
    types = [t for t in types if t != "null"] or types
    return "或".join(TYPE_NAMES.get(t, (t, t))[0] for t in types), " or ".join(TYPE_NAMES.get(t, (t, t))[1] for t in types)


def _field(path: tuple) -> str:
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    zh = FIELD_NAMES.get(key)
    return f"{key}（{zh}）" if zh else key


def _closest(word: str, known: list[str], missing: list[str]) -> list[str]:
    """The fields ``word`` most likely misspells: among those the mapping
    lacks first (``levell`` beside a level2 is level1), all that are equally
    close (``levell`` where both are missing is level1 or level2)."""
    for pool in (missing, known):
        scored = sorted(
            ((difflib.SequenceMatcher(None, word, k).ratio(), k) for k in pool), key=lambda item: -item[0]
        )
        best = [k for ratio, k in scored if ratio >= 0.6 and ratio == scored[0][0]]
        if best:
            return best
    return []


def explain(error, pointer: Callable[[tuple], str], line_of: Callable[[str], int | None]):
    """``(problem, the path to drop)`` for one jsonschema error."""
    from perfcheck.readers import ReadProblem

    path = tuple(error.absolute_path)
    where = pointer(path) or "/"
    validator = error.validator
    if validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        unknown = sorted(k for k in error.instance if k not in known and not str(k).startswith("x-"))
        key = unknown[0] if unknown else ""
        near = _closest(str(key), known, [k for k in known if k not in error.instance])
        hint_zh = f"，是否应为{'或'.join(f'“{n}”' for n in near)}？" if near else f"（可用：{'、'.join(known)}）"
        hint_en = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else f" (known: {', '.join(known)})"
        field_path = (*path, key)
        p = pointer(field_path)
        message = Message(
            f"未知的字段“{key}”（{p}）{hint_zh}该字段已忽略", f"unknown field {key!r} at {p}{hint_en} It was ignored."
        )
        return ReadProblem(message, SourceLocation(line=line_of(p) or line_of(pointer(path)), path=p)), field_path
    if validator == "required":
        missing = next((k for k in error.validator_value if k not in error.instance), error.validator_value[0])
        what_zh, what_en = ("这一行指标", "this indicator row") if "indicators" in path else ("这张表", "this table") if path[:1] == ("tables",) else ("这一项", "this entry")
        message = Message(
            f"{where} 缺少必填字段“{_field((missing,))}”：{what_zh}未检查",
            f"{where} lacks the required field {missing!r}: {what_en} was not checked",
        )
        return ReadProblem(message, SourceLocation(line=line_of(pointer(path)), path=pointer(path))), path
    if validator == "type":
        zh, en = _types(error.validator_value)
        message = Message(
            f"字段 {_field(path)}（{where}）应为{zh}，而不是 {_value_text(error.instance)}：该字段已忽略",
            f"field {where} should be {en}, not {_value_text(error.instance)}; it was ignored",
        )
    elif validator in ("const", "enum"):
        allowed = [error.validator_value] if validator == "const" else list(error.validator_value)
        shown = "、".join(map(str, allowed))
        message = Message(
            f"字段 {_field(path)}（{where}）应为 {shown} 之一，而不是 {_value_text(error.instance)}：该字段已忽略",
            f"field {where} should be one of {', '.join(map(str, allowed))}, not {_value_text(error.instance)}; it was ignored",
        )
    elif validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound_zh = {"minimum": "不小于", "maximum": "不大于", "exclusiveMinimum": "大于", "exclusiveMaximum": "小于"}[validator]
        message = Message(
            f"字段 {_field(path)}（{where}）应{bound_zh} {error.validator_value}，而不是 {_value_text(error.instance)}：该字段已忽略",
            f"field {where} should be {validator} {error.validator_value}, not {_value_text(error.instance)}; it was ignored",
        )
    elif validator == "anyOf" and ("amount" in str(error.schema.get("description", "")).lower() or path[-1:] in (("total",), ("fiscal",), ("other",), ("amount",))):
        message = Message(
            f"字段 {_field(path)}（{where}）应为金额（数字，或如 \"10.80\" 的数字文本），而不是 {_value_text(error.instance)}：该字段已忽略",
            f"field {where} should be an amount (a number, or numeric text like \"10.80\"), not {_value_text(error.instance)}; it was ignored",
        )
    else:
        message = Message(f"字段 {where} 不符合格式：{error.message}；该字段已忽略", f"field {where} is invalid: {error.message}; it was ignored")
    return ReadProblem(message, SourceLocation(line=line_of(pointer(path)), path=pointer(path))), path


def without(data: Any, drops: list[tuple]) -> Any:
    """A copy of ``data`` without the parts at ``drops``: a mapping's key is
    removed, a list item becomes None (so that every other item keeps its
    index, and with it its line; readers pass over None items)."""
    data = copy.deepcopy(data)
    for path in set(drops):
        parent = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif isinstance(parent, list):
                parent[path[-1]] = None
        except (KeyError, IndexError, TypeError):
            continue
    return data

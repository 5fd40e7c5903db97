"""``perfcheck serve``: a web page where budget units check a draft before they submit it.

A finance bureau runs one server on its intranet; its units open the page,
drop their draft (Excel, PDF, text, YAML or JSON), and see their tables with
the flagged cells and the findings beside them — the HTML report — and
download the annotated workbook, the corrected copy and the JSON. No account,
no internet: every asset is served from here.

Starlette on uvicorn (python-multipart for uploads), installed with the
``web`` extra: ``pip install 'perfcheck[web]'``.

- ``GET /`` the page (Chinese; ``?lang=en`` for English);
- ``POST /api/check`` a multipart ``file`` (and optional ``profile``,
  ``lang``, ``select``, ``ignore``); ``?format=json`` (default) answers
  exactly what ``perfcheck check --format json`` prints for that file,
  ``html`` the report, ``sarif``, ``xlsx`` the annotated workbook, ``fixed``
  the corrected copy (workbook, YAML or JSON);
- ``GET /healthz`` for monitoring; ``GET /openapi.json`` the API.

Uploads over the limit get 413 before they are read whole. Each check runs
in a worker process with perfcheck's bounds (time, memory, file sizes), off
the event loop, at most ``workers`` at a time. An upload lives in a temporary
directory for its request only; the log holds name, size, time and counts.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import attrs

from perfcheck import __version__
from perfcheck.config import ConfigError, Overrides
from perfcheck.plugins import PluginHost
from perfcheck.results import RunResult
from perfcheck.service import CheckService, NotFixable

log = logging.getLogger("perfcheck.server")

ACCEPTED = (".xlsx", ".xlsm", ".xls", ".pdf", ".txt", ".yaml", ".yml", ".json")
FORMATS = ("json", "html", "sarif", "xlsx", "fixed")
MEDIA = {
    "json": "application/json", "sarif": "application/sarif+json", "html": "text/html; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".yaml": "application/yaml", ".yml": "application/yaml", ".json": "application/json",
}
# Worker processes are forked from a clean server process, never from the
# threaded one (a fork copies whatever lock another thread held).
START_METHOD = "forkserver"


@attrs.frozen
class ServerSettings:
    max_upload: int = 20 * 1024 * 1024
    timeout: float = 60.0
    workers: int = 2
    token: str | None = None
    storage: Path | None = None
    config: Path | None = None


class Problem(Exception):
    def __init__(self, status: int, zh: str, en: str):
        super().__init__(en)
        self.status, self.zh, self.en = status, zh, en


def _safe_name(name: str) -> str:
    """The upload's own name, reduced to a harmless file name with its suffix."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f/:*?\"<>|]", "_", base).strip(". ") or "upload"
    return base[-120:]


class Checker:
    """Checks one uploaded file the way ``perfcheck check`` does, in worker processes."""

    def __init__(self, settings: ServerSettings):
        self.settings = settings
        self.host = PluginHost()
        known = {
            "xinjiang": ("新疆 90 分", "Xinjiang, 90 points"),
            "national-2021": ("全国 2021 版（成本指标为一级指标）", "national 2021 (成本指标 as a level 1)"),
        }
        # The national 100-point convention (no profile) first, then the built-in ones, then plugins'.
        self.profiles = {"": ("全国 100 分", "national, 100 points")}
        for name in sorted(self.host.profiles, key=lambda n: (n not in known, list(known).index(n) if n in known else 0, n)):
            plugin = self.host.profiles[name][0]
            self.profiles[name] = known.get(name, (f"{name}（插件 {plugin}）", f"{name} (plugin {plugin})"))

    def check(self, path: Path, fields: dict[str, str], fmt: str) -> tuple[bytes, str, RunResult]:
        """(the answer's body, its media type, the run) for one file."""
        profile = fields.get("profile") or None
        if profile and profile not in self.host.profiles:
            raise Problem(400, f"未知的预设 {profile!r}", f"unknown profile {profile!r}")
        lang = fields.get("lang") if fields.get("lang") in ("zh", "en") else "zh"
        split = lambda text: tuple(p.strip() for p in (text or "").split(",") if p.strip()) or None  # noqa: E731
        overrides = Overrides(
            config=self.settings.config, select=split(fields.get("select")), ignore=split(fields.get("ignore")) or (),
            lang=lang, timeout=self.settings.timeout, profile=profile,
        )
        service = CheckService(self.host, overrides)
        try:
            service.settings_for(path)
        except ConfigError as exc:
            raise Problem(400, exc.message.zh, exc.message.en) from None
        run = service.check([(path, False)], keep_documents=fmt in ("html", "fixed"), start_method=START_METHOD)
        run = run.renamed(str(path), path.name)
        options = _options(self.host)
        if fmt in ("json", "html", "sarif"):
            body = "".join(self.host.reporters[fmt].render_iter(run, lang, options))
            return body.encode("utf-8"), MEDIA[fmt], run
        suffix = path.suffix.lower()
        if fmt == "xlsx":
            if suffix not in (".xlsx", ".xlsm"):
                raise Problem(400, "批注工作簿只适用于 .xlsx 文件", "the annotated workbook needs an .xlsx file")
            out = path.with_name("annotated" + suffix)
            self.host.reporters["xlsx"].write(run.renamed(path.name, str(path)), lang, out)
            return out.read_bytes(), MEDIA[suffix], run
        [result] = run.files
        try:
            body = service.fixed_file(attrs.evolve(result, path=str(path)), lang, path.parent)
        except NotFixable as exc:
            raise Problem(400, exc.message.zh, exc.message.en) from None
        return body, MEDIA[suffix], run


def _options(host: PluginHost):
    from perfcheck.reporters import ReportOptions

    return ReportOptions(rules=tuple(host.sorted_rules()))


def create_app(settings: ServerSettings = ServerSettings()):
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    checker = Checker(settings)
    slots = asyncio.Semaphore(max(1, settings.workers))

    def refuse(problem: Problem, lang: str) -> JSONResponse:
        return JSONResponse({"error": problem.zh if lang == "zh" else problem.en}, status_code=problem.status)

    def authorised(request: Request) -> bool:
        if not settings.token:
            return True
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() or request.query_params.get("token", "")
        return hmac.compare_digest(given.encode(), settings.token.encode())

    async def page(request: Request) -> HTMLResponse:
        lang = "en" if request.query_params.get("lang") == "en" else "zh"
        return HTMLResponse(render_page(lang, checker.profiles, settings.max_upload))

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__})

    async def openapi(request: Request) -> JSONResponse:
        return JSONResponse(openapi_spec(settings))

    async def check(request: Request) -> Response:
        lang = "en" if request.query_params.get("lang") == "en" else "zh"
        if not authorised(request):
            return refuse(Problem(401, "需要访问令牌", "an access token is needed"), lang)
        fmt = request.query_params.get("format", "json")
        if fmt not in FORMATS:
            return refuse(Problem(400, f"未知的格式 {fmt!r}（可用：{'、'.join(FORMATS)}）", f"unknown format {fmt!r} (one of {', '.join(FORMATS)})"), lang)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > settings.max_upload + 64 * 1024:
            return _too_large(settings, lang)
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="perfcheck-upload-") as folder:
            try:
                path, fields = await _receive(request, Path(folder), settings)
            except Problem as problem:
                if problem.status == 413:
                    return _too_large(settings, lang)
                return refuse(problem, lang)
            lang = fields.get("lang") if fields.get("lang") in ("zh", "en") else lang
            fields["lang"] = lang
            size = path.stat().st_size
            async with slots:
                try:
                    body, media, run = await run_in_threadpool(checker.check, path, fields, fmt)
                except Problem as problem:
                    return refuse(problem, lang)
            summary = run.summary()
            log.info("checked %r: %d bytes, %.2f s, %d tables, %d errors, %d warnings", path.name, size, time.monotonic() - started,
                     summary["tables"], summary["errors"], summary["warnings"])
            if settings.storage is not None:
                _store(settings.storage, path, run)
            headers = {}
            if fmt in ("xlsx", "fixed"):
                label = "批注" if fmt == "xlsx" else "已修复"
                from urllib.parse import quote

                headers["content-disposition"] = f"attachment; filename*=UTF-8''{quote(path.stem + '-' + label + path.suffix)}"
            return Response(body, media_type=media, headers=headers)

    routes = [
        Route("/", page),
        Route("/healthz", healthz),
        Route("/openapi.json", openapi),
        Route("/api/check", check, methods=["POST"]),
    ]
    return Starlette(routes=routes)


def _too_large(settings: ServerSettings, lang: str):
    from starlette.responses import JSONResponse

    limit = f"{settings.max_upload / 1024 / 1024:g} MB"
    text = f"上传的文件超过 {limit} 的上限" if lang == "zh" else f"the upload is over the {limit} limit"
    return JSONResponse({"error": text}, status_code=413, headers={"connection": "close"})


async def _receive(request, folder: Path, settings: ServerSettings) -> tuple[Path, dict[str, str]]:
    """The uploaded ``file`` saved in ``folder``, and the other form fields;
    counted while it streams in, so a lying or absent Content-Length is no way past the limit."""
    from python_multipart.multipart import parse_options_header
    from python_multipart import MultipartParser

    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in options:
        raise Problem(400, "请以 multipart/form-data 上传，字段名为 file", "send multipart/form-data with a field named file")
    fields: dict[str, str] = {}
    state: dict = {"name": None, "filename": None, "out": None, "path": None, "value": b"", "headers": {}, "header": b"", "field": b""}
    total = 0

    def on_part_begin():
        state.update(headers={}, name=None, filename=None, value=b"", out=None)

    def on_header_field(data, start, end):
        state["header"] += data[start:end]

    def on_header_value(data, start, end):
        state["field"] += data[start:end]

    def on_header_end():
        state["headers"][state["header"].decode("latin-1").lower()] = state["field"]
        state["header"], state["field"] = b"", b""

    def on_headers_finished():
        _, disposition = parse_options_header(state["headers"].get("content-disposition", b""))
        state["name"] = disposition.get(b"name", b"").decode("utf-8", "replace")
        filename = disposition.get(b"filename")
        if state["name"] == "file" and filename is not None:
            name = _safe_name(filename.decode("utf-8", "replace"))
            if Path(name).suffix.lower() not in ACCEPTED:
                raise Problem(400, f"不支持的文件类型（可上传：{' '.join(ACCEPTED)}）", f"unsupported file type (accepted: {' '.join(ACCEPTED)})")
            state["path"] = folder / name
            state["out"] = open(state["path"], "wb")

    def on_part_data(data, start, end):
        if state["out"] is not None:
            state["out"].write(data[start:end])
        elif len(state["value"]) < 4096:
            state["value"] += data[start:end]

    def on_part_end():
        if state["out"] is not None:
            state["out"].close()
            state["out"] = None
        elif state["name"]:
            fields[state["name"]] = state["value"].decode("utf-8", "replace")

    parser = MultipartParser(
        options[b"boundary"],
        {
            "on_part_begin": on_part_begin, "on_header_field": on_header_field, "on_header_value": on_header_value,
            "on_header_end": on_header_end, "on_headers_finished": on_headers_finished, "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > settings.max_upload + 64 * 1024:
                raise Problem(413, "", "")
            parser.write(chunk)
        parser.finalize()
    finally:
        if state["out"] is not None:
            state["out"].close()
    if state["path"] is None or not state["path"].exists():
        raise Problem(400, "没有收到文件：请在 file 字段上传", "no file received: upload it in the field named file")
    if state["path"].stat().st_size > settings.max_upload:
        raise Problem(413, "", "")
    return state["path"], fields


def _store(storage: Path, path: Path, run: RunResult) -> None:
    """Keep the upload and its findings, when the bureau configured a storage directory."""
    from perfcheck.reporters.json import JsonReporter

    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = storage / f"{stamp}-{os.getpid()}-{path.name}"
    storage.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    target.with_name(target.name + ".json").write_text(JsonReporter().render(run, "zh"), encoding="utf-8")


def openapi_spec(settings: ServerSettings) -> dict:
    form = {
        "type": "object",
        "required": ["file"],
        "properties": {
            "file": {"type": "string", "format": "binary", "description": "the draft: " + ", ".join(ACCEPTED)},
            "profile": {"type": "string", "description": "a profile name (xinjiang: 90 points); empty: the national 100"},
            "lang": {"type": "string", "enum": ["zh", "en"]},
            "select": {"type": "string", "description": "comma-separated rule codes, prefixes or names"},
            "ignore": {"type": "string", "description": "comma-separated rule codes, prefixes or names"},
        },
    }
    error = {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "string"}}}}}
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "perfcheck", "version": __version__, "description": "Check performance target tables (绩效目标表)."},
        "paths": {
            "/api/check": {
                "post": {
                    "summary": "Check one file",
                    "parameters": [{"name": "format", "in": "query", "schema": {"type": "string", "enum": list(FORMATS), "default": "json"}}],
                    "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": form}}},
                    "responses": {
                        "200": {"description": "json: what perfcheck check --format json prints; html, sarif, xlsx (annotated), fixed (corrected copy)"},
                        "400": {"description": "bad request", "content": error},
                        "401": {"description": "an access token is needed", "content": error},
                        "413": {"description": f"over the upload limit ({settings.max_upload} bytes)", "content": error},
                    },
                }
            },
            "/healthz": {"get": {"summary": "Health", "responses": {"200": {"description": "ok"}}}},
        },
    }
    if settings.token:
        spec["components"] = {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}}
        spec["security"] = [{"token": []}]
    return spec


def render_page(lang: str, profiles: dict[str, tuple[str, str]], max_upload: int) -> str:
    import importlib.resources

    import jinja2

    source = importlib.resources.files("perfcheck.templates").joinpath("serve.html.j2").read_text(encoding="utf-8")
    template = jinja2.Environment(autoescape=True).from_string(source)
    return template.render(
        lang=lang, zh=lang == "zh", version=__version__, accepted=",".join(ACCEPTED), max_mb=f"{max_upload / 1024 / 1024:g}",
        profiles=[(name, labels[0] if lang == "zh" else labels[1]) for name, labels in profiles.items()],
        texts=json.dumps(PAGE_TEXT[lang], ensure_ascii=False),
    )


PAGE_TEXT = {
    "zh": {"checking": "正在检查……", "failed": "检查失败：", "download_xlsx": "下载批注后的工作簿", "download_fixed": "下载修复后的副本",
           "download_json": "下载 JSON 结果", "summary": "发现 {errors} 个错误、{warnings} 个警告、{infos} 个提示（{tables} 张表，{indicators} 个指标）",
           "clean": "全部检查通过（{tables} 张表，{indicators} 个指标）", "too_large": "文件超过上限"},
    "en": {"checking": "Checking…", "failed": "The check failed: ", "download_xlsx": "Download the annotated workbook",
           "download_fixed": "Download the corrected copy", "download_json": "Download the JSON",
           "summary": "{errors} errors, {warnings} warnings, {infos} info ({tables} tables, {indicators} indicators)",
           "clean": "All checks passed ({tables} tables, {indicators} indicators)", "too_large": "The file is over the limit"},
}


def serve(host: str, port: int, settings: ServerSettings) -> None:
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", access_log=False)

"""``perfcheck serve``: a web page where budget units check a draft before they submit it.

A finance bureau runs one server on its intranet; its units open the page,
drop their draft (Excel, Word, a web page, PDF, a scan or an image of it — read through OCR
when the server has the ``ocr`` extra —, text, YAML or JSON), and see their tables with
the flagged cells and the findings beside them — the HTML report — and
download the annotated workbook or Word document, the corrected copy and the JSON. No account,
no internet: every asset is served from here.

Starlette on uvicorn (python-multipart for uploads), installed with the
``web`` extra: ``pip install 'perfcheck[web]'``.

- ``GET /`` the page (Chinese; ``?lang=en`` for English);
- ``POST /api/check`` a multipart ``file`` (and optional ``profile``,
  ``lang``, ``select``, ``ignore``); ``?format=json`` (default) answers
  exactly what ``perfcheck check --format json`` prints for that file,
  ``html`` the report, ``sarif``, ``xlsx`` the annotated workbook, ``docx``
  the annotated Word document, ``fixed`` the corrected copy (workbook, Word
  document, YAML or JSON);
- ``GET /healthz`` for monitoring; ``GET /openapi.json`` the API.

Every answer to a check says in ``X-Perfcheck-Downloads`` which formats the
server can make of that file (``json,html,sarif`` always; ``xlsx``,
``docx`` and ``fixed`` when the workbook or document was read and, for
``fixed``, a safe fix exists): the
page offers those and no other. Every error is JSON, ``{"error": "…"}``, in
Chinese (English when the request asks for ``lang=en``), with a 4xx status:
what a file cannot give is the file's matter, and even an exception nobody
foresaw is logged with an incident number and answered 422, never 500.

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
import uuid
from pathlib import Path

import attrs

from perfcheck import __version__
from perfcheck.config import ConfigError, Overrides
from perfcheck.limits import LimitExceeded
from perfcheck.plugins import PluginHost
from perfcheck.readers import ReadError, scan
from perfcheck.readers.excel import check_annotatable
from perfcheck.reporters import OutputError
from perfcheck.results import RunResult
from perfcheck.service import CheckService, NotFixable

log = logging.getLogger("perfcheck.server")

# Scans and images are taken whether or not this server has the ocr extra:
# without it their check is E002 naming the command that installs it, and the
# page says so beforehand (render_page).
ACCEPTED = (
    ".xlsx", ".xlsm", ".xls", ".et", ".ods", ".docx", ".doc", ".wps", ".odt", ".html", ".htm", ".mhtml", ".mht", ".pdf", ".txt", ".yaml", ".yml", ".json",
    ".png", ".jpg", ".jpeg", ".tif", ".tiff",
)
FORMATS = ("json", "html", "sarif", "xlsx", "docx", "fixed")
# The annotated copies: of a workbook, of a Word document.
ANNOTATED = {"xlsx": (".xlsx", ".xlsm"), "docx": (".docx", ".docm")}
# Made of any file that was checked; the others only where the file allows.
ALWAYS = ("json", "html", "sarif")
DOWNLOADS_HEADER = "x-perfcheck-downloads"
MEDIA = {
    "json": "application/json", "sarif": "application/sarif+json", "html": "text/html; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docm": "application/vnd.ms-word.document.macroEnabled.12",
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


@attrs.frozen
class Answer:
    """A check's answer: its body and media type, the run, and what else the server can make of the file."""

    body: bytes
    media: str
    run: RunResult
    downloads: tuple[str, ...]


# Why an upload gives no annotated or corrected copy, by its kind.
XLS_ONLY = Problem(
    400, "旧版 .xls 工作簿不能批注或修复：请在 Excel 或 WPS 中另存为 .xlsx 后再上传",
    "a legacy .xls workbook cannot be annotated or fixed: save it as .xlsx in Excel or WPS and upload that",
)
NOT_ANNOTATABLE = {
    "xlsx": Problem(400, "批注工作簿只适用于 .xlsx 文件", "the annotated workbook needs an .xlsx file"),
    "docx": Problem(400, "批注 Word 文档只适用于 .docx 文件", "the annotated Word document needs a .docx file"),
}
UNREADABLE = Problem(
    422, "这个文件无法读取，或其中没有绩效目标表，所以没有批注或修复的副本：请先按检查结果处理文件",
    "the file cannot be read or holds no target table, so there is no annotated or corrected copy: see the check's findings",
)
NOTHING_TO_FIX = Problem(
    422, "检查没有发现可以自动修复的问题，所以没有修复后的副本", "the check found nothing that can be fixed safely, so there is no corrected copy",
)


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
            # Short: the labels fill a select that must fit a 375 px phone.
            "national-2020": ("全国 2020 版自评（按比例计分）", "national 2020 self-evaluation"),
            "sichuan-2023": ("四川 2023 版自评", "Sichuan 2023 self-evaluation"),
        }
        # The national 100-point convention (no profile) first, then the built-in ones, then plugins'.
        self.profiles = {"": ("全国 100 分", "national, 100 points")}
        for name in sorted(self.host.profiles, key=lambda n: (n not in known, list(known).index(n) if n in known else 0, n)):
            plugin = self.host.profiles[name][0]
            self.profiles[name] = known.get(name, (f"{name}（插件 {plugin}）", f"{name} (plugin {plugin})"))

    def check(self, path: Path, fields: dict[str, str], fmt: str) -> Answer:
        """The answer for one file in ``fmt``; ``Problem`` where the file gives no such thing."""
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
        if fmt in ("xlsx", "docx", "fixed"):
            self._refuse_early(path, fmt)
        run = service.check([(path, False)], keep_documents=fmt in ("html", "fixed", "xlsx"), start_method=START_METHOD)
        run = run.renamed(str(path), path.name)
        downloads = self.downloads(path, run)
        options = _options(self.host)
        if fmt in ALWAYS:
            body = "".join(self.host.reporters[fmt].render_iter(run, lang, options))
            return Answer(body.encode("utf-8"), MEDIA[fmt], run, downloads)
        if fmt not in downloads:
            raise self._why_not(path, run, fmt)
        suffix = path.suffix.lower()
        try:
            if fmt in ANNOTATED:
                out = path.with_name("annotated" + suffix)
                self.host.reporters[fmt].write(run.renamed(path.name, str(path)), lang, out)
                return Answer(out.read_bytes(), MEDIA[suffix], run, downloads)
            [result] = run.files
            body = service.fixed_file(attrs.evolve(result, path=str(path)), lang, path.parent)
        except NotFixable as exc:
            raise Problem(400, exc.message.zh, exc.message.en) from None
        except OutputError as exc:  # the workbook passed the checks above and still would not open in full
            raise Problem(422, exc.message.zh, exc.message.en) from None
        except (ReadError, LimitExceeded) as exc:
            message = exc.message if isinstance(exc, LimitExceeded) else exc.problems[0].message
            raise Problem(422, f"无法写出副本：{message.zh}", f"no copy can be written: {message.en}") from None
        return Answer(body, MEDIA[suffix], run, downloads)

    def _refuse_early(self, path: Path, fmt: str) -> None:
        """What the file's kind alone rules out, before it is checked."""
        suffix = path.suffix.lower()
        if suffix == ".xls":
            raise XLS_ONLY
        if fmt in ANNOTATED and suffix not in ANNOTATED[fmt]:
            raise NOT_ANNOTATABLE[fmt]
        if fmt == "fixed" and self.host.fixer_for(path) is None:
            raise Problem(400, "公开的文本、PDF 和网页不直接修复：请先转为 YAML", "published text, PDF and web pages are not fixed: extract them to YAML first")

    def downloads(self, path: Path, run: RunResult) -> tuple[str, ...]:
        """The formats the server can make of this checked file: what the page may offer.

        An annotated or corrected copy needs a file that was read (it has a
        table); a workbook must also open in full within bounds, which
        ``check_annotatable`` tells without loading it whole; a corrected copy
        needs a safe fix to make."""
        [result] = run.files
        made = list(ALWAYS)
        if not result.tables:
            return tuple(made)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            try:
                check_annotatable(path)
            except Exception:  # noqa: BLE001 - whatever stops the load stops the copy; the findings say why
                return tuple(made)
            made.append("xlsx")
        if path.suffix.lower() in ANNOTATED["docx"]:
            made.append("docx")
        if self.host.fixer_for(path) is not None and any(f.fix is not None and f.fix.safe for f in result.findings):
            made.append("fixed")
        return tuple(made)

    def _why_not(self, path: Path, run: RunResult, fmt: str) -> Problem:
        [result] = run.files
        if not result.tables:
            return UNREADABLE
        if fmt == "xlsx":
            try:
                check_annotatable(path)
            except LimitExceeded as exc:
                return Problem(422, f"无法写出批注副本：{exc.message.zh}", f"no annotated copy can be written: {exc.message.en}")
            except Exception:  # noqa: BLE001 - as in downloads()
                return UNREADABLE
        return NOTHING_TO_FIX


def _options(host: PluginHost):
    from perfcheck.reporters import ReportOptions

    return ReportOptions(rules=tuple(host.sorted_rules()))


def create_app(settings: ServerSettings = ServerSettings()):
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.requests import ClientDisconnect, Request
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
        lang = _lang(request)
        return HTMLResponse(render_page(lang, checker.profiles, settings.max_upload))

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__})

    async def openapi(request: Request) -> JSONResponse:
        return JSONResponse(openapi_spec(settings))

    async def check(request: Request) -> Response:
        lang = _lang(request)
        try:
            return await checked(request, lang)
        except ClientDisconnect:
            log.info("the client went away during its upload")
            return Response(status_code=400)  # nobody is left to read it
        except Exception:  # noqa: BLE001 - the last net: a file may find a path nobody foresaw
            incident = uuid.uuid4().hex[:8]
            log.exception("incident %s: the check failed unexpectedly", incident)
            return refuse(Problem(
                422,
                f"这个文件没能检查完（事件编号 {incident}）：请确认它能在 Excel 或 WPS 中正常打开、另存后再试；仍不行请把编号告诉管理员",
                f"the file could not be checked (incident {incident}): make sure it opens in Excel or WPS, save it again and retry; "
                "if it still fails, give the incident number to the administrator",
            ), lang)

    async def checked(request: Request, lang: str) -> Response:
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
                    answer = await run_in_threadpool(checker.check, path, fields, fmt)
                except Problem as problem:
                    log.info("refused %s of %r: %s", fmt, path.name, problem.en)
                    return refuse(problem, lang)
            run = answer.run
            summary = run.summary()
            log.info("checked %r: %d bytes, %.2f s, %d tables, %d errors, %d warnings", path.name, size, time.monotonic() - started,
                     summary["tables"], summary["errors"], summary["warnings"])
            if settings.storage is not None:
                _store(settings.storage, path, run)
            headers = {DOWNLOADS_HEADER: ",".join(answer.downloads)}
            if fmt in ("xlsx", "docx", "fixed"):
                label = "已修复" if fmt == "fixed" else "批注"
                from urllib.parse import quote

                headers["content-disposition"] = f"attachment; filename*=UTF-8''{quote(path.stem + '-' + label + path.suffix)}"
            return Response(answer.body, media_type=answer.media, headers=headers)

    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        # Starlette's own refusals (an unknown path, GET on /api/check) in words and as JSON like the rest.
        zh, en = HTTP_ERRORS.get(exc.status_code, (f"请求有误（{exc.status_code}）", f"bad request ({exc.status_code})"))
        answer = refuse(Problem(exc.status_code, zh, en), _lang(request))
        answer.headers.update(exc.headers or {})  # a 405's Allow
        return answer

    routes = [
        Route("/", page),
        Route("/healthz", healthz),
        Route("/openapi.json", openapi),
        Route("/api/check", check, methods=["POST"]),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error})


HTTP_ERRORS = {
    404: ("没有这个页面：请打开首页 /", "no such page: open / instead"),
    405: ("请求方法不对：检查文件请用 POST 上传到 /api/check", "wrong method: POST the file to /api/check"),
}


def _lang(request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "zh"


def _too_large(settings: ServerSettings, lang: str):
    from starlette.responses import JSONResponse

    limit = f"{settings.max_upload / 1024 / 1024:g} MB"
    text = f"上传的文件超过 {limit} 的上限" if lang == "zh" else f"the upload is over the {limit} limit"
    return JSONResponse({"error": text}, status_code=413, headers={"connection": "close"})


async def _receive(request, folder: Path, settings: ServerSettings) -> tuple[Path, dict[str, str]]:
    """The uploaded ``file`` saved in ``folder``, and the other form fields;
    counted while it streams in, so a lying or absent Content-Length is no way past the limit."""
    from python_multipart import MultipartParser
    from python_multipart.exceptions import MultipartParseError
    from python_multipart.multipart import parse_options_header

    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in options:
        raise Problem(400, "请以 multipart/form-data 上传，字段名为 file", "send multipart/form-data with a field named file")
    fields: dict[str, str] = {}
    state: dict = {"name": None, "filename": None, "out": None, "path": None, "value": b"", "headers": {}, "header": b"", "field": b"",
                   "complete": False}
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
            state["complete"] = True
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
    except MultipartParseError:
        raise Problem(400, "上传的数据格式不对，请重新选择文件上传", "the upload is not well-formed multipart data: upload the file again") from None
    finally:
        if state["out"] is not None:
            state["out"].close()
    if state["path"] is None or not state["path"].exists():
        raise Problem(400, "没有收到文件：请在 file 字段上传", "no file received: upload it in the field named file")
    if not state["complete"]:
        # The body ended inside the file: checking the part that came would report defects it does not have.
        raise Problem(400, "文件没有传完整，请重新上传", "the upload ended before the file did: upload it again")
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
                        "200": {
                            "description": "json: what perfcheck check --format json prints; html, sarif, xlsx and docx (annotated), fixed (corrected copy)",
                            "headers": {"X-Perfcheck-Downloads": {
                                "description": "the formats the server can make of this file, comma-separated: json,html,sarif and, "
                                               "where the file allows, xlsx or docx and fixed; others are answered 422",
                                "schema": {"type": "string"},
                            }},
                        },
                        "400": {"description": "bad request (no file, an unsupported type, an upload cut short)", "content": error},
                        "401": {"description": "an access token is needed", "content": error},
                        "413": {"description": f"over the upload limit ({settings.max_upload} bytes)", "content": error},
                        "422": {"description": "the file gives no such answer (an unreadable workbook has no annotated copy), "
                                               "or its check failed unexpectedly (logged with the incident number the error gives)",
                                "content": error},
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
        lang=lang, zh=lang == "zh", t=PAGE_TEXT[lang], version=__version__, accepted=",".join(ACCEPTED), max_mb=f"{max_upload / 1024 / 1024:g}",
        scans="scans" if scan.available() else "no_scans",
        profiles=list(profiles.items()),
        # Both languages: the page's one switch changes every word without a reload (and without losing the file).
        texts=json.dumps(PAGE_TEXT, ensure_ascii=False).replace("</", "<\\/"),
    )


PAGE_TEXT = {
    "zh": {"title": "绩效目标表自查", "heading": "绩效目标表自查：提交前先看看审查会标出什么", "switch": "English",
           "drop": "把草稿拖到这里，或", "choose": "选择文件", "chosen": "已选择：",
           "accepted": "可上传 Excel（.xlsx/.xls）、Word（.docx/.doc）、网页、PDF、扫描件或图片、文本、YAML、JSON，不超过", "scoring": "评分口径", "check": "检查",
           "report": "审查报告", "privacy": "文件只在检查期间保存在服务器上，检查后即删除。",
           "checking": "正在检查……", "failed": "检查失败：", "download_xlsx": "下载批注后的工作簿", "download_docx": "下载批注后的 Word 文档", "download_fixed": "下载修复后的副本",
           "download_json": "下载 JSON 结果", "summary": "发现 {errors} 个错误、{warnings} 个警告、{infos} 个提示（{tables} 张表，{indicators} 个指标）",
           "clean": "全部检查通过（{tables} 张表，{indicators} 个指标）", "too_large": "文件超过上限",
           "scans": "扫描件和表格图片（.png、.jpg、.tif）经 OCR 识别后检查。",
           "no_scans": f"扫描件和表格图片需要服务器先安装 OCR 组件（{scan.INSTALL}）。"},
    "en": {"title": "Check a performance target table", "heading": "Check your performance target table before you submit it", "switch": "中文",
           "drop": "Drop your draft here, or", "choose": "choose a file", "chosen": "Chosen: ",
           "accepted": "Excel (.xlsx/.xls), Word (.docx/.doc), a web page, PDF, a scan or image, text, YAML or JSON, at most", "scoring": "Scoring", "check": "Check",
           "report": "Review report", "privacy": "Files stay on the server only while they are checked.",
           "checking": "Checking…", "failed": "The check failed: ", "download_xlsx": "Download the annotated workbook", "download_docx": "Download the annotated Word document",
           "download_fixed": "Download the corrected copy", "download_json": "Download the JSON",
           "summary": "{errors} errors, {warnings} warnings, {infos} info ({tables} tables, {indicators} indicators)",
           "clean": "All checks passed ({tables} tables, {indicators} indicators)", "too_large": "The file is over the limit",
           "scans": "Scans and images of a table (.png, .jpg, .tif) are read through OCR.",
           "no_scans": f"Scans and images of a table need the OCR extra on this server ({scan.INSTALL})."},
}


def serve(host: str, port: int, settings: ServerSettings) -> None:
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", access_log=False)

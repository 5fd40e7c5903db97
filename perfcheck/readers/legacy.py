"""Legacy and open office files: Word 97-2003 .doc, WPS .wps and .et, and
OpenDocument .odt and .ods, converted by LibreOffice and then read as the
.docx or .xlsx they become.

``soffice --headless --convert-to`` runs on a copy of the file in a
temporary folder (never beside the input, and under a plain name, so that
no file name is taken for an option), with a profile of its own there (a
running LibreOffice of the user's is left alone), in its own process group,
stopped with everything it started when it takes longer than
``MAX_CONVERT_SECONDS`` or its address space passes ``MAX_CONVERT_MEMORY``.
The converted file then meets the bounds of its reader, as any .docx or
.xlsx. Without LibreOffice the finding names the Debian package to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import attrs

from perfcheck.limits import MAX_EXCEL_BYTES, MAX_WORD_BYTES, MIB, check_size, file_size_limit
from perfcheck.model import Document, Message
from perfcheck.readers import ReadError, ReadProblem

# A conversion of a county's document takes 2-5 s and under 500 MiB.
MAX_CONVERT_SECONDS = 90
MAX_CONVERT_MEMORY = 3 * 1024 * MIB

# suffix -> (what it becomes, the Debian package that converts it, what it is called)
KINDS = {
    ".doc": ("docx", "libreoffice-writer", "Word 97-2003 文档", "Word 97-2003 document"),
    ".wps": ("docx", "libreoffice-writer", "WPS 文字文档", "WPS Writer document"),
    ".odt": ("docx", "libreoffice-writer", "OpenDocument 文本", "OpenDocument text"),
    ".et": ("xlsx", "libreoffice-calc", "WPS 表格", "WPS Spreadsheets workbook"),
    ".ods": ("xlsx", "libreoffice-calc", "OpenDocument 电子表格", "OpenDocument spreadsheet"),
}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _limit_memory():  # runs in the child, before soffice starts
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MAX_CONVERT_MEMORY, MAX_CONVERT_MEMORY))


def convert(path: Path, target: str, folder: Path) -> Path:
    """``path`` converted to ``target`` (docx, xlsx) inside ``folder``, or ``ReadError`` saying why not."""
    program = soffice()
    suffix = path.suffix.lower()
    _, package, zh, en = KINDS[suffix]
    if program is None:
        raise ReadError(
            [
                ReadProblem(
                    Message(
                        f"读取{zh}（{suffix}）需要 LibreOffice：请安装 Debian 软件包 {package}（apt-get install {package}），或另存为 .{KINDS[suffix][0]} 后再检查",
                        f"reading a {en} ({suffix}) needs LibreOffice: install the Debian package {package} (apt-get install {package}), or save it as .{KINDS[suffix][0]}",
                    )
                )
            ],
            code="E002",
        )
    source = folder / f"input{suffix}"
    shutil.copyfile(path, source)
    command = [
        program, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--convert-to", target, "--outdir", str(folder / "out"), str(source),
    ]
    env = {**os.environ, "HOME": str(folder)}  # LibreOffice writes beside HOME too
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=folder, start_new_session=True, preexec_fn=_limit_memory)
    try:
        output, _ = process.communicate(timeout=MAX_CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # soffice starts a child of its own: the whole group
        process.communicate()
        raise ReadError(
            [ReadProblem(Message(f"LibreOffice 转换{zh}超过 {MAX_CONVERT_SECONDS} 秒，已停止", f"LibreOffice took more than {MAX_CONVERT_SECONDS} s to convert the {en}; stopped"))]
        ) from None
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    converted = folder / "out" / f"input.{target}"
    if process.returncode != 0 or not converted.is_file():
        detail = " ".join((output or b"").decode("utf-8", "replace").split())[-300:] or f"exit status {process.returncode}"
        raise ReadError(
            [ReadProblem(Message(f"LibreOffice 无法转换该{zh}（文件可能已损坏或有密码保护）：{detail}", f"LibreOffice cannot convert the {en} (is it damaged or password-protected?): {detail}"))]
        )
    return converted


class LegacyOfficeReader:
    """Reads what LibreOffice converts: the converted file goes to ``word`` or ``excel``."""

    name = "legacy-office"
    suffixes = tuple(KINDS)

    def __init__(self, word, excel):
        self.word, self.excel = word, excel

    def sniff(self, path: Path) -> bool:
        # Lock files Word and WPS leave beside an open document are not documents.
        return not path.name.startswith(("~$", ".~lock"))

    def read(self, path: Path) -> Document:
        target = KINDS[path.suffix.lower()][0]
        check_size(path, file_size_limit(MAX_WORD_BYTES if target == "docx" else MAX_EXCEL_BYTES))
        with tempfile.TemporaryDirectory(prefix="perfcheck-convert-") as folder:
            converted = convert(path, target, Path(folder))
            reader = self.word if target == "docx" else self.excel
            try:
                document = reader.read(converted)
            except ReadError as error:
                # Name the file the user gave, not the temporary copy.
                error.problems = [attrs.evolve(p, message=Message(p.message.zh.replace(str(converted), path.name), p.message.en.replace(str(converted), path.name))) for p in error.problems]
                raise
        return attrs.evolve(document, source=str(path))

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from perfcheck.config import Layer, Resolver
from perfcheck.results import RunResult
from perfcheck.service import CheckService
from perfcheck.plugins import PluginHost

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# A small canonical document with two defects: weights total 60 (W001) and a satisfaction of >=855 (V002).
DOC = """\
tables:
  - name: 2024年示例项目
    funds: {total: "10.00"}
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 50}
      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, value: ">=855", weight: 10}
"""


@pytest.fixture(scope="session")
def host() -> PluginHost:
    """The plugin host as the CLI builds it: built-ins found through real entry points."""
    h = PluginHost()
    assert not h.warnings, h.warnings
    return h


def as_document(text: str) -> str:
    """Docstring examples may give one table; wrap it into a document."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return text  # deliberately broken input (E001 examples)
    if isinstance(data, dict) and "tables" not in data and "indicators" in data:
        first, _, rest = text.partition("\n")
        return f"tables:\n  - {first}\n" + textwrap.indent(rest, "    ")
    return text


@pytest.fixture
def lint(tmp_path, host):
    """Check YAML text with some rules selected and options set; returns the RunResult."""

    def run(text: str, select: list[str] | None = None, options: dict | None = None, name: str = "doc.yaml") -> RunResult:
        path = tmp_path / name
        path.write_text(as_document(textwrap.dedent(text)), encoding="utf-8")
        data: dict = {}
        if select is not None:
            data["select"] = select
        if options:
            data["rules"] = options
        settings = Resolver(host).resolve([Layer("test", data)])
        return CheckService(host, settings_for=lambda _path: settings).run([path])

    return run


# The perfcheck command the install put beside this Python. A user runs it; not
# `python -m perfcheck`, which puts the current folder first on sys.path: run
# from the parent of a checkout named perfcheck, that imports the checkout
# folder itself as the package.
PERFCHECK = str(Path(sys.executable).with_name("perfcheck"))


def run_cli(*args: str, cwd: Path | None = None, env_extra: dict | None = None, check_rc: int | None = None):
    """Run the installed perfcheck in a subprocess, as a user would."""
    env = {**os.environ, **(env_extra or {})}
    proc = subprocess.run([PERFCHECK, *args], cwd=cwd or REPO, env=env, capture_output=True, text=True, timeout=120)
    if check_rc is not None:
        assert proc.returncode == check_rc, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="session")
def sarif_schema(tmp_path_factory) -> dict:
    """The official SARIF 2.1.0 schema, as published in Microsoft's jest-sarif npm package."""
    if not shutil.which("npm"):
        pytest.fail("npm is needed to fetch the SARIF 2.1.0 schema from the npm registry")
    folder = tmp_path_factory.mktemp("sarif")
    subprocess.run(["npm", "pack", "@microsoft/jest-sarif@1.0.0-beta.0", "--silent"], cwd=folder, check=True, capture_output=True, timeout=300)
    with tarfile.open(next(folder.glob("*.tgz"))) as archive:
        member = archive.extractfile("package/lib/schemas/sarif-2.1.0-rtm.5.json")
        return json.loads(member.read().decode("utf-8"))


@pytest.fixture(scope="module")
def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are needed (.ci/run installs them)")
        pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1400,1000"):
        options.add_argument(flag)
    with webdriver.Chrome(service=Service(driver), options=options) as session:
        yield session


# Screen sizes the browser tests look at: a 375 px phone and a desktop.
PHONE = {"width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}


@contextlib.contextmanager
def screen(browser, metrics: dict):
    """The browser as a device of ``metrics`` (Chromium's device emulation), back to its window after."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def whole_page_screenshot(browser, path: Path, metrics: dict) -> Path:
    """A PNG of the whole page, top to bottom, as ``metrics``' device shows it.
    Kept beside the test's files; copied to $PERFCHECK_SCREENSHOTS when set, for a person to look at."""
    import base64

    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": min(height, 16000)})
    try:
        shot = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    finally:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    path.write_bytes(base64.b64decode(shot["data"]))
    if os.environ.get("PERFCHECK_SCREENSHOTS"):
        keep = Path(os.environ["PERFCHECK_SCREENSHOTS"])
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, keep / path.name)
    return path


# Latin words run together, or a rule's slug: English a Chinese reader should not meet.
LATIN_SENTENCE = re.compile(r"\b[A-Za-z][a-z]+(?:[ ,]+[a-z]+){2,}\b|\b[a-z]+(?:-[a-z]+)+\b")


def latin_sentences(text: str) -> list[str]:
    return LATIN_SENTENCE.findall(text)


@pytest.fixture
def empty_config(tmp_path):
    """A configuration file that sets nothing: a file is checked with the defaults, wherever the repository lies."""
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    return config


def findings(path: Path, config: Path, *args) -> list[tuple]:
    """Every rule's findings on a file, as (code, table, indicator, severity, suggestion), sorted:
    what the forms of one table must agree on."""
    proc = run_cli("check", str(path), "--format", "json", "--select", "ALL", "--config", str(config), *args)
    assert proc.returncode in (0, 1), proc.stderr
    return sorted((f["code"], f["table"], f["indicator"], f["severity"], f["suggestion"]) for f in json.loads(proc.stdout)["findings"])

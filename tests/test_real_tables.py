"""Real published tables from other provinces (tests/fixtures/real/), each with
what a careful reviewer marks on it (its ``x-review``). perfcheck must find at
least 95% of the expected findings over all of them, never report a listed
false alarm, and report nothing a reviewer has not judged.

Run ``pytest tests/test_real_tables.py -s`` to see recall and every miss."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, run_cli

REAL = FIXTURES / "real"
FILES = sorted(REAL.glob("*.yaml"))
# Findings that judge a whole table: not judged where the source shows only part of it.
WHOLE_TABLE = {"S001", "S002", "C001", "C004", "C007", "W001", "W004", "W005", "W006", "A002", "A010"}
MIN_RECALL = 0.95


def review_of(path: Path) -> tuple[dict, set[str]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    review = document.get("x-review") or {}
    truncated = {
        table["name"]
        for table in document["tables"]
        if review.get("truncated") or (table.get("x-review") or {}).get("truncated")
    }
    return review, truncated


def matches(entry: dict, finding: dict) -> bool:
    if entry["rule"] != finding["code"]:
        return False
    if "table" in entry and entry["table"] != finding["table"]:
        return False
    if "indicator" in entry and (entry["indicator"] or None) != (finding["indicator"] or None):
        return False
    # Rows without a name tell apart only by what the finding says of them (「经济成本指标」下…).
    if "says" in entry and entry["says"] not in finding["message"]:
        return False
    return True


@pytest.fixture(scope="module")
def findings_by_file(tmp_path_factory) -> dict[str, list[dict]]:
    config = tmp_path_factory.mktemp("config") / "none.toml"
    config.write_text("", encoding="utf-8")  # the defaults, wherever the repository lies
    proc = run_cli("check", *map(str, FILES), "--format", "json", "--config", str(config))
    assert proc.returncode in (0, 1), proc.stderr
    grouped: dict[str, list[dict]] = defaultdict(list)
    for finding in json.loads(proc.stdout)["findings"]:
        grouped[Path(finding["file"]).name].append(finding)
    return grouped


def test_the_corpus_spans_ten_provinces():
    provinces = {path.name.split("-")[0] for path in FILES}
    assert len(FILES) >= 12 and len(provinces) >= 10, (len(FILES), sorted(provinces))
    for path in FILES:
        head = path.read_text(encoding="utf-8").splitlines()[:12]
        assert any("http" in line for line in head), f"{path.name} does not name its source"


def test_recall_and_false_alarms(findings_by_file):
    expected_total = found_total = 0
    misses, false_alarms, unjudged = [], [], []
    for path in FILES:
        review, truncated = review_of(path)
        findings = [
            f for f in findings_by_file.get(path.name, [])
            if not (f["code"] in WHOLE_TABLE and f["table"] in truncated)
        ]
        expected = review.get("expected") or []
        rejected = review.get("false-alarms") or []
        expected_total += len(expected)
        claimed = set()
        for entry in expected:
            hit = next((i for i, f in enumerate(findings) if i not in claimed and matches(entry, f)), None)
            if hit is None:
                misses.append(f"{path.name}: {entry['rule']} {entry.get('indicator', '')} ({entry['why']})")
            else:
                claimed.add(hit)
                found_total += 1
        for i, finding in enumerate(findings):
            if i in claimed:
                continue
            said = f"{path.name}: {finding['code']} {finding['table']} / {finding['indicator']}: {finding['message']}"
            if any(matches(entry, finding) for entry in rejected):
                false_alarms.append(said)
            else:
                unjudged.append(said)
    recall = found_total / expected_total
    print(f"\nreal tables: {len(FILES)} files, recall {found_total}/{expected_total} = {recall:.1%}, "
          f"{len(false_alarms)} false alarms, {len(unjudged)} unjudged")
    for line in misses:
        print("  missed:", line)
    assert not false_alarms, "\n".join(false_alarms)
    assert not unjudged, "findings no reviewer judged:\n" + "\n".join(unjudged)
    assert recall >= MIN_RECALL, "\n".join(misses)


# Web pages as their publishers served them, each beside its transcription.
PAGES = sorted(p for p in REAL.iterdir() if p.suffix in (".html", ".htm") and p.with_suffix(".yaml").exists())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_real_page_gives_its_transcriptions_findings(page, tmp_path):
    # The markup a publisher served, read by the HTML reader, checks as
    # the transcription beside it: the same table from every form it travels in.
    config = tmp_path / "none.toml"
    config.write_text("", encoding="utf-8")

    def found(path: Path) -> list[tuple]:
        proc = run_cli("check", str(path), "--format", "json", "--config", str(config))
        assert proc.returncode in (0, 1), proc.stderr
        return sorted((f["code"], f["indicator"] or "", f["message"]) for f in json.loads(proc.stdout)["findings"])

    from_page = found(page)
    assert from_page and from_page == found(page.with_suffix(".yaml"))


def test_the_real_pages_are_real():
    assert PAGES, "no publisher's markup in tests/fixtures/real/"
    for page in PAGES:
        head = page.read_text(encoding="utf-8", errors="replace")[:3000]
        assert "Source:" in head and "http" in head, f"{page.name} does not name its source"

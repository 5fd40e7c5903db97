"""100,000 generated values through parse_value, every rule and every report format.

The values (``tests/fuzzing.py``) mix real-table forms with hostile text:
control characters and escapes, lone surrogates, markup, 5,000-digit numbers.
Nothing may raise, no rule may crash (E003), and every report must stay
well-formed: JSON and SARIF parse, JUnit is XML, the text and HTML carry no
control characters, everything encodes as UTF-8, the annotated workbook
opens. The longer run, on demand: ``python tests/fuzzing.py --values 1000000``.
Set PERFCHECK_FUZZ_SEED to explore other values than CI's.
"""

from __future__ import annotations

import os

import fuzzing


def test_generated_values_never_break_parsing_rules_or_reports(tmp_path):
    seed = int(os.environ.get("PERFCHECK_FUZZ_SEED", "0"))
    problems = fuzzing.fuzz(100_000, seed=seed, scratch_dir=tmp_path)
    assert problems == [], "\n".join(problems[:20])


def test_the_generator_produces_what_it_promises():
    sample = list(fuzzing.values(0, 5000))
    assert len(sample) == 5000
    assert any("\x1b" in v for v in sample) and any("\ud800" in v or "\udfff" in v for v in sample)
    assert any(len(v) > 1000 for v in sample)  # the 4,000-digit dates and numbers
    assert any(v.startswith(">=") for v in sample) and any("万元" in v for v in sample)


def test_the_checks_catch_a_broken_report(tmp_path):
    """The well-formedness checks themselves can fail: a reporter that leaks a
    control character and one that writes broken JSON are both caught."""
    from perfcheck.results import RunResult
    from perfcheck.plugins import PluginHost

    host = PluginHost()

    class Leaky:
        name = "json"

        def render(self, run, lang, options):
            return '{"broken": \x1b'

    host.reporters = {**host.reporters, "json": Leaky()}
    problems = fuzzing.check_reports(RunResult(()), host, "zh")
    assert any(p.startswith("json: a control character") for p in problems)
    assert any(p.startswith("json: JSONDecodeError") for p in problems)

"""The README's first commands are the ones that work: CI runs the same test command."""

from conftest import REPO


def test_readme_opens_with_the_run_and_test_commands_and_ci_runs_the_latter():
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    block = readme[readme.index("```sh") + 1 : readme.index("```sh") + 3]
    run_cmd, test_cmd = block
    assert "pip install ." in run_cmd and "perfcheck check examples/" in run_cmd
    assert "pytest" in test_cmd
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci
    example = run_cmd.split("perfcheck check ", 1)[1].strip()
    assert (REPO / example).exists()

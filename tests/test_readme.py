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


def test_every_package_is_installed_not_only_in_editable_mode():
    """CI installs editable, which finds any package on disk; a real install only ships
    what pyproject lists. Every directory with an __init__.py must be listed."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    mapped = {src: pkg for pkg, src in config["package-dir"].items()}
    on_disk = set()
    for src, pkg in mapped.items():
        for init in (REPO / src).rglob("__init__.py"):
            rel = init.parent.relative_to(REPO / src).parts
            on_disk.add(".".join([pkg, *rel]))
    assert on_disk and on_disk <= listed, on_disk - listed


def test_the_self_evaluation_example_shows_what_perfcheck_prints():
    """The README's 自评表 example: its findings are today's, line for line."""
    from conftest import run_cli

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = "$ perfcheck check examples/self-evaluation/road-maintenance-2023.yaml\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    printed = run_cli("check", "examples/self-evaluation/road-maintenance-2023.yaml", cwd=REPO, check_rc=1).stdout
    assert shown.strip() and printed.startswith(shown), printed

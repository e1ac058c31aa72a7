"""The apps' imports run one way, down the layers of pyproject.toml ([tool.importlinter]): no app
imports one above it, so no two apps import each other. `make lint` runs the same check."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(folder):
    return subprocess.run([LINT_IMPORTS], cwd=folder, capture_output=True, text=True, timeout=120)


def test_apps_import_only_from_the_layers_below_them():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def a_copy_of_the_apps(tmp_path):
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    for app in config["root_packages"]:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_an_import_of_a_higher_app_breaks_the_check(a_copy_of_the_apps):
    # The cycle the layers once had: formats used home's page queryset while home lists formats.
    with open(a_copy_of_the_apps / "formats" / "models.py", "a") as models:
        models.write("\nfrom home.models import HomePage  # noqa\n")

    result = lint_imports(a_copy_of_the_apps)
    assert result.returncode != 0
    assert "formats is not allowed to import home" in result.stdout

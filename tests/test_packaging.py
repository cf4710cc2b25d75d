"""What `pip install .` installs: every template, stylesheet, script and picture the package
reads, so that an installed `brochures` command (a clinic's) has every layout and format."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch

from conftest import PROJECT


def test_every_template_and_picture_is_package_data():
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    packages = set(setuptools["packages"])
    for package, folder in setuptools["package-dir"].items():
        patterns = setuptools["package-data"][package]
        root = PROJECT / folder
        files = [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        assert files
        for file in files:
            relative = file.relative_to(root).as_posix()
            # A pattern names files in one folder ("site/*.js" is not "site/x/y.js").
            matched = any(
                fnmatch(relative, pattern) and relative.count("/") == pattern.count("/")
                for pattern in patterns
            )
            assert matched, f"{folder}/{relative} is not in [tool.setuptools.package-data]"
            subpackage = ".".join([package, *file.relative_to(root).parent.parts])
            assert subpackage in packages, f"{subpackage} is missing from packages"

"""The release workflow: shards cover the matrix once, releases get checksums, PRs a preview."""

from __future__ import annotations

import re

import yaml

from conftest import PROJECT

WORKFLOW = PROJECT / ".github" / "workflows" / "release.yml"


def _workflow():
    data = yaml.safe_load(WORKFLOW.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _runs(job):
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_triggers_are_version_tags_and_pull_requests():
    triggers = _workflow()["on"]
    assert triggers["push"]["tags"] == ["v*"] and "pull_request" in triggers


def test_the_build_matrix_shards_every_layout_of_the_full_matrix():
    workflow = _workflow()
    build = workflow["jobs"]["build"]
    shards = build["strategy"]["matrix"]["shard"]
    count = int(workflow["env"]["SHARDS"])
    assert shards == list(range(1, count + 1))
    script = _runs(build)
    assert "--shard ${{ matrix.shard }}/$SHARDS" in script
    assert re.search(r"python build.py --layout all --release --shard", script)
    assert build["needs"] == "check"


def test_the_release_collects_every_shard_and_writes_checksums():
    workflow = _workflow()
    release = workflow["jobs"]["release"]
    assert release["needs"] == "build" and release["if"].startswith("startsWith(github.ref")
    download = next(
        step for step in release["steps"] if "download-artifact" in step.get("uses", "")
    )
    assert download["with"]["pattern"] == "brochures-shard-*" and download["with"]["merge-multiple"]
    script = _runs(release)
    assert "sha256sum > SHA256SUMS" in script and "gh release create" in script
    assert release["permissions"]["contents"] == "write"


def test_pull_requests_get_a_preview_artifact():
    workflow = _workflow()
    preview = workflow["jobs"]["preview"]
    assert preview["if"] == "github.event_name == 'pull_request'"
    assert any(step.get("with", {}).get("name") == "brochures-preview" for step in preview["steps"])


def test_ci_installs_the_same_system_packages_as_the_local_ci_script():
    packages = set(_workflow()["env"]["SYSTEM_PACKAGES"].split())
    local = (PROJECT / ".ci" / "run").read_text()
    for package in packages:
        assert package in local, package

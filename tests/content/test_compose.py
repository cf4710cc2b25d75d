"""YAML parsed by libyaml gives the same node trees, lines included, as the pure-Python parser."""

from __future__ import annotations

import pytest
import yaml

from brochures.content import schema
from conftest import PROJECT


def _same(a: yaml.Node, b: yaml.Node) -> bool:
    # libyaml marks a plain scalar's style "", PyYAML None: both mean plain.
    if (type(a), a.tag, a.start_mark.line, getattr(a, "style", None) or None) != (
        type(b),
        b.tag,
        b.start_mark.line,
        getattr(b, "style", None) or None,
    ):
        return False
    if isinstance(a, yaml.ScalarNode):
        return a.value == b.value
    pairs = a.value if isinstance(a, yaml.MappingNode) else [(x, None) for x in a.value]
    others = b.value if isinstance(b, yaml.MappingNode) else [(x, None) for x in b.value]
    return len(pairs) == len(others) and all(
        _same(k1, k2) and (v1 is None or _same(v1, v2))
        for (k1, v1), (k2, v2) in zip(pairs, others, strict=True)
    )


YAML_FILES = sorted(
    path.relative_to(PROJECT).as_posix()
    for folder in ("content", "locales", "tests")
    for path in (PROJECT / folder).rglob("*.yaml")
    # The hostile corpus holds files made to break parsers (tests/test_hostile_corpus.py).
    if not path.is_relative_to(PROJECT / "tests" / "hostile")
)


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize("name", YAML_FILES)
def test_libyaml_composes_every_project_file_as_pyyaml_does(name):
    path = PROJECT / name
    fast = schema.compose(path)
    assert _same(fast, yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader))


def test_the_comparison_sees_a_changed_line_or_value():
    one = yaml.compose("a: 1\nb: [x, y]\n", Loader=yaml.SafeLoader)
    assert not _same(one, yaml.compose("a: 1\n\nb: [x, y]\n", Loader=yaml.SafeLoader))
    assert not _same(one, yaml.compose("a: 1\nb: [x, z]\n", Loader=yaml.SafeLoader))


def test_a_file_libyaml_refuses_is_reported_in_pyyamls_words(tmp_path):
    text = "title: a: b\n"
    with pytest.raises(yaml.MarkedYAMLError) as pure:
        yaml.compose(text, Loader=yaml.SafeLoader)
    with pytest.raises(schema.ContentError) as reported:
        schema.compose(tmp_path / "bad.yaml", text)
    assert pure.value.problem in str(reported.value)

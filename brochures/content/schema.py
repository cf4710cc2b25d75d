"""Turn a YAML file into checked Python values, naming the file, line and field of every problem.

Every problem in a file is collected and reported at once, as one ContentError: a value
that breaks its kind is reported and left out (None), and checking goes on with its
siblings. Callers that check more after loading use `checking` and report into its Context.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import yaml

from brochures.errors import ContentError, Problem, not_utf8, refuse_if_too_large
from brochures.printable import text_problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class InvalidValue(Exception):
    """Raised by Context.fail to abandon one value; its problem is already recorded."""


@dataclass
class Context:
    """Where we are in a file, the problems found so far, and the prose strings met
    (for extraction)."""

    file: Path
    root: yaml.Node | None = None
    prose: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, text)
    problems: list[Problem] = field(default_factory=list)

    def node_of(self, key: str) -> yaml.Node | None:
        """The value node of a top-level key, to point errors found after loading at it."""
        if isinstance(self.root, yaml.MappingNode):
            for key_node, value_node in self.root.value:
                if key_node.value == key:
                    return value_node
        return self.root

    def report(
        self, node: yaml.Node | None, path: str, message: str, hint: str | None = None
    ) -> None:
        """Record a problem and carry on checking."""
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(Problem(message, self.file, line, path or None, hint))

    def fail(
        self, node: yaml.Node | None, path: str, message: str, hint: str | None = None
    ) -> NoReturn:
        """Record a problem and give up on this value: the Record or list holding it
        catches InvalidValue and goes on with the next one."""
        self.report(node, path, message, hint)
        raise InvalidValue(path)

    def raise_problems(self) -> None:
        if self.problems:
            raise ContentError.listing(self.problems)


class Kind:
    """One kind of value a field may hold; `check` returns the Python value or fails."""

    label = "value"

    def check(self, node: yaml.Node, ctx: Context, path: str) -> Any:
        raise NotImplementedError


def _checked(kind: Kind, node: yaml.Node, ctx: Context, path: str) -> Any:
    """A child value, or None when it is invalid (its problem is recorded)."""
    try:
        return kind.check(node, ctx, path)
    except InvalidValue:
        return None


class _Scalar(Kind):
    def scalar(self, node: yaml.Node, ctx: Context, path: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            ctx.fail(
                node,
                path,
                f"expected {self.label}, found a "
                f"{'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}",
            )
        assert isinstance(node, yaml.ScalarNode)  # ctx.fail does not return
        return yaml.SafeLoader.construct_scalar(_LOADER, node), node.tag


# Generous for a brochure, small enough that a runaway value fails here with a message
# rather than in the renderer.
MAX_TEXT_LENGTH = 1500
MAX_LIST_ITEMS = 40
MAX_MAPPING_ITEMS = 300  # a table with a row per country


@dataclass
class Text(_Scalar):
    """A string that is printed as it is (names, citations, phone numbers); `max_length`
    and `length_hint` fit the field (a name is shorter than a paragraph)."""

    max_length: int = MAX_TEXT_LENGTH
    length_hint: str = "split it into shorter paragraphs"

    label = "text"

    def check(self, node, ctx, path):
        value, tag = self.scalar(node, ctx, path)
        if tag != "tag:yaml.org,2002:str" or not value.strip():
            ctx.fail(
                node,
                path,
                f"expected non-empty text, found {value!r}"[:200],
                hint="put the text in quotes if it looks like a number or a date",
            )
        if len(value) > self.max_length:
            ctx.fail(
                node,
                path,
                f"is {len(value)} characters long; the limit is {self.max_length}",
                hint=self.length_hint,
            )
        problem = text_problem(value)
        if problem:
            ctx.fail(node, path, problem[0], hint=problem[1])
        return value.strip()


class Prose(Text):
    """English text for patients: printed through gettext, so it is extracted for translators."""

    label = "text"

    def check(self, node, ctx, path):
        value = super().check(node, ctx, path)
        # A folded or literal block (`>` or `|`) starts its text on the next line.
        line = node.start_mark.line + 1 + (node.style in (">", "|"))
        ctx.prose.append((line, path, value))
        return value


class Date(_Scalar):
    label = "a date (YYYY-MM-DD)"

    def check(self, node, ctx, path):
        value, tag = self.scalar(node, ctx, path)
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            ctx.fail(node, path, f"expected a date as YYYY-MM-DD, found {value!r}")


# Printed under QR codes and in colophons: an address longer than this is a paste error.
MAX_URL_LENGTH = 300


class Url(_Scalar):
    label = "a web address"

    def check(self, node, ctx, path):
        value, _ = self.scalar(node, ctx, path)
        text = str(value).strip()
        if len(text) > MAX_URL_LENGTH:
            ctx.fail(
                node,
                path,
                f"is {len(text)} characters long; a web address here is at most {MAX_URL_LENGTH}",
                hint="give the page's short address",
            )
        parts = urlsplit(text)
        if parts.scheme != "https" or not parts.netloc or " " in text:
            ctx.fail(node, path, f"expected an https:// web address, found {value!r}"[:200])
        return text


class Slug(_Scalar):
    label = "a slug"

    def check(self, node, ctx, path):
        value, _ = self.scalar(node, ctx, path)
        if not isinstance(value, str) or not SLUG.match(value):
            ctx.fail(
                node, path, f"expected a lowercase slug like 'intra-articular', found {value!r}"
            )
        return value


@dataclass
class OneOf(_Scalar):
    choices: tuple[str, ...]

    def __post_init__(self) -> None:
        self.label = "one of " + ", ".join(self.choices)

    def check(self, node, ctx, path):
        value, _ = self.scalar(node, ctx, path)
        if value not in self.choices:
            ctx.fail(node, path, f"{value!r} is not one of: {', '.join(self.choices)}")
        return value


@dataclass
class ListOf(Kind):
    item: Kind
    min_items: int = 1
    max_items: int = MAX_LIST_ITEMS

    label = "a list"

    def check(self, node, ctx, path):
        if not isinstance(node, yaml.SequenceNode):
            ctx.fail(node, path, "expected a list (lines starting with '- ')")
        if len(node.value) < self.min_items:
            ctx.fail(node, path, f"needs at least {self.min_items} item(s)")
        if len(node.value) > self.max_items:
            ctx.fail(node, path, f"has {len(node.value)} items; the limit is {self.max_items}")
        return [
            _checked(self.item, child, ctx, f"{path}[{i}]") for i, child in enumerate(node.value)
        ]


@dataclass
class MappingOf(Kind):
    """A mapping whose keys are data, not field names (country code -> phone number):
    every key must match `key`, every value is checked as `value`."""

    key: re.Pattern[str]
    value: Kind
    key_hint: str

    label = "a mapping"

    def check(self, node, ctx, path):
        if not isinstance(node, yaml.MappingNode):
            ctx.fail(node, path, "expected a mapping of 'key: value' lines")
        if len(node.value) > MAX_MAPPING_ITEMS:
            ctx.fail(node, path, f"has {len(node.value)} entries; the limit is {MAX_MAPPING_ITEMS}")
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            # The key as written: YAML 1.1 would read a bare NO (Norway) as false.
            key = getattr(key_node, "value", None)
            here = f"{path}.{key}" if path else str(key)
            if not isinstance(key, str) or not self.key.fullmatch(key):
                ctx.report(key_node, here, f"{key!r} is not a valid key", hint=self.key_hint)
                continue
            if key in values:
                ctx.report(key_node, here, "this key appears twice")
                continue
            values[key] = _checked(self.value, value_node, ctx, here)
        return values


@dataclass
class Field:
    kind: Kind
    required: bool = True


@dataclass
class Record(Kind):
    """A mapping with a fixed set of keys; unknown keys are errors (they are usually typos)."""

    fields: dict[str, Field]

    label = "a mapping"

    def check(self, node, ctx, path):
        if not isinstance(node, yaml.MappingNode):
            ctx.fail(node, path, "expected a mapping of 'key: value' lines")
        values: dict[str, Any] = {}
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # `? [a, b]: c` is valid YAML
                ctx.report(key_node, path, "a key must be a plain name")
                continue
            key = key_node.value
            here = f"{path}.{key}" if path else str(key)
            if key in seen:
                ctx.report(key_node, here, "this key appears twice")
                continue
            seen.add(key)
            if key not in self.fields:
                ctx.report(
                    key_node,
                    here,
                    "unknown key",
                    hint="allowed keys: " + ", ".join(sorted(self.fields)),
                )
                continue
            spec = self.fields[key]
            if isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null"):
                if spec.required:
                    ctx.report(value_node, here, "is empty but required")
                values[key] = None
                continue
            values[key] = _checked(spec.kind, value_node, ctx, here)
        for key, spec in self.fields.items():
            if key not in seen:
                if spec.required:
                    ctx.report(node, f"{path}.{key}" if path else key, "missing required field")
                values[key] = None
        return values


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def node_at(root: yaml.Node | None, path: str) -> yaml.Node | None:
    """The node a field path such as `research[2].stage` names, or the deepest node on
    the way to it that exists: for problems found after loading, to report their line."""
    node = root
    for name, index in _PATH_PART.findall(path):
        child = None
        if name and isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if getattr(k, "value", None) == name), None)
        elif index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
            child = node.value[int(index)]
        if child is None:
            break
        node = child
    return node


_LOADER = yaml.SafeLoader("")


def _compose_fast(text: str) -> yaml.Node | None:
    """The node tree, parsed by libyaml when PyYAML has it: 20 times faster than the
    pure-Python parser (a build composes the content files two or three times: loading,
    extracting, checking claims). The trees are the same, marks' lines included (a test
    compares them on every YAML file of the project). A file libyaml refuses is parsed
    again by the pure-Python parser, whose error messages the problems we report quote."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is not None:
        try:
            return yaml.compose(text, Loader=loader)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


# A content file or profile is a few kilobytes; a file far larger is a mistake (a wrong
# file, a paste), refused before parsing so that no parser works on megabytes of it.
MAX_FILE_BYTES = 1_000_000
# Nested lists or mappings deeper than this are not content (_check_tree); thousands of
# levels exhaust the parser's stack first (RecursionError, in compose).
MAX_DEPTH = 50
# The tags YAML gives plain values; any other (`!!python/object`, `!include`) is refused,
# as it would mean something to another loader and is never content here.
_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


def _too_deep(file: Path, line: int | None) -> ContentError:
    return ContentError(
        f"values are nested more than {MAX_DEPTH} levels deep",
        file=file,
        line=line,
        hint="a brochure's content needs a few levels; check the brackets",
    )


def _check_tree(file: Path, root: yaml.Node) -> None:
    """Refuse nodes deeper than MAX_DEPTH, tags that are not plain YAML, and aliases: a
    node met twice is one an alias (`*name`) shares. Nested aliases make a few lines
    stand for a billion values ("billion laughs"); content never needs them."""
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise ContentError(
                "uses an anchor and alias (&name ... *name)",
                file=file,
                line=node.start_mark.line + 1,
                hint="write the value out where it is needed: content files use no aliases",
            )
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _too_deep(file, node.start_mark.line + 1)
        if node.tag not in _PLAIN_TAGS:
            raise ContentError(
                f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
                file=file,
                line=node.start_mark.line + 1,
                hint="remove the tag: content is plain text, lists and mappings",
            )
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend(((key, depth + 1), (value, depth + 1)))


SAVE_AS_UTF8 = "save it as UTF-8 (in most editors: Save as, Encoding: UTF-8)"


def compose(file: Path, text: str | None = None) -> yaml.Node:
    """Parse a YAML file (or its already-read text) into a node tree that knows its lines."""
    if text is None:
        try:
            refuse_if_too_large(file, MAX_FILE_BYTES, ContentError)
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ContentError("file not found", file=file) from None
        except UnicodeDecodeError as exc:
            raise not_utf8(file, exc, ContentError, "file", SAVE_AS_UTF8) from None
        except OSError as exc:
            raise ContentError(f"cannot read the file ({exc.strerror})", file=file) from None
    try:
        node = _compose_fast(text)
    except RecursionError:  # thousands of levels: too deep for the parser, let alone content
        raise _too_deep(file, None) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ContentError(
            f"not valid YAML: {exc.problem or exc.context}",
            file=file,
            line=mark.line + 1 if mark else None,
            hint="check the indentation and quote text that contains ': '",
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"not valid YAML: {exc}", file=file) from None
    if node is None:
        raise ContentError("the file is empty", file=file)
    _check_tree(file, node)
    return node


@contextmanager
def checking(
    file: Path, schema: Record, text: str | None = None
) -> Iterator[tuple[dict[str, Any], Context]]:
    """Load and check one YAML file against a schema, and let the caller check more inside
    the block (ctx.report carries on, ctx.fail ends the block). On leaving the block,
    raise one ContentError listing every problem found. Invalid values are None."""
    ctx = Context(file=file, root=compose(file, text))
    try:
        data = schema.check(ctx.root, ctx, "")
    except InvalidValue:  # the file is not even a mapping: nothing to go on with
        ctx.raise_problems()
    try:
        yield data, ctx
    except InvalidValue:
        pass
    ctx.raise_problems()


def load(file: Path, schema: Record, text: str | None = None) -> tuple[dict[str, Any], Context]:
    """Load and check one YAML file against a schema; raise ContentError listing every
    problem in it."""
    with checking(file, schema, text) as (data, ctx):
        return data, ctx

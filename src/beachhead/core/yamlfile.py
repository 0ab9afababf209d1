"""YAML that people edit: parsed with the line of every key, so an error can name it.

`icp.yaml`, `scoring.yaml` and import mapping files all report problems as
`file: line N: field.path: reason`; this is the one place that knows how.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from beachhead.errors import ConfigError

Marks = dict[tuple[str, ...], int]
YamlLoader = type[yaml.SafeLoader] | type[yaml.BaseLoader]


def parse_yaml(
    text: str, source: object, loader: YamlLoader = yaml.SafeLoader
) -> tuple[Any, Marks]:
    """The data in `text` and the line of every key path; bad YAML raises a ConfigError.

    With `yaml.BaseLoader` every scalar stays text, to be parsed like a CSV cell.
    """
    try:
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)  # noqa: S506 (loader is SafeLoader or BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{source}: {where}invalid YAML: {problem}") from None
    marks: Marks = {}
    if node is not None:
        _collect_marks(node, (), marks)
    return data, marks


def _collect_marks(node: yaml.Node, loc: tuple[str, ...], marks: Marks) -> None:
    marks.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*loc, str(key.value))
            marks[child] = key.start_mark.line + 1
            _collect_marks(value, child, marks)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_marks(item, (*loc, str(index)), marks)


def line_of(marks: Marks, loc: Sequence[object]) -> int:
    """The line of the deepest known part of `loc` (line 1 when nothing is known).

    >>> line_of({(): 1, ("a",): 3, ("a", "b"): 4}, ["a", "b", "int_type"])
    4
    """
    parts = tuple(str(p) for p in loc)
    for end in range(len(parts), -1, -1):
        if parts[:end] in marks:
            return marks[parts[:end]]
    return 1


def validation_message(source: object, marks: Marks, exc: ValidationError) -> str:
    """The first pydantic problem as `source: line N: field.path: reason (and N more problems)`."""
    errors = exc.errors()
    loc = tuple(str(p) for p in errors[0]["loc"])
    field = ".".join(loc) or "(top level)"
    more = len(errors) - 1
    extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    reason = str(errors[0]["msg"]).removeprefix("Value error, ")
    return f"{source}: line {line_of(marks, loc)}: {field}: {reason}{extra}"


Model = TypeVar("Model", bound=BaseModel)


def parse_settings(text: str, source: object, model: type[Model], hint: str) -> Model:
    """YAML text validated as `model`; empty text means every default. A problem raises one
    `ConfigError` naming the file, line and field (`hint` says where the fields are documented).
    """
    data, marks = parse_yaml(text, source)
    if data is None:
        return model()
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: line 1: (top level): expected a mapping", hint=hint)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(validation_message(source, marks, exc), hint=hint) from None


def load_settings(path: Path, model: type[Model], hint: str) -> Model:
    """`parse_settings` of the file at `path`; a missing file means every default."""
    if not path.exists():
        return model()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    return parse_settings(text, path, model, hint)

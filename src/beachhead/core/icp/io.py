"""Read and write icp.yaml: comments for people, a content hash to notice hand edits, and
validation errors that name the file, the line and the field."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from beachhead.core.icp.model import Criterion, IcpModel
from beachhead.core.yamlfile import Marks, line_of, parse_yaml
from beachhead.errors import ConfigError

HASH_PREFIX = "# content-sha256: "
_HASH_LINE = re.compile(r"^# content-sha256: ([0-9a-f]{64})\n", re.MULTILINE)
HEADER = """\
# Beachhead ideal customer profile. Fit = clip(base + sum of matched criterion weights, 0, 100).
# Edit weights, labels and criteria freely; `beachhead icp show` renders this file.
# Fields a criterion may test: industry, employees, annual_revenue, country, region,
# technologies. Ops: in / not_in (values), between (min inclusive, max exclusive), has / lacks.
# Evidence is what the history showed when the criterion was learned (lift = how much
# likelier a matching account is to be a won customer than an average one).
"""


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def dump_icp(model: IcpModel) -> str:
    """The icp.yaml text: header, hash line, then the profile with a comment per criterion."""
    head = _tidy(model.model_dump(mode="json", exclude={"criteria"}))
    body = yaml.safe_dump(head, sort_keys=False, allow_unicode=True)
    body += f"# regime {model.regime}: " + _regime_note(model) + "\n"
    body += "criteria:\n" if model.criteria else "criteria: []\n"
    for criterion in model.criteria:
        body += f"  # {criterion.label}: {criterion.weight:+g} points\n"
        body += _indent(
            # Short lists (values, lift_ci) stay on one line: `values: [Snowflake]`.
            yaml.safe_dump(
                [_criterion_dict(criterion)],
                sort_keys=False,
                allow_unicode=True,
                default_flow_style=None,
                width=100,
            )
        )
    return f"{HEADER}{HASH_PREFIX}{content_hash(body)}\n{body}"


def is_hand_edited(text: str) -> bool:
    """True when the text no longer matches the hash written with it (or has none)."""
    found = _HASH_LINE.search(text)
    if found is None:
        return True
    return content_hash(text[found.end() :]) != found.group(1)


def parse_icp(text: str, path: Path) -> IcpModel:
    """Validate icp.yaml text; a ConfigError names `path`, the line and the field."""
    data, marks = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: line 1: expected a mapping (version, base, criteria...)")
    try:
        return IcpModel.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(path, marks, exc) from exc


def read_icp(path: Path) -> IcpModel:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    return parse_icp(text, path)


def _regime_note(model: IcpModel) -> str:
    if model.regime == "learned":
        source = model.learned_from
        return f"weights learned from {source.won} won and {source.lost} lost deals"
    return "generic rules, not learned from your deals; edit them to your market"


def _criterion_dict(criterion: Criterion) -> dict[str, Any]:
    data = criterion.model_dump(mode="json", exclude_none=True)
    if not data.get("values"):
        data.pop("values", None)
    if not data.get("evidence"):
        data.pop("evidence", None)
    return dict(_tidy(data))


def _tidy(value: Any) -> Any:
    """Whole floats print as integers (`min: 201`, not `min: 201.0`)."""
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _indent(text: str) -> str:
    return "".join(f"  {line}\n" for line in text.splitlines())


def _validation_error(path: Path, marks: Marks, exc: ValidationError) -> ConfigError:
    """The first problem as one line: file, line, dotted field, reason."""
    errors = exc.errors()
    first = errors[0]
    loc = tuple(str(p) for p in first["loc"])
    line = line_of(marks, loc)
    field = ".".join(loc) or "(top level)"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    message = str(first["msg"]).removeprefix("Value error, ")
    return ConfigError(
        f"{path}: line {line}: {field}: {message}{more}",
        hint="fix the field, or relearn with: beachhead icp learn --force",
    )

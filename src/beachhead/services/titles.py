"""Job titles -> seniority, function and buying role, for the commands that show them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from beachhead.core.committee import classify_titles
from beachhead.errors import InputError


def describe_titles(
    titles: Sequence[str],
    department: str | None = None,
    buying_functions: Sequence[str] | None = None,
) -> list[dict[str, object]]:
    """One dict per title: the title itself, then its profile (see `TitleProfile`)."""
    departments = None if department is None else [department] * len(titles)
    profiles = classify_titles(titles, departments, buying_functions=buying_functions)
    return [{"title": title, **p.as_dict()} for title, p in zip(titles, profiles, strict=True)]


def read_titles(path: Path) -> list[str]:
    """Titles from a text file, one per line (UTF-8; blank lines are skipped)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    titles: list[str] = []
    for number, line in enumerate(raw.removeprefix(b"\xef\xbb\xbf").splitlines(), start=1):
        try:
            text = line.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise InputError(
                f"{path}, line {number}: not UTF-8 text", hint="save the file as UTF-8"
            ) from None
        if text:
            titles.append(text)
    if not titles:
        raise InputError(f"{path}: no titles found", hint="put one job title on each line")
    return titles

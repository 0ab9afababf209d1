"""Small self-contained SVG charts for reports (no plotting library, no fonts to ship)."""

from __future__ import annotations

from html import escape

SIZE, PAD = 420, 48
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def _xy(p: float, o: float, top: float) -> tuple[float, float]:
    span = SIZE - 2 * PAD
    return PAD + span * min(p / top, 1.0), SIZE - PAD - span * min(o / top, 1.0)


def reliability_svg(curves: dict[str, list[tuple[float, float, int]]]) -> str:
    """A reliability diagram: mean predicted (x) against observed rate (y), one line per curve.

    Points on the diagonal are perfectly calibrated; the axes stretch to the largest value seen
    so that low base rates stay readable.
    """
    values = [v for points in curves.values() for p, o, _ in points for v in (p, o)]
    top = max([0.05, *values]) * 1.05
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
        'font-family="sans-serif" font-size="11">',
        f'<rect width="{SIZE}" height="{SIZE}" fill="white"/>',
        _line(_xy(0, 0, top), _xy(top, top, top), "#999", dash=True),
        f'<text x="{SIZE / 2}" y="{SIZE - 12}" text-anchor="middle">mean predicted '
        f"(0 to {top:.0%})</text>",
        f'<text x="14" y="{SIZE / 2}" transform="rotate(-90 14 {SIZE / 2})" '
        f'text-anchor="middle">observed rate</text>',
    ]
    for index, (name, points) in enumerate(sorted(curves.items())):
        colour = COLOURS[index % len(COLOURS)]
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (_xy(p, o, top) for p, o, _ in points))
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}"/>')
        for p, o, _ in points:
            x, y = _xy(p, o, top)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        label_y = PAD + 14 * index
        parts.append(f'<text x="{PAD + 6}" y="{label_y}" fill="{colour}">{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _line(a: tuple[float, float], b: tuple[float, float], colour: str, dash: bool) -> str:
    style = ' stroke-dasharray="4 3"' if dash else ""
    return (
        f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
        f'stroke="{colour}"{style}/>'
    )

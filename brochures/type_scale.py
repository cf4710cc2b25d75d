"""The stylesheets' smaller text steps as CSS variables, never under a layout's type floor."""

from __future__ import annotations

from brochures.defaults import SMALL_TEXT_STEPS


def step_name(share: float) -> str:
    """The CSS variable of a step: 0.85 -> --text-85."""
    return f"--text-{round(share * 100)}"


def steps_css(size_pt: float | None = None, floor_pt: float = 0.0) -> str:
    """Declarations for the root element: with `size_pt`, each step in points at that body
    size but at least `floor_pt` (WeasyPrint has no CSS max()); without, in rem, for HTML
    that no renderer sizes."""
    if size_pt is None:
        return " ".join(f"{step_name(share)}: {share}rem;" for share in SMALL_TEXT_STEPS)
    return " ".join(
        f"{step_name(share)}: {max(floor_pt, round(share * size_pt, 3)):g}pt;"
        for share in SMALL_TEXT_STEPS
    )

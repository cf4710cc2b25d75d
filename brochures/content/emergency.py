"""Turn content/emergency-numbers.yaml into the number to call in an emergency, by country."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from babel import Locale

from brochures.content import schema as s

# What a caller dials: a short run of digits, as "112" or "000" (quoted in YAML).
EMERGENCY_NUMBER = re.compile(r"\d{2,6}")
COUNTRY_CODE = re.compile(r"[A-Z]{2}")

EMERGENCY_SCHEMA = s.Record(
    {
        "numbers": s.Field(
            s.MappingOf(
                key=COUNTRY_CODE,
                value=s.Text(),
                key_hint="use a two-letter ISO 3166 country code such as US, MX or DE",
            )
        ),
    }
)


def check_number(value: str | None, node: yaml.Node | None, path: str, ctx: s.Context) -> None:
    """An emergency number is digits only: it is printed as the one thing to dial."""
    if value is not None and not EMERGENCY_NUMBER.fullmatch(value):
        ctx.report(
            node,
            path,
            f"{value!r} is not an emergency number",
            hint='write the digits a caller dials, in quotes, e.g. "112"',
        )


def load_emergency_numbers(file: Path) -> dict[str, str]:
    """Country code -> the number to call there in a medical emergency."""
    territories = Locale("en").territories
    with s.checking(file, EMERGENCY_SCHEMA) as (data, ctx):
        numbers = data["numbers"] or {}
        for country, number in numbers.items():
            node = s.node_at(ctx.root, f"numbers.{country}")
            if country not in territories:
                ctx.report(node, f"numbers.{country}", f"{country!r} is not a country code")
            check_number(number, node, f"numbers.{country}", ctx)
    return {country: number for country, number in numbers.items() if number}

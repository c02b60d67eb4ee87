"""Option types that check what a user typed and say what is valid."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

import click

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# Recent click types ParamType as generic; older releases cannot be subscripted at run time.
if TYPE_CHECKING:
    _StrParam = click.ParamType[str]
else:
    _StrParam = click.ParamType


class IsoDay(_StrParam):
    """A calendar day written YYYY-MM-DD (what stories are dated by); returned as that string."""

    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if _ISO_DAY.fullmatch(text):
            try:
                return date.fromisoformat(text).isoformat()
            except ValueError:
                self.fail(f"{text!r} is not a real day (YYYY-MM-DD, e.g. 2023-07-27)", param, ctx)
        self.fail(f"{text!r} is not a date written YYYY-MM-DD (e.g. 2023-07-27)", param, ctx)


ISO_DAY = IsoDay()
POSITIVE = click.IntRange(min=1)
PORT = click.IntRange(min=0, max=65535)


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smh]?)", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600}

if TYPE_CHECKING:
    _FloatParam = click.ParamType[float]
else:
    _FloatParam = click.ParamType


class Duration(_FloatParam):
    """A time span: seconds (``90``, ``90s``), minutes (``10m``) or hours (``1h``); returned in seconds."""

    name = "DURATION"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, int | float):
            return float(value)
        match = _DURATION.fullmatch(str(value).strip())
        if match is None:
            self.fail(f"{value!r} is not a duration: write e.g. 90s, 10m or 1h", param, ctx)
        return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


DURATION = Duration()

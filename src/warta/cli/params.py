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

"""The JSON record schema shared by ``.jsonl`` and ``.json`` inputs.

    {"id": str, "text": str (required), "title"?, "source"?, "url"?,
     "published"? (ISO 8601 date or datetime), "lang"?, "author"?}

Any other key is kept in :attr:`RawArticle.metadata`. A record that breaks the schema raises
:class:`MalformedRecordError` naming the file, the line and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from ..errors import MalformedRecordError
from ..records import InputFormat, RawArticle
from .encoding import normalize_newlines
from .ids import content_id

_OPTIONAL_TEXT_FIELDS = ("title", "source", "url", "lang", "author")
_SCHEMA_FIELDS = frozenset({"id", "text", "published", *_OPTIONAL_TEXT_FIELDS})
_SURROGATE = re.compile(r"[\ud800-\udfff]")

# Builds the error to raise for a message (it knows the file and line).
_Fail = Callable[[str], MalformedRecordError]


def json_type_name(value: object) -> str:
    """The JSON name of a decoded JSON value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__


def build_record(
    value: object, *, raw: bytes, origin: str, line: int | None, fmt: InputFormat, encoding: str
) -> RawArticle:
    """Check one decoded JSON value against the schema and build its :class:`RawArticle`."""

    def fail(message: str) -> MalformedRecordError:
        return MalformedRecordError(message, path=origin, line=line)

    if not isinstance(value, dict):
        raise fail(f"expected a JSON object, got {json_type_name(value)}")
    text = _required_text(value, fail)
    article_id, id_given = _record_id(value, text, fail)
    return RawArticle(
        id=article_id,
        text=normalize_newlines(text),
        raw=raw,
        origin=origin,
        line=line,
        format=fmt,
        encoding=encoding,
        id_given=id_given,
        title=_optional_text(value, "title", fail),
        source=_optional_text(value, "source", fail),
        url=_optional_text(value, "url", fail),
        published=_published(value, fail),
        lang=_optional_text(value, "lang", fail),
        author=_optional_text(value, "author", fail),
        metadata={key: item for key, item in value.items() if key not in _SCHEMA_FIELDS},
    )


def _required_text(record: Mapping[str, Any], fail: _Fail) -> str:
    if "text" not in record or record["text"] is None:
        raise fail("missing required field 'text'")
    text = record["text"]
    if not isinstance(text, str):
        raise fail(f"field 'text' must be a string, got {json_type_name(text)}")
    if not text.strip():
        raise fail("field 'text' is empty")
    _check_no_surrogates("text", text, fail)
    return text


def _record_id(record: Mapping[str, Any], text: str, fail: _Fail) -> tuple[str, bool]:
    """The given id (kept exactly; an integer becomes its decimal string), else the content id."""
    given = record.get("id")
    if given is None:
        return content_id(text), False
    if isinstance(given, int) and not isinstance(given, bool):
        return str(given), True
    if not isinstance(given, str):
        raise fail(f"field 'id' must be a string or an integer, got {json_type_name(given)}")
    if not given.strip():
        raise fail("field 'id' is empty")
    _check_no_surrogates("id", given, fail)
    return given, True


def _optional_text(record: Mapping[str, Any], name: str, fail: _Fail) -> str | None:
    """An optional string field: ``None`` when absent, null or blank."""
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise fail(f"field {name!r} must be a string, got {json_type_name(value)}")
    _check_no_surrogates(name, value, fail)
    return value if value.strip() else None


def _published(record: Mapping[str, Any], fail: _Fail) -> str | None:
    value = record.get("published")
    if value is None:
        return None
    if not isinstance(value, str):
        raise fail(f"field 'published' must be an ISO 8601 date string, got {json_type_name(value)}")
    if not value.strip():
        return None
    normalised = normalise_iso_date(value)
    if normalised is None:
        raise fail(f"field 'published' is not an ISO 8601 date or datetime: {value!r}")
    return normalised


def normalise_iso_date(value: str) -> str | None:
    """``value`` as an ISO 8601 date (``YYYY-MM-DD``) or datetime string, or ``None`` if it is neither.

    Accepts what Python 3.11's ``fromisoformat`` does, trailing ``Z`` included
    (``2023-07-27T10:00:00Z`` becomes ``2023-07-27T10:00:00+00:00``).
    """
    value = value.strip()
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            return parse(value).isoformat()
        except ValueError:
            continue
    return None


def _check_no_surrogates(name: str, value: str, fail: _Fail) -> None:
    if _SURROGATE.search(value):
        raise fail(f"field {name!r} contains a lone surrogate (an unpaired \\ud800-\\udfff escape)")

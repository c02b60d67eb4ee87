"""warta's one exception hierarchy.

    WartaError
    ├── InputError            bad input: names the file and, where known, the line
    │   ├── EmptyInputError
    │   ├── DecodeError       bytes that are not text in any encoding we can detect
    │   ├── MalformedRecordError   a JSON / JSON Lines record we cannot use
    │   ├── UnsupportedInputError  a file type warta does not read
    │   ├── TooLargeError     an item over ingest.max_article_bytes (or a .json file over its bound)
    │   ├── ProcessingError   a stage failed on this item (a bug in warta: please report it)
    │   └── FetchError        a feed or page that could not be fetched: names the URL
    │       ├── RefusedURLError     not http(s), or its host is (or resolves to) a non-public address
    │       ├── RobotsDisallowedError   the site's robots.txt disallows it
    │       └── HTTPStatusError     the final answer was neither 2xx nor 304 (a 404, a 5xx after retries)
    ├── ConfigError           an unknown or ill-typed setting
    ├── StoreError            the database cannot be opened, migrated or written (locked, say)
    │   ├── NoDatabaseError       a command that only reads was given a database that does not exist
    │   ├── ReadOnlyStoreError    a write to a database that is read-only (or was opened for reading)
    │   └── SchemaVersionError    the schema is newer than this warta, or too old to read unmigrated
    ├── NotFoundError         a story or article id that is not in the database
    └── ModelError            a packaged model or data file is missing or unreadable

The CLI maps each to a message and an exit code (``cli/errors.py``).
"""

from __future__ import annotations


class WartaError(Exception):
    """Base class of every error warta raises on purpose."""

    exit_code = 1


class InputError(WartaError):
    """An input item could not be read; the rest of the batch goes on."""

    def __init__(self, message: str, *, path: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        super().__init__(f"{self.location}: {message}")

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


class EmptyInputError(InputError):
    pass


class DecodeError(InputError):
    pass


class MalformedRecordError(InputError):
    pass


class UnsupportedInputError(InputError):
    pass


class TooLargeError(InputError):
    pass


class ProcessingError(InputError):
    pass


class FetchError(InputError):
    """A feed or page that could not be fetched (``path`` is its URL); the rest of the batch goes on."""


class RefusedURLError(FetchError):
    """A URL warta will not fetch: not http(s), or its host is a private, loopback, link-local,
    multicast, unspecified or reserved address, or resolves to one (unless private addresses are allowed)."""


class RobotsDisallowedError(FetchError):
    pass


class HTTPStatusError(FetchError):
    def __init__(self, message: str, *, path: str, status: int) -> None:
        super().__init__(message, path=path)
        self.status = status


class ConfigError(WartaError):
    exit_code = 2


class StoreError(WartaError):
    exit_code = 3


class NoDatabaseError(StoreError):
    pass


class ReadOnlyStoreError(StoreError):
    pass


class SchemaVersionError(StoreError):
    pass


class NotFoundError(WartaError):
    exit_code = 4


class ModelError(WartaError):
    exit_code = 3

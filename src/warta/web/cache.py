"""Answers kept until the database changes: a page or API answer is computed once per database state.

A story page costs ~10 ms to build (its comparison is parsed, cited sentences looked up, the page
rendered); readers ask for the same few stories again and again. This ASGI middleware keeps every
successful GET answer in memory, keyed by path, query and interface language, and drops them all as
soon as the database file or its write-ahead log changes (size or modification time: one ``stat``
each per request), so an article ingested meanwhile shows at the next request. Bounded in bytes.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ..store import is_postgres_url
from . import i18n

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_ANSWER_BYTES = 2 * 1024 * 1024


def db_stamp(db_path: str) -> tuple[int, ...]:
    """Size and modification time of the database file and its write-ahead log: any commit changes it.
    (A PostgreSQL database has no file to look at: a counter that every write transaction increments.)"""
    if is_postgres_url(db_path):
        from ..store.postgres import change_stamp

        return change_stamp(db_path)
    stamp: list[int] = []
    for path in (db_path, f"{db_path}-wal"):
        try:
            st = os.stat(path)
            stamp += [st.st_mtime_ns, st.st_size]
        except OSError:
            stamp += [0, 0]
    return tuple(stamp)


class AnswerCache:
    def __init__(self, app: ASGIApp, db_path: str, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.app = app
        self.db_path = db_path
        self.max_bytes = max_bytes
        self.size = 0
        self.stamp: tuple[int, ...] = ()
        self.answers: OrderedDict[tuple[str, bytes, str], tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        stamp = db_stamp(self.db_path)
        if stamp != self.stamp:
            self.answers.clear()
            self.size = 0
            self.stamp = stamp
        key = (scope["path"], scope.get("query_string", b""), _language(scope))
        kept = self.answers.get(key)
        if kept is not None:
            self.answers.move_to_end(key)
            status, headers, body = kept
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, keep)
        headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", [])]
        body = b"".join(chunks)
        cacheable = start.get("status") == 200 and not any(k.lower() == b"set-cookie" for k, _ in headers)
        if cacheable and len(body) <= MAX_ANSWER_BYTES and stamp == self.stamp:
            self.answers[key] = (200, headers, body)
            self.size += len(body)
            while self.size > self.max_bytes and self.answers:
                _, (_, _, dropped) = self.answers.popitem(last=False)
                self.size -= len(dropped)


def _language(scope: Scope) -> str:
    """The interface language the answer is in (see :func:`i18n.choose`)."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    query = dict(
        part.split("=", 1) for part in scope.get("query_string", b"").decode("latin-1").split("&") if "=" in part
    )
    cookie = None
    for item in headers.get("cookie", "").split(";"):
        name, _, value = item.strip().partition("=")
        if name == i18n.COOKIE:
            cookie = value
    return i18n.choose(query.get("ui"), cookie, headers.get("accept-language"))

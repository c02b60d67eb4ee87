"""Answers are computed once per database state, per path, query and interface language."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from warta.web.cache import AnswerCache


class CountingApp:
    """An ASGI app that answers its path, and counts how often it was asked."""

    def __init__(self, status: int = 200, cookie: bool = False) -> None:
        self.calls = 0
        self.status = status
        self.cookie = cookie

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls += 1
        headers = [(b"content-type", b"text/plain")] + ([(b"set-cookie", b"warta_ui=en")] if self.cookie else [])
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": f"{scope['path']} #{self.calls}".encode()})


def get(cache: AnswerCache, path: str, query: bytes = b"", headers: list[tuple[bytes, bytes]] | None = None) -> bytes:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    scope = {"type": "http", "method": "GET", "path": path, "query_string": query, "headers": headers or []}
    asyncio.run(cache(scope, receive, send))  # type: ignore[arg-type]
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_an_answer_is_reused_until_the_database_changes(tmp_path: Path) -> None:
    db = tmp_path / "warta.db"
    db.write_bytes(b"one")
    app = CountingApp()
    cache = AnswerCache(app, str(db))
    assert get(cache, "/stories/a") == get(cache, "/stories/a") == b"/stories/a #1"
    assert get(cache, "/stories/a", b"ui=en") == b"/stories/a #2"  # another query, another answer
    (tmp_path / "warta.db-wal").write_bytes(b"a commit")
    assert get(cache, "/stories/a") == b"/stories/a #3"
    assert app.calls == 3


def test_the_interface_language_keeps_answers_apart(tmp_path: Path) -> None:
    app = CountingApp()
    cache = AnswerCache(app, str(tmp_path / "warta.db"))
    get(cache, "/", headers=[(b"accept-language", b"id-ID")])
    get(cache, "/", headers=[(b"accept-language", b"en-GB")])
    get(cache, "/", headers=[(b"cookie", b"warta_ui=en")])  # English, as the second
    assert app.calls == 2


def test_errors_and_answers_that_set_a_cookie_are_not_kept(tmp_path: Path) -> None:
    for app in (CountingApp(status=404), CountingApp(cookie=True)):
        cache = AnswerCache(app, str(tmp_path / "warta.db"))
        get(cache, "/x")
        get(cache, "/x")
        assert app.calls == 2


def test_the_cache_is_bounded_in_bytes(tmp_path: Path) -> None:
    app = CountingApp()
    cache = AnswerCache(app, str(tmp_path / "warta.db"), max_bytes=40)
    for i in range(10):
        get(cache, f"/stories/{i}")
    assert cache.size <= 40 and len(cache.answers) < 10
    get(cache, "/stories/9")  # the newest is still kept
    assert app.calls == 10

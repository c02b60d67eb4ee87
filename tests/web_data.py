"""Databases for the web tests: the seeds, and an article whose every field is hostile markup."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from tests.helpers import SEEDS
from warta.config import Settings, load_settings
from warta.runners.local import ingest
from warta.store import open_store

# Each payload, if it ever ran, would set window.__pwned; the browser test checks it never is.
SCRIPT = "<script>window.__pwned = 'script'</script>"
IMG = "<img src=x onerror=\"window.__pwned = 'img'\">"
SVG = '"><svg onload="window.__pwned = \'svg\'">'
JS_URL = "javascript:window.__pwned='link'"

HOSTILE = {
    "id": "hostile-1",
    "title": f"Banjir besar {SCRIPT} melanda kota {IMG}",
    "source": f"Media {SVG}",
    "url": JS_URL,
    "published": "2024-02-14",
    "text": (
        f"Banjir besar melanda Kota Semarang pada Rabu pagi {SCRIPT} setelah hujan deras semalaman.\n"
        f"Wali Kota Semarang Hevearita Gunaryanti Rahayu mengatakan {IMG} sebanyak 300 warga mengungsi.\n"
        f'"Kami sudah menyiapkan tenda darurat {SVG} di balai kota," kata Hevearita kepada wartawan.\n'
        f'Tautan <a href="{JS_URL}">klik di sini</a> tidak boleh menjalankan apa pun.\n'
        "Badan Penanggulangan Bencana Daerah mencatat ketinggian air mencapai satu meter di beberapa titik."
    ),
}


def settings_for(db: Any) -> Settings:
    base = load_settings()
    return dataclasses.replace(base, store=dataclasses.replace(base.store, db=str(db)))


def build_web_db(db: Any, folder: Path | None = None) -> Settings:
    """Ingest the two seed reports and the hostile article into ``db`` (a path, or a PostgreSQL URL: then
    ``folder`` is where the input file is written); the settings that serve it."""
    settings = settings_for(db)
    hostile = (folder or Path(db).parent) / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    with open_store(db) as store:
        ingest([str(SEEDS), str(hostile)], store, settings)
    return settings


def seed_story_id(db: Any) -> str:
    """The story the two seed reports form (the one with two articles)."""
    with open_store(db, mode="read") as store:
        [story] = [s for s in store.list_stories() if len(s["articles"]) == 2]
    return str(story["id"])

"""Feeds and pages over HTTP(S): `warta fetch` and `warta watch` (issue 11).

safety      http(s) only; every address a host resolves to must be public (Resolver, AddressPolicy)
transport   an httpx transport that connects only to the addresses just checked (no DNS rebinding)
client      Fetcher: the polite, safe GET (robots.txt, per-host delay, conditional GET, retries with
            backoff, timeouts, a size cap, redirects followed and checked one by one)
feeds       is_feed, parse_feed (feedparser, always given bytes, never a URL)
urls        normalise_url: the key a fetched page is remembered by
run         fetch_round: targets in, articles through the ingest pipeline, feed state saved
"""

from __future__ import annotations

from .client import Fetcher
from .run import FetchReport, fetch_round
from .safety import AddressPolicy, Resolver, SystemResolver

__all__ = ["AddressPolicy", "FetchReport", "Fetcher", "Resolver", "SystemResolver", "fetch_round"]

"""Settings, resolved once: packaged defaults → user file → WARTA_* env → CLI flags.

The result is a frozen :class:`Settings` holding one frozen section per stage;
stages receive their own section explicitly. Nothing here is module-level state.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any, get_type_hints

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class StoreConfig:
    db: str = "warta.db"


@dataclass(frozen=True, slots=True)
class IngestConfig:
    batch_size: int = 500
    suffixes: tuple[str, ...] = (".txt", ".html", ".htm", ".jsonl", ".json", ".warc", ".warc.gz")
    # Input bytes one article may have (a .txt/.html file, a JSON Lines line, a .json record, stdin);
    # a larger item is an error and the batch goes on. See defaults.toml for why 2 MB.
    max_article_bytes: int = 2_000_000


@dataclass(frozen=True, slots=True)
class CleanConfig:
    max_title_chars: int = 120


@dataclass(frozen=True, slots=True)
class LanguageConfig:
    min_confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class DedupeConfig:
    threshold: float = 0.7
    num_perm: int = 128
    shingle_words: int = 5


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    window_days: int = 3
    threshold: float = 0.30
    name_weight: float = 0.35
    day_penalty: float = 0.06
    max_candidates: int = 200
    undated_stories: int = 5000


@dataclass(frozen=True, slots=True)
class AnalysisConfig:
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class SummaryConfig:
    max_sentences: int = 5
    paraphrase_threshold: float = 0.45


@dataclass(frozen=True, slots=True)
class EventConfig:
    threshold: float = 0.35
    name_weight: float = 0.35
    max_days: int = 2
    lead_days: int = 1
    lead_penalty: float = 0.1
    undated_threshold: float = 0.2


@dataclass(frozen=True, slots=True)
class CompareConfig:
    enabled: bool = True
    fact_threshold: float = 0.35
    quote_threshold: float = 0.30
    max_statements: int = 3000
    meaning_weight: float = 0.0  # weight of the distilled e5 view in statement similarity; 0 = off


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """`warta fetch` and `warta watch`: how politely and how safely feeds and pages are fetched."""

    timeout: float = 10.0  # seconds to connect, and for each read or write
    max_seconds: float = 60.0  # one response, whole (a server that trickles bytes is cut off)
    max_bytes: int = 2_000_000  # a page's body; reading stops past it
    max_feed_bytes: int = 10_000_000  # a feed's (or robots.txt's) body
    per_host_delay: float = 1.0  # seconds between two requests to one host (robots.txt may ask more)
    max_crawl_delay: float = 60.0  # a longer robots.txt Crawl-delay: one page of that host a round
    retries: int = 3  # after a 429, a 5xx, a timeout or a connection error
    backoff: float = 1.0  # seconds before the first retry; doubled for each next one
    max_backoff: float = 60.0  # no wait longer, whatever Retry-After says
    max_redirects: int = 5
    user_agent: str = "warta/{version} (news story analyser)"
    allow_private: bool = False  # also fetch from private, loopback and link-local addresses
    poll_every: float = 600.0  # `warta watch`: seconds between rounds


@dataclass(frozen=True, slots=True)
class Settings:
    store: StoreConfig = StoreConfig()
    ingest: IngestConfig = IngestConfig()
    clean: CleanConfig = CleanConfig()
    language: LanguageConfig = LanguageConfig()
    dedupe: DedupeConfig = DedupeConfig()
    cluster: ClusterConfig = ClusterConfig()
    summary: SummaryConfig = SummaryConfig()
    analysis: AnalysisConfig = AnalysisConfig()
    compare: CompareConfig = CompareConfig()
    events: EventConfig = EventConfig()
    fetch: FetchConfig = FetchConfig()

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return {
            f.name: {
                k: (list(v) if isinstance(v, tuple) else v)
                for k, v in dataclasses.asdict(getattr(self, f.name)).items()
            }
            for f in fields(self)
        }


USER_FILE = "warta.toml"
ENV_PREFIX = "WARTA_"


def packaged_defaults() -> dict[str, dict[str, Any]]:
    text = resources.files("warta").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_settings(
    config_file: str | Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Resolve settings from every layer, later layers winning.

    ``config_file`` is a user TOML file (``./warta.toml`` is read when present
    and none is named); ``env`` defaults to ``os.environ``; ``overrides`` maps
    dotted keys (``"dedupe.threshold"``) to values, e.g. from CLI flags.
    """
    layers: list[tuple[str, Mapping[str, Any]]] = [("packaged defaults", packaged_defaults())]
    path = Path(config_file) if config_file else Path(USER_FILE)
    if config_file or path.is_file():
        layers.append((str(path), _read_user_file(path)))
    layers.append(("environment", _from_env(os.environ if env is None else env)))
    if overrides:
        layers.append(("command line", _undot(overrides)))

    merged: dict[str, dict[str, Any]] = {}
    for origin, layer in layers:
        for section, values in layer.items():
            if not isinstance(values, Mapping):
                raise ConfigError(f"{origin}: [{section}] must be a table of settings")
            merged.setdefault(section, {}).update({k: (v, origin) for k, v in values.items()})
    return _build(merged)


def _read_user_file(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _from_env(env: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    if "WARTA_DB" in env:
        out.setdefault("store", {})["db"] = env["WARTA_DB"]
    sections = {f.name for f in fields(Settings)}
    for name, value in env.items():
        if not name.startswith(ENV_PREFIX) or name == "WARTA_DB":
            continue
        rest = name[len(ENV_PREFIX) :].lower()
        section, _, key = rest.partition("_")
        if section in sections and key:
            out.setdefault(section, {})[key] = value
    return out


def _undot(overrides: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for dotted, value in overrides.items():
        section, _, key = dotted.partition(".")
        if not key:
            raise ConfigError(f"setting {dotted!r} must look like SECTION.KEY")
        out.setdefault(section, {})[key] = value
    return out


# The valid range of each numeric setting: (lowest, highest), None for no bound. A value outside
# is refused with the range in the message rather than giving odd results later (a similarity
# threshold of 1.7 makes every article unique; a negative window finds no story).
LIMITS: dict[str, tuple[float | None, float | None]] = {
    "ingest.batch_size": (1, None),
    "ingest.max_article_bytes": (1, None),
    "clean.max_title_chars": (10, None),
    "language.min_confidence": (0.0, 1.0),
    "dedupe.threshold": (0.05, 1.0),
    "dedupe.num_perm": (16, 1024),
    "dedupe.shingle_words": (1, 20),
    "cluster.window_days": (0, 3650),
    "cluster.threshold": (0.0, 1.0),
    "cluster.name_weight": (0.0, 1.0),
    "cluster.day_penalty": (0.0, 1.0),
    "cluster.max_candidates": (1, None),
    "cluster.undated_stories": (0, None),
    "summary.max_sentences": (1, 100),
    "summary.paraphrase_threshold": (0.0, 1.0),
    "events.threshold": (0.0, 1.0),
    "events.name_weight": (0.0, 1.0),
    "events.max_days": (0, None),
    "events.lead_days": (0, None),
    "events.lead_penalty": (0.0, 1.0),
    "events.undated_threshold": (0.0, 1.0),
    "compare.fact_threshold": (0.0, 1.0),
    "compare.quote_threshold": (0.0, 1.0),
    "compare.max_statements": (10, None),
    "compare.meaning_weight": (0.0, 1.0),
    "fetch.timeout": (0.1, 600),
    "fetch.max_seconds": (1, 3600),
    "fetch.max_bytes": (1, None),
    "fetch.max_feed_bytes": (1, None),
    "fetch.per_host_delay": (0.0, 3600),
    "fetch.max_crawl_delay": (0.0, 86_400),
    "fetch.retries": (0, 10),
    "fetch.backoff": (0.0, 600),
    "fetch.max_backoff": (0.0, 3600),
    "fetch.max_redirects": (0, 20),
    "fetch.poll_every": (30, None),
}


def _check_range(dotted: str, value: Any, where: str) -> None:
    if dotted == "store.db" and not str(value).strip():
        raise ConfigError(f"{where}: the database path is empty")
    if isinstance(value, float) and value != value:  # NaN compares false with every bound
        raise ConfigError(f"{where}: {value!r} is not a number")
    low, high = LIMITS.get(dotted, (None, None))
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            valid = f"at least {low}"
        elif low is None:
            valid = f"at most {high}"
        else:
            valid = f"from {low} to {high}"
        raise ConfigError(f"{where}: {value!r} is out of range (valid: {valid})")


def _build(merged: Mapping[str, Mapping[str, tuple[Any, str]]]) -> Settings:
    section_types = get_type_hints(Settings)
    sections: dict[str, Any] = {}
    for section, values in merged.items():
        if section not in section_types:
            origin = next(iter(values.values()))[1] if values else "?"
            raise ConfigError(f"{origin}: unknown settings section [{section}]")
        cls = section_types[section]
        hints = get_type_hints(cls)
        kwargs = {}
        for key, (value, origin) in values.items():
            if key not in hints:
                known = ", ".join(sorted(hints))
                raise ConfigError(f"{origin}: unknown setting {section}.{key} (known: {known})")
            where = f"{origin}: {section}.{key}"
            kwargs[key] = _coerce(value, hints[key], where)
            _check_range(f"{section}.{key}", kwargs[key], where)
        sections[section] = cls(**kwargs)
    return Settings(**sections)


def _coerce(value: Any, hint: Any, where: str) -> Any:
    try:
        if hint is bool:
            if isinstance(value, str):
                if value.lower() in {"1", "true", "yes", "on"}:
                    return True
                if value.lower() in {"0", "false", "no", "off"}:
                    return False
                raise ValueError(value)
            return bool(value)
        if hint is int:
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(value)
            return int(value)
        if hint is float:
            return float(value)
        if hint is str:
            return str(value)
        if getattr(hint, "__origin__", None) is tuple:
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(i).strip() for i in items)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: {value!r} is not a valid {getattr(hint, '__name__', hint)}") from None
    return value

"""The web pages in a real browser: what a reader sees and can do, on a desktop and on a phone.

The real ``warta serve`` runs in a subprocess over a database of the two seed reports (one event, two
outlets) and one hostile article whose every field is markup that would set ``window.__pwned`` if it
ran. Debian's headless chromium (``scripts/install-browser.sh`` installs it) is driven by Playwright;
no browser is ever downloaded. Screenshots go to ``$WARTA_SCREENSHOTS``, else to pytest's tmp dir.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect, sync_playwright
from tests.store_backends import new_database
from tests.web_data import HOSTILE, build_web_db, seed_story_id

import warta
from warta.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium keeps dialing out, and this closed network refuses it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
INDONESIAN: dict[str, Any] = {"locale": "id-ID"}
SCREENSHOT_LIMIT = 600_000  # bytes: a full-page screenshot larger than this is cut to the top of the page
START_TIMEOUT_S = 30.0

expect.set_options(timeout=5_000)


# --- the server, the database and the browser, once per module -------------------------------------


@dataclass(frozen=True)
class Seeds:
    """What the test database holds: the seed story (two articles) and the hostile article's story."""

    db: Path
    story: str
    label: str
    articles: list[str]
    hostile_story: str


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Seeds:
    folder = tmp_path_factory.mktemp("web")
    db = new_database(folder, "warta.db")
    build_web_db(db, folder)
    story = seed_story_id(db)
    with open_store(db, mode="read") as store:
        row = store.get_story(story)
        hostile_story = str(store.get_article(HOSTILE["id"])["story_id"])
    return Seeds(db, story, str(row["label"]), [str(a["id"]) for a in row["articles"]], hostile_story)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve_command(db: Path, port: int) -> list[str]:
    if (Path(warta.__file__).parent / "__main__.py").exists():
        head = [sys.executable, "-m", "warta"]
    else:
        head = [str(Path(sys.executable).with_name("warta"))]
    return [*head, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port), "-q"]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def server(seeds: Seeds, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``warta serve`` on a free loopback port; its base URL. Another free port is tried if one is taken."""
    logs = tmp_path_factory.mktemp("server")
    failures: list[str] = []
    for attempt in range(3):
        port = _free_port()
        stderr_path = logs / f"stderr-{attempt}.txt"
        with stderr_path.open("wb") as stderr:
            proc = subprocess.Popen(
                _serve_command(seeds.db, port), stdin=subprocess.DEVNULL, stdout=stderr, stderr=subprocess.STDOUT
            )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while proc.poll() is None and time.monotonic() < deadline and not _answers(base + "/"):
            time.sleep(0.1)
        if proc.poll() is None and _answers(base + "/"):
            try:
                yield base
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            return
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        output = stderr_path.read_text(encoding="utf-8", errors="replace")
        failures.append(f"port {port}: exit {proc.returncode}\n{output}")
        if "address already in use" not in output.lower():
            break
    pytest.fail(f"`warta serve` did not answer GET / within {START_TIMEOUT_S:.0f}s:\n" + "\n".join(failures))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        message = f"{CHROMIUM} is missing: run scripts/install-browser.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


# --- one browser tab, with what it reported ------------------------------------------------------------


# The innermost elements, or the texts, that reach past the screen's right edge (the first few).
FIND_OVERFLOW = """(width) => {
  const out = [];
  const past = (el) => el.getBoundingClientRect().right > width + 1;
  const name = (el) => [el.localName, ...el.classList].join(".");
  for (const el of document.body.querySelectorAll("*")) {
    if (past(el) && ![...el.children].some(past)) out.push(name(el));
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    if ([...range.getClientRects()].some((r) => r.right > width + 1)) {
      out.push(`text in ${name(node.parentElement)}: ${node.textContent.trim().slice(0, 60)}`);
    }
  }
  return [...new Set(out)].slice(0, 5);
}"""


@dataclass
class Tab:
    """A page in its own browser context, recording dialogs, console messages and uncaught errors."""

    page: Page
    base: str
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        response = self.page.goto(self.base + path)
        assert response is not None, f"GET {path}: no response"
        assert response.ok, f"GET {path}: HTTP {response.status}"
        return self.page

    def url_path(self) -> str:
        return self.page.url.removeprefix(self.base)

    def sideways_overflow(self) -> str | None:
        """Why the page would scroll sideways, or None. On an emulated phone chromium widens the layout
        viewport (``innerWidth``) to fit content that overflows, so it is compared with the screen too."""
        screen = self.page.viewport_size
        assert screen is not None
        inner, scroll = self.page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
        if scroll <= inner + 1 and inner <= screen["width"]:
            return None
        culprits = self.page.evaluate(FIND_OVERFLOW, screen["width"])
        return (
            f"{self.url_path()}: page {scroll}px wide (layout viewport {inner}px) on a {screen['width']}px screen;"
            f" too wide: {culprits}"
        )


OpenTab = Callable[..., Tab]


@pytest.fixture
def new_tab(browser: Browser, server: str) -> Iterator[OpenTab]:
    """``new_tab(**context_options)``: a fresh tab; at the end, the test fails on any uncaught page error."""
    tabs: list[Tab] = []

    def open_tab(**options: Any) -> Tab:
        context = browser.new_context(**{**DESKTOP, **INDONESIAN, **options})
        context.set_default_timeout(10_000)
        tab = Tab(context.new_page(), server)

        def on_dialog(dialog: Dialog) -> None:
            tab.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        def on_console(message: ConsoleMessage) -> None:
            tab.console.append(f"{message.type}: {message.text}")

        tab.page.on("dialog", on_dialog)
        tab.page.on("console", on_console)
        tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
        tabs.append(tab)
        return tab

    yield open_tab
    errors = [e for tab in tabs for e in tab.errors]
    for tab in tabs:
        tab.page.context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def submit(page: Page, action: Callable[[], None]) -> None:
    """Do ``action`` (which submits a form) and check the page it leads to is not an error page."""
    with page.expect_navigation() as navigation:
        action()
    response = navigation.value
    assert response is not None and response.ok, (
        f"the form led to HTTP {response.status if response else '?'} at {page.url}: "
        + " ".join(page.locator("main").inner_text().split())
    )


def _squash(text: str) -> str:
    return " ".join(text.split())


# --- the stories page ----------------------------------------------------------------------------------


def test_the_stories_page_lists_the_seed_story_with_its_size(new_tab: OpenTab, seeds: Seeds) -> None:
    page = new_tab().open("/")
    row = page.locator(f'li.story-row[data-story="{seeds.story}"]')
    expect(row.locator("a.label")).to_be_visible()
    expect(row.locator("a.label")).to_have_text(seeds.label)
    expect(row.locator(".meta")).to_contain_text("2 artikel")
    expect(page.locator("html")).to_have_attribute("lang", "id")


def test_the_interface_switches_to_english_and_remembers_it(new_tab: OpenTab, seeds: Seeds) -> None:
    tab = new_tab()
    nav = tab.page.locator("header.site nav")
    tab.open("/")
    expect(nav.get_by_role("link", name="Berita", exact=True)).to_be_visible()

    tab.open("/?ui=en")
    expect(nav.get_by_role("link", name="Stories", exact=True)).to_be_visible()
    expect(tab.page.locator("html")).to_have_attribute("lang", "en")
    expect(tab.page.locator(f'li.story-row[data-story="{seeds.story}"] .meta')).to_contain_text("2 articles")

    # The next page, asked for without ?ui=, is still in English: the choice is kept in a cookie.
    tab.open(f"/stories/{seeds.story}")
    expect(nav.get_by_role("link", name="Stories", exact=True)).to_be_visible()
    expect(tab.page.locator("#summary h2")).to_have_text("Summary")
    assert any(c["name"] == "warta_ui" and c["value"] == "en" for c in tab.page.context.cookies())

    # The switch in the header goes back to Indonesian.
    tab.page.locator("a.ui-switch").click()
    expect(nav.get_by_role("link", name="Berita", exact=True)).to_be_visible()
    expect(tab.page.locator("#summary h2")).to_have_text("Ringkasan")


def test_searching_a_word_of_the_seed_story_finds_it_and_a_word_in_no_article_finds_nothing(
    new_tab: OpenTab, seeds: Seeds
) -> None:
    tab = new_tab()
    page = tab.open("/")
    search = page.locator('input[type="search"][name="q"]')

    search.fill("Shoigu")
    submit(page, lambda: search.press("Enter"))
    expect(page).to_have_url(re.compile(r"[?&]q=Shoigu\b"))
    expect(page.locator(f'li.story-row[data-story="{seeds.story}"] a.label')).to_be_visible()
    expect(page.locator(f'li.story-row[data-story="{seeds.hostile_story}"]')).to_have_count(0)
    expect(search).to_have_value("Shoigu")

    search.fill("zzzqqq")
    submit(page, lambda: search.press("Enter"))
    expect(page).to_have_url(re.compile(r"[?&]q=zzzqqq\b"))
    expect(page.locator("li.story-row")).to_have_count(0)
    expect(page.locator(".empty")).to_have_text("Tidak ada berita yang cocok.")
    expect(page.locator(".count")).to_contain_text("0 berita")


# --- the story page ------------------------------------------------------------------------------------


def test_a_citation_reveals_its_source_sentence_and_opens_it_highlighted_in_the_article(
    new_tab: OpenTab, seeds: Seeds
) -> None:
    tab = new_tab()
    page = tab.open("/")
    page.locator(f'li.story-row[data-story="{seeds.story}"] a.label').click()
    expect(page).to_have_url(f"{tab.base}/stories/{seeds.story}")
    expect(page.locator("h1")).to_have_text(seeds.label)
    expect(page.locator("ol.summary li.summary-sentence").first).to_be_visible()

    citation = page.locator("ol.summary li.summary-sentence details.citation:has(.source blockquote)").first
    article = citation.get_attribute("data-article")
    assert article in seeds.articles
    quote = citation.locator(".source blockquote")
    expect(quote).to_be_hidden()
    citation.locator("summary").click()
    expect(citation).to_have_attribute("open", "")
    expect(quote).to_be_visible()
    sentence = _squash(quote.inner_text())
    assert sentence, "the revealed source sentence is empty"

    link = citation.locator("a.open")
    expect(link).to_be_visible()
    href = link.get_attribute("href") or ""
    match = re.fullmatch(rf"/articles/{re.escape(article)}\?hl=(\d+)-(\d+)#hl", href)
    assert match, f"unexpected citation link {href!r}"
    link.click()
    expect(page).to_have_url(f"{tab.base}{href}")
    anchor = page.locator("#hl")
    expect(anchor).to_have_class(re.compile(r"\bhl\b"))
    expect(anchor).to_be_in_viewport()
    # The highlight can be cut into pieces by the entity marks inside it; #hl is the first piece.
    highlighted = _squash("".join(page.locator(".text .hl").all_text_contents()))
    assert highlighted == sentence
    assert sentence.startswith(_squash(anchor.inner_text()))


def test_opening_one_citation_of_a_sentence_closes_the_other(new_tab: OpenTab, seeds: Seeds) -> None:
    page = new_tab().open(f"/stories/{seeds.story}")
    sentence = page.locator("ol.summary li.summary-sentence:has(details.citation + details.citation)").first
    first, second = sentence.locator("details.citation").nth(0), sentence.locator("details.citation").nth(1)
    first.locator("summary").click()
    expect(first).to_have_attribute("open", "")
    second.locator("summary").click()
    expect(second).to_have_attribute("open", "")
    expect(first).not_to_have_attribute("open", "")


def test_the_story_page_marks_corroborated_and_single_source_facts(new_tab: OpenTab, seeds: Seeds) -> None:
    page = new_tab().open(f"/stories/{seeds.story}")
    expect(page.locator('[data-kind="corroborated"]').first).to_be_visible()
    expect(page.locator('[data-kind="single"]').first).to_be_visible()

    # Both outlets report that Shoigu handed Kim a letter ("surat") from Putin.
    letter = page.locator('li.fact[data-kind="corroborated"]', has_text="surat")
    for article in seeds.articles:
        letter = letter.filter(has=page.locator(f'li.statement[data-article="{article}"]'))
    expect(letter.first).to_be_visible()


def test_the_story_page_shows_quote_renderings_the_timeline_and_coverage(new_tab: OpenTab, seeds: Seeds) -> None:
    page = new_tab().open(f"/stories/{seeds.story}")

    # One thing John Kirby said, quoted directly by one outlet and reported indirectly by the other.
    kirby = page.locator(".quote-variant", has=page.locator(".speaker", has_text="John Kirby")).filter(
        has=page.locator(".rendering.direct")
    )
    kirby = kirby.filter(has=page.locator(".rendering.indirect")).first
    expect(kirby).to_be_visible()
    expect(kirby.locator(".rendering")).to_have_count(2)
    expect(kirby.locator(".rendering.direct")).to_have_count(1)
    expect(kirby.locator(".rendering.indirect")).to_have_count(1)

    chart = page.locator("#timeline svg.timeline-chart")
    expect(chart).to_be_visible()
    assert chart.locator("g.event").count() >= 3

    coverage = page.locator("table.coverage")
    expect(coverage).to_be_visible()
    expect(coverage.locator("thead")).to_contain_text("KOMPAS.TV")
    assert coverage.locator("tbody tr").count() >= 1


def test_an_entity_link_leads_to_the_entity_and_back_to_its_story(new_tab: OpenTab, seeds: Seeds) -> None:
    tab = new_tab()
    page = tab.open(f"/stories/{seeds.story}")
    link = page.locator("#entities li.entity").get_by_role("link", name="John Kirby", exact=True)
    entity = link.locator("xpath=..").get_attribute("data-entity")
    link.click()
    expect(page).to_have_url(f"{tab.base}/entities/{entity}")
    expect(page.locator("h1")).to_contain_text("John Kirby")
    expect(page.locator("ul.variants li").first).to_be_visible()
    expect(page.locator("ul.variants")).to_contain_text("Kirby")
    back = page.locator(f'ol.entity-stories a[href="/stories/{seeds.story}"]')
    expect(back).to_be_visible()
    back.click()
    expect(page).to_have_url(f"{tab.base}/stories/{seeds.story}")


def test_an_article_shows_its_clean_text_with_entities_and_folds_away_the_rest(new_tab: OpenTab, seeds: Seeds) -> None:
    with open_store(seeds.db, mode="read") as store:
        with_removed = [a for a in seeds.articles if store.get_article(a)["removed"]]
    assert with_removed, "neither seed article has removed boilerplate any more: the test needs one"
    article = with_removed[0]

    tab = new_tab()
    page = tab.open(f"/stories/{seeds.story}")
    page.locator(f'#articles li[data-article="{article}"] > a').click()
    expect(page).to_have_url(f"{tab.base}/articles/{article}")
    text = page.locator("article .text")
    expect(text).to_be_visible()
    assert len(text.inner_text()) > 500
    expect(text.locator(".ent").first).to_be_visible()
    assert text.locator(".ent-PER").count() >= 1

    for name in ("removed", "original-text"):
        folded = page.locator(f"details.{name}")
        expect(folded).to_have_count(1)
        assert folded.evaluate("e => e.tagName") == "DETAILS"
        expect(folded).not_to_have_attribute("open", "")
        body = folded.locator("ol, pre").first
        expect(body).to_be_hidden()
        folded.locator("summary").click()
        expect(body).to_be_visible()


# --- on a phone ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page_name", ["stories", "story", "article"])
def test_on_a_phone_pages_fit_the_screen_width(new_tab: OpenTab, seeds: Seeds, page_name: str) -> None:
    path = {"stories": "/", "story": f"/stories/{seeds.story}", "article": f"/articles/{seeds.articles[0]}"}
    tab = new_tab(**PHONE)
    tab.open(path[page_name])
    assert tab.sideways_overflow() is None


def test_on_a_phone_a_citation_can_be_revealed(new_tab: OpenTab, seeds: Seeds) -> None:
    tab = new_tab(**PHONE)
    page = tab.open(f"/stories/{seeds.story}")
    citation = page.locator("ol.summary details.citation:has(.source blockquote)").first
    citation.locator("summary").tap()
    expect(citation.locator(".source blockquote")).to_be_visible()
    expect(citation.locator("a.open")).to_be_visible()
    assert tab.sideways_overflow() is None, "an open citation makes the story page scroll sideways"


# --- hostile text stays text ---------------------------------------------------------------------------

# Every element with an on* attribute, and every link whose URL would run script.
FIND_ACTIVE_CONTENT = """() => {
  const out = [];
  const urls = new Set(["href", "xlink:href", "src", "action", "formaction", "data"]);
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) out.push(`<${el.localName} ${name}>`);
      if (!urls.has(name)) continue;
      let protocol = "";
      try { protocol = new URL(attr.value, location.href).protocol; } catch { continue; }
      if (protocol === "javascript:") out.push(`<${el.localName} ${name}=${attr.value}>`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("page_name", ["stories", "story", "article", "search"])
def test_hostile_markup_is_shown_as_text_and_never_runs(new_tab: OpenTab, seeds: Seeds, page_name: str) -> None:
    path = {
        "stories": "/",
        "story": f"/stories/{seeds.hostile_story}",
        "article": f"/articles/{HOSTILE['id']}",
        "search": "/?q=Semarang",
    }[page_name]
    tab = new_tab()
    page = tab.open(path)
    page.wait_for_load_state("load")
    if page_name == "search":
        expect(page.locator(f'li.story-row[data-story="{seeds.hostile_story}"]')).to_be_visible()

    assert page.evaluate("window.__pwned") is None, f"a payload ran on {path}"
    assert tab.dialogs == []
    assert tab.errors == [], f"uncaught errors on {path}: {tab.errors}"
    shown = page.locator("body").inner_text()
    for payload in ("<script>window.__pwned", "<img src=x onerror=", '"><svg onload='):
        assert payload in shown, f"{payload!r} is not shown as text on {path}"
    assert page.locator("img[onerror], svg[onload], script:not([src])").count() == 0
    assert page.locator('a[href^="javascript:" i]').count() == 0
    assert page.evaluate(FIND_ACTIVE_CONTENT) == []
    # The page's own script is the only one, and it still loads (a CSP report in the console is fine).
    assert page.locator("script[src]").evaluate_all("els => els.map(e => e.getAttribute('src'))") == [
        "/static/warta.js"
    ]


# --- screenshots ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("WARTA_SCREENSHOTS")
    folder = Path(given) if given else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _screenshot(page: Page, path: Path, full_page: bool) -> None:
    """A PNG of ``page``; a full page that would be larger than SCREENSHOT_LIMIT is cut to its top part."""
    data = page.screenshot(full_page=full_page, scale="css")
    if len(data) > SCREENSHOT_LIMIT:
        width = int(page.evaluate("document.documentElement.clientWidth"))
        height = int(page.evaluate("document.documentElement.scrollHeight"))
        while len(data) > SCREENSHOT_LIMIT and height > 400:
            height = int(height * SCREENSHOT_LIMIT / len(data) * 0.9)  # PNG size grows about with height
            clip = {"x": 0, "y": 0, "width": width, "height": height}
            data = page.screenshot(full_page=True, clip=clip, scale="css")
    path.write_bytes(data)


def test_screenshots_of_the_story_and_stories_pages(
    new_tab: OpenTab, seeds: Seeds, screenshot_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shots = {
        "story-desktop.png": (DESKTOP, f"/stories/{seeds.story}", True),
        "story-phone.png": (PHONE, f"/stories/{seeds.story}", False),
        "stories-desktop.png": (DESKTOP, "/", True),
    }
    for name, (device, path, full_page) in shots.items():
        page = new_tab(**device).open(path)
        if path.startswith("/stories/"):  # show one source sentence revealed in place
            page.locator("ol.summary details.citation:has(.source blockquote) > summary").first.click()
        page.evaluate("document.fonts.ready")
        _screenshot(page, screenshot_dir / name, full_page)
        size = (screenshot_dir / name).stat().st_size
        assert 0 < size <= SCREENSHOT_LIMIT, f"{name}: {size} bytes"
    with capsys.disabled():
        print(f"\nscreenshots: {screenshot_dir.resolve()}")

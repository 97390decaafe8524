"""End-to-end browser tests of the web UI: Debian's Chromium driven by Playwright.

The server runs with uvicorn on 127.0.0.1 (a free port) over the demo corpus plus
``tests/corpora/web``. axe-core is vendored in ``tests/vendor`` (MPL-2.0), so no network is used.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api")

from aluehaku.api.app import create_app  # noqa: E402
from tests._api_support import (  # noqa: E402
    API_KEY,
    DEMO_CORPUS,
    WEB_CORPUS,
    build_index,
    live_server,
)

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOT = Path("/tmp/aluehaku-answer.png")
QUESTION = "mitkä hankkeet rahoitti Keski-Suomen liitto"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian Chromium (/usr/bin/chromium) is not installed: apt-get install chromium",
)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = build_index(tmp_path_factory.mktemp("web"), DEMO_CORPUS, WEB_CORPUS)
    app = create_app(settings)
    with live_server(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp lets the test inject axe-core; the app's own CSP forbids inline script.
    context = browser.new_context(
        bypass_csp=True, locale="fi-FI", viewport={"width": 1200, "height": 900}
    )
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors
    yield pg
    context.close()


def ask(page: Any, question: str) -> Any:
    before = page.locator("article.turn").count()
    page.get_by_label("Kysymys", exact=True).fill(question)
    page.get_by_role("button", name="Lähetä kysymys").click()
    sync_api.expect(page.locator("article.turn")).to_have_count(before + 1, timeout=30_000)
    return page.locator("article.turn").last


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return list(result)


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_ask_shows_cited_answer_and_opens_source(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("lang") == "fi"
    turn = ask(page, QUESTION)
    answer = turn.locator(".answer-text")
    assert "Keski-Suomen liitto" in turn.inner_text() or answer.inner_text()
    cites = turn.locator("a.cite")
    assert cites.count() >= 1
    cards = turn.locator("li.card")
    assert cards.count() >= 1
    assert "Vastaus valmis" in page.locator("#ask-status").inner_text()

    page.screenshot(path=str(SCREENSHOT), full_page=False)

    # A citation moves focus to its source card.
    cites.first.click()
    focused = page.evaluate("document.activeElement.id")
    assert focused.endswith("-src-" + cites.first.inner_text().strip("[]"))

    # "Avaa lähde" opens the original file in a new tab.
    link = cards.first.locator("a.open-source")
    href = link.get_attribute("href")
    assert href.startswith("/api/v1/documents/") and "/file" in href
    with page.context.expect_page() as new_tab:
        link.click()
    source = new_tab.value
    source.wait_for_load_state()
    assert "/file" in source.url
    assert len(source.locator("body").inner_text()) > 50
    assert not page.errors


def test_follow_up_sends_history(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    sent: list[Any] = []
    page.on(
        "request",
        lambda r: sent.append(r.post_data_json) if r.url.endswith("/api/v1/ask") else None,
    )
    ask(page, QUESTION)
    ask(page, "entä vuonna 2023?")
    assert sent[0]["history"] == []
    assert sent[1]["history"][0]["question"] == QUESTION
    assert sent[1]["history"][0]["answer"]
    assert page.locator("article.turn").count() == 2
    page.get_by_role("button", name="Aloita uusi keskustelu").click()
    assert page.locator("article.turn").count() == 0


def test_search_mode_filters_and_document_browser(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_role("button", name="Hae tekstejä").click()
    page.get_by_label("Hakusanat").fill("biokaasulaitos")
    page.get_by_label("Hakusanat").press("Enter")
    results = page.locator("#search-results li.card")
    results.first.wait_for()
    assert results.count() >= 1
    assert results.first.locator("mark").count() >= 1

    page.get_by_label("Asiakirjatyyppi").select_option("pöytäkirja")
    page.get_by_role("button", name="Asiakirjat", exact=True).click()
    docs_listed(page)
    rows = page.locator("#docs-table tbody tr")
    assert rows.count() >= 1
    assert all("Pöytäkirja" in rows.nth(i).inner_text() for i in range(rows.count()))
    rows.first.locator("button").click()
    page.locator("#doc-detail").wait_for()
    assert page.locator("#doc-detail-chunks li").count() >= 1
    assert not page.errors


def marked(snippet: str, spans: list[list[int]]) -> list[str]:
    return [snippet[start:end] for start, end in spans]


def test_ui_marks_exactly_the_servers_highlights(page: Any, base_url: str) -> None:
    """The UI shows the highlight spans the API sent (the CLI --json shows the same spans)."""
    page.goto(base_url + "/")
    page.get_by_role("button", name="Hae tekstejä").click()
    page.get_by_label("Hakusanat").fill("biokaasulaitos")
    with page.expect_response(lambda r: "/api/v1/search" in r.url) as info:
        page.get_by_label("Hakusanat").press("Enter")
    hits = info.value.json()["results"]
    cards = page.locator("#search-results li.card")
    cards.first.wait_for()
    assert hits and any(h["highlights"] for h in hits)
    for i, hit in enumerate(hits):
        shown = cards.nth(i).locator(".snippet mark").all_inner_texts()
        assert shown == marked(hit["snippet"], hit["highlights"]), (shown, hit)

    page.get_by_role("button", name="Kysy").click()
    with page.expect_response(lambda r: r.url.endswith("/api/v1/ask")) as info:
        turn = ask(page, QUESTION)
    answer = info.value.json()
    assert {"mode", "notes", "kind", "facts", "question", "elapsed_ms"} <= set(answer)
    assert any(c["highlights"] for c in answer["citations"])
    for cite in answer["citations"]:
        card = turn.locator(f"li.card[id$='-src-{cite['n']}']")
        shown = card.locator(".snippet mark").all_inner_texts()
        assert shown == marked(cite["snippet"], cite["highlights"]), (shown, cite)
    # No highlighting logic of its own: the stemmer and stop-word list are gone.
    script = (Path(__file__).resolve().parents[1] / "web" / "app.js").read_text()
    assert "highlightTerms" not in script and "length - 3" not in script
    assert not page.errors


def test_errors_are_shown_in_plain_finnish(page: Any, base_url: str) -> None:
    page.route(
        "**/api/v1/ask",
        lambda route: route.fulfill(
            status=503,
            content_type="application/problem+json",
            body='{"type":"/problems/unavailable","title":"Palvelu ei ole käytettävissä",'
            '"status":503,"detail":"Yritä hetken päästä uudelleen.","instance":"/api/v1/ask"}',
        ),
    )
    page.goto(base_url + "/")
    page.get_by_label("Kysymys", exact=True).fill("mitä päätettiin")
    page.get_by_role("button", name="Lähetä kysymys").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Palvelu ei ole käytettävissä" in alert.inner_text()


def test_keyboard_only_question(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.locator("#question").focus()
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    page.locator("article.turn").first.wait_for(timeout=30_000)
    outline = page.evaluate(
        "(() => { const a = document.querySelector('a.cite'); a.focus();"
        " return getComputedStyle(a).outlineStyle; })()"
    )
    assert outline != "none"


def test_accessibility_no_serious_violations(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    empty = axe_violations(page)
    assert not serious(empty), empty
    ask(page, QUESTION)
    with_answer = axe_violations(page)
    assert not serious(with_answer), with_answer
    page.get_by_role("button", name="Asiakirjat", exact=True).click()
    docs_listed(page)
    docs = axe_violations(page)
    assert not serious(docs), docs


def test_user_text_is_never_html(page: Any, base_url: str) -> None:
    """Document content, titles and the query itself are shown as text, never run."""
    page.goto(base_url + "/")
    page.get_by_role("button", name="Hae tekstejä").click()
    hostile_query = (
        'turvallisuuskoe <img src=x onerror="window.__xss=9"><script>window.__xss=8</script>'
    )
    page.get_by_label("Hakusanat").fill(hostile_query)
    page.get_by_label("Hakusanat").press("Enter")
    card = page.locator("#search-results li.card").first
    card.wait_for()
    text = card.inner_text()
    assert "<script>" in text or "<img" in text
    assert card.locator("script, img, b, a[href^='javascript']").count() == 0
    page.get_by_role("button", name="Kysy").click()
    ask(page, hostile_query)
    page.get_by_role("button", name="Asiakirjat", exact=True).click()
    docs_listed(page)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.locator("main script, main img, main [onerror], main [onmouseover]").count() == 0
    assert not page.errors


def test_chromium_binary_is_debian() -> None:
    assert shutil.which("chromium") or CHROMIUM.exists()


# --- a newcomer's view (issue 11) --------------------------------------------------------------
def docs_listed(page: Any) -> None:
    """Wait until the document browser shows its "n / m" status line.

    A locator assertion, not wait_for_function: a string predicate is evaluated with
    eval(), which the app's CSP (script-src 'self') forbids in newer Chromium builds.
    """
    sync_api.expect(page.locator("#docs-status")).to_contain_text("/", timeout=10_000)


def narrow_page(browser: Any) -> Any:
    context = browser.new_context(locale="fi-FI", viewport={"width": 390, "height": 800})
    return context.new_page()


def test_filters_follow_the_heading_and_question_box(
    page: Any, browser: Any, base_url: str
) -> None:
    page.goto(base_url + "/")
    order = page.evaluate(
        """() => ['ask-title', 'question', 'filter-panel'].map(id => document.getElementById(id))
              .map((n, i, all) => i === 0 ? 0 :
                   (all[i - 1].compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING))"""
    )
    assert all(order[1:]), order
    assert page.locator("#filter-panel").get_attribute("open") is not None  # wide: open
    page.get_by_role("button", name="Hae tekstejä").click()
    assert page.evaluate(
        "document.getElementById('search-q').compareDocumentPosition("
        "document.getElementById('filter-panel')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    narrow = narrow_page(browser)
    try:
        narrow.goto(base_url + "/")
        assert narrow.locator("#filter-panel").get_attribute("open") is None  # folded
        box = narrow.locator("#question").bounding_box()
        assert box is not None and box["y"] + box["height"] < 800  # question box on screen
    finally:
        narrow.context.close()


def test_error_is_visible_after_a_long_conversation(browser: Any, base_url: str) -> None:
    narrow = narrow_page(browser)
    try:
        narrow.goto(base_url + "/")
        ask(narrow, QUESTION)
        ask(narrow, "entä vuonna 2023?")
        narrow.route(
            "**/api/v1/ask",
            lambda route: route.fulfill(
                status=503,
                content_type="application/problem+json",
                body='{"type":"/problems/unavailable","title":"Palvelu ei ole käytettävissä",'
                '"status":503,"detail":"Yritä uudelleen.","instance":"/api/v1/ask"}',
            ),
        )
        narrow.evaluate("window.scrollTo(0, 0)")
        narrow.get_by_label("Kysymys", exact=True).fill("mitä päätettiin")
        narrow.get_by_role("button", name="Lähetä kysymys").click()
        alert = narrow.locator("#ask-error")
        alert.wait_for()
        narrow.wait_for_timeout(200)
        inside = narrow.evaluate(
            "(() => { const r = document.getElementById('ask-error').getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; })()"
        )
        assert inside
    finally:
        narrow.context.close()


def test_documents_table_shows_a_sideways_scroll_cue(
    page: Any, browser: Any, base_url: str
) -> None:
    page.goto(base_url + "/")
    page.get_by_role("button", name="Asiakirjat", exact=True).click()
    docs_listed(page)
    # 1200 px: the table fits (waited for: the cue is updated after layout).
    page.locator("#docs-scroll-hint").wait_for(state="hidden", timeout=10_000)
    narrow = narrow_page(browser)
    try:
        narrow.goto(base_url + "/")
        narrow.get_by_role("button", name="Asiakirjat", exact=True).click()
        docs_listed(narrow)
        # The cue is set after layout (the table's width is measured): wait for it rather
        # than read it at once, which was flaky on a loaded machine.
        narrow.locator("#docs-scroll-hint").wait_for(state="visible", timeout=10_000)
        sync_api.expect(narrow.locator("#docs-table-wrap")).to_have_class(
            re.compile(r"\bscrolls\b")
        )
    finally:
        narrow.context.close()


def test_conversation_survives_a_reload(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    ask(page, QUESTION)
    page.reload()
    page.locator("article.turn").first.wait_for()
    assert page.locator("article.turn").count() == 1
    assert QUESTION in page.locator("article.turn").first.inner_text()
    sent: list[Any] = []
    page.on(
        "request",
        lambda r: sent.append(r.post_data_json) if r.url.endswith("/api/v1/ask") else None,
    )
    ask(page, "entä vuonna 2023?")
    assert sent[0]["history"][0]["question"] == QUESTION  # the follow-up still has its context
    page.get_by_role("button", name="Aloita uusi keskustelu").click()
    page.reload()
    page.wait_for_timeout(300)
    assert page.locator("article.turn").count() == 0


def test_favicon(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    href = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(base_url + href)
    assert response.status == 200 and "svg" in response.headers["content-type"]


# --- the admin view (issue 15): staff upload files, follow their jobs, see the index ------------
@pytest.fixture(scope="module")
def admin_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """A server of its own (the uploads below must not change what the other tests count)
    and its app, whose job worker a test may pause."""
    settings = build_index(tmp_path_factory.mktemp("admin"), WEB_CORPUS)
    app = create_app(settings)
    with live_server(app) as url:
        yield url, app


@pytest.fixture()
def admin_url(admin_app: tuple[str, Any]) -> str:
    return admin_app[0]


ADMIN_SHOT = Path("/tmp/aluehaku-admin.png")


def test_admin_view_uploads_files_and_shows_their_jobs(
    browser: Any, admin_app: tuple[str, Any], tmp_path: Path
) -> None:
    """Twenty files uploaded as staff show queued, then done (one failed, with its reason)."""
    admin_url, app = admin_app
    # Anonymous visitors do not see the admin tab (the API refuses them its data anyway).
    anon = browser.new_context(locale="fi-FI")
    visitor = anon.new_page()
    visitor.goto(admin_url + "/")
    sync_api.expect(visitor.locator("#admin-tab")).to_be_hidden()
    anon.close()

    # A staff key sent with every request (what a signed-in staff session gives a browser).
    context = browser.new_context(
        bypass_csp=True,
        locale="fi-FI",
        viewport={"width": 1200, "height": 900},
        extra_http_headers={"X-API-Key": API_KEY},
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(admin_url + "/")
    tab = page.get_by_role("button", name="Ylläpito")
    sync_api.expect(tab).to_be_visible(timeout=10_000)
    tab.click()
    figures = page.locator("#index-figures")
    sync_api.expect(figures).to_contain_text("Asiakirjoja")
    sync_api.expect(figures).to_contain_text("Sanahaun indeksi")

    names = [f"tiedote_{i:02d}.txt" for i in range(19)]
    paths = []
    for i, name in enumerate(names):
        path = tmp_path / name
        path.write_text(f"Tiedote {i}\n\nKirjaston aukiolo muuttuu {i + 1}. kesäkuuta.\n")
        paths.append(path)
    broken = tmp_path / "rikki.pdf"
    broken.write_bytes(b"%PDF-1.7 ei oikeasti pdf " * 20)
    # The worker paused, as behind a long job: the page shows all twenty queued first.
    jobs = app.state.services.jobs
    jobs.release()
    try:
        page.get_by_label("Tiedostot").set_input_files([*paths, broken])
        page.get_by_label("Kuka näkee").select_option("internal")
        page.get_by_role("button", name="Lataa ja tuo").click()
        rows = page.locator("#jobs-table tbody tr")
        sync_api.expect(rows).to_have_count(20, timeout=30_000)
        queued = page.locator('#jobs-table tbody tr[data-state="queued"]')
        sync_api.expect(queued).to_have_count(20)
        sync_api.expect(page.locator("#jobs-status")).to_contain_text("Jonossa 20")
        sync_api.expect(queued.first).to_contain_text("jonossa")
    finally:
        jobs.hold()
    status = page.locator("#upload-status")
    sync_api.expect(status).to_contain_text(
        "Tuonti valmis: 19 tiedostoa tallennettu", timeout=120_000
    )
    sync_api.expect(status).to_contain_text("1 epäonnistui")
    done = page.locator('#jobs-table tbody tr[data-state="done"]')
    sync_api.expect(done).to_have_count(19)
    failed = page.locator('#jobs-table tbody tr[data-state="failed"]')
    sync_api.expect(failed).to_have_count(1)
    sync_api.expect(failed).to_contain_text("rikki.pdf")
    sync_api.expect(failed.locator(".file-error").first).not_to_be_empty()
    sync_api.expect(done.first).to_contain_text("tallennettu")
    sync_api.expect(page.locator("#jobs-status")).to_contain_text("valmiina 19")
    # The uploads are internal: the table of visibilities counts them.
    internal = page.locator("#visibility-table tbody tr", has_text="Sisäinen")
    sync_api.expect(internal).to_contain_text("19")
    page.screenshot(path=str(ADMIN_SHOT), full_page=True)

    assert not serious(axe_violations(page)), axe_violations(page)
    assert not errors
    context.close()


def test_admin_view_syncs_a_source_as_a_job(browser: Any, admin_url: str) -> None:
    import json

    import httpx

    from tests.sources_site import SiteServer, ahjo_decisions

    with SiteServer() as site:
        site.put("/paatokset", json.dumps(ahjo_decisions()), "application/json")
        body = {"kind": "ahjo", "url": f"{site.base}/paatokset", "name": "ahjo"}
        made = httpx.post(
            f"{admin_url}/api/v1/sources",
            json={**body, "allow_private": True},
            headers={"X-API-Key": API_KEY},
        )
        assert made.status_code == 201, made.text
        context = browser.new_context(locale="fi-FI", extra_http_headers={"X-API-Key": API_KEY})
        page = context.new_page()
        page.goto(admin_url + "/")
        page.get_by_role("button", name="Ylläpito").click()
        source = page.locator("#sources-table tbody tr", has_text="ahjo")
        sync_api.expect(source).to_contain_text("ei vielä")
        source.get_by_role("button", name="Synkronoi lähde ahjo").click()
        sync_api.expect(page.locator("#sources-status")).to_contain_text("jonossa")
        row = page.locator("#jobs-table tbody tr", has_text="Lähteen ahjo synkronointi")
        sync_api.expect(row).to_have_attribute("data-state", "done", timeout=60_000)
        sync_api.expect(row).to_contain_text("3 kohdetta käsitelty")
        sync_api.expect(source).not_to_contain_text("ei vielä")
        # A finished sync can be run again from its row: a new job, whose items are unchanged.
        row.get_by_role("button", name=re.compile("Yritä uudelleen")).click()
        sync_api.expect(row).to_have_count(2, timeout=30_000)
        sync_api.expect(row.first).to_have_attribute("data-state", "done", timeout=60_000)
        sync_api.expect(row.first).to_contain_text("ennallaan")
        context.close()

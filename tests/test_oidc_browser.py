"""Sign-in end to end in headless Chromium: the web UI's "Kirjaudu sisään" link, the login form of
an OpenID Connect provider on loopback (tests/oidc_provider.py: code flow with PKCE, RS256 ID
tokens), and back, as a reader and as staff; each sees exactly the documents their rights allow
in the document browser and in search, and only staff get the admin view.

Set ``UPDATE_SCREENSHOTS=1`` to write the admin view's screenshot to docs/admin-page.png (not an
ALUEHAKU_ variable: conftest clears those).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("authlib")
sync_api = pytest.importorskip("playwright.sync_api")

from aluehaku.api.app import create_app  # noqa: E402
from aluehaku.config import Settings  # noqa: E402
from aluehaku.ingest.pipeline import Ingestor  # noqa: E402
from aluehaku.store import Store  # noqa: E402
from tests._api_support import free_port, live_server  # noqa: E402
from tests.oidc_provider import (  # noqa: E402
    node_provider_missing,
    oidc_settings,
    running_node_provider,
    running_provider,
)

CHROMIUM = Path("/usr/bin/chromium")
DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"
CLIENT_ID, CLIENT_SECRET = "aluehaku-browser", "browser-secret-0123456789"
#: title -> (visibility rule, body); every body names the library so one search finds all three.
DOCS = {
    "Kirjaston aukioloajat": (None, "Kirjaston aukioloajat muuttuvat kesällä."),
    "Kirjaston työvuorolista": ("internal", "Kirjaston henkilöstön työvuorolista syksylle."),
    "Palkkaneuvottelun muistio": ("restricted:hr", "Kirjastonhoitajan palkkaneuvottelun muistio."),
}
ACCOUNTS: dict[str, tuple[str, dict[str, Any]]] = {
    "lukija": ("lukija-salasana", {"sub": "r1", "name": "Liisa Lukija", "roles": ["reader"]}),
    "virkailija": (
        "virkailija-salasana",
        {"sub": "s1", "name": "Ville Virkailija", "roles": "staff"},
    ),
}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian Chromium (/usr/bin/chromium) is not installed: apt-get install chromium",
)


def _ingest(settings: Settings, corpus: Path) -> None:
    """One public, one internal and one group-restricted document, by folder rule."""
    for i, (title, (visibility, body)) in enumerate(DOCS.items()):
        folder = corpus / f"kansio{i}"
        folder.mkdir(parents=True)
        (folder / f"asiakirja{i}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        if visibility:
            (folder / ".aluehaku-visibility").write_text(visibility)
    store = Store(settings.data_dir)
    Ingestor(store, settings).run([corpus])
    store.close()


@pytest.fixture(scope="module", params=["python", "oidc-provider"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on loopback, signing in at a provider on loopback; anonymous reads the public.

    Two providers: the project's minimal one (tests/oidc_provider.py) and the certified npm
    ``oidc-provider`` (tests/oidc_node), installed from its lock file on first use.
    """
    tmp = tmp_path_factory.mktemp("oidc-browser")
    if request.param == "python":
        with running_provider(CLIENT_ID, CLIENT_SECRET) as provider:
            provider.accounts = ACCOUNTS
            settings = oidc_settings(
                tmp / "data", provider.issuer, CLIENT_ID, CLIENT_SECRET, public_read=True
            )
            _ingest(settings, tmp / "corpus")
            with live_server(create_app(settings)) as url:
                yield url
        return
    missing = node_provider_missing()
    if missing:
        pytest.skip(missing)
    port = free_port()  # the issuer goes into the settings before the provider starts
    issuer = f"http://127.0.0.1:{port}"
    settings = oidc_settings(tmp / "data", issuer, CLIENT_ID, CLIENT_SECRET, public_read=True)
    _ingest(settings, tmp / "corpus")
    claims = {login: account[1] for login, account in ACCOUNTS.items()}
    with live_server(create_app(settings)) as url:
        callback = url + "/auth/callback"  # registered exactly at the provider
        with running_node_provider(port, CLIENT_ID, CLIENT_SECRET, callback, claims):
            yield url


@pytest.fixture(scope="module")
def page(site: str) -> Iterator[Any]:
    """One headless Chromium tab for the whole flow (sign-in state lives in its cookies)."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        context = browser.new_context(locale="fi-FI", viewport={"width": 1200, "height": 900})
        yield context.new_page()
        browser.close()


def sign_in(page: Any, site: str, username: str) -> None:
    """Click the UI's sign-in link and log in on the provider's own page."""
    page.goto(site + "/")
    page.get_by_role("link", name="Kirjaudu sisään").click()
    # Both providers' login pages have these fields (the npm package's development form).
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(ACCOUNTS[username][0])
    page.get_by_role("button", name="Sign-in").click()
    name = ACCOUNTS[username][1]["name"]
    sync_api.expect(page.locator("#account")).to_contain_text(f"Kirjautunut: {name}")
    assert page.url.rstrip("/") == site  # back on the app, where the sign-in started


def sign_out(page: Any) -> None:
    """The UI's sign-out button ends the session; the page offers sign-in again."""
    page.get_by_role("button", name="Kirjaudu ulos").click()
    sync_api.expect(page.get_by_role("link", name="Kirjaudu sisään")).to_be_visible()


def expect_documents(page: Any, titles: list[str]) -> None:
    """The document browser lists exactly ``titles`` (in any order)."""
    page.get_by_role("button", name="Asiakirjat", exact=True).click()
    rows = page.locator("#docs-table tbody th")
    sync_api.expect(rows).to_have_count(len(titles))
    assert sorted(rows.all_inner_texts()) == sorted(titles)


def expect_search(page: Any, titles: list[str]) -> None:
    """A search that matches every document finds exactly ``titles``' documents."""
    page.get_by_role("button", name="Hae tekstejä").click()
    page.locator("#search-q").fill("kirjasto")
    page.locator("#search-q").press("Enter")
    cards = page.locator("#search-results > li")
    sync_api.expect(cards).to_have_count(len(titles))
    text = " ".join(cards.all_inner_texts())
    for title in DOCS:
        assert (title in text) == (title in titles), (title, text)


def test_reader_and_staff_sign_in_in_chromium_and_see_their_documents(
    page: Any, site: str, tmp_path: Path
) -> None:
    public, internal, restricted = DOCS
    page.goto(site + "/")
    expect_documents(page, [public])  # anonymous: public only
    assert page.locator("#admin-tab").is_hidden()

    sign_in(page, site, "lukija")
    expect_documents(page, [public, internal])
    expect_search(page, [public, internal])
    assert page.locator("#admin-tab").is_hidden()  # a reader gets no admin view
    sign_out(page)
    expect_documents(page, [public])  # the session really ended
    # Sign-out ends aluehaku's session, not the provider's single sign-on session, which would
    # sign the next person straight in as the previous one; a new person starts with no cookies.
    page.context.clear_cookies()

    sign_in(page, site, "virkailija")
    expect_documents(page, [public, internal, restricted])
    expect_search(page, [public, internal, restricted])
    admin_tab = page.get_by_role("button", name="Ylläpito")
    sync_api.expect(admin_tab).to_be_visible()
    admin_tab.click()

    # Staff upload through the admin view's form; the job is queued and finishes.
    upload = tmp_path / "kirjaston-tiedote.txt"
    upload.write_text("Kirjaston tiedote\n\nKirjasto on suljettu juhannuksena.\n", encoding="utf-8")
    page.locator("#upload-files").set_input_files(str(upload))
    page.get_by_label("Kuka näkee").select_option("internal")
    page.get_by_role("button", name="Lataa ja tuo").click()
    job = page.locator("#jobs-table tbody tr").first
    sync_api.expect(job).to_contain_text("valmis", timeout=30_000)
    sync_api.expect(job).to_contain_text("kirjaston-tiedote.txt")
    update = os.environ.get("UPDATE_SCREENSHOTS") == "1"
    shot = DOCS_DIR / "admin-page.png" if update else tmp_path / "admin-page.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000  # a rendered page, not an empty image
    sign_out(page)
    expect_documents(page, [public])

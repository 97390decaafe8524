"""A minimal OpenID Connect provider on loopback, for the sign-in tests only.

It speaks the parts of the protocol that aluehaku's sign-in uses, strictly: discovery, the
authorization endpoint (code flow; a PKCE S256 challenge is required, other methods refused),
the token endpoint (client secret by HTTP Basic or form, the PKCE verifier checked against the
challenge, codes single-use) and the JWKS with which RS256 ID tokens are verified. The user who
"signs in" is whatever the test puts in :attr:`Provider.user`, or, when :attr:`Provider.accounts`
is filled, whoever a browser signs in as on the provider's HTML login form.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import json
import os
import secrets
import shutil
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

from aluehaku.config import Settings
from tests._api_support import make_settings


class Provider:
    """State of one provider: its key, client, issued codes and the next user."""

    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
        self.codes: dict[str, dict[str, Any]] = {}
        self.user: dict[str, Any] = {}
        #: username -> (password, claims): when set, /authorize shows a login form.
        self.accounts: dict[str, tuple[str, dict[str, Any]]] = {}
        self.issuer = ""
        #: What the token endpoint saw, for the test to inspect (PKCE verifier present …).
        self.token_requests: list[dict[str, str]] = []

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], str]:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}, "unauthorized_client"
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return 400, {}, "PKCE S256 required"
        if self.accounts:  # a browser signs in on the form, which posts back here
            return 200, {"Content-Type": "text/html; charset=utf-8"}, login_form(query)
        return self.grant(query, self.user)

    def sign_in(self, form: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """The login form's POST: the request's parameters plus a username and password."""
        username, password = form.pop("login", ""), form.pop("password", "")
        account = self.accounts.get(username)
        if account is None or not secrets.compare_digest(account[0], password):
            return 401, {}, "invalid username or password"
        status, headers, text = self.authorize(form)
        if status != 200:  # the parameters were refused
            return status, headers, text
        return self.grant(form, account[1])

    def grant(self, query: dict[str, str], user: dict[str, Any]) -> tuple[int, dict[str, str], str]:
        """Issue a single-use code for ``user`` and send the browser back to the client."""
        code = secrets.token_urlsafe(24)
        self.codes[code] = {**query, "user": dict(user)}
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        return 302, {"Location": target}, ""

    def token(self, form: dict[str, str], auth: str | None) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if auth and auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # single use
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.get("nonce"),
            **grant["user"],
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)
        return 200, {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }


def login_form(query: dict[str, str]) -> str:
    """A plain login page carrying the authorization request in hidden fields."""
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in query.items()
    )
    return (
        '<!doctype html><html lang="en"><title>Test provider</title>'
        '<form method="post" action="/authorize">'
        f"{hidden}"
        '<label>Login <input name="login" autocomplete="username" required></label>'
        '<label>Password <input name="password" type="password" required></label>'
        '<button type="submit">Sign-in</button></form></html>'
    )


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: Any = "", headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode() if isinstance(body, dict) else str(body).encode()
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            ctype = "application/json" if isinstance(body, dict) else "text/plain"
            if "Content-Type" not in (headers or {}):
                self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._send(200, provider.discovery())
            elif url.path == "/jwks":
                self._send(200, {"keys": [provider.key.as_dict(private=False)]})
            elif url.path == "/authorize":
                status, headers, text = provider.authorize(query)
                self._send(status, text, headers)
            else:
                self._send(404, "not found")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            path = urlsplit(self.path).path
            if path == "/authorize":
                status, headers, text = provider.sign_in(form)
                self._send(status, text, headers)
            elif path == "/token":
                status, body = provider.token(form, self.headers.get("Authorization"))
                self._send(status, body)
            else:
                self._send(404, "not found")

    return Handler


def oidc_settings(
    data_dir: Path, issuer: str, client_id: str, client_secret: str, **overrides: Any
) -> Settings:
    """Settings that sign in at ``issuer`` over plain http; reads closed unless overridden."""
    values: dict[str, Any] = {
        "public_read": False,
        "oidc_issuer": issuer,
        "oidc_client_id": client_id,
        "oidc_client_secret": client_secret,
        "session_secret": "s" * 40,
        "session_https_only": False,  # loopback and the test client speak plain http
    }
    return make_settings(data_dir, **{**values, **overrides})


@contextlib.contextmanager
def running_provider(client_id: str, client_secret: str) -> Iterator[Provider]:
    """A provider serving on 127.0.0.1:<free port> until the block ends."""
    provider = Provider(client_id, client_secret)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()


NODE_PROVIDER = Path(__file__).resolve().parent / "oidc_node"


def node_provider_missing() -> str | None:
    """Why the npm ``oidc-provider`` cannot run here, or None when it can.

    Installs the pinned package (``npm ci``, from package-lock.json) on first use.
    """
    if not (shutil.which("node") and shutil.which("npm")):
        return "node and npm are not installed (scripts/ensure-system-deps.sh --test adds them)"
    version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout
    # Tried only on Node 20+; Debian 12's Node 18 is past its end of life.
    if int(version.lstrip("v").split(".")[0] or 0) < 20:
        return f"the oidc-provider test needs Node.js 20 or newer, this is {version.strip()}"
    if not (NODE_PROVIDER / "node_modules" / "oidc-provider").is_dir():
        done = subprocess.run(
            ["npm", "ci", "--prefix", str(NODE_PROVIDER), "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            return f"npm ci of tests/oidc_node failed: {done.stderr.strip()[-300:]}"
    return None


@contextlib.contextmanager
def running_node_provider(
    port: int, client_id: str, client_secret: str, redirect_uri: str, accounts: dict[str, Any]
) -> Iterator[str]:
    """The npm ``oidc-provider`` (tests/oidc_node/provider.mjs) on 127.0.0.1:``port``.

    ``accounts`` maps a login to its claims. Yields the issuer once discovery answers.
    """
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": client_id,
        "CLIENT_SECRET": client_secret,
        "REDIRECT_URI": redirect_uri,
        "ACCOUNTS": json.dumps(accounts),
    }
    issuer = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        ["node", str(NODE_PROVIDER / "provider.mjs")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration") as r:
                    if json.load(r)["issuer"] == issuer:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"oidc-provider did not start: {proc.communicate()[1][-500:]}")
            time.sleep(0.1)
        yield issuer
    finally:
        proc.terminate()
        proc.wait(timeout=10)

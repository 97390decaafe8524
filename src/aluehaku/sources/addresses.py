"""Which addresses a fetch may reach: the guard against server-side request forgery (SSRF).

A URL from a source (or from a redirect, a sitemap or a feed) must not make aluehaku talk to the
machine itself, the local network or a cloud metadata service. Names are resolved here, every
address they resolve to must be public, and the caller connects to the address vetted here (not to
the name again), so a DNS answer that changes between check and use (rebinding) cannot slip in.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from aluehaku.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Target:
    """A URL split for a pinned connection: the host name as written and its vetted address."""

    scheme: str
    host: str
    port: int
    address: str


def is_public(ip: IPAddress) -> bool:
    """True for an address on the public internet (not private, loopback, link-local, unique-local,
    multicast, reserved or unspecified); IPv4 mapped into IPv6 is judged as IPv4."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(url: str, *, allow_private: bool) -> Target:
    """Vet ``url``: an http(s) URL whose host resolves only to allowed addresses.

    Raises :class:`FetchError` (``scheme``, ``dns`` or ``blocked-address``). With
    ``allow_private`` (a source that the operator marked as local) every address is allowed.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(
            f"Osoite {url!r}: vain http- ja https-osoitteet ovat sallittuja.", reason="scheme"
        )
    host = parts.hostname
    if not host:
        raise FetchError(f"Osoitteesta {url!r} puuttuu palvelimen nimi.", reason="scheme")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"Osoitteen {url!r} portti on virheellinen.", reason="scheme") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"Nimeä {host} ei löydy ({exc}).", reason="dns") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise FetchError(f"Nimeä {host} ei löydy.", reason="dns")
    if not allow_private:
        # Every answer must be public: a name that also resolves to 10.0.0.1 is refused outright
        # rather than hoping the public answer is the one used.
        blocked = [ip for ip in addresses if not is_public(ip)]
        if blocked:
            raise FetchError(
                f"Osoite {host} ({blocked[0]}) on paikallinen tai yksityinen; sitä ei haeta. "
                "Paikallisen lähteen voi sallia valinnalla --allow-private.",
                reason="blocked-address",
            )
    return Target(scheme, host, port, str(addresses[0]))

"""What warta may connect to: http(s) URLs whose host is, and resolves only to, public addresses.

A host is resolved by a :class:`Resolver` (``socket.getaddrinfo`` by default; tests give a stub)
and every address it resolves to is checked with :mod:`ipaddress`: private (10/8, 172.16/12,
192.168/16, fc00::/7), loopback (127/8, ::1), link-local (169.254/16, fe80::/10), multicast,
unspecified (0.0.0.0, ::), reserved, and anything else that is not globally reachable (100.64/10,
the documentation ranges) is refused, and so is an IPv4 address written as IPv6
(``::ffff:10.0.0.1``). One such address among a host's records refuses the host: which record a
connection would use is not ours to choose. ``allow_private`` lifts the address check; the
scheme check stays.

The check runs for every URL before its request, for every redirect's target, and again at
connect time inside the transport (:mod:`warta.fetch.transport`), which connects only to the
addresses it has just checked.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from typing import Protocol

import httpx

from ..errors import FetchError, RefusedURLError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

SCHEMES = frozenset({"http", "https"})
ALLOW_HINT = "warta fetches only from public addresses; --allow-private allows this one"

# The properties that refuse an address, most telling first (127.0.0.1 is private too, but
# "loopback" says more).
_REFUSED_KINDS = (
    ("is_loopback", "loopback"),
    ("is_link_local", "link-local"),
    ("is_multicast", "multicast"),
    ("is_unspecified", "unspecified"),
    ("is_private", "private"),
    ("is_reserved", "reserved"),
)


class Resolver(Protocol):
    """Turns a host name into the IP addresses (text) it stands for; raises OSError when it cannot."""

    def resolve(self, host: str) -> Sequence[str]: ...


class SystemResolver:
    """The operating system's resolver (``socket.getaddrinfo``), addresses in the order it gives."""

    def resolve(self, host: str) -> Sequence[str]:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        return list(dict.fromkeys(str(info[4][0]) for info in infos))


def why_refused(address: IPAddress) -> str | None:
    """What kind of non-public address ``address`` is ("private", "loopback", …), or None when public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for test, kind in _REFUSED_KINDS:
        if getattr(address, test):
            return kind
    return None if address.is_global else "non-public"


def parse_url(url: str) -> httpx.URL:
    """``url`` parsed, refused unless it is an http(s) URL with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise RefusedURLError(f"not a valid URL ({exc})", path=url) from None
    if parsed.scheme not in SCHEMES:
        scheme = parsed.scheme or "none"
        raise RefusedURLError(f"refused: only http and https URLs are fetched (scheme: {scheme})", path=url)
    if not parsed.raw_host:
        raise RefusedURLError("refused: the URL has no host", path=url)
    return parsed


class AddressPolicy:
    """Resolves hosts and checks every address they resolve to (see the module's docstring)."""

    def __init__(self, resolver: Resolver, *, allow_private: bool = False) -> None:
        self.resolver = resolver
        self.allow_private = allow_private

    def addresses(self, host: str, *, url: str | None = None) -> list[IPAddress]:
        """The addresses of ``host`` (a name or an IP literal), every one allowed; raises
        :class:`RefusedURLError` (naming ``url``, else the host) when one is not, and
        :class:`FetchError` when the name does not resolve."""
        where = url or host
        try:
            literal: IPAddress | None = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        if literal is not None:
            found = [literal]
        else:
            try:
                found = [ipaddress.ip_address(a.split("%", 1)[0]) for a in self.resolver.resolve(host)]
            except (OSError, UnicodeError, ValueError) as exc:
                raise FetchError(f"cannot resolve the host {host!r} ({exc})", path=where) from None
            if not found:
                raise FetchError(f"the host {host!r} resolves to no address", path=where)
        if not self.allow_private:
            for address in found:
                kind = why_refused(address)
                if kind is not None:
                    named = f"{address}" if literal is not None else f"{host} resolves to {address}, which"
                    raise RefusedURLError(f"refused: {named} is a {kind} address ({ALLOW_HINT})", path=where)
        return found

    def check_url(self, url: str) -> httpx.URL:
        """``url`` parsed, after the scheme and every address of its host are checked."""
        parsed = parse_url(url)
        self.addresses(parsed.raw_host.decode("ascii"), url=url)
        return parsed

"""An httpx transport that connects only to addresses it has just checked (no DNS rebinding).

Checking a host's addresses and then letting the HTTP library resolve the name again to connect
leaves a gap: a name can resolve to a public address for the check and to 10.0.0.1 a moment later
for the connection (DNS rebinding). :class:`PinnedBackend` closes it. It is an httpcore network
backend: httpcore asks it for a TCP connection to ``(host, port)``, and it resolves ``host`` with
warta's :class:`~warta.fetch.safety.AddressPolicy`, checks every address, and connects to those
addresses themselves (IP literals, so nothing is resolved again), then verifies that the socket's
peer is the address it checked. The URL, and so the ``Host`` header, TLS SNI and certificate
check, keep the host name: httpcore starts TLS on the returned stream with the origin's name.

:class:`PinnedTransport` is httpx's own ``HTTPTransport`` (connection pool, HTTP/1.1, TLS) with
its pool built on this backend, and it never reads proxy settings from the environment (a proxy
would make the connection, and its address checks, someone else's).
"""

from __future__ import annotations

import ipaddress
import ssl
import typing

import httpcore
import httpx

from .safety import AddressPolicy


class PinnedBackend(httpcore.NetworkBackend):
    """Connects to a host's checked addresses only, in the resolver's order."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self._sync = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        failure: Exception | None = None
        for address in self.policy.addresses(host):  # raises RefusedURLError before any connection
            try:
                stream = self._sync.connect_tcp(str(address), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:  # try the host's next address
                failure = exc
                continue
            _verify_peer(stream, address)
            return stream
        raise httpcore.ConnectError(str(failure) if failure else f"no address to connect to for {host}")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("warta does not fetch over Unix sockets")


def _verify_peer(stream: httpcore.NetworkStream, expected: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    """The connected socket's peer must be the checked address (a second guard, cheap)."""
    sock = stream.get_extra_info("socket")
    peer = ipaddress.ip_address(str(sock.getpeername()[0]).split("%", 1)[0]) if sock is not None else None
    if peer != expected:
        stream.close()
        raise httpcore.ConnectError(f"connected to {peer}, not the checked address {expected}")


class PinnedTransport(httpx.HTTPTransport):
    """httpx's HTTP transport over :class:`PinnedBackend`; proxies from the environment are ignored."""

    def __init__(self, policy: AddressPolicy, *, ssl_context: ssl.SSLContext | None = None) -> None:
        super().__init__(trust_env=False)
        # httpx builds its pool in __init__ and offers no way to give it a network backend: the pool
        # is built again, as httpx does, with ours (tests/unit/test_fetch_transport.py checks it).
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(trust_env=False),
            max_connections=20,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            network_backend=PinnedBackend(policy),
        )

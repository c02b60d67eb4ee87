"""The transport connects only to the addresses it has just checked, and to nothing else.

These tests open real sockets, to the local test server on 127.0.0.1 only: every one runs under
:func:`guard_connections`, which fails the test before a connection to any other address (or a
DNS lookup) is made. Names resolve through a stub resolver.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from tests.fetch_server import LOOPBACK, ConnectionLog, FeedServer, Reply, StubResolver, guard_connections, serving

from warta.errors import RefusedURLError
from warta.fetch.safety import AddressPolicy
from warta.fetch.transport import PinnedBackend, PinnedTransport


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with serving() as server:
        server.routes["/berita"] = Reply(body=b"<p>halo</p>")
        yield server


@pytest.fixture
def log(monkeypatch: pytest.MonkeyPatch) -> ConnectionLog:
    return guard_connections(monkeypatch)


def client(resolver: StubResolver, *, allow_private: bool) -> httpx.Client:
    return httpx.Client(transport=PinnedTransport(AddressPolicy(resolver, allow_private=allow_private)))


def test_the_pool_is_built_on_the_pinned_backend() -> None:
    transport = PinnedTransport(AddressPolicy(StubResolver({})))
    assert isinstance(transport._pool._network_backend, PinnedBackend)


def test_it_really_connects_to_127_0_0_1_when_private_addresses_are_allowed(
    server: FeedServer, log: ConnectionLog
) -> None:
    with client(StubResolver({}), allow_private=True) as http:
        response = http.get(server.url("/berita"))
    assert response.status_code == 200 and response.content == b"<p>halo</p>"
    assert log.connects == [(LOOPBACK, server.port)] and log.lookups == []


def test_a_name_connects_to_the_address_it_was_checked_for_and_keeps_its_host_header(
    server: FeedServer, log: ConnectionLog
) -> None:
    resolver = StubResolver({"berita.test": [LOOPBACK]})
    with client(resolver, allow_private=True) as http:
        response = http.get(f"http://berita.test:{server.port}/berita")
    assert response.status_code == 200
    assert server.hits("/berita")[0].headers["host"] == f"berita.test:{server.port}"
    assert resolver.asked == ["berita.test"]
    assert log.elsewhere() == [] and log.lookups == []


def test_a_refused_connection_is_a_connection_error(server: FeedServer, log: ConnectionLog) -> None:
    with serving() as closed:  # a port that was listening a moment ago and now refuses
        dead_port = closed.port
    resolver = StubResolver({"berita.test": [LOOPBACK]})
    with client(resolver, allow_private=True) as http, pytest.raises(httpx.ConnectError):
        http.get(f"http://berita.test:{dead_port}/berita")
    assert log.elsewhere() == []


def test_a_name_that_resolves_to_10_x_is_refused_at_connect_time_without_a_connection(log: ConnectionLog) -> None:
    resolver = StubResolver({"evil.example": ["10.0.0.1"]})
    with client(resolver, allow_private=False) as http, pytest.raises(RefusedURLError, match="private address"):
        http.get("http://evil.example/")
    assert resolver.asked == ["evil.example"]
    assert log.connects == [] and log.lookups == []


def test_dns_rebinding_is_caught_at_connect_time(log: ConnectionLog) -> None:
    """The name is public when the URL is checked and private a moment later, when the connection
    is made: the transport resolves it itself and connects only to what it has just checked."""
    answers = iter([["93.184.216.34"], ["10.0.0.1"]])
    resolver = StubResolver(lambda host: next(answers))
    policy = AddressPolicy(resolver)
    policy.check_url("http://rebind.example/")  # public: allowed
    with httpx.Client(transport=PinnedTransport(policy)) as http, pytest.raises(RefusedURLError, match=r"10\.0\.0\.1"):
        http.get("http://rebind.example/")
    assert log.connects == []


@pytest.mark.parametrize("url", ["http://10.0.0.1/", "http://192.168.1.1:8080/", "http://[::1]/", "http://127.0.0.1/"])
def test_an_ip_literal_that_is_not_public_is_refused_at_connect_time(log: ConnectionLog, url: str) -> None:
    with client(StubResolver({}), allow_private=False) as http, pytest.raises(RefusedURLError):
        http.get(url)
    assert log.connects == []


def test_proxy_settings_in_the_environment_are_ignored(
    server: FeedServer, log: ConnectionLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://10.9.9.9:3128")
    with client(StubResolver({}), allow_private=True) as http:
        assert http.get(server.url("/berita")).status_code == 200
    assert log.elsewhere() == []


def test_unix_sockets_are_not_used() -> None:
    backend = PinnedBackend(AddressPolicy(StubResolver({})))
    with pytest.raises(Exception, match="Unix sockets"):
        backend.connect_unix_socket("/var/run/docker.sock")

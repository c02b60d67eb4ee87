"""What warta may connect to: http(s) only, and only hosts whose every address is public.

Every test here runs under :func:`guard_connections` with a stub resolver: a refusal is decided
from the URL and the resolver's answer alone, and no test sends a packet or asks DNS anything.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest
from tests.fetch_server import ConnectionLog, StubResolver, guard_connections

from warta.errors import FetchError, RefusedURLError
from warta.fetch.safety import AddressPolicy, parse_url, why_refused

PUBLIC = "93.184.216.34"

# (address, the kind the refusal names)
REFUSED = [
    ("10.0.0.1", "private"),
    ("10.255.255.254", "private"),
    ("172.16.0.1", "private"),
    ("172.20.10.5", "private"),
    ("172.31.255.254", "private"),
    ("192.168.0.1", "private"),
    ("192.168.255.254", "private"),
    ("127.0.0.1", "loopback"),
    ("127.53.0.9", "loopback"),
    ("169.254.169.254", "link-local"),  # the cloud metadata service
    ("169.254.0.1", "link-local"),
    ("::1", "loopback"),
    ("fe80::1", "link-local"),
    ("fc00::1", "private"),
    ("fd12:3456::1", "private"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("::ffff:10.0.0.1", "private"),  # an IPv4 address written as IPv6
    ("::ffff:127.0.0.1", "loopback"),
    ("100.64.0.1", "non-public"),  # carrier-grade NAT
]
ALLOWED = [PUBLIC, "8.8.8.8", "172.15.255.254", "172.32.0.1", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:8.8.8.8"]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[ConnectionLog]:
    log = guard_connections(monkeypatch)
    yield log
    assert log.connects == [] and log.lookups == []


def url_of(address: str) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}/berita/1"


def policy(names: dict[str, list[str]] | None = None, *, allow_private: bool = False) -> AddressPolicy:
    return AddressPolicy(StubResolver(names or {}), allow_private=allow_private)


@pytest.mark.parametrize(("address", "kind"), REFUSED)
def test_an_address_that_is_not_public_is_refused_by_kind(address: str, kind: str) -> None:
    assert why_refused(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("address", ALLOWED)
def test_a_public_address_is_allowed(address: str) -> None:
    assert why_refused(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(("address", "kind"), REFUSED)
def test_a_url_with_a_non_public_ip_literal_is_refused_naming_the_url(address: str, kind: str) -> None:
    resolver = StubResolver({})
    url = url_of(address)
    with pytest.raises(RefusedURLError) as refused:
        AddressPolicy(resolver).check_url(url)
    assert refused.value.path == url
    assert f"is a {kind} address" in refused.value.reason
    assert "--allow-private" in refused.value.reason
    assert resolver.asked == []  # an IP literal is not resolved


@pytest.mark.parametrize(("address", "kind"), REFUSED)
def test_a_name_that_resolves_to_a_non_public_address_is_refused(address: str, kind: str) -> None:
    with pytest.raises(RefusedURLError) as refused:
        policy({"intranet.example": [address]}).check_url("https://intranet.example/rahasia")
    assert refused.value.path == "https://intranet.example/rahasia"
    assert f"intranet.example resolves to {ipaddress.ip_address(address)}" in refused.value.reason
    assert kind in refused.value.reason


@pytest.mark.parametrize("address", ALLOWED)
def test_a_name_that_resolves_to_public_addresses_is_allowed(address: str) -> None:
    parsed = policy({"news.example": [address]}).check_url("https://news.example/berita?id=1")
    assert parsed.host == "news.example"


def test_one_private_address_among_several_refuses_the_host() -> None:
    names = {"news.example": [PUBLIC, "2606:2800:220:1::1", "10.1.2.3"]}
    with pytest.raises(RefusedURLError, match=r"resolves to 10\.1\.2\.3"):
        policy(names).check_url("http://news.example/")


def test_a_scoped_ipv6_answer_is_checked_without_its_zone() -> None:
    with pytest.raises(RefusedURLError, match="link-local"):
        policy({"printer.example": ["fe80::1%eth0"]}).check_url("http://printer.example/")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://news.example/berita.txt",
        "file:///etc/passwd",
        "gopher://news.example/",
        "javascript:alert(1)",
        "data:text/html,<p>hai</p>",
        "news.example/berita/1",  # no scheme at all
    ],
)
@pytest.mark.parametrize("allow_private", [False, True])
def test_only_http_and_https_are_fetched_even_with_allow_private(url: str, allow_private: bool) -> None:
    resolver = StubResolver({"news.example": [PUBLIC]})
    with pytest.raises(RefusedURLError, match="only http and https") as refused:
        AddressPolicy(resolver, allow_private=allow_private).check_url(url)
    assert refused.value.path == url
    assert resolver.asked == []  # refused before the host is even looked at


def test_a_url_without_a_host_is_refused() -> None:
    with pytest.raises(RefusedURLError, match="no host"):
        parse_url("http:///berita")


@pytest.mark.parametrize(("address", "_kind"), REFUSED)
def test_allow_private_lifts_the_address_check(address: str, _kind: str) -> None:
    assert policy(allow_private=True).check_url(url_of(address)).scheme == "http"
    assert policy({"nas.lan": [address]}, allow_private=True).check_url("http://nas.lan/feed.xml")


def test_the_addresses_come_back_in_the_resolvers_order() -> None:
    found = policy({"news.example": ["2606:2800:220:1::1", PUBLIC]}).addresses("news.example")
    assert [str(a) for a in found] == ["2606:2800:220:1::1", PUBLIC]


def test_a_name_that_does_not_resolve_is_a_fetch_error_not_a_refusal() -> None:
    with pytest.raises(FetchError, match=r"cannot resolve the host 'nowhere\.example'") as failed:
        policy().check_url("http://nowhere.example/x")
    assert not isinstance(failed.value, RefusedURLError)
    assert failed.value.path == "http://nowhere.example/x"


def test_a_name_that_resolves_to_nothing_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="resolves to no address"):
        policy({"empty.example": []}).check_url("http://empty.example/")

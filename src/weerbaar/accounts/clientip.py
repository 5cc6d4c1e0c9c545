"""The client's address, read correctly behind the reverse proxies named in the settings.

``X-Forwarded-For`` is only believed when the connection comes from a trusted proxy
(``WEERBAAR_TRUSTED_PROXIES``); the client is then the right-most address in the header that
is not itself a trusted proxy. Anyone else can write the header, so from any other peer it is
ignored and the connection's own address is the client's.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(settings.WEERBAAR_TRUSTED_PROXIES))


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address in network for network in trusted_networks())


def client_ip(request: HttpRequest) -> str:
    """The client's address as text (also django-axes' ``AXES_CLIENT_IP_CALLABLE``)."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return ""
    if not _is_trusted(peer):
        return str(peer)
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        address = _parse(hop)
        if address is None:
            break  # a malformed entry: do not look further left than the last trusted hop
        client = address
        if not _is_trusted(address):
            break
    return str(client)

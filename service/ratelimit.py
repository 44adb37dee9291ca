"""Per-client rate limits on the routes that cost something (ask, search,
feedback), with the ``limits`` library's moving window kept in memory.

The client is the peer address of the connection; ``X-Forwarded-For`` is
believed only when that peer is one of the operator's proxies (anyone else
could write any address in it and so escape the limit).
"""

from __future__ import annotations

import ipaddress
import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: list[str]) -> list[Network]:
    """Addresses or networks ("10.0.0.0/8", "127.0.0.1") of trusted proxies."""
    return [ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip()]


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(peer: str | None, forwarded_for: str | None, trusted: list[Network]) -> str:
    """The address to count a request against: the peer, or when the peer is
    a trusted proxy, the right-most address in X-Forwarded-For that is not
    itself a trusted proxy (the one the first trusted proxy saw)."""
    peer = peer or "unknown"
    if not trusted or not forwarded_for:
        return peer
    here = _address(peer)
    if here is None or not any(here in n for n in trusted):
        return peer
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            return peer  # a malformed chain: do not trust any of it
        if not any(address in n for n in trusted):
            return str(address)
    return peer


class RateLimits:
    """One limit per route path; ``check`` says how many seconds the client must wait (0 = go)."""

    def __init__(self, limits: dict[str, str], trusted_proxies: list[str], exempt: list[str] | None = None) -> None:
        self._items: dict[str, RateLimitItem] = {path: parse(spec) for path, spec in limits.items() if spec.strip()}
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self.trusted = parse_networks(trusted_proxies)
        self.exempt = parse_networks(exempt or [])

    def applies_to(self, path: str) -> bool:
        return path in self._items

    def check(self, path: str, client: str) -> int:
        item = self._items.get(path)
        if item is None or self._is_exempt(client) or self._limiter.hit(item, path, client):
            return 0
        reset = self._limiter.get_window_stats(item, path, client).reset_time
        return max(1, math.ceil(reset - time.time()))

    def _is_exempt(self, client: str) -> bool:
        """Whether the client (as :func:`client_address` resolved it) is one the operator exempted."""
        if not self.exempt:
            return False
        address = _address(client)
        return address is not None and any(address in n for n in self.exempt)

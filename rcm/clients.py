"""Who is asking: the client's address, decided in one place for rate limits, lock-outs and logs.

Behind a TLS proxy every request comes from the proxy, and the client's own address is only in
`X-Forwarded-For`, a header anyone can also send. So the header is believed only as far as it was written by
a proxy named in `RCM_TRUSTED_PROXIES` (addresses or networks): it is read from the right, each trusted hop is
skipped, and the first address that is not a trusted proxy is the client. With no trusted proxy configured,
or a request that does not come from one, the client is `REMOTE_ADDR` and the header is ignored.
"""

import functools
import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "0.0.0.0"  # noqa: S104 - not a bind address: the client of a request with no address at all


def parse_networks(*, values: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or CIDR networks; a ValueError names the first one that is neither."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)


@functools.lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values=values)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51234
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent this request, as far as a trusted proxy vouches for it."""
    meta = request.META
    remote = _address(meta.get("REMOTE_ADDR", ""))
    if remote is None:
        return UNKNOWN
    trusted = _trusted(tuple(getattr(settings, "RCM_TRUSTED_PROXIES", ())))
    if not trusted:
        return str(remote)

    def is_trusted(address) -> bool:
        return any(address in network for network in trusted)

    hop = remote
    forwarded = [entry for entry in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    while is_trusted(hop) and forwarded:
        previous = _address(forwarded.pop())
        if previous is None:  # a trusted proxy wrote something that is no address: stop at that proxy
            break
        hop = previous
    return str(hop)


# The WSGI environ key under which each request's client address is recorded for the server's access log
# (gunicorn.conf.py prints it as %({rcm_client_address}e)s: the environ is request.META).
ENVIRON_KEY = "RCM_CLIENT_ADDRESS"


class ClientAddressMiddleware:
    """Records the client address on the request first thing, so that logs name the same client the limits
    counted, not the proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META[ENVIRON_KEY] = client_address(request=request)
        return self.get_response(request)

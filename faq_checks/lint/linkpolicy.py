"""
Which URLs the link checker may fetch, decided before any request is made.

A document is untrusted: it can hold a URL the HTTP client chokes on (a
bracket in the host), or a link whose server redirects to an address inside
the network running the check (``localhost``, ``[::1]``, ``10.x``,
``169.254.169.254``).  These functions say, without any I/O, whether a URL
is well formed, whether its scheme is one we fetch, and whether a host or
an address is loopback, private or link-local.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
#: Names that always mean this machine (RFC 6761), whatever DNS says.
LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def invalid_reason(url: str) -> str:
    """Why ``url`` cannot be fetched as it is ('' when it can)."""
    try:
        parts = urlsplit(url)
        parts.port  # raises ValueError for a port out of range or not a number
    except ValueError as error:
        return str(error)
    if parts.scheme.lower() not in SCHEMES:
        return f"the scheme {parts.scheme or '(none)'!r} is not http or https"
    if not parts.hostname:
        return "no host"
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        return "a space or control character in it"
    try:
        url.encode("ascii")
    except UnicodeEncodeError:
        return "characters outside ASCII (write the host in its xn-- form and %-escape the path)"
    return ""


def unsupported_scheme(url: str) -> str:
    """'' for http(s); otherwise a sentence naming the scheme (a redirect to ``file:``, say)."""
    scheme = urlsplit(url).scheme.lower()
    return "" if scheme in SCHEMES else f"{scheme or 'no'} scheme: only http and https are fetched"


def is_private_address(address: str) -> bool:
    """Loopback, private (RFC 1918, ULA), link-local, unspecified or reserved."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified or ip.is_reserved


def is_private_host(host: str) -> bool:
    """A URL's host that is a private address, or a name that always means this machine."""
    host = host.lower().rstrip(".")
    return host in LOCAL_NAMES or host.endswith(".localhost") or is_private_address(host)

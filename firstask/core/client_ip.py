"""The visitor's address for axes' per-(username, address) lockout, behind our proxies.

In production a reverse proxy sits in front of gunicorn (prod.py trusts its
X-Forwarded-Proto), so REMOTE_ADDR is the proxy's address for every visitor: the lock
would fall back to per-username, and anyone could lock a colleague out from anywhere.
axes' own AXES_IPWARE_* settings need django-ipware, which the project does not install
(axes then silently uses REMOTE_ADDR), so this one function does the job instead.

With TRUSTED_PROXY_COUNT = n, the visitor is the n-th address from the right of
X-Forwarded-For: each of our proxies appends the address it saw, so anything further
left was written by the client and proves nothing.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if not count:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(hops) < count:
        return remote  # did not come through all our proxies
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

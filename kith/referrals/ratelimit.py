"""A fixed-window counter in Django's cache: enough to stop a script starting self-referrals."""

from django.conf import settings
from django.core.cache import cache


def allow(keys: list[str], *, limit: int, window_seconds: int = 3600) -> bool:
    """Count one attempt against every key; False once any key is over its limit in the window."""
    allowed = True
    for key in keys:
        cache_key = f"kith:referrals:rate:{key}"
        cache.add(cache_key, 0, timeout=window_seconds)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window_seconds)
            count = 1
        allowed = allowed and count <= limit
    return allowed


def exceeded(key: str, *, limit: int) -> bool:
    """Whether the key is already over its limit in the current window (counts nothing)."""
    return (cache.get(f"kith:referrals:rate:{key}") or 0) >= limit


def client_address(request) -> str:
    """The address the nearest trusted proxy saw, or REMOTE_ADDR when Kith faces the internet itself."""
    proxies = settings.KITH_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")

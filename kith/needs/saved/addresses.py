"""Which addresses may be saved: a page of the needs map on this site, never anywhere else.

A saved view's address becomes a link others follow, so it must not be a way to send people to another
site (an open redirect) or to a page outside the needs map.
"""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

MAX_LENGTH = 1000
PREFIX = "/needs/"
# Pages of the needs namespace that are not views of the figures.
NOT_VIEWS = {"saved_list", "saved_new", "saved_delete", "indicator_upload", "indicator_example"}


def address_problem(address: str) -> str | None:
    """What is wrong with the address as a saved view, or None when it is a needs page of this site."""
    if not address:
        return "No page was given to save. Use the “Save this view” link on a needs map page"
    if len(address) > MAX_LENGTH:
        return f"The page’s address is {len(address):,} characters long; a saved view can be at most {MAX_LENGTH:,}"
    if any(ord(character) < 32 or ord(character) == 127 for character in address):
        return "The page’s address contains control characters, so it cannot be saved"
    parts = urlsplit(address)
    # Browsers read a backslash as a slash, so "/\\host" would lead to another site as "//host" does.
    if parts.scheme or parts.netloc or "//" in address or "\\" in address or not address.startswith("/"):
        return "Only a page of this site can be saved, given by its path such as /needs/?indicator=iod2025-imd"
    if not parts.path.startswith(PREFIX):
        return "Only pages of the needs map (addresses starting /needs/) can be saved"
    try:
        match = resolve(parts.path)
    except Resolver404:
        return "No page of the needs map has that address"
    if match.namespace != "needs" or match.url_name in NOT_VIEWS:
        return "Only maps, gap analyses and area profiles can be saved"
    return None

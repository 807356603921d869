"""Every page a person can reach by following links, as every demo role, answers without an error.

A crawl of the demo place from the home page and the account page: each link on each page is
followed (a few of each kind of URL, so the whole site is covered quickly) and no response may be
a server error or an unexpected refusal."""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from kith.accounts.models import User

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PER_KIND = 3


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            parts = urlsplit(href)
            if not parts.scheme and not parts.netloc and href.startswith("/"):
                self.links.append(urldefrag(href)[0])


def _kind(url: str) -> str:
    path, _, query = url.partition("?")
    return UUID.sub("{id}", path) + ("?" + "&".join(sorted(p.split("=")[0] for p in query.split("&"))) if query else "")


def crawl(client, starts: list[str]) -> dict[str, int]:
    seen, per_kind, statuses = set(), Counter(), {}
    queue = deque(starts)
    while queue:
        url = queue.popleft()
        kind = _kind(url)
        if url in seen or per_kind[kind] >= PER_KIND or url.startswith("/admin/") or url.startswith("/static/"):
            continue
        seen.add(url)
        per_kind[kind] += 1
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            parser = _Links()
            parser.feed(response.content.decode())
            queue.extend(parser.links)
    return statuses


@pytest.fixture
def demo_place(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


@pytest.mark.parametrize("email", [None, "resident@example.org", "member@example.org", "manager@example.org",
                                   "professional@example.org", "lio@example.org", "officer@example.org",
                                   "councillor@example.org", "admin@example.org"])
def test_every_linked_page_answers_without_error(client, demo_place, email):
    if email:
        client.force_login(User.objects.get(email=email))
    statuses = crawl(client, ["/", "/accounts/", "/verification/", "/organisations/?page=2"])
    assert len(statuses) >= 10
    errors = {url: status for url, status in statuses.items() if status >= 500}
    assert not errors
    # A link the site shows a person leads somewhere they may go.
    refused = {url: status for url, status in statuses.items()
               if status in (403, 404) and url not in ("/verification/", "/accounts/")}
    assert not refused

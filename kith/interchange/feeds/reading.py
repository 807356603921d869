"""Reading a whole feed into memory before anything is written: a JSON file, or an ORUK API pulled
page by page (then each service's full record). Any problem with the feed as a whole raises
FeedError with a message for the person importing; the directory is not touched until this is done.
"""

import ipaddress
import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests
from django.conf import settings

from . import cleaning

# The page sizes we ask for, largest first: some feeds cap per_page and say so in total_pages,
# others refuse a size they do not allow with 400, and then the next is tried.
PER_PAGE_TRIES = (1000, 200, 100, 50, None)
PER_PAGE = PER_PAGE_TRIES[0]
SHAPES = ('a page of services (an object with "contents"), one service, a list of services, '
          'or a package (an object with "services" and "organizations")')


class FeedError(Exception):
    """The feed as a whole cannot be read: nothing is imported."""


@dataclass
class FeedDocument:
    services: list = field(default_factory=list)       # raw records, in feed order
    organisations: list = field(default_factory=list)  # given apart from services (packages)
    shape: str = ""


Report = Callable[[str, int | None], None]   # (stage, total) at the start of a stage
Advance = Callable[[], None]


def parse_json(data: bytes | str, where: str):
    try:
        document = json.loads(data)
    except UnicodeDecodeError:
        raise FeedError(f"{where} is not text in UTF-8, so it cannot be JSON.") from None
    except json.JSONDecodeError as error:
        cut_short = error.pos >= len(data) - 1
        hint = " The file or page seems cut short (truncated)." if cut_short else ""
        raise FeedError(f"{where} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.{hint}") from None
    escaped_nul = b"\\u0000" if isinstance(data, bytes) else "\\u0000"
    return cleaning.without_nul(document) if escaped_nul in data else document


def read_document(document, where: str) -> FeedDocument:
    """Which kind of ORUK document this is, and its services and organisations."""
    if isinstance(document, list):
        return FeedDocument(services=document, shape="list of services")
    if not isinstance(document, dict):
        raise FeedError(f"{where} is JSON but not an ORUK feed: expected {SHAPES}.")
    if isinstance(document.get("contents"), list):
        return FeedDocument(services=document["contents"], shape="page of services")
    services, organisations = document.get("services"), document.get("organizations")
    if isinstance(services, list) or isinstance(organisations, list):
        if isinstance(services, list) and "id" in document and organisations is None:
            # An organisation's full record with its services nested.
            organisation = {k: v for k, v in document.items() if k != "services"}
            return FeedDocument(services=[_with_organisation(s, organisation) for s in services],
                                organisations=[organisation], shape="organisation with services")
        found = list(services) if isinstance(services, list) else []
        for organisation in organisations or []:
            if isinstance(organisation, dict) and isinstance(organisation.get("services"), list):
                found += [_with_organisation(s, organisation) for s in organisation["services"]]
        plain = [{k: v for k, v in o.items() if k != "services"} if isinstance(o, dict) else o for o in organisations or []]
        return FeedDocument(services=found, organisations=plain, shape="package")
    if "id" in document or "name" in document:
        return FeedDocument(services=[document], shape="one service")
    raise FeedError(f"{where} is JSON but not an ORUK feed: expected {SHAPES}.")


def _with_organisation(service, organisation: dict):
    if isinstance(service, dict) and not service.get("organization") and not service.get("organization_id"):
        return {**service, "organization_id": organisation.get("id")}
    return service


def read_file(path: str | Path) -> FeedDocument:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FeedError(f"Could not read the file {path.name}: {error.strerror or error}.") from None
    return read_bytes(data, path.name)


def read_bytes(data: bytes, name: str) -> FeedDocument:
    if data.lstrip()[:1] == b"<":
        raise FeedError(f"{name} is a web page or XML (HTML), not JSON.")
    return read_document(parse_json(data, name), name)


def api_base(url: str) -> str:
    """The API's base address from what people paste: the base itself, or its /services page."""
    base = url.strip().split("?")[0].rstrip("/")
    return base.removesuffix("/services")


def check_url(url: str) -> str | None:
    """Why this cannot be a feed address, or None."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "Enter the feed's address, starting with https:// or http://"
    return None


class _Client:
    def __init__(self):
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": "Kith ORUK importer"})
        self.timeout = settings.KITH_FEED_TIMEOUT

    def get(self, url: str, params: dict | None = None, missing_ok: bool = False, refused_ok: bool = False):
        if not settings.KITH_FEED_ALLOW_PRIVATE:
            _refuse_private_address(url)
        try:
            response = self.session.get(url, params=params, timeout=self.timeout, stream=True)
            body = self._body(response, url)
        except requests.Timeout:
            raise FeedError(f"The feed did not answer within {self.timeout} seconds ({url}).") from None
        except requests.exceptions.ChunkedEncodingError:
            raise FeedError(f"The feed's answer was cut short: the connection closed before all of {url} arrived.") from None
        except requests.RequestException as error:
            raise FeedError(f"Could not reach the feed at {url}: {_reason(error)}.") from None
        if missing_ok and response.status_code in (404, 410):
            return None
        if refused_ok and response.status_code == 400:
            return None
        if response.status_code != 200:
            status = f"{response.status_code} {response.reason}" if response.reason else str(response.status_code)
            raise FeedError(f"The feed answered {status} for {url}.")
        content_type = response.headers.get("Content-Type", "")
        if "html" in content_type or body.lstrip()[:1] == b"<":
            raise FeedError(f"The feed answered with a web page (HTML), not JSON, at {url}. "
                            "Check the address: it should be the API's base address, like https://example.org/api/oruk.")
        return parse_json(body, f"The feed's answer at {url}")


    def _body(self, response, url: str) -> bytes:
        """The whole answer, refused once it is larger than KITH_FEED_MAX_BYTES or still arriving
        after four times the timeout (a server sending a byte at a time never trips the timeout)."""
        deadline, limit = time.monotonic() + 4 * self.timeout, settings.KITH_FEED_MAX_BYTES
        chunks, size = [], 0
        for chunk in response.iter_content(8 * 1024):
            size += len(chunk)
            if size > limit:
                response.close()
                raise FeedError(f"The feed's answer at {url} is larger than {limit // 1_000_000:,} MB, more than Kith "
                                "reads in one answer. Ask the feed's publisher for smaller pages.")
            if time.monotonic() > deadline:
                response.close()
                raise FeedError(f"The feed's answer at {url} was still arriving after {4 * self.timeout} seconds.")
            chunks.append(chunk)
        return b"".join(chunks)


def _refuse_private_address(url: str) -> None:
    """Feeds are fetched from the public internet only: an address inside the server's own network
    (loopback, private ranges, cloud metadata) could reach what the public must not."""
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        raise FeedError(f"Could not find the feed's server {host!r}: check the address.") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise FeedError(f"Kith does not fetch feeds from {host}: it is an address inside the server's own "
                            "network, not a public one.")


def _reason(error: requests.RequestException) -> str:
    text = str(error)
    if "Name or service not known" in text or "Failed to resolve" in text:
        return "the server's name was not found"
    if "Connection refused" in text:
        return "the connection was refused"
    return type(error).__name__


def fetch_url(url: str, *, report: Report | None = None, advance: Advance | None = None) -> FeedDocument:
    """Every page of /services, then /services/{id} for each: the whole feed, or FeedError."""
    report = report or (lambda stage, total: None)
    advance = advance or (lambda: None)
    client, base = _Client(), api_base(url)
    listed = []
    page, total_pages = 1, 1
    per_page, answer = _first_page(client, base)
    while page <= total_pages:
        if page > 1:
            answer = client.get(f"{base}/services", {"page": page, **({"per_page": per_page} if per_page else {})})
        if not isinstance(answer, dict) or not isinstance(answer.get("contents"), list):
            raise FeedError(f"{base}/services is not an ORUK list of services: it has no \"contents\" list.")
        if page == 1:
            total_pages = _whole(answer.get("total_pages"), 1)
            if total_pages > settings.KITH_FEED_MAX_PAGES:
                raise FeedError(f"The feed has {total_pages} pages of services, more than the {settings.KITH_FEED_MAX_PAGES} "
                                "pages Kith reads from one feed.")
            report(f"Reading the list of services, page 1 of {total_pages}", total_pages)
        elif _whole(answer.get("page_number"), page) != page:
            raise FeedError(f"The feed gave page {answer.get('page_number')} when asked for page {page} of {base}/services.")
        listed += answer["contents"]
        advance()
        if not answer["contents"]:
            break
        page += 1
    report("Reading each service's full record", len(listed))
    services = []
    for summary in listed:
        external_id = summary.get("id") if isinstance(summary, dict) else None
        if external_id is None or isinstance(external_id, (dict, list)) or not str(external_id).strip():
            services.append(summary)   # rejected later, with the reason
        else:
            full = client.get(f"{base}/services/{quote(str(external_id).strip(), safe='')}", missing_ok=True)
            if full is None:
                full = {**summary, "_kith_unavailable": "the feed lists this service but its full record was not found (404)"}
            elif not isinstance(full, dict):
                full = {**summary, "_kith_unavailable": "the feed's full record of this service is not a JSON object"}
            services.append(full)
        advance()
    return FeedDocument(services=services, shape="API")


def _first_page(client: _Client, base: str) -> tuple[int | None, object]:
    """The largest per_page the feed accepts (None: its own default), and page 1 at that size."""
    for per_page in PER_PAGE_TRIES[:-1]:
        answer = client.get(f"{base}/services", {"page": 1, "per_page": per_page}, refused_ok=True)
        if answer is not None:
            return per_page, answer
    return None, client.get(f"{base}/services", {"page": 1})


def _whole(value, default: int) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return default

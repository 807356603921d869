"""The round's report: printable HTML, and a PDF made by WeasyPrint that never leaves the machine."""

import http.server
import re
import threading
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone

from kith.assessments.actions.report import BASE_URL, RefusedURL, render_pdf, static_file_for

from .actions_support import answered_round_with_plan

pytestmark = pytest.mark.django_db


def _chunks(data: bytes) -> list[bytes]:
    """The PDF's bytes and its Flate streams inflated (objects may sit in compressed object streams)."""
    return [data] + [_inflate(m) for m in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)]


def pdf_outline(data: bytes) -> list[str]:
    """The titles of the PDF's bookmarks, which WeasyPrint makes from the headings: text read back from the file."""
    return [t.decode("latin-1") for chunk in _chunks(data) for t in re.findall(rb"/Title \(([^)]*)\)/Dest", chunk)]


def pdf_pages(data: bytes) -> int:
    """Pages counted in the PDF's own structure: its page tree's /Count."""
    chunks = _chunks(data)
    counts = [int(c) for chunk in chunks for c in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", chunk, re.S)]
    counts += [int(c) for chunk in chunks for c in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", chunk, re.S)]
    return max(counts, default=0)


def _inflate(raw: bytes) -> bytes:
    try:
        return zlib.decompress(raw)
    except zlib.error:
        return b""


@pytest.fixture
def round_with_answers():
    return answered_round_with_plan()


def test_the_pdf_is_a_real_pdf_with_pages(client, people, round_with_answers):
    client.force_login(people["council_officer"])
    response = client.get(reverse("assessments:report_pdf", args=[round_with_answers.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pdf_pages(data) >= 3  # results, the plan and the method each start a page
    outline = pdf_outline(data)
    assert outline[:2] == [round_with_answers.name, "Results"]
    assert {"The perception gap", "Action plan", "Method"} <= set(outline)


def test_the_html_report_has_each_chart_with_its_table_the_plan_and_the_method(client, people, round_with_answers):
    client.force_login(people["lio_staff"])
    page = client.get(reverse("assessments:report", args=[round_with_answers.uuid])).content.decode()
    charts = page.count("<svg ")
    assert charts == 2  # the gap and the spread (no earlier round, so no trend)
    assert page.count('<div class="kith-report-chart">') == charts
    assert page.count("the same figures are in the table that follows") == charts
    assert "Council and VCFSE averages by principle: the perception gap" in page
    assert "Agree written priorities &lt;b&gt;together&lt;/b&gt;" in page
    assert "fewer than 5 respondents is never shown on its own" in page
    assert len(re.findall(r"Principle \d+: averages by group, the gap and the spread of all answers", page)) == 2
    assert "Statement" in page and "Strongly disagree" in page


def test_a_published_rounds_pdf_is_public_and_an_unpublished_ones_is_not_found(client, round_with_answers):
    url = reverse("assessments:published_pdf", args=[round_with_answers.uuid])
    assert client.get(url).status_code == 404
    round_with_answers.results_published_at = timezone.now()
    round_with_answers.save()
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_the_report_is_refused_to_people_who_do_not_read_results(client, people, round_with_answers):
    client.force_login(people["member_a"])
    assert client.get(reverse("assessments:report_pdf", args=[round_with_answers.uuid])).status_code == 403


@pytest.mark.parametrize("url", [
    "http://example.org/style.css",
    "https://kith.report.invalid.example.org/static/assessments/actions/report.css",
    "file:///etc/passwd",
    "data:text/css,body{color:red}",
    "ftp://kith.report.invalid/static/x.css",
    BASE_URL + "media/secret.txt",
    BASE_URL + "static/../../kith/settings.py",
    BASE_URL + "static/%2e%2e/%2e%2e/kith/settings.py",
    BASE_URL + "static/no-such-file.css",
])
def test_the_fetcher_refuses_anything_but_kiths_static_files(url):
    with pytest.raises(RefusedURL):
        static_file_for(url)


def test_the_fetcher_serves_kiths_own_stylesheet():
    path = static_file_for(BASE_URL + "static/assessments/actions/report.css")
    assert "@page" in path.read_text()


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.end_headers()
        self.wfile.write(b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')

    def log_message(self, *args):
        pass


def test_rendering_never_fetches_from_the_network():
    """A report whose text smuggled in links to a local server: WeasyPrint asks for none of them."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        pdf = render_pdf(f'<link rel="stylesheet" href="{base}/a.css"><p>Text</p><img src="{base}/b.svg">'
                         f'<svg><image href="{base}/c.svg" width="1" height="1"/></svg>'
                         f'<p style="background: url({base}/d.svg)">x</p>')
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.startswith(b"%PDF-")
    assert _Recorder.hits == []

"""A local ORUK feed server for tests: a thread running http.server on 127.0.0.1, answering from a
table of paths, with ways to misbehave (HTML, slow answers, cut-short bodies, errors)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FeedServer:
    def __init__(self):
        self.services: list[dict] = []   # full records, served by /services and /services/{id}
        self.per_page_cap = 2
        self.per_page_refused_over: int | None = None   # answer 400 to a larger per_page, as some feeds do
        self.misbehave: dict[str, str] = {}   # path -> "html", "slow", "truncate", "404", "500", "json:<text>"
        self.requests: list[str] = []
        self.slow_seconds = 3
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                owner.requests.append(self.path)
                path = urlsplit(self.path).path
                trick = owner.misbehave.get(path) or owner.misbehave.get("*")
                if trick:
                    return owner.trick(self, trick)
                answer = owner.answer(path, parse_qs(urlsplit(self.path).query))
                if answer is None:
                    return owner.send(self, 404, b'{"error": "not found"}')
                if answer == "refused":
                    return owner.send(self, 400, b'{"error": "per_page is too large"}')
                owner.send(self, 200, json.dumps(answer).encode())

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/api/oruk"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def answer(self, path: str, query: dict):
        if path == "/api/oruk/services":
            asked = int(query.get("per_page", ["10"])[0])
            if self.per_page_refused_over is not None and asked > self.per_page_refused_over:
                return "refused"
            per_page = min(asked, self.per_page_cap)
            page = int(query.get("page", ["1"])[0])
            items = self.services[(page - 1) * per_page: page * per_page]
            pages = max(1, -(-len(self.services) // per_page))
            return {"total_items": len(self.services), "total_pages": pages, "page_number": page, "size": len(items),
                    "first_page": page == 1, "last_page": page >= pages, "empty": not items,
                    "contents": [{"id": s.get("id"), "name": s.get("name")} for s in items]}
        if path.startswith("/api/oruk/services/"):
            wanted = path.rsplit("/", 1)[1]
            return next((s for s in self.services if str(s.get("id")) == wanted), None)
        return None

    def send(self, handler, status: int, body: bytes, content_type="application/json", length=None):
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(length if length is not None else len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def trick(self, handler, trick: str):
        if trick == "html":
            return self.send(handler, 200, b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html")
        if trick == "slow":
            time.sleep(self.slow_seconds)
            return self.send(handler, 200, b"{}")
        if trick == "truncate":
            body = json.dumps(self.answer(urlsplit(handler.path).path, parse_qs(urlsplit(handler.path).query))).encode()
            self.send(handler, 200, body[: len(body) // 2], length=len(body))
            handler.close_connection = True
            return None
        if trick == "trickle":   # a little at a time: each read is quick, the whole answer never ends in time
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", "1000000")
            handler.end_headers()
            try:
                for _ in range(10000):
                    handler.wfile.write(b" " * 100)
                    handler.wfile.flush()
                    time.sleep(0.01)
            except OSError:   # the importer hung up, as it should
                pass
            return None
        if trick == "huge":
            return self.send(handler, 200, b"[" + b"1," * 600_000 + b"1]")
        if trick.startswith("json:"):
            return self.send(handler, 200, trick[5:].encode())
        return self.send(handler, int(trick), b'{"error": "failed"}')

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

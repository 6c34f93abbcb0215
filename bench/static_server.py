"""A small static server for site/ that behaves like GitHub Pages: gzip for text types, exact types.

Used by the end-to-end tests and by the benchmark. It serves a directory on 127.0.0.1 from a thread,
compresses text responses (and WebAssembly) with gzip when the client sends `Accept-Encoding: gzip`
(a precompressed `<file>.gz` beside the file is used when present), sends `ETag` and
`Cache-Control: max-age=600` like GitHub Pages, answers `If-None-Match` with 304, and records every
response (path, status, bytes on the wire) so a caller can add up what a page load transferred.
`offline = True` makes it drop every connection without an answer, as a cut network would.
`shape(latency_ms, bits_per_second)` emulates a slow link for everything it serves: each response
waits the latency, and all bodies share one link of that throughput (paced in 16 KB chunks).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.server
import os
import posixpath
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CONTENT_TYPES", "Response", "StaticServer"]

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".py": "text/x-python; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".yaml": "text/yaml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".tar": "application/x-tar",
    ".gz": "application/gzip",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}

# Types GitHub Pages compresses: text, JavaScript, JSON, XML, SVG and WebAssembly.
_COMPRESSIBLE_PREFIXES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/manifest+json",
    "image/svg+xml",
    "application/wasm",
)


def _compressible(content_type: str) -> bool:
    return content_type.startswith(_COMPRESSIBLE_PREFIXES)


@dataclass
class Response:
    """One answered request: what was asked and how many bytes went back."""

    method: str
    path: str
    status: int
    content_type: str
    encoding: str  # "gzip" or ""
    body_bytes: int  # bytes of the body on the wire (compressed when gzip)
    header_bytes: int
    started: float
    finished: float

    @property
    def wire_bytes(self) -> int:
        return self.body_bytes + self.header_bytes


@dataclass
class _Entry:
    mtime: float
    size: int
    raw: bytes
    gz: bytes | None
    etag: str


@dataclass
class StaticServer:
    """Serve `root` on 127.0.0.1:<port> (0 picks a free port) from a daemon thread."""

    root: Path
    port: int = 0
    offline: bool = False
    responses: list[Response] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        self._latency = 0.0
        self._rate = 0.0  # bytes per second; 0 = unlimited
        self._link_free = 0.0
        self._link_lock = threading.Lock()
        self._cache: dict[Path, _Entry] = {}
        self._lock = threading.Lock()
        self._httpd: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> StaticServer:
        handler = _make_handler(self)
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            name="static-server",
            kwargs={"poll_interval": 0.1},
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> StaticServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + "/" + path.lstrip("/")

    # -- link emulation ----------------------------------------------------------------------------
    def shape(self, latency_ms: float = 0, bits_per_second: float = 0) -> None:
        """Emulate a link: latency per response and a throughput shared by all responses (0: off)."""
        self._latency = latency_ms / 1000
        self._rate = bits_per_second / 8

    def _send(self, wfile, body: bytes) -> None:
        if not self._rate:
            wfile.write(body)
            return
        chunk = 16 * 1024
        for i in range(0, len(body), chunk):
            part = body[i : i + chunk]
            with self._link_lock:
                start = max(time.monotonic(), self._link_free)
                self._link_free = start + len(part) / self._rate
                wait = self._link_free - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            wfile.write(part)

    # -- bookkeeping -------------------------------------------------------------------------------
    def clear_log(self) -> None:
        with self._lock:
            self.responses.clear()

    def log_snapshot(self) -> list[Response]:
        with self._lock:
            return list(self.responses)

    def _record(self, response: Response) -> None:
        with self._lock:
            self.responses.append(response)

    # -- files -------------------------------------------------------------------------------------
    def resolve(self, url_path: str) -> tuple[Path | None, str | None]:
        """Map a URL path to a file; returns (file, redirect_location)."""
        path = urllib.parse.unquote(urllib.parse.urlsplit(url_path).path)
        norm = posixpath.normpath(path)
        if norm.startswith("..") or "\x00" in norm:
            return None, None
        target = (self.root / norm.lstrip("/")).resolve()
        if target != self.root and self.root not in target.parents:
            return None, None
        if target.is_dir():
            if not path.endswith("/"):
                return None, path + "/"
            target = target / "index.html"
        if target.is_file():
            return target, None
        return None, None

    def entry(self, file: Path, content_type: str) -> _Entry:
        stat = file.stat()
        with self._lock:
            cached = self._cache.get(file)
        if cached and cached.mtime == stat.st_mtime and cached.size == stat.st_size:
            return cached
        raw = file.read_bytes()
        gz: bytes | None = None
        if _compressible(content_type):
            pre = file.with_name(file.name + ".gz")
            if pre.is_file() and pre.stat().st_mtime >= stat.st_mtime:
                gz = pre.read_bytes()
            else:
                gz = gzip.compress(raw, compresslevel=6, mtime=0)
        etag = '"' + hashlib.sha1(raw).hexdigest()[:16] + '"'
        new = _Entry(stat.st_mtime, stat.st_size, raw, gz, etag)
        with self._lock:
            self._cache[file] = new
        return new


def _make_handler(server: StaticServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "StaticServer"
        sys_version = ""

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def do_GET(self) -> None:
            self._serve(head=False)

        def _serve(self, head: bool) -> None:
            started = time.monotonic()
            if server.offline:
                # A cut network: no answer at all.
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            file, redirect = server.resolve(self.path)
            headers: list[tuple[str, str]] = []
            body = b""
            encoding = ""
            content_type = ""
            if redirect is not None:
                status = 301
                query = urllib.parse.urlsplit(self.path).query
                headers.append(("Location", redirect + ("?" + query if query else "")))
            elif file is None:
                status = 404
                content_type = CONTENT_TYPES[".html"]
                not_found = server.root / "404.html"
                body = not_found.read_bytes() if not_found.is_file() else b"<h1>404</h1>"
            else:
                content_type = CONTENT_TYPES.get(file.suffix.lower(), "application/octet-stream")
                entry = server.entry(file, content_type)
                headers.append(("ETag", entry.etag))
                headers.append(("Cache-Control", "max-age=600"))
                if entry.gz is not None:
                    headers.append(("Vary", "Accept-Encoding"))
                if self.headers.get("If-None-Match") == entry.etag:
                    status = 304
                else:
                    status = 200
                    accepts = self.headers.get("Accept-Encoding", "")
                    if entry.gz is not None and "gzip" in accepts.lower():
                        body, encoding = entry.gz, "gzip"
                    else:
                        body = entry.raw
            header_bytes = 0
            if server._latency:
                time.sleep(server._latency)
            try:
                self.send_response(status)
                if content_type and status != 304:
                    self.send_header("Content-Type", content_type)
                if encoding:
                    self.send_header("Content-Encoding", encoding)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)) if status != 304 else "0")
                header_bytes = sum(len(line) for line in getattr(self, "_headers_buffer", []))
                self.end_headers()
                if not head and status != 304:
                    server._send(self.wfile, body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            server._record(
                Response(
                    method=self.command,
                    path=self.path,
                    status=status,
                    content_type=content_type,
                    encoding=encoding,
                    body_bytes=0 if head or status == 304 else len(body),
                    header_bytes=header_bytes,
                    started=started,
                    finished=time.monotonic(),
                )
            )

    return Handler


def main() -> None:
    """`python -m bench.static_server [dir] [port]`: serve a directory the way the tests do."""
    import sys

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("site")
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8000
    with StaticServer(root, port=port) as srv:
        print(f"Serving {root} on {srv.origin} (gzip like GitHub Pages); Ctrl-C stops")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()

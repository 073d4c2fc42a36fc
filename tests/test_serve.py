"""`serve`: real HTTP on 127.0.0.1, real file changes, every wait bounded."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest
from watchfiles import Change

from coursebuild import serve as serve_module
from coursebuild.pipeline import BuildOptions
from coursebuild.serve import (
    EVENTS_PATH,
    SCRIPT_PATH,
    ChangeFilter,
    host_refusal,
    inject,
    resolve_request,
    serve,
)
from tests.conftest import ROOT, needs_chromium, write_course

T = TypeVar("T")
WAIT = 10.0  # seconds: the longest any step of these tests may take
SECRET = "top secret, outside slides/"
CHAPTER = """\
# Titre

### Premier

Bonjour

### Second

Texte original
"""
BROKEN = CHAPTER.replace("Texte original", "Texte original\n\n![x](images/none.png)")
BROKEN_LINE = BROKEN.splitlines().index("![x](images/none.png)") + 1


@dataclass
class Served:
    """A running `serve`: its URL, folders, the server object and what it printed."""

    url: str
    source: Path
    slides: Path
    server: serve_module.DevServer
    printed: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 80

    def get(self, path: str, headers: dict[str, str] | None = None,
            ) -> tuple[int, dict[str, str], bytes]:
        """GET ``path`` sent as is (no client-side normalisation of ``..`` or ``%2e``)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def builds(self) -> int:
        return sum(line.startswith("built in") for line in self.printed)


class EventStream:
    """The Server-Sent Events endpoint, read line by line with a timeout."""

    def __init__(self, served: Served) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=WAIT)
        self.conn.request("GET", EVENTS_PATH)
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")

    def next_event(self) -> tuple[str, str]:
        """The next event's name and data (comments and ``retry:`` skipped)."""
        name, data = "", []
        while True:
            raw = self.response.readline()
            if not raw:
                raise EOFError("the event stream ended")
            line = raw.decode("utf-8").rstrip("\n")
            if not line and name:
                return name, "\n".join(data)
            key, _, value = line.partition(": ")
            if key == "event":
                name = value
            elif key == "data":
                data.append(value)

    def next_build(self) -> tuple[str, str]:
        """The next "reload" or "error" event, within WAIT seconds."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            name, data = self.next_event()
            if name in ("reload", "error"):
                return name, data
        raise TimeoutError("no build event")

    def close(self) -> None:
        self.conn.close()


@contextmanager
def events(served: Served) -> Iterator[EventStream]:
    stream = EventStream(served)
    try:
        yield stream
    finally:
        stream.close()


@contextmanager
def serving(source: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    """`serve` in a thread on a free port; stopped, and its threads gone, on the way out."""
    servers: list[serve_module.DevServer] = []

    class Recorded(serve_module.DevServer):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)
            servers.append(self)

    monkeypatch.setattr(serve_module, "DevServer", Recorded)
    before = set(threading.enumerate())
    stop, ready, printed = threading.Event(), threading.Event(), []
    urls: list[str] = []
    thread = threading.Thread(target=serve, args=(BuildOptions(source, out),), kwargs={
        "port": 0, "stop": stop, "echo": printed.append,
        "on_ready": lambda url: (urls.append(url), ready.set())})
    thread.start()
    try:
        assert ready.wait(WAIT), printed
        yield Served(urls[0], source, out / "slides", servers[0], printed)
    finally:
        stop.set()
        thread.join(WAIT)
        assert not thread.is_alive()
        # asyncio's child watcher threads are Playwright's (its driver and browsers, started
        # by a browser test of this worker): not the server's
        left = [t for t in set(threading.enumerate()) - before
                if t.is_alive() and not t.name.startswith("asyncio-waitpid")]
        assert not left, left


def make_course(tmp_path: Path) -> tuple[Path, Path]:
    """A one-chapter course and its output folder, with secrets beside ``slides/``."""
    source = write_course(tmp_path / "course", {"c": CHAPTER})
    (source / "templates").mkdir()  # made now: its creation would be a change to rebuild
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "secret.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return source, tmp_path / "out"


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    with serving(*make_course(tmp_path), monkeypatch) as running:
        yield running


HIDDEN = "hidden, inside slides/"


def plant(slides: Path) -> None:
    """A dot-folder in slides/, and symlinks to it, to the build's cache and out of slides/."""
    (slides / ".hidden").mkdir()
    (slides / ".hidden" / "secret.txt").write_text(HIDDEN, encoding="utf-8")
    (slides / ".hidden" / "index.html").write_text(HIDDEN, encoding="utf-8")
    links = {
        "cache.json": ".coursebuild-cache.json",
        "assets/cache.json": "../.coursebuild-cache.json",
        "abs-cache.json": str(slides / ".coursebuild-cache.json"),
        "chain.json": "assets/cache.json",
        "hidden.txt": ".hidden/secret.txt",
        "hiddendir": ".hidden",
        "outside.txt": "../secret.txt",
        "outsidedir": "..",
        "etc": "/etc",
        "loop.html": "loop.html",
        "link.txt": str(slides.parent / "secret.txt"),
        "linked": str(slides.parent),
    }
    for name, target in links.items():
        (slides / name).symlink_to(target)
    os.mkfifo(slides / "fifo.html")
    (slides / "big.bin").write_bytes(b"x" * (16 << 20))  # more than the socket buffers hold


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the attacks (none changes anything), its slides/ planted."""
    with (pytest.MonkeyPatch.context() as monkeypatch,
          serving(*make_course(tmp_path_factory.mktemp("planted")), monkeypatch) as running):
        plant(running.slides)
        yield running


# --- pages and the injected script ---------------------------------------------------------------

@pytest.mark.parametrize("path, name", [("/", "index.html"), ("/c.html", "c.html"),
                                        ("/c.html?x=1#/second", "c.html")])
def test_pages_get_the_live_reload_script_in_the_response_only(served: Served, path: str,
                                                                name: str) -> None:
    status, headers, body = served.get(path)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    html = body.decode("utf-8")
    tag = f'<script src="{SCRIPT_PATH}"'
    assert html.count(tag) == 1
    assert html.index(tag) < html.rindex("</body>")
    on_disk = (served.slides / name).read_text(encoding="utf-8")
    assert SCRIPT_PATH not in on_disk and "__coursebuild" not in on_disk


def test_the_live_reload_script_is_served_and_needs_no_network(served: Served) -> None:
    status, headers, body = served.get(SCRIPT_PATH)
    assert status == 200
    assert headers["Content-Type"] == "text/javascript; charset=utf-8"
    script = body.decode("utf-8")
    assert f'"{EVENTS_PATH}"' in script and "location.reload()" in script
    assert "http:" not in script and "https:" not in script and "//cdn" not in script
    assert "textContent" in script and "innerHTML" not in script


@pytest.mark.parametrize("name, data, expected", [
    ("data.json", b"{}", "application/json"),
    ("pic.png", b"\x89PNG\r\n", "image/png"),
    ("pic.jpg", b"\xff\xd8\xff", "image/jpeg"),
    ("pic.svg", b"<svg/>", "image/svg+xml"),
    ("font.woff2", b"wOF2", "font/woff2"),
    ("style.css", b"p{}", "text/css; charset=utf-8"),
    ("code.js", b"1;", "text/javascript; charset=utf-8"),
])
def test_content_types(served: Served, name: str, data: bytes, expected: str) -> None:
    (served.slides / "extra").mkdir(exist_ok=True)
    (served.slides / "extra" / name).write_bytes(data)
    status, headers, body = served.get(f"/extra/{name}")
    assert (status, headers["Content-Type"], body) == (200, expected, data)
    assert headers["Cache-Control"] == "no-store"


def test_built_assets_are_served(served: Served) -> None:
    status, headers, body = served.get("/assets/reveal/reveal.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert body == (served.slides / "assets" / "reveal" / "reveal.js").read_bytes()


def test_missing_files_are_404(served: Served) -> None:
    assert served.get("/nope.html")[0] == 404
    assert served.get("/assets/")[0] == 404


# --- nothing outside slides/ -----------------------------------------------------------------

TRAVERSALS = [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt",
    "/..%2Fsecret.txt", "/%2e%2e%2fsecret.txt", "/assets/../../secret.txt",
    "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/..\\secret.txt",
    "//etc/passwd", "/%2fetc%2fpasswd", "/%2Fetc/passwd", "/etc/passwd", "/./../secret.txt",
    "/../../secret.txt", "/%252e%252e/secret.txt", "/%c0%ae%c0%ae/secret.txt",
    "/c.html%00.txt", "/link.txt", "/linked/secret.txt",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_requests_outside_slides_are_refused(planted: Served, path: str) -> None:
    status, _, body = planted.get(path)
    assert status in (403, 404)
    assert SECRET.encode() not in body and b"root:" not in body and b"Reveal" not in body


def test_hidden_files_are_not_served(served: Served) -> None:
    (served.slides / ".coursebuild-cache.json").write_text("{}", encoding="utf-8")
    (served.slides / ".c.html.x1y2.tmp").write_text("<p>half</p>", encoding="utf-8")
    for path in ("/.coursebuild-cache.json", "/%2ecoursebuild-cache.json", "/.c.html.x1y2.tmp"):
        assert served.get(path)[0] in (403, 404), path


def test_a_symlink_inside_slides_to_a_file_inside_slides_is_served(served: Served) -> None:
    (served.slides / "same.html").symlink_to(served.slides / "c.html")
    assert served.get("/same.html")[0] == 200


def test_listens_on_loopback_only(served: Served) -> None:
    assert served.server.socket.getsockname()[0] == "127.0.0.1"
    assert urlsplit(served.url).hostname == "127.0.0.1"


@pytest.mark.parametrize("path, parts", [
    ("/", ("index.html",)), ("/c.html", ("c.html",)), ("/assets/a%20b.css", ("assets", "a b.css")),
    ("/assets/", ("assets", "index.html")),
])
def test_resolve_request_inside(tmp_path: Path, path: str, parts: tuple[str, ...]) -> None:
    (tmp_path / "assets").mkdir()
    assert resolve_request(tmp_path, path) == tmp_path.resolve().joinpath(*parts)


@pytest.mark.parametrize("path", [p for p in TRAVERSALS if "link" not in p] + ["", "x", "/a//b"])
def test_resolve_request_refuses(tmp_path: Path, path: str) -> None:
    """slides/etc leads to /etc and secret.txt lies beside slides/: whatever a path resolves
    to must be a real file under slides/ once every symlink is followed."""
    slides = tmp_path / "slides"
    slides.mkdir()
    (slides / "etc").symlink_to("/etc")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    target = resolve_request(slides, path)
    assert target is None or target.resolve().is_relative_to(slides.resolve()), target
    assert target is None or not target.is_file(), target  # nothing of the planted files


def test_resolve_request_refuses_a_folder_symlink_to_etc(tmp_path: Path) -> None:
    (tmp_path / "etc").symlink_to("/etc")
    assert resolve_request(tmp_path, "/etc/passwd") is None
    assert resolve_request(tmp_path, "/etc/") is None


def test_inject_goes_before_the_last_body_end_or_at_the_end() -> None:
    page = inject(b"<body><p>a</p></BODY >\n</html>", "b1")
    assert page == (b'<body><p>a</p><script src="/__coursebuild/livereload.js" data-build="b1">'
                    b"</script>\n</BODY >\n</html>")
    assert inject(b"<p>x</p>", "b1").endswith(b"</script>\n")


# --- attacks: hidden or outside files, Host, long URLs (issue 10) -----------------------------

LONG = "a" * 9000
ATTACKS = [  # (request, status); {port} is the server's; every request ends with an empty line
    pytest.param("GET /cache.json HTTP/1.1\r\nHost: 127.0.0.1:{port}", 403,
                 id="symlink to the hidden cache"),
    pytest.param("GET /assets/cache.json HTTP/1.1\r\nHost: 127.0.0.1:{port}", 403,
                 id="relative symlink in a subfolder to the cache"),
    pytest.param("GET /abs-cache.json HTTP/1.1\r\nHost: 127.0.0.1:{port}", 403,
                 id="absolute symlink to the cache"),
    pytest.param("GET /chain.json HTTP/1.1\r\nHost: 127.0.0.1:{port}", 403,
                 id="symlink to a symlink to the cache"),
    pytest.param("GET /hidden.txt HTTP/1.1\r\nHost: 127.0.0.1:{port}", 403,
                 id="symlink into a dot-folder"),
    pytest.param("GET /hiddendir/secret.txt HTTP/1.1\r\nHost: 127.0.0.1:{port}", 403,
                 id="folder symlink to a dot-folder"),
    pytest.param("GET /hiddendir/ HTTP/1.1\r\nHost: 127.0.0.1:{port}", 403,
                 id="index of a folder symlink to a dot-folder"),
    pytest.param("GET /outside.txt HTTP/1.1\r\nHost: 127.0.0.1:{port}", 403,
                 id="symlink out of slides"),
    pytest.param("GET /outsidedir/secret.txt HTTP/1.1\r\nHost: 127.0.0.1:{port}", 403,
                 id="folder symlink out of slides"),
    pytest.param("GET /etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:{port}", 403,
                 id="folder symlink to /etc"),
    pytest.param("GET /loop.html HTTP/1.1\r\nHost: 127.0.0.1:{port}", 404, id="symlink loop"),
    pytest.param("GET /fifo.html HTTP/1.1\r\nHost: 127.0.0.1:{port}", 404,
                 id="a FIFO does not hold the thread"),
    pytest.param("GET /c.html HTTP/1.1", 400, id="no Host"),
    pytest.param("GET /c.html HTTP/1.0", 400, id="no Host, HTTP/1.0"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example", 400,
                 id="two Hosts, the first good"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: localhost:{port}\r\nHost: localhost:{port}",
                 400, id="two good Hosts"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: localhost:evil", 400, id="Host localhost:evil"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: localhost:{port}@evil.example", 400,
                 id="Host with userinfo"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: ", 400, id="empty Host"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: evil.example:{port}", 421,
                 id="foreign name, our port (DNS rebinding)"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: evil.example", 421, id="foreign name"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: localhost", 421, id="no port (means 80)"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: localhost:1{port}", 421, id="wrong port"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: 127.0.0.2:{port}", 421,
                 id="another loopback address"),
    pytest.param(f"GET /{LONG} HTTP/1.1\r\nHost: 127.0.0.1:{{port}}", 414, id="9 KB URL"),
    pytest.param(f"GET /c.html?q={LONG} HTTP/1.1\r\nHost: 127.0.0.1:{{port}}", 414,
                 id="9 KB query"),
    pytest.param(f"GET /{'a' * 70_000} HTTP/1.1\r\nHost: 127.0.0.1:{{port}}", 414,
                 id="70 KB URL"),
    pytest.param(f"GET /{'a' * 300}.html HTTP/1.1\r\nHost: 127.0.0.1:{{port}}", 404,
                 id="file name too long for the system"),
    pytest.param("GET /c.html<script>alert(1)</script> HTTP/1.1 x\r\nHost: 127.0.0.1:{port}",
                 400, id="bad request line"),
    pytest.param("DELETE /c.html<script> HTTP/1.1\r\nHost: 127.0.0.1:{port}", 501,
                 id="other method"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: 127.0.0.1:{port}", 200, id="good: 127.0.0.1"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: localhost:{port}", 200, id="good: localhost"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: LocalHost:{port}", 200,
                 id="good: names ignore case"),
    pytest.param("GET /c.html HTTP/1.1\r\nHost: [::1]:{port}", 200, id="good: [::1]"),
]


@pytest.mark.parametrize("request_text, status", ATTACKS)
def test_attacks(planted: Served, capfd: pytest.CaptureFixture[str], request_text: str,
                 status: int) -> None:
    served = planted
    cache = (served.slides / ".coursebuild-cache.json").read_bytes()
    request = request_text.format(port=served.port)
    got, head, body = raw_request(served, request + "\r\n\r\n")
    assert got == status, head
    for secret in (SECRET.encode(), HIDDEN.encode(), cache, b"root:"):
        assert secret not in body
    if status >= 400:
        target = request.split(" ")[1]
        assert target.encode() not in head + body and b"aaaaaaaaaa" not in head + body
        assert b"<script>" not in head + body
    assert "Texte original" in served.get("/c.html")[2].decode("utf-8")  # still answering
    assert_quiet(served, capfd)


def raw_request(served: Served, request: str) -> tuple[int, bytes, bytes]:
    """The status, head and body of the answer to ``request``, sent as is."""
    with socket.create_connection(("127.0.0.1", served.port), timeout=WAIT) as sock:
        sock.sendall(request.encode("latin-1"))
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head, body


def assert_quiet(served: Served, capfd: pytest.CaptureFixture[str]) -> None:
    """Every connection ended, and nothing but build lines printed: no traceback."""
    wait_for(lambda: served.server.connections == 0)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err
    assert not [line for line in served.printed if "request failed" in line], served.printed


def wait_for(condition: Callable[[], T]) -> T:
    """The first true value of ``condition()``, asked until WAIT seconds have passed."""
    deadline = time.monotonic() + WAIT
    while not (value := condition()):
        assert time.monotonic() < deadline, "not within WAIT"
        time.sleep(0.02)
    return value


@pytest.mark.parametrize("values, port, verdict", [
    (["localhost:8000"], 8000, None), (["[::1]:8000"], 8000, None), (["localhost"], 80, None),
    (["127.0.0.1"], 80, None), (["localhost:80"], 80, None), (["localhost:08000"], 8000, 421),
    ([" localhost:8000 "], 8000, None), (None, 8000, 400), ([], 8000, 400),
    (["localhost:8000", "localhost:8000"], 8000, 400), (["local host:8000"], 8000, 400),
    (["[::1]"], 8000, 421), (["[::2]:8000"], 8000, 421),
])
def test_host_refusal(values: list[str] | None, port: int, verdict: int | None) -> None:
    assert host_refusal(values, port) == verdict


# --- disconnects and bounds ------------------------------------------------------------------

def _close(sock: socket.socket, reset: bool) -> None:
    if reset:  # RST instead of FIN: the server sees ConnectionResetError
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


@pytest.mark.parametrize("request_text", [
    "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n",
    f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{{port}}\r\n\r\n",
    "GET /c.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n",
    "",
], ids=["file", "event stream", "mid-head", "before sending"])
@pytest.mark.parametrize("reset", [False, True], ids=["close", "reset"])
def test_client_disconnects_are_quiet(planted: Served, capfd: pytest.CaptureFixture[str],
                                      request_text: str, reset: bool) -> None:
    served = planted
    sock = socket.create_connection(("127.0.0.1", served.port), timeout=WAIT)
    sock.sendall(request_text.format(port=served.port).encode())
    if request_text.endswith("\r\n\r\n"):
        assert sock.recv(1024).startswith(b"HTTP/1.0 200")
    _close(sock, reset)
    assert_quiet(served, capfd)  # the stream's thread notices within a second
    assert served.get("/")[0] == 200


def test_a_33rd_event_stream_is_refused_and_a_closed_one_frees_its_slot(served: Served) -> None:
    streams = [try_stream(served) for _ in range(serve_module.MAX_STREAMS)]
    try:
        assert all(streams)
        status, headers, body = served.get(EVENTS_PATH)
        assert status == 503 and headers["Retry-After"].isdigit() and b"busy" in body
        assert served.get("/c.html")[0] == 200  # pages are still served
        streams.pop().close()  # type: ignore[union-attr]
        streams.append(wait_for(lambda: try_stream(served)))  # within a second or so
    finally:
        for stream in streams:
            if stream:
                stream.close()


def try_stream(served: Served) -> http.client.HTTPResponse | None:
    """A live-reload stream (the response holds the connection), or None when refused."""
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=WAIT)
    conn.request("GET", EVENTS_PATH)
    response = conn.getresponse()
    if response.status == 200:
        return response
    response.close()
    return None


def test_connections_are_bounded(served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond max_handlers connections, max_spare more are told 503; the rest are closed at
    once, without a thread."""
    monkeypatch.setattr(serve_module.DevServer, "max_handlers", 3)
    monkeypatch.setattr(serve_module.DevServer, "max_spare", 1)
    before = set(threading.enumerate())
    idle = [socket.create_connection(("127.0.0.1", served.port), timeout=WAIT) for _ in range(3)]
    try:
        wait_for(lambda: served.server.connections == 3)
        status, head, _ = raw_request(served, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{served.port}"
                                              "\r\n\r\n")
        assert status == 503 and b"Retry-After: " in head
        wait_for(lambda: len(_started_since(before)) == 3)  # the 503's thread has ended
        idle.append(socket.create_connection(("127.0.0.1", served.port), timeout=WAIT))
        wait_for(lambda: served.server.connections == 4)
        for _ in range(20):
            idle.append(socket.create_connection(("127.0.0.1", served.port), timeout=WAIT))
            assert idle[-1].recv(1024) == b""  # closed at once
        assert len(_started_since(before)) == 4, _started_since(before)
    finally:
        for sock in idle:
            sock.close()
    wait_for(lambda: served.server.connections == 0)
    assert served.get("/")[0] == 200


def _started_since(before: set[threading.Thread]) -> list[threading.Thread]:
    return [thread for thread in set(threading.enumerate()) - before if thread.is_alive()]


def test_a_slow_request_head_is_cut_off(served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """Slowloris: a header line now and then, each well within the read timeout."""
    monkeypatch.setattr(serve_module, "HEAD_SECONDS", 0.5)
    with socket.create_connection(("127.0.0.1", served.port), timeout=WAIT) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n")
        sock.settimeout(0.1)
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and _still_open(sock):
            with contextlib.suppress(OSError):
                sock.sendall(b"X-Slow: 1\r\n")
        assert time.monotonic() < deadline, "the server kept the connection"
    wait_for(lambda: served.server.connections == 0)


def _still_open(sock: socket.socket) -> bool:
    try:
        return sock.recv(1024) != b""
    except TimeoutError:
        return True
    except OSError:
        return False


# --- watching and rebuilding -----------------------------------------------------------------

def test_an_edit_rebuilds_and_sends_reload(served: Served) -> None:
    with events(served) as stream:
        (served.source / "c.md").write_text(CHAPTER.replace("original", "modifié"),
                                            encoding="utf-8")
        assert stream.next_build()[0] == "reload"
    status, _, body = served.get("/c.html")
    assert status == 200 and "Texte modifié" in body.decode("utf-8")


def test_an_error_is_sent_to_the_page_and_the_server_keeps_answering(served: Served) -> None:
    with events(served) as stream:
        (served.source / "c.md").write_text(BROKEN, encoding="utf-8")
        name, data = stream.next_build()
        assert name == "error"
        errors = json.loads(data)
        assert any(e.endswith(f"c.md:{BROKEN_LINE}: missing image images/none.png")
                   for e in errors), errors
        assert any(f"c.md:{BROKEN_LINE}: missing image" in line for line in served.printed)
        status, _, body = served.get("/c.html")
        assert status == 200 and "Texte original" in body.decode("utf-8")  # the last good deck
        (served.source / "c.md").write_text(CHAPTER.replace("original", "réparé"),
                                            encoding="utf-8")
        assert stream.next_build()[0] == "reload"
    assert "Texte réparé" in served.get("/c.html")[2].decode("utf-8")


def test_a_browser_connecting_after_a_failed_build_gets_the_errors(served: Served) -> None:
    with events(served) as stream:
        (served.source / "c.md").write_text(BROKEN, encoding="utf-8")
        assert stream.next_build()[0] == "error"
    with events(served) as late:
        assert late.next_event()[0] == "hello"
        name, data = late.next_event()
        assert name == "error" and "missing image" in data


def test_a_broken_course_yaml_is_an_error_event_not_a_crash(served: Served) -> None:
    with events(served) as stream:
        (served.source / "course.yaml").write_text("title: [unclosed\n", encoding="utf-8")
        name, data = stream.next_build()
        assert name == "error" and "course.yaml" in data
        assert served.get("/")[0] == 200
        (served.source / "course.yaml").write_text("title: Réparé\n", encoding="utf-8")
        assert stream.next_build()[0] == "reload"


def test_a_template_change_rebuilds(served: Served) -> None:
    with events(served) as stream:
        (served.source / "templates" / "deck.html").write_text(
            '{% extends "default/deck.html" %}{% block footer %}PIED{% endblock %}',
            encoding="utf-8")
        assert stream.next_build()[0] == "reload"
    assert "PIED" in served.get("/c.html")[2].decode("utf-8")


def test_editor_files_are_ignored(served: Served) -> None:
    with events(served) as stream:
        for name in (".c.md.swp", "c.md~", "#c.md#", ".#c.md", "4913"):
            (served.source / name).write_text("x", encoding="utf-8")
        (served.source / ".git").mkdir()
        (served.source / ".git" / "index").write_text("x", encoding="utf-8")
        time.sleep(0.5)  # long enough for watchfiles to report them, were they watched
        (served.source / "c.md").write_text(CHAPTER.replace("original", "v2"), encoding="utf-8")
        assert stream.next_build()[0] == "reload"
    changed = [line for line in served.printed if line.startswith("changed:")]
    assert changed == ["changed: c.md"]


def test_outputs_inside_the_course_folder_do_not_trigger_builds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_course(tmp_path / "course", {"c": CHAPTER})
    with serving(source, source / "build", monkeypatch) as served, events(served) as stream:
        (source / "c.md").write_text(CHAPTER.replace("original", "v2"), encoding="utf-8")
        assert stream.next_build()[0] == "reload"
        time.sleep(1.0)  # a build triggered by its own outputs would show up by now
        assert served.builds() == 2, served.printed


def test_change_filter() -> None:
    out = Path("/course/build")
    keep = ChangeFilter(out)
    assert keep(Change.modified, "/course/c.md")
    assert keep(Change.added, "/course/images/new.png")
    assert keep(Change.modified, "/course/build/slides-notes.md")
    for ignored in ("/course/build/slides/c.html", "/course/build/handouts/c.pdf",
                    "/course/.c.md.swp", "/course/.git/index", "/course/c.md~",
                    "/course/#c.md#", "/course/.c.html.abc.tmp", "/course/build/.coursebuild.lock"):
        assert not keep(Change.modified, ignored), ignored


# --- starting and stopping -------------------------------------------------------------------

def test_ctrl_c_stops_with_exit_0(tmp_path: Path) -> None:
    source = write_course(tmp_path / "course", {"c": CHAPTER})
    script = textwrap.dedent(f"""
        from pathlib import Path
        from coursebuild.pipeline import BuildOptions
        from coursebuild.serve import serve
        serve(BuildOptions(Path({str(source)!r}), Path({str(tmp_path)!r})), port=0,
              on_ready=lambda url: print("READY", url, flush=True))
    """)
    # A child inherits an ignored or blocked SIGINT from whatever ran earlier in this pytest
    # process (seen in the full suite, not alone): give it the default, as a terminal would.
    with subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          preexec_fn=_default_sigint) as proc:
        try:
            assert _read_until(proc, "READY", WAIT), "serve did not start"
            proc.send_signal(signal.SIGINT)
            assert proc.wait(3 * WAIT) == 0  # the watcher may take a moment to stop
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(WAIT)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _read_until(proc: subprocess.Popen[str], marker: str, seconds: float) -> str:
    found: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(marker):
                found.append(line)
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(seconds)
    return found[0] if found else ""


def test_a_missing_course_folder_is_a_content_error(tmp_path: Path) -> None:
    from coursebuild.errors import ContentError

    with pytest.raises(ContentError, match="no such course folder"):
        serve(BuildOptions(tmp_path / "nope", tmp_path), port=0, echo=lambda _: None)


def test_a_course_that_fails_at_start_is_still_served(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_course(tmp_path / "course", {"c": BROKEN})
    with serving(source, tmp_path, monkeypatch) as served, events(served) as stream:
        assert stream.next_event()[0] == "hello"
        assert stream.next_event()[0] == "error"
        (source / "c.md").write_text(CHAPTER, encoding="utf-8")
        assert stream.next_build()[0] == "reload"
        assert served.get("/c.html")[0] == 200


# --- in a browser: same slide after reload, error overlay ----------------------------------------

# bypass_csp: Playwright's wait_for_function polls by evaluating strings, which the pages'
# Content-Security-Policy forbids (no 'unsafe-eval'); the pages' own scripts need no bypass.


@contextmanager
def private_page(browser: Any) -> Iterator[Any]:
    """A page in a context of its own: closing the context closes its connections (the live
    reload stream) before the server is stopped, as closing a browser did."""
    context = browser.new_context(bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@needs_chromium
def test_in_a_browser_the_deck_reloads_on_the_same_slide_and_shows_errors(browser,
                                                                          served: Served) -> None:
    with private_page(browser) as page:
        _check_reload_and_overlay(page, served)


@needs_chromium
def test_in_a_browser_a_refused_stream_is_tried_again(browser, served: Served) -> None:
    """With every live-reload slot taken the page's stream is refused (503), and EventSource
    gives up on that; the page's script tries again, and reloads once a slot is free."""
    streams = [try_stream(served) for _ in range(serve_module.MAX_STREAMS)]
    try:
        with private_page(browser) as page:
            _check_stream_retry(page, served, streams)
    finally:
        for stream in streams:
            if stream:
                stream.close()


def _check_stream_retry(page: Any, served: Served,
                        streams: list[http.client.HTTPResponse | None]) -> None:
    page.set_default_timeout(WAIT * 1000)
    with page.expect_response(lambda r: EVENTS_PATH in r.url) as refused:
        page.goto(served.url + "c.html")
    assert refused.value.status == 503
    with page.expect_response(lambda r: EVENTS_PATH in r.url and r.status == 200):
        streams.pop().close()  # type: ignore[union-attr]
    page.evaluate("window.__before_reload = true")
    (served.source / "c.md").write_text(CHAPTER.replace("original", "revu"), encoding="utf-8")
    page.wait_for_function("!window.__before_reload && document.body.innerText"
                           ".includes('Texte revu')")


def _check_reload_and_overlay(page: Any, served: Served) -> None:
    outside: list[str] = []
    page.route("**/*", lambda route: _only_loopback(route, outside))
    page.set_default_timeout(WAIT * 1000)
    page.goto(served.url + "c.html#/second")
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    assert page.evaluate("Reveal.getCurrentSlide().id") == "second"
    _check_same_slide_after_reload(page, served)
    _check_error_overlay(page, served)
    assert outside == []


def _check_same_slide_after_reload(page: Any, served: Served) -> None:
    page.evaluate("window.__before_reload = true")
    (served.source / "c.md").write_text(CHAPTER.replace("original", "rechargé"), encoding="utf-8")
    page.wait_for_function("!window.__before_reload && document.body.innerText"
                           ".includes('Texte rechargé')")
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    assert page.evaluate("location.hash") == "#/second"
    assert page.evaluate("Reveal.getCurrentSlide().id") == "second"


def _check_error_overlay(page: Any, served: Served) -> None:
    overlay = page.locator("#coursebuild-errors")
    (served.source / "c.md").write_text(BROKEN, encoding="utf-8")
    overlay.wait_for(state="visible")
    assert f"c.md:{BROKEN_LINE}: missing image images/none.png" in overlay.inner_text()
    overlay.get_by_role("button", name="Dismiss").click()
    overlay.wait_for(state="detached")

    config = served.source / "course.yaml"
    good_config = config.read_text(encoding="utf-8")
    config.write_text(good_config + "<b id=injected>bold</b>: 1\n", encoding="utf-8")
    overlay.wait_for(state="visible")
    page.wait_for_function("document.querySelector('#coursebuild-errors').innerText"
                           ".includes('course.yaml')")
    assert "unknown key '<b id=injected>bold</b>'" in overlay.inner_text()  # text, not HTML
    assert page.evaluate("document.getElementById('injected')") is None

    config.write_text(good_config, encoding="utf-8")
    (served.source / "c.md").write_text(CHAPTER.replace("original", "final"), encoding="utf-8")
    page.wait_for_function("document.body.innerText.includes('Texte final')")
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    assert overlay.count() == 0
    assert page.evaluate("Reveal.getCurrentSlide().id") == "second"


def _only_loopback(route: Any, outside: list[str]) -> None:
    url = route.request.url
    if urlsplit(url).hostname == "127.0.0.1":
        route.continue_()
    else:
        outside.append(url)
        route.abort()


def test_no_server_file_is_left_in_the_outputs(served: Served) -> None:
    leftovers = [p for p in served.slides.rglob("*") if "__coursebuild" in p.name
                 or p.name == "livereload.js"]
    assert leftovers == []
    assert not any(os.fspath(p).endswith(".tmp") for p in served.slides.rglob("*"))


def test_serve_refuses_a_harmful_out_before_serving(tmp_path: Path) -> None:
    from coursebuild.output_folder import OutputFolderError

    course = write_course(tmp_path / "course", {"01-un": "# Un\n"})
    (course / "slides").mkdir()
    (course / "slides" / "mine.html").write_text("the course's own", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="slides/ is inside the course folder"):
        serve_module.serve(BuildOptions(course, course), port=0, echo=lambda line: None)
    assert [p.name for p in (course / "slides").iterdir()] == ["mine.html"]

"""``python build.py serve``: build, serve ``slides/`` on 127.0.0.1, rebuild on change, reload.

Three parts: a ``Hub`` holding the state of the last build and the browsers listening for the
next one (Server-Sent Events); a standard-library HTTP server that serves only ``slides/`` and
adds the live-reload script to the HTML it sends; a watcher thread that rebuilds on each change
and tells the hub.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import re
import secrets
import shutil
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import TCPServer
from urllib.parse import unquote

import watchfiles

from .errors import ContentError
from .paths import TEMPLATES
from .pipeline import BuildOptions, build_slides

HOST = "127.0.0.1"
PREFIX = "/__coursebuild/"
EVENTS_PATH = PREFIX + "events"
SCRIPT_PATH = PREFIX + "livereload.js"
LIVERELOAD_JS = TEMPLATES / "livereload.js"
KEEPALIVE_SECONDS = 15.0
ALLOWED_HOSTS = {HOST, "localhost"}
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
}
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)

Echo = Callable[[str], None]


# --- build state and the browsers waiting for it ---------------------------------------------

@dataclass(frozen=True)
class BuildState:
    """One build: its id (pages carry it, to notice builds they missed) and its errors."""

    build: str
    errors: tuple[str, ...] = ()


Updates = queue.Queue[BuildState | None]  # None: the server is stopping


class Hub:
    """The last build's state, and one queue per connected browser for the builds to come."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: set[Updates] = set()
        self._closed = False
        self._session = secrets.token_hex(4)
        self._count = itertools.count(1)
        self._state = BuildState(self._next_id())

    def _next_id(self) -> str:
        return f"{self._session}-{next(self._count)}"

    @property
    def state(self) -> BuildState:
        with self._lock:
            return self._state

    def publish(self, errors: list[str]) -> None:
        """A build finished: remember it and tell every browser."""
        with self._lock:
            self._state = BuildState(self._next_id(), tuple(errors))
            for client in self._clients:
                client.put(self._state)

    def subscribe(self) -> tuple[BuildState, Updates]:
        """The current state, and the queue the next ones arrive on."""
        updates: Updates = queue.Queue()
        with self._lock:
            if self._closed:
                updates.put(None)
            self._clients.add(updates)
            return self._state, updates

    def unsubscribe(self, updates: Updates) -> None:
        with self._lock:
            self._clients.discard(updates)

    def close(self) -> None:
        """Release every waiting browser connection."""
        with self._lock:
            self._closed = True
            for client in self._clients:
                client.put(None)


def sse(event: str, data: str) -> bytes:
    """One Server-Sent Event (``data`` is one line: JSON or an id)."""
    return f"event: {event}\ndata: {data}\n\n".encode()


def greeting(state: BuildState) -> bytes:
    """What a browser hears on connecting: the build it should show, and its errors if any."""
    return sse("hello", state.build) + (sse("error", json.dumps(state.errors))
                                        if state.errors else b"")


def update(state: BuildState) -> bytes:
    """What a browser hears after a build: reload, or show the errors."""
    return sse("error", json.dumps(state.errors)) if state.errors else sse("reload", state.build)


# --- paths -------------------------------------------------------------------------------------

def resolve_request(root: Path, url_path: str) -> Path | None:
    """The file under ``root`` that ``url_path`` names, or None to refuse the request.

    Every segment is decoded on its own, so an encoded ``/`` or ``\\`` cannot join segments;
    empty, ``.``, ``..`` and hidden segments are refused outright; the resolved path (symlinks
    followed) must still be inside ``root``. A folder means its ``index.html``.
    """
    if not url_path.startswith("/"):
        return None
    parts = [unquote(part, errors="strict") if "%" in part else part
             for part in url_path[1:].split("/")]
    if parts[-1] == "":
        parts[-1] = "index.html"
    if any(_bad_segment(part) for part in parts):
        return None
    root = root.resolve()
    target = root.joinpath(*parts).resolve()
    if target.is_dir():
        target = (target / "index.html").resolve()
    return target if target.is_relative_to(root) else None


def _bad_segment(part: str) -> bool:
    """Empty, ``.``, ``..``, hidden (the build's cache, files being written) or joining."""
    return part == "" or part.startswith(".") or any(c in part for c in "/\\\0")


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


def inject(html: bytes, build: str) -> bytes:
    """The page with the live-reload script before its last ``</body>`` (or at its end)."""
    tag = f'<script src="{SCRIPT_PATH}" data-build="{build}"></script>\n'.encode()
    ends = list(_BODY_END.finditer(html))
    at = ends[-1].start() if ends else len(html)
    return html[:at] + tag + html[at:]


# --- HTTP --------------------------------------------------------------------------------------

class DevServer(ThreadingHTTPServer):
    """Serves ``root`` on 127.0.0.1 only; handler threads are joined on close."""

    daemon_threads = True
    block_on_close = True

    def __init__(self, root: Path, hub: Hub, port: int) -> None:
        self.root = root
        self.hub = hub
        super().__init__((HOST, port), Handler)

    def server_bind(self) -> None:
        TCPServer.server_bind(self)  # not HTTPServer's: it looks the host name up (DNS)
        self.server_name, self.server_port = HOST, self.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_port}/"


class Handler(BaseHTTPRequestHandler):
    server: DevServer
    timeout = 10  # an idle connection must not hold the server open on stop
    server_version = "coursebuild-serve"
    sys_version = ""

    def do_GET(self) -> None:
        self.respond(with_body=True)

    def do_HEAD(self) -> None:
        self.respond(with_body=False)

    def respond(self, with_body: bool) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not self.host_allowed():
            self.send_error(HTTPStatus.FORBIDDEN, "unexpected Host header")
        elif path == EVENTS_PATH:
            self.stream_events()
        elif path == SCRIPT_PATH:
            self.send_bytes(LIVERELOAD_JS.read_bytes(), content_type(LIVERELOAD_JS), with_body)
        else:
            self.send_static(path, with_body)

    def host_allowed(self) -> bool:
        """Only pages asking for 127.0.0.1 or localhost (no DNS rebinding to this server)."""
        host = self.headers.get("Host")
        return host is None or host.rsplit(":", 1)[0].lower() in ALLOWED_HOSTS

    def send_static(self, path: str, with_body: bool) -> None:
        try:
            target = resolve_request(self.server.root, path)
        except UnicodeDecodeError:
            target = None
        if target is None:
            self.send_error(HTTPStatus.FORBIDDEN, "not served")
        elif not target.is_file():
            self.send_error(HTTPStatus.NOT_FOUND)
        elif target.suffix.lower() == ".html":
            page = inject(target.read_bytes(), self.server.hub.state.build)
            self.send_bytes(page, content_type(target), with_body)
        else:
            self.send_file(target, with_body)

    def send_bytes(self, data: bytes, kind: str, with_body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if with_body:
            self.wfile.write(data)

    def send_file(self, target: Path, with_body: bool) -> None:
        with target.open("rb") as handle:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type(target))
            self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
            self.end_headers()
            if with_body:
                shutil.copyfileobj(handle, self.wfile)

    def stream_events(self) -> None:
        """Server-Sent Events until the browser leaves or the server stops."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        state, updates = self.server.hub.subscribe()
        try:
            self.wfile.write(b"retry: 1000\n\n" + greeting(state))
            while (message := self.next_message(updates)) is not None:
                self.wfile.write(message)
        except OSError:  # the browser went away (closed tab, reload)
            pass
        finally:
            self.server.hub.unsubscribe(updates)

    @staticmethod
    def next_message(updates: Updates) -> bytes | None:
        try:
            state = updates.get(timeout=KEEPALIVE_SECONDS)
        except queue.Empty:
            return b": keepalive\n\n"  # also notices a closed connection
        return None if state is None else update(state)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the terminal is for build messages."""


# --- building and watching ---------------------------------------------------------------------

def build_once(options: BuildOptions, echo: Echo) -> list[str]:
    """Build the decks, print the diagnostics; the errors (empty when the build succeeded)."""
    started = time.monotonic()
    try:
        result = build_slides(options)
    except ContentError as exc:
        echo(str(exc))
        return [str(exc)]
    except Exception as exc:  # a bug in a build must not stop the server
        echo("".join(traceback.format_exception(exc)).rstrip())
        return [f"internal error: {type(exc).__name__}: {exc}"]
    for item in result.diagnostics.items:
        echo(str(item))
    errors = [str(d) for d in result.diagnostics.errors]
    warnings = len(result.diagnostics.items) - len(errors)
    echo(f"built in {time.monotonic() - started:.2f}s: {len(result.written)} file(s) written, "
         f"{len(errors)} error(s), {warnings} warning(s)")
    return errors


class ChangeFilter(watchfiles.DefaultFilter):
    """watchfiles' defaults (``.git``, swap and backup files…), editors' lock and temporary
    files, and the build's own outputs when they are inside the watched folders."""

    ignore_entity_patterns = (
        *watchfiles.DefaultFilter.ignore_entity_patterns,
        r"^#.*#$",          # Emacs auto-save
        r"^4913$",          # Vim's write test
        r"\.kate-swp$",
        r"^\..*\.tmp$",     # atomic writes in progress
    )

    def __init__(self, out: Path) -> None:
        super().__init__()
        self.outputs = tuple((out / name).resolve() for name in ("slides", "handouts"))

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        resolved = Path(path).resolve()
        return (super().__call__(change, path)
                and not any(resolved.is_relative_to(o) for o in self.outputs))


class _StopSignal:
    """The ``stop_event`` given to watchfiles: it asks ``is_set()`` only once its watches are
    in place, so the first call tells that no change can be missed any more."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop
        self.watching = threading.Event()

    def is_set(self) -> bool:
        self.watching.set()
        return self.stop.is_set()


def watch_and_rebuild(options: BuildOptions, hub: Hub, signal: _StopSignal, echo: Echo) -> None:
    """Rebuild after each batch of changes (watchfiles waits for a quiet 100 ms) until stop."""
    for changes in watchfiles.watch(options.source, TEMPLATES, stop_event=signal,
                                    watch_filter=ChangeFilter(options.out), step=100,
                                    rust_timeout=1000,
                                    raise_interrupt=False):
        names = sorted({Path(path).name for _, path in changes})
        echo(f"changed: {', '.join(names)}")
        hub.publish(build_once(options, echo))


# --- the command -------------------------------------------------------------------------------

def serve(options: BuildOptions, *, port: int = 8000, stop: threading.Event | None = None,
          on_ready: Callable[[str], None] | None = None, echo: Echo = print) -> None:
    """Build, serve options.out / "slides" on http://127.0.0.1:<port>/, rebuild on change until
    stop is set (or Ctrl-C).

    Raises ContentError when ``options.source`` is not a folder and OSError when the port
    cannot be bound; build errors are printed and shown in the page, never raised.
    """
    stop = stop or threading.Event()
    try:
        _serve(options, port, stop, on_ready, echo)
    except KeyboardInterrupt:
        echo("stopped")


def _serve(options: BuildOptions, port: int, stop: threading.Event,
           on_ready: Callable[[str], None] | None, echo: Echo) -> None:
    if not options.source.is_dir():
        raise ContentError(options.source, None, "no such course folder")
    hub = Hub()
    server = DevServer(options.out / "slides", hub, port)
    watcher = _Watcher(options, hub, stop, echo)
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                               name="coursebuild-serve")
    try:
        hub.publish(build_once(options, echo))
        serving.start()
        watcher.start()
        if watcher.wait_until_watching():
            echo(f"serving {options.out / 'slides'} at {server.url} (Ctrl-C to stop)")
            if on_ready:
                on_ready(server.url)
        while watcher.is_alive() and not stop.wait(0.2):
            pass
    finally:
        stop.set()
        hub.close()
        _stop_server(server, serving)
        watcher.join(timeout=10)
    watcher.raise_failure()


def _stop_server(server: DevServer, serving: threading.Thread) -> None:
    if serving.is_alive():
        server.shutdown()
    server.server_close()  # also joins the request threads (the event streams have ended)


class _Watcher(threading.Thread):
    """The watch-and-rebuild loop, keeping what ended it so ``serve`` can raise it."""

    def __init__(self, options: BuildOptions, hub: Hub, stop: threading.Event,
                 echo: Echo) -> None:
        super().__init__(name="coursebuild-watch", daemon=True)
        self.options, self.hub, self.echo = options, hub, echo
        self.signal = _StopSignal(stop)
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            watch_and_rebuild(self.options, self.hub, self.signal, self.echo)
        except BaseException as exc:  # re-raised by serve(), in the caller's thread
            self.failure = exc

    def wait_until_watching(self) -> bool:
        """True once changes are seen; False when the watcher failed (or stop was set)."""
        while not self.signal.watching.wait(0.05):
            if not self.is_alive():
                return False
        return not self.signal.stop.is_set()

    def raise_failure(self) -> None:
        if self.failure is not None:
            raise self.failure

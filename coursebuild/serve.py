"""``python build.py serve``: build, serve ``slides/`` on 127.0.0.1, rebuild on change, reload.

Three parts: a ``Hub`` holding the state of the last build and the browsers listening for the
next one (Server-Sent Events); a standard-library HTTP server that serves only ``slides/`` and
adds the live-reload script to the HTML it sends; a watcher thread that rebuilds on each change
and tells the hub.

Any page open in the browser can send requests to 127.0.0.1, so the server answers only requests
addressed to it by a loopback name and its port, never serves what is hidden or outside
``slides/`` (symlinks followed), and bounds what a client can hold: request lines, the time to
send a request's head, connections, live-reload streams.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import itertools
import json
import os
import queue
import re
import secrets
import shutil
import socket
import stat
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import TCPServer
from typing import BinaryIO
from urllib.parse import unquote

import watchfiles

from .errors import ContentError, display_path
from .output_folder import LOCK_FILE, TARGET_FOLDERS, check_out_folder
from .paths import TEMPLATES
from .pipeline import BuildOptions, build_slides

HOST = "127.0.0.1"
PREFIX = "/__coursebuild/"
EVENTS_PATH = PREFIX + "events"
SCRIPT_PATH = PREFIX + "livereload.js"
LIVERELOAD_JS = TEMPLATES / "livereload.js"
KEEPALIVE_SECONDS = 15  # a comment on a quiet event stream, so proxies keep it open
STREAM_CHECK_SECONDS = 1.0  # how often a quiet stream checks that its browser is still there
LOOPBACK_NAMES = (HOST, "localhost", "[::1]")  # the names a Host header may give, with the port
MAX_REQUEST_LINE = 8 * 1024  # bytes; a longer request line (a long URL) is answered 414
HEAD_SECONDS = 10.0  # to send a request line and its headers, all of them (slowloris)
MAX_STREAMS = 32  # live-reload streams at once; one more is answered 503
MAX_HANDLERS = 64  # connections answered at once, streams included
MAX_SPARE = 8  # connections beyond those, only answered 503; any more are closed at once
CLOSE_SECONDS = 5.0  # how long closing waits for the handler threads (their sockets shut)
RETRY_AFTER_SECONDS = 2
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


@dataclass(frozen=True)
class Console:
    """What serve prints, and how much: errors always; the rest (warnings, each build's
    summary, the changes seen, the address) unless ``quiet``; each file written if ``verbose``."""

    echo: Echo = print
    quiet: bool = False
    verbose: bool = False

    def error(self, line: str) -> None:
        self.echo(line)

    def info(self, line: str) -> None:
        if not self.quiet:
            self.echo(line)

    def written(self, path: Path, done: int, total: int) -> None:
        if self.verbose:
            self.echo(f"[{done}/{total}] {display_path(path)}")


# --- build state and the browsers waiting for it ---------------------------------------------

@dataclass(frozen=True)
class BuildState:
    """One build: its id (pages carry it, to notice builds they missed) and its errors."""

    build: str
    errors: tuple[str, ...] = ()


Updates = queue.Queue[BuildState | None]  # None: the server is stopping


class Hub:
    """The last build's state, and one queue per connected browser for the builds to come."""

    def __init__(self, max_clients: int = MAX_STREAMS) -> None:
        self._lock = threading.Lock()
        self._max_clients = max_clients
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

    def subscribe(self) -> tuple[BuildState, Updates] | None:
        """The current state, and the queue the next ones arrive on; None when full."""
        updates: Updates = queue.Queue()
        with self._lock:
            if len(self._clients) >= self._max_clients:
                return None
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
    empty, ``.``, ``..``, hidden and undecodable segments are refused outright; the resolved
    path (symlinks followed) must still be inside ``root`` and hidden nowhere under it, so a
    symlink cannot lead to the build's cache or out of ``root``. A folder means its
    ``index.html``.
    """
    if not url_path.startswith("/"):
        return None
    try:
        parts = [unquote(part, errors="strict") if "%" in part else part
                 for part in url_path[1:].split("/")]
    except UnicodeDecodeError:
        return None
    if parts[-1] == "":
        parts[-1] = "index.html"
    if any(_bad_segment(part) for part in parts):
        return None
    root = Path(os.path.realpath(root))
    target = Path(os.path.realpath(root.joinpath(*parts)))  # never raises, even on a loop
    if os.path.isdir(target):
        target = Path(os.path.realpath(target / "index.html"))
    return target if _visible_inside(root, target) else None


def _bad_segment(part: str) -> bool:
    """Empty, ``.``, ``..``, hidden (the build's cache, files being written) or joining."""
    return part == "" or part.startswith(".") or any(c in part for c in "/\\\0")


def _visible_inside(root: Path, target: Path) -> bool:
    """``target`` (resolved) is under ``root`` and no folder or file on the way is hidden."""
    return (target.is_relative_to(root)
            and not any(part.startswith(".") for part in target.relative_to(root).parts))


def open_regular(path: Path) -> BinaryIO | None:
    """``path`` opened for reading when it is a regular file, else None.

    ``path`` is resolved: ``O_NOFOLLOW`` refuses a symlink put in its place since, and
    ``O_NONBLOCK`` keeps a FIFO from holding the thread (it is then refused as not a file).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:  # missing, too long a name, a symlink
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return os.fdopen(fd, "rb")


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


def inject(html: bytes, build: str) -> bytes:
    """The page with the live-reload script before its last ``</body>`` (or at its end)."""
    tag = f'<script src="{SCRIPT_PATH}" data-build="{build}"></script>\n'.encode()
    ends = list(_BODY_END.finditer(html))
    at = ends[-1].start() if ends else len(html)
    return html[:at] + tag + html[at:]


# --- HTTP --------------------------------------------------------------------------------------

def allowed_hosts(port: int) -> frozenset[str]:
    """The Host values this server answers: a loopback name and its port (browsers leave out
    ``:80``)."""
    named = frozenset(f"{name}:{port}" for name in LOOPBACK_NAMES)
    return named | frozenset(LOOPBACK_NAMES) if port == 80 else named


_HOST_VALUE = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9\-._~!$&'()*+,;=%]+)(:[0-9]*)?")


def host_refusal(values: list[str] | None, port: int) -> HTTPStatus | None:
    """Why a request's ``Host`` headers are refused, or None when they name this server.

    400 when there is no ``Host``, more than one, or one that is not ``host[:port]`` (RFC 9112
    section 3.2 says so); 421 Misdirected Request when it names another server: another name
    (DNS rebinding: a web page's own name resolving to 127.0.0.1) or another port.
    """
    if not values or len(values) > 1:
        return HTTPStatus.BAD_REQUEST
    value = values[0].strip(" \t").lower()
    if value in allowed_hosts(port):
        return None
    if _HOST_VALUE.fullmatch(value):
        return HTTPStatus.MISDIRECTED_REQUEST
    return HTTPStatus.BAD_REQUEST


def client_gone(connection: socket.socket) -> bool:
    """True when the browser closed or reset ``connection`` (it sends nothing on a stream)."""
    timeout = connection.gettimeout()
    connection.settimeout(0)
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        connection.settimeout(timeout)


class HeadReader(io.RawIOBase):
    """A connection's reads. While a request's head is being read they share one deadline, so a
    client sending a byte now and then cannot hold a thread (each read alone has ``timeout``)."""

    def __init__(self, connection: socket.socket, timeout: float) -> None:
        super().__init__()
        self.connection = connection
        self.timeout = timeout
        self.deadline: float | None = None

    def readable(self) -> bool:
        return True

    def start(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def stop(self) -> None:
        self.deadline = None
        self.connection.settimeout(self.timeout)

    def readinto(self, buffer: bytearray | memoryview) -> int:
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("request head too slow")
            self.connection.settimeout(min(left, self.timeout))
        return self.connection.recv_into(buffer)


class DevServer(ThreadingHTTPServer):
    """Serves ``root`` on 127.0.0.1 only, one thread per connection, at most ``max_handlers``
    of them, plus ``max_spare`` that only answer 503; handler threads are joined on close.

    The threads are daemons (a stuck client never holds the process), which socketserver does
    not join: this server keeps and joins them itself."""

    daemon_threads = True
    max_handlers = MAX_HANDLERS
    max_spare = MAX_SPARE

    def __init__(self, root: Path, hub: Hub, port: int, echo: Echo = print) -> None:
        self.root = root
        self.hub = hub
        self.echo = echo
        self._lock = threading.Lock()
        self._connections: dict[socket.socket, bool] = {}  # -> only to be answered 503
        self._handlers: list[threading.Thread] = []  # joined on close; the ended ones dropped
        super().__init__((HOST, port), Handler)

    def server_bind(self) -> None:
        TCPServer.server_bind(self)  # not HTTPServer's: it looks the host name up (DNS)
        self.server_name, self.server_port = HOST, self.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_port}/"

    @property
    def connections(self) -> int:
        """Connections being answered now (each has its thread)."""
        with self._lock:
            return len(self._connections)

    def is_spare(self, request: socket.socket) -> bool:
        with self._lock:
            return self._connections.get(request, False)

    def process_request(self, request: socket.socket,
                        client_address: tuple[str, int]) -> None:
        """A thread for the connection if there is room, else it is closed at once."""
        with self._lock:
            full = len(self._connections) >= self.max_handlers + self.max_spare
            if not full:
                self._connections[request] = len(self._connections) >= self.max_handlers
        if full:
            self.shutdown_request(request)
            return
        thread = threading.Thread(target=self.process_request_thread,
                                  args=(request, client_address), daemon=True)
        with self._lock:
            self._handlers = [t for t in self._handlers if t.is_alive()]
            self._handlers.append(thread)
        try:
            thread.start()
        except BaseException:
            self._forget(request)
            raise

    def process_request_thread(self, request: socket.socket,
                               client_address: tuple[str, int]) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._forget(request)

    def _forget(self, request: socket.socket) -> None:
        with self._lock:
            self._connections.pop(request, None)

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that left (closed tab, reload) is no error. Anything else is one line: no
        traceback, nothing from the request (long, or written to mislead the terminal)."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            self.echo(f"serve: a request failed: {type(error).__name__}")

    def server_close(self) -> None:
        """Close the listening socket, end every connection, join their threads."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:  # a slow client must not hold the stop
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        super().server_close()
        with self._lock:
            handlers, self._handlers = self._handlers, []
        deadline = time.monotonic() + CLOSE_SECONDS
        for thread in handlers:  # their sockets are shut: each ends at its next read or write
            thread.join(max(0.0, deadline - time.monotonic()))


class Handler(BaseHTTPRequestHandler):
    server: DevServer
    timeout = 10  # each read or write; the whole head of a request has HEAD_SECONDS
    server_version = "coursebuild-serve"
    sys_version = ""
    default_request_version = "HTTP/1.0"  # a status line even on a bad request line (no 0.9)

    def setup(self) -> None:
        super().setup()
        self.rfile.close()
        self.head = HeadReader(self.connection, self.timeout)
        self.rfile = io.BufferedReader(self.head)

    def handle_one_request(self) -> None:
        self.head.start(HEAD_SECONDS)
        super().handle_one_request()

    def parse_request(self) -> bool:
        """The request line and headers, read within HEAD_SECONDS; 414 for a long line."""
        try:
            parsed = super().parse_request()
        finally:
            self.head.stop()
        if parsed and len(self.raw_requestline) > MAX_REQUEST_LINE:
            self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
            return False
        return parsed

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        """The standard reason phrase, never the standard library's messages: they quote the
        request line."""
        super().send_error(code, None, explain)

    def do_GET(self) -> None:
        self.respond(with_body=True)

    def do_HEAD(self) -> None:
        self.respond(with_body=False)

    def respond(self, with_body: bool) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        refusal = host_refusal(self.headers.get_all("Host"), self.server.server_port)
        if self.server.is_spare(self.request):
            self.send_busy(with_body)
        elif refusal is not None:
            self.send_error(refusal, explain="Host must be 127.0.0.1, localhost or [::1] "
                                             "with this server's port, once")
        elif path == EVENTS_PATH:
            self.stream_events(with_body)
        elif path == SCRIPT_PATH:
            self.send_bytes(LIVERELOAD_JS.read_bytes(), content_type(LIVERELOAD_JS), with_body)
        else:
            self.send_static(path, with_body)

    def send_static(self, path: str, with_body: bool) -> None:
        target = resolve_request(self.server.root, path)
        handle = open_regular(target) if target is not None else None
        if target is None:
            self.send_error(HTTPStatus.FORBIDDEN, explain="not served")
        elif handle is None:
            self.send_error(HTTPStatus.NOT_FOUND)
        else:
            with handle:
                self.send_file(target, handle, with_body)

    def send_file(self, target: Path, handle: BinaryIO, with_body: bool) -> None:
        if target.suffix.lower() == ".html":
            page = inject(handle.read(), self.server.hub.state.build)
            self.send_bytes(page, content_type(target), with_body)
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type(target))
        self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
        self.end_headers()
        if with_body:
            shutil.copyfileobj(handle, self.wfile)

    def send_bytes(self, data: bytes, kind: str, with_body: bool,
                   status: HTTPStatus = HTTPStatus.OK, headers: dict[str, str] | None = None,
                   ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(data)

    def send_busy(self, with_body: bool) -> None:
        """503: too many connections or live-reload streams; try again in a moment."""
        self.send_bytes(b"busy: too many connections, try again in a moment\n",
                        "text/plain; charset=utf-8", with_body, HTTPStatus.SERVICE_UNAVAILABLE,
                        {"Retry-After": str(RETRY_AFTER_SECONDS), "Connection": "close"})

    def stream_events(self, with_body: bool) -> None:
        """Server-Sent Events until the browser leaves or the server stops."""
        subscribed = self.server.hub.subscribe()
        if subscribed is None:
            self.send_busy(with_body)
            return
        state, updates = subscribed
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"retry: 1000\n\n" + greeting(state))
            while (message := self.next_message(updates)) is not None:
                self.wfile.write(message)
        except OSError:  # the browser went away (closed tab, reload)
            pass
        finally:
            self.server.hub.unsubscribe(updates)

    def next_message(self, updates: Updates) -> bytes | None:
        """The next build's event; a keepalive comment after a quiet while; None to end the
        stream: the server stops, or the browser left (seen within a second: its slot is free)."""
        for _ in range(round(KEEPALIVE_SECONDS / STREAM_CHECK_SECONDS)):
            try:
                state = updates.get(timeout=STREAM_CHECK_SECONDS)
            except queue.Empty:
                if client_gone(self.connection):
                    return None
                continue
            return None if state is None else update(state)
        return b": keepalive\n\n"

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the terminal is for build messages."""


# --- building and watching ---------------------------------------------------------------------

def build_once(options: BuildOptions, console: Console) -> list[str]:
    """Build the decks, print the diagnostics; the errors (empty when the build succeeded)."""
    started = time.monotonic()
    try:
        result = build_slides(dataclasses.replace(options, on_write=console.written))
    except ContentError as exc:
        console.error(str(exc))
        return [str(problem) for problem in exc.each()]
    except Exception as exc:  # a bug in a build must not stop the server
        console.error("".join(traceback.format_exception(exc)).rstrip())
        return [f"internal error: {type(exc).__name__}: {exc}"]
    for item in result.diagnostics.items:
        (console.error if item.severity == "error" else console.info)(str(item))
    errors = [str(d) for d in result.diagnostics.errors]
    warnings = len(result.diagnostics.items) - len(errors)
    console.info(f"built in {time.monotonic() - started:.2f}s: {len(result.written)} file(s) "
                 f"written, {len(errors)} error(s), {warnings} warning(s)")
    return errors


class ChangeFilter(watchfiles.DefaultFilter):
    """watchfiles' defaults (``.git``, swap and backup files…), editors' lock and temporary
    files, and the build's own outputs and lock file when they are inside the watched folders."""

    ignore_entity_patterns = (
        *watchfiles.DefaultFilter.ignore_entity_patterns,
        r"^#.*#$",          # Emacs auto-save
        r"^4913$",          # Vim's write test
        r"\.kate-swp$",
        r"^\..*\.tmp$",     # atomic writes in progress
    )

    def __init__(self, out: Path) -> None:
        super().__init__()
        self.outputs = tuple((out / name).resolve() for name in TARGET_FOLDERS)
        self.lock = (out / LOCK_FILE).resolve()  # written by every build

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        resolved = Path(path).resolve()
        return (super().__call__(change, path) and resolved != self.lock
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


def watch_and_rebuild(options: BuildOptions, hub: Hub, signal: _StopSignal,
                      console: Console) -> None:
    """Rebuild after each batch of changes (watchfiles waits for a quiet 100 ms) until stop."""
    for changes in watchfiles.watch(options.source, TEMPLATES, stop_event=signal,
                                    watch_filter=ChangeFilter(options.out), step=100,
                                    rust_timeout=1000,
                                    raise_interrupt=False):
        names = sorted({Path(path).name for _, path in changes})
        console.info(f"changed: {', '.join(names)}")
        hub.publish(build_once(options, console))


# --- the command -------------------------------------------------------------------------------

def serve(options: BuildOptions, *, port: int = 8000, stop: threading.Event | None = None,
          on_ready: Callable[[str], None] | None = None, echo: Echo = print,
          quiet: bool = False, verbose: bool = False) -> None:
    """Build, serve options.out / "slides" on http://127.0.0.1:<port>/, rebuild on change until
    stop is set (or Ctrl-C).

    Raises ContentError when ``options.source`` is not a folder, OutputFolderError when
    ``options.out`` is refused, and OSError when the port cannot be bound; build errors are
    printed and shown in the page, never raised. ``echo`` prints a line: errors always, the rest
    unless ``quiet``, each file written too if ``verbose``.
    """
    stop = stop or threading.Event()
    console = Console(echo, quiet, verbose)
    try:
        _serve(options, port, stop, on_ready, console)
    except KeyboardInterrupt:
        console.info("stopped")


def _serve(options: BuildOptions, port: int, stop: threading.Event,
           on_ready: Callable[[str], None] | None, console: Console) -> None:
    if not options.source.is_dir():
        raise ContentError(options.source, None, "no such course folder")
    check_out_folder(options.out, options.source)  # raises OutputFolderError: before serving
    hub = Hub()
    server = DevServer(options.out / "slides", hub, port, console.error)
    watcher = _Watcher(options, hub, stop, console)
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                               name="coursebuild-serve")
    try:
        hub.publish(build_once(options, console))
        serving.start()
        watcher.start()
        if watcher.wait_until_watching():
            console.info(f"serving {options.out / 'slides'} at {server.url} (Ctrl-C to stop)")
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
                 console: Console) -> None:
        super().__init__(name="coursebuild-watch", daemon=True)
        self.options, self.hub, self.console = options, hub, console
        self.signal = _StopSignal(stop)
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            watch_and_rebuild(self.options, self.hub, self.signal, self.console)
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

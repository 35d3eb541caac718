"""Folio Python client: log training runs to a self-hosted Folio server.

One module, standard library only (Python 3.8+). Usage::

    import folio
    with folio.init(project="mnist", config={"lr": 0.01}) as run:
        for step in range(1000):
            run.log({"loss": loss, "acc": acc})
        run.summary["best_acc"] = best

``log`` never blocks on the network: rows go to an in-memory queue that a
daemon thread sends in batches, retrying transient failures.  When the server
stays unreachable past a retry budget, everything pending is appended to a
spool file (``$FOLIO_SPOOL_DIR/<run_id>.jsonl``) that ``folio sync`` uploads
later.  See README.md for the spool format and the environment variables.
"""

from __future__ import annotations

import atexit
import collections
import http.client
import json
import logging
import math
import os
import platform
import random
import re
import secrets
import shlex
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import MutableMapping
from typing import Any, Dict, List, Mapping, Optional

__all__ = ["init", "log", "finish", "Run", "Summary", "FolioError", "run"]
__version__ = "0.1.0"

log_ = logging.getLogger("folio")

DEFAULT_URL = "http://localhost:3000"
DEFAULT_SPOOL_DIR = os.path.join("~", ".folio", "spool")
MAX_POINTS_PER_REQUEST = 100_000  # server limit (docs/api.md)
MAX_KEY_LENGTH = 256  # counted like the (JavaScript) server does: in UTF-16 code units
MAX_STEP = 2 ** 53 - 1  # the largest integer a JavaScript number holds exactly
_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
# Rejections that would fail identically on every later attempt (including a
# later `folio sync`), so the data is dropped with an error instead of spooled.
_DROP_STATUSES = (400, 413, 422)

run: Optional["Run"] = None  # the most recent run started by init(), like wandb.run


class FolioError(Exception):
    """The server rejected a request (a 4xx other than 408/429), or the client was misused."""

    def __init__(self, message: str, status: Optional[int] = None, code: Optional[str] = None,
                 path: Optional[str] = None):
        super().__init__(message)
        self.status, self.code, self.message, self.path = status, code, message, path

    @classmethod
    def from_response(cls, status: int, raw: bytes, method: str, url_path: str) -> "FolioError":
        code = msg = field = None
        try:
            err = json.loads(raw.decode("utf-8")).get("error") or {}
            code, msg, field = err.get("code"), err.get("message"), err.get("path")
        except (ValueError, AttributeError, UnicodeDecodeError):
            pass
        text = "%s %s -> HTTP %d %s: %s" % (method, url_path, status, code or "error",
                                            msg or raw[:200].decode("utf-8", "replace"))
        return cls(text, status=status, code=code, path=field)


class _Transient(Exception):
    """A failure worth retrying: connection error, timeout, 5xx, 408 or 429."""

    def __init__(self, reason: str, retry_after: Optional[float] = None):
        super().__init__(reason)
        self.retry_after = retry_after


class _Unreachable(Exception):
    """The retry budget ran out; the caller spools instead."""


def _dumps(obj: Any) -> str:
    # allow_nan=False: bare NaN/Infinity tokens are not JSON; values are encoded before this.
    return json.dumps(obj, separators=(",", ":"), allow_nan=False, ensure_ascii=False)


def _js_length(text: str) -> int:
    """Length as JavaScript counts it (UTF-16 code units): astral characters count twice."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _truncate(text: str, limit: int) -> str:
    """Cut text to at most `limit` UTF-16 units (for auto-collected fields with server limits)."""
    while _js_length(text) > limit:
        text = text[:limit - (_js_length(text) - len(text)) if len(text) > limit else len(text) - 1]
    return text


def _dedupe_rows(rows: List[dict]) -> List[dict]:
    """Keep only the last value of each (key, step) in a batch.

    The server keeps the last write per (key, step) across requests; inside one request a
    repeated pair is at best redundant (and an upsert touching a row twice can fail), so the
    client resolves it first.  Cheap when steps don't repeat, which is the common case.
    """
    if len({row["step"] for row in rows}) == len(rows):
        return rows
    seen = set()
    out = []
    for row in reversed(rows):
        metrics = {k: v for k, v in row["metrics"].items() if (k, row["step"]) not in seen}
        seen.update((k, row["step"]) for k in metrics)
        if metrics:
            out.append(dict(row, metrics=metrics))
    out.reverse()
    return out


def _encode_float(f: float) -> Any:
    """Encode a float the way the API expects: non-finite values as strings."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "Infinity" if f > 0 else "-Infinity"
    return f


def _metric_value(key: str, value: Any) -> Any:
    """Convert one logged value to its JSON form, or raise ValueError naming the key."""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _encode_float(value)
    # numpy scalars, 0-d tensors, Decimal... expose __float__; str does not (on purpose:
    # "0.5" is almost always a bug in the caller, not a number).
    if not isinstance(value, (str, bytes)) and hasattr(type(value), "__float__"):
        try:
            return _encode_float(float(value))
        except (TypeError, ValueError, OverflowError):
            pass
    raise ValueError("folio: metric %r has non-numeric value %r (expected int, float or bool)"
                     % (key, value))


def _jsonable(value: Any) -> Any:
    """Deep-copy a config/summary value into plain JSON types (non-finite floats as strings)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return _encode_float(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    for method in ("tolist", "item"):  # numpy arrays/scalars, torch tensors
        if callable(getattr(value, method, None)):
            try:
                return _jsonable(getattr(value, method)())
            except Exception:  # noqa: BLE001 - fall back to str() below
                break
    return str(value)


class _Op:
    """One queued write.  History ops keep their rows pre-serialised (one string per row)."""

    __slots__ = ("kind", "body", "parts")

    def __init__(self, kind: str, body: Optional[dict] = None, parts: Optional[List[str]] = None):
        self.kind, self.body, self.parts = kind, body, parts

    def payload(self) -> str:
        if self.kind == "history":
            return '{"rows":[' + ",".join(self.parts or []) + "]}"
        return _dumps(self.body)

    def spool_line(self) -> str:
        return '{"op":"%s","body":%s}' % (self.kind, self.payload())

    @classmethod
    def from_record(cls, record: dict) -> "_Op":
        kind, body = record["op"], record.get("body") or {}
        if kind == "history":
            return cls(kind, parts=[_dumps(r) for r in body.get("rows", [])])
        return cls(kind, body=body)


class Summary(MutableMapping):
    """The run's summary: a dict whose changes are pushed with PATCH (batched, at finish at the latest)."""

    def __init__(self) -> None:
        self._data: Dict[str, Any] = {}
        self._dirty: set = set()
        self._lock = threading.Lock()

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._dirty.add(key)

    def __delitem__(self, key: str) -> None:
        with self._lock:
            del self._data[key]
            self._dirty.add(key)  # sent as null, which deletes the key server-side

    def __iter__(self):
        return iter(list(self._data))

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return "Summary(%r)" % (self._data,)

    def _take_changes(self) -> Dict[str, Any]:
        with self._lock:
            changes = {k: _jsonable(self._data.get(k)) for k in self._dirty}
            self._dirty.clear()
        return changes


class Run:
    """A run being logged.  Create it with :func:`folio.init`, not directly."""

    def __init__(self, project: str, config: Optional[Mapping[str, Any]], name: Optional[str],
                 id: Optional[str], tags: Optional[List[str]], group: Optional[str],
                 job_type: Optional[str], notes: Optional[str], url: str, api_key: Optional[str],
                 retry_seconds: float, timeout: float, backoff_initial: float, backoff_max: float,
                 flush_interval: float, max_rows: int, heartbeat_interval: float,
                 spool_dir: str, max_body_bytes: int) -> None:
        # A client-side id lets a spooled run be created later under the same id.
        self.id: str = id or "".join(secrets.choice(_ID_ALPHABET) for _ in range(8))
        self.project, self.name = project, name
        self.config: Dict[str, Any] = dict(config or {})
        self.summary = Summary()
        self.url: Optional[str] = None  # the run's web page, known once the server acknowledged it
        self.resumed = False
        self.errors: List[FolioError] = []  # rejections recorded by the background thread
        self.spool_path = os.path.join(os.path.expanduser(spool_dir), self.id + ".jsonl")

        self._base = url.rstrip("/")
        self._headers = {"User-Agent": "folio-python/" + __version__}
        if api_key:
            self._headers["Authorization"] = "Bearer " + api_key
        self._retry_seconds, self._timeout = retry_seconds, timeout
        self._backoff_initial, self._backoff_max = backoff_initial, backoff_max
        self._flush_interval, self._max_rows = flush_interval, max_rows
        self._heartbeat_interval, self._max_body_bytes = heartbeat_interval, max_body_bytes
        self._resume_requested = id is not None

        self._sent_config = _jsonable(self.config)
        # host/command are collected automatically: truncate them to the server's limits so an
        # unusually long command line can never make init() fail.
        command = " ".join(shlex.quote(a) for a in [os.path.basename(sys.executable)] + sys.argv)
        body: Dict[str, Any] = {"project": project, "id": self.id, "config": self._sent_config,
                                "host": _truncate(socket.gethostname(), 255),
                                "command": _truncate(command, 8192),
                                "runtime": {"python": platform.python_version(), "folio": __version__}}
        for key, value in (("name", name), ("tags", list(tags) if tags is not None else None),
                           ("group", group), ("jobType", job_type), ("notes", notes)):
            if value is not None:
                body[key] = value
        self._create_body = body

        # State shared with the worker thread, guarded by _lock.  The queue holds row dicts
        # and _Op objects in call order, so the server sees writes in the order they happened.
        self._lock = threading.Lock()
        self._patch_lock = threading.Lock()  # finish() and the worker both collect patches
        self._cond = threading.Condition(self._lock)
        self._ops: collections.deque = collections.deque([_Op("create", body=body)])
        self._pending_rows = 0
        self._step = 0
        self._closing = False
        self._finished = False
        self._urgent = True  # wake the worker at once: init() is waiting for the create

        # Worker-only state.
        self._created = threading.Event()  # create acknowledged, rejected or spooled
        self._created_ok = False
        self._init_done = False  # set (under _lock) once init() stopped waiting for the create
        self._init_error: Optional[FolioError] = None
        self._spooling = False
        self._spool_has_create = False
        self._last_contact = time.monotonic()
        self._last_probe = 0.0
        self._thread = threading.Thread(target=self._worker, name="folio-" + self.id, daemon=True)

    # ------------------------------------------------------------------ public API

    @property
    def step(self) -> int:
        """The step the next ``log`` call without ``step=`` will use."""
        return self._step

    @property
    def spooled(self) -> bool:
        """True when part of this run is waiting in the spool file for ``folio sync``."""
        return os.path.exists(self.spool_path)

    def log(self, data: Mapping[str, Any], step: Optional[int] = None) -> None:
        """Queue one row of metrics; returns immediately (the background thread sends it).

        ``step`` defaults to one past the previous row's step.  Values must be int, float or
        bool (bools become 1/0); NaN and +/-inf are allowed.  Raises ValueError naming the
        offending key for a non-numeric value or a key that is not a 1-256 character string.
        """
        if step is not None and (isinstance(step, bool) or not isinstance(step, int)
                                 or not 0 <= step <= MAX_STEP):
            raise ValueError("folio: step must be an integer from 0 to 2**53-1, got %r" % (step,))
        metrics = {}
        for key, value in data.items():
            if not isinstance(key, str) or not 1 <= _js_length(key) <= MAX_KEY_LENGTH:
                raise ValueError("folio: metric name %r must be a string of 1-%d characters"
                                 % (key, MAX_KEY_LENGTH))
            metrics[key] = _metric_value(key, value)
        now = time.time()
        with self._lock:
            if self._finished:
                raise FolioError("folio: run %s is finished; start a new one with folio.init()" % self.id)
            if step is None:
                step = self._step
            self._step = max(self._step, step + 1)
            items = list(metrics.items())
            # A row wider than the per-request point limit is split into rows with the same
            # step: the server merges them, since points are keyed by (key, step).  An empty
            # dict only advances the step, like wandb.log({}).
            for i in range(0, len(items), MAX_POINTS_PER_REQUEST):
                chunk = dict(items[i:i + MAX_POINTS_PER_REQUEST])
                self._ops.append({"step": step, "time": now, "metrics": chunk})
                self._pending_rows += 1
                if self._pending_rows == self._max_rows:
                    self._cond.notify()

    def finish(self, exit_code: int = 0) -> None:
        """Flush everything and mark the run finished (``failed`` for a non-zero exit code).

        Blocks until every queued row is acknowledged by the server or written to the spool
        file.  Calling it again does nothing.
        """
        with self._lock:
            if self._finished:
                return
            self._finished = True
        self._collect_patch()  # before the finish op, so the final summary lands first
        with self._lock:
            self._ops.append(_Op("finish", body={"exitCode": int(exit_code)}))
            self._closing = True
            self._cond.notify()
        if self._thread.is_alive():
            self._thread.join()
        with self._lock:  # the worker died (a bug): never lose data, spool what is left
            leftover = list(self._ops)
            self._ops.clear()
        if leftover:
            self._spool_write(self._as_ops(leftover))
        _forget(self)
        if self.spooled:
            log_.warning("folio: run %s was not fully uploaded; it is spooled in %s. "
                         "Upload it later with `folio sync`.", self.id, self.spool_path)

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.finish(exit_code=1 if exc_type is not None else 0)

    def __repr__(self) -> str:
        return "<folio.Run id=%s project=%s url=%s>" % (self.id, self.project, self.url)

    # ------------------------------------------------------------------ background thread

    def _worker(self) -> None:
        try:
            self._worker_loop()
        except BaseException:  # noqa: BLE001 - a crashed worker must not lose data silently
            log_.exception("folio: background thread for run %s crashed; spooling", self.id)
            with self._lock:
                leftover = list(self._ops)
                self._ops.clear()
            self._spool_write(self._as_ops(leftover))
            self._created.set()

    def _worker_loop(self) -> None:
        last_flush = time.monotonic()
        while True:
            with self._cond:
                while not (self._closing or self._urgent or self._pending_rows >= self._max_rows):
                    remaining = self._flush_interval - (time.monotonic() - last_flush)
                    if remaining <= 0:
                        break
                    self._cond.wait(remaining)
                closing, self._urgent = self._closing, False
            now = time.monotonic()
            flush_all = closing or now - last_flush >= self._flush_interval
            if flush_all:
                self._collect_patch()
                last_flush = now
            # While spooled, periodically try to upload the spool file and go back online.
            if self._spooling and (closing or now - self._last_probe >= self._heartbeat_interval):
                self._last_probe = now
                self._replay_spool()
            self._drain(flush_all)
            if closing:
                with self._lock:
                    if not self._ops:
                        return
                continue
            if (not self._spooling and self._created_ok
                    and time.monotonic() - self._last_contact >= self._heartbeat_interval):
                # Only needed while nothing else was sent: history writes count as heartbeats.
                self._last_contact = time.monotonic()
                try:
                    self._http("POST", "/api/v1/runs/%s/heartbeat" % self._rid(), b"", json_body=False)
                except (_Transient, FolioError) as e:
                    log_.debug("folio: heartbeat failed: %s", e)

    def _collect_patch(self) -> None:
        """Queue a PATCH with summary changes and config keys changed since the last one."""
        with self._patch_lock:  # compute + enqueue atomically so patches stay in order
            self._collect_patch_locked()

    def _collect_patch_locked(self) -> None:
        body: Dict[str, Any] = {}
        summary = self.summary._take_changes()
        if summary:
            body["summary"] = summary
        try:
            current = _jsonable(dict(self.config))
        except RuntimeError:  # the caller mutated a nested value mid-copy; next cycle
            current = self._sent_config
        changed = {k: v for k, v in current.items() if self._sent_config.get(k, ()) != v}
        changed.update({k: None for k in self._sent_config if k not in current})
        if changed:
            body["config"] = changed
            self._sent_config = current
        if body:
            with self._lock:
                self._ops.append(_Op("patch", body=body))

    def _drain(self, flush_all: bool) -> None:
        """Send (or spool) queued ops in order; a partial history batch waits unless flush_all."""
        while True:
            with self._lock:
                if not self._ops:
                    return
                head = self._ops[0]
                if isinstance(head, _Op):
                    self._ops.popleft()
                    batch = None
                else:
                    n = points = 0
                    full = False
                    for item in self._ops:
                        width = len(item["metrics"]) if isinstance(item, dict) else 0
                        if (isinstance(item, _Op) or n >= self._max_rows
                                or (n and points + width > MAX_POINTS_PER_REQUEST)):
                            full = True  # a limit is reached, or a later op needs these rows first
                            break
                        n += 1
                        points += width
                    if not full and not flush_all:
                        return
                    batch = [self._ops.popleft() for _ in range(n)]
                    self._pending_rows -= n
            if batch is None:
                self._deliver(head)
            else:
                for op in self._history_ops(batch):
                    self._deliver(op)

    def _history_ops(self, rows: List[dict]) -> List[_Op]:
        """Serialise rows into history ops that each stay under the body-size limit."""
        ops, parts, size = [], [], 0
        for row in _dedupe_rows(rows):
            part = _dumps(row)
            if parts and size + len(part) + 1 > self._max_body_bytes:
                ops.append(_Op("history", parts=parts))
                parts, size = [], 0
            parts.append(part)
            size += len(part) + 1
        if parts:
            ops.append(_Op("history", parts=parts))
        return ops

    def _as_ops(self, items: List[Any]) -> List[_Op]:
        out: List[_Op] = []
        rows: List[dict] = []
        for item in items + [None]:
            if isinstance(item, dict):
                rows.append(item)
                continue
            for i in range(0, len(rows), self._max_rows):
                out.extend(self._history_ops(rows[i:i + self._max_rows]))
            rows = []
            if item is not None:
                out.append(item)
        return out

    def _deliver(self, op: _Op) -> None:
        """Send one op with retries; spool it when the server stays unreachable."""
        if self._spooling:
            self._spool_write([op])
            return
        method, path = self._route(op)
        try:
            response = self._request_with_retry(method, path, op.payload().encode("utf-8"))
        except _Unreachable as e:
            log_.warning("folio: server at %s unreachable for %gs (%s); spooling run %s to %s",
                         self._base, self._retry_seconds, e, self.id, self.spool_path)
            self._start_spooling(op)
            return
        except FolioError as e:
            self._rejected(op, e)
            return
        self._last_contact = time.monotonic()
        if op.kind == "create":
            self._on_created(response)

    def _on_created(self, response: dict) -> None:
        self.url = response.get("url") or self.url
        # A retried create whose first response was lost also says "resumed": only a
        # caller-supplied id means a real resume.
        self.resumed = bool(response.get("resumed")) and self._resume_requested
        if self.resumed:
            # Continue the step counter after the server's last step, or auto-numbered
            # rows would overwrite the history of the run being resumed.
            try:
                run_info = self._request_with_retry("GET", "/api/v1/runs/" + self._rid(), None)
                last = run_info.get("lastStep")
                if isinstance(last, int):
                    with self._lock:
                        self._step = max(self._step, last + 1)
            except (_Unreachable, FolioError) as e:
                log_.warning("folio: could not read the last step of resumed run %s: %s", self.id, e)
        self._created_ok = True
        self._created.set()

    def _rejected(self, op: _Op, error: FolioError) -> None:
        if op.kind == "create":
            with self._lock:
                if not self._init_done:  # init() is still waiting: it raises the error
                    self._init_error = error
                    self._ops.clear()
                    self._pending_rows = 0
            if self._init_error is not None:
                self._created.set()
                return
        if op.kind == "history" and error.status == 413 and len(op.parts or []) > 1:
            mid = len(op.parts) // 2  # the batch is too big for the server: halve it
            self._deliver(_Op("history", parts=op.parts[:mid]))
            self._deliver(_Op("history", parts=op.parts[mid:]))
            return
        self.errors.append(error)
        if error.status in _DROP_STATUSES:
            log_.error("folio: server rejected %s for run %s, dropping it: %s", op.kind, self.id, error)
        else:
            # 401/403/404/409: the data is fine but this server/key won't take it now.
            # Keep it in the spool so it can be synced once the problem is fixed.
            log_.error("folio: server rejected %s for run %s (%s); spooling to %s",
                       op.kind, self.id, error, self.spool_path)
            self._start_spooling(op)

    # ------------------------------------------------------------------ spool

    def _start_spooling(self, op: _Op) -> None:
        self._spooling = True
        self._last_probe = time.monotonic()
        self._spool_write([op])
        self._created.set()  # don't keep init() waiting for a server that is down

    def _spool_write(self, ops: List[_Op]) -> None:
        """Append ops to the spool file; the file always starts with the run's create record."""
        lines = []
        for op in ops:
            if op.kind == "create":
                if self._spool_has_create:
                    continue
            elif not self._spool_has_create:
                lines.append(_Op("create", body=self._create_body).spool_line())
            self._spool_has_create = True
            lines.append(op.spool_line())
        if not lines:
            return
        try:
            os.makedirs(os.path.dirname(self.spool_path), exist_ok=True)
            with open(self.spool_path, "a", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
                f.flush()
                os.fsync(f.fileno())  # the spool is the only copy: make it survive a crash
        except OSError as e:
            log_.error("folio: could not write spool file %s, %d records lost: %s",
                       self.spool_path, len(lines), e)

    def _replay_spool(self) -> bool:
        """Upload the spool file (one attempt per record); on success delete it and go online."""
        try:
            with open(self.spool_path, encoding="utf-8") as f:
                for line in f:
                    try:
                        op = _Op.from_record(json.loads(line))
                    except (ValueError, KeyError, TypeError, AttributeError):
                        continue  # a torn last line from a crash mid-write
                    method, path = self._route(op)
                    try:
                        response = self._http(method, path, op.payload().encode("utf-8"))
                    except FolioError as e:
                        if e.status not in _DROP_STATUSES:
                            return False
                        self.errors.append(e)
                        continue
                    if op.kind == "create":
                        self.url = response.get("url") or self.url
            # Like the TypeScript SDK: drop `folio sync`'s progress marker first, so a stale
            # marker can never skip the start of a later spool file for this run.
            for path in (self.spool_path + ".done", self.spool_path):
                try:
                    os.remove(path)
                except FileNotFoundError:
                    pass
        except FileNotFoundError:
            pass
        except (_Transient, OSError) as e:
            log_.debug("folio: spool upload for run %s failed, staying offline: %s", self.id, e)
            return False
        log_.warning("folio: server reachable again; uploaded spooled data of run %s", self.id)
        self._spooling = False
        self._spool_has_create = False
        self._created_ok = True
        self._last_contact = time.monotonic()
        return True

    # ------------------------------------------------------------------ HTTP

    def _rid(self) -> str:
        return urllib.parse.quote(self.id, safe="")

    def _route(self, op: _Op):
        rid = self._rid()
        return {"create": ("POST", "/api/v1/runs"),
                "history": ("POST", "/api/v1/runs/%s/history" % rid),
                "patch": ("PATCH", "/api/v1/runs/%s" % rid),
                "finish": ("POST", "/api/v1/runs/%s/finish" % rid)}[op.kind]

    def _http(self, method: str, path: str, body: Optional[bytes], json_body: bool = True) -> dict:
        """One request.  Returns the parsed 2xx body; raises _Transient or FolioError."""
        headers = dict(self._headers)
        if body and json_body:
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self._base + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self._timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as e:
            try:
                raw = e.read()
            except (OSError, http.client.HTTPException):
                raw = b""
            if e.code >= 500 or e.code in (408, 429):
                retry_after = None
                try:
                    retry_after = float(e.headers.get("Retry-After", ""))
                except (TypeError, ValueError):
                    pass
                raise _Transient("HTTP %d" % e.code, retry_after) from None
            raise FolioError.from_response(e.code, raw, method, path) from None
        except (OSError, http.client.HTTPException) as e:
            # Refused/reset/dropped connections and timeouts (socket.timeout is an OSError).
            raise _Transient("%s: %s" % (type(e).__name__, e)) from None
        try:
            parsed = json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError:
            parsed = {}
        return parsed if isinstance(parsed, dict) else {}

    def _request_with_retry(self, method: str, path: str, body: Optional[bytes]) -> dict:
        """Retry transient failures with exponential backoff and jitter until the budget is spent.

        Safe for every write: create resumes an existing id, history is idempotent per
        (key, step), patch merges, finish and heartbeat just set state.
        """
        start = time.monotonic()
        attempt = 0
        while True:
            try:
                return self._http(method, path, body)
            except _Transient as e:
                elapsed = time.monotonic() - start
                if elapsed >= self._retry_seconds:
                    raise _Unreachable(str(e)) from None
                delay = min(self._backoff_max, self._backoff_initial * (2 ** attempt))
                # Jitter so many clients recovering from the same outage don't retry in lockstep.
                delay = random.uniform(delay / 2, delay)
                if e.retry_after is not None:
                    delay = max(delay, min(e.retry_after, self._backoff_max))
                delay = min(delay, self._retry_seconds - elapsed)
                attempt += 1
                log_.debug("folio: %s %s failed (%s), retry %d in %.2fs", method, path, e, attempt, delay)
                time.sleep(max(delay, 0))


# ---------------------------------------------------------------------- module API

_active: List[Run] = []
_active_lock = threading.Lock()
_hooks_installed = False
_uncaught_exception = False


def _forget(r: Run) -> None:
    with _active_lock:
        if r in _active:
            _active.remove(r)


def _excepthook(exc_type, exc, tb) -> None:
    global _uncaught_exception
    _uncaught_exception = True  # so the atexit hook marks open runs failed, not finished
    _previous_excepthook(exc_type, exc, tb)


_previous_excepthook = sys.excepthook


def _atexit() -> None:
    with _active_lock:
        runs = list(_active)
    for r in runs:
        try:
            r.finish(exit_code=1 if _uncaught_exception else 0)
        except Exception:  # noqa: BLE001 - never break interpreter shutdown
            log_.exception("folio: could not finish run %s at exit", r.id)


def _install_hooks() -> None:
    global _hooks_installed, _previous_excepthook
    if not _hooks_installed:
        _hooks_installed = True
        _previous_excepthook = sys.excepthook
        sys.excepthook = _excepthook
        atexit.register(_atexit)


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    try:
        return float(value) if value else default
    except ValueError:
        raise ValueError("folio: %s must be a number of seconds, got %r" % (name, value)) from None


def init(project: Optional[str] = None, config: Optional[Mapping[str, Any]] = None,
         name: Optional[str] = None, id: Optional[str] = None, tags: Optional[List[str]] = None,
         group: Optional[str] = None, job_type: Optional[str] = None, notes: Optional[str] = None,
         url: Optional[str] = None, api_key: Optional[str] = None, *,
         retry_seconds: Optional[float] = None, timeout: float = 30.0,
         backoff_initial: float = 0.5, backoff_max: float = 10.0, flush_interval: float = 1.0,
         max_rows: int = 1000, heartbeat_interval: float = 30.0, init_timeout: float = 10.0,
         spool_dir: Optional[str] = None, max_body_bytes: int = 4 * 1024 * 1024) -> Run:
    """Start (or, with an existing ``id``, resume) a run and return it.

    ``url`` and ``api_key`` default to $FOLIO_URL (else http://localhost:3000) and
    $FOLIO_API_KEY; ``project`` to $FOLIO_PROJECT.  Waits up to ``init_timeout`` seconds for the
    server to acknowledge the run: a rejection (bad key, id used in another project...) raises
    FolioError, an unreachable server does not (the run continues and may end up spooled).

    Tuning: ``retry_seconds`` (default $FOLIO_RETRY_SECONDS or 60) is how long a request is
    retried before spooling; ``backoff_initial``/``backoff_max`` bound the retry delays;
    ``timeout`` is per request; history is sent every ``flush_interval`` seconds or every
    ``max_rows`` rows; ``spool_dir`` defaults to $FOLIO_SPOOL_DIR or ~/.folio/spool.
    """
    global run
    project = project or os.environ.get("FOLIO_PROJECT")
    if not project:
        raise ValueError("folio.init: project is required (or set FOLIO_PROJECT)")
    if id is not None and not _ID_RE.match(id):
        raise ValueError("folio.init: id must be 1-64 characters [A-Za-z0-9_-], got %r" % (id,))
    if max_rows < 1:
        raise ValueError("folio.init: max_rows must be >= 1")
    r = Run(project=project, config=config, name=name, id=id, tags=tags, group=group,
            job_type=job_type, notes=notes,
            url=url or os.environ.get("FOLIO_URL") or DEFAULT_URL,
            api_key=api_key if api_key is not None else os.environ.get("FOLIO_API_KEY"),
            retry_seconds=retry_seconds if retry_seconds is not None
            else _env_float("FOLIO_RETRY_SECONDS", 60.0),
            timeout=timeout, backoff_initial=backoff_initial, backoff_max=backoff_max,
            flush_interval=flush_interval, max_rows=max_rows,
            heartbeat_interval=heartbeat_interval,
            spool_dir=spool_dir or os.environ.get("FOLIO_SPOOL_DIR") or DEFAULT_SPOOL_DIR,
            max_body_bytes=max_body_bytes)
    r._thread.start()
    confirmed = r._created.wait(init_timeout)
    with r._lock:
        r._init_done = True
        init_error = r._init_error
    if init_error is not None:
        with r._lock:
            r._finished = r._closing = True
            r._cond.notify()
        r._thread.join()
        raise init_error
    if not confirmed and id is not None:
        log_.warning("folio: server did not confirm run %s within %ss; if it is being resumed, "
                     "pass step= to log() so earlier steps are not overwritten", r.id, init_timeout)
    _install_hooks()
    with _active_lock:
        _active.append(r)
    run = r
    return r


def log(data: Mapping[str, Any], step: Optional[int] = None) -> None:
    """Log to the run most recently started with :func:`init` (see :meth:`Run.log`)."""
    if run is None:
        raise FolioError("folio.log: call folio.init() first")
    run.log(data, step=step)


def finish(exit_code: int = 0) -> None:
    """Finish the run most recently started with :func:`init` (see :meth:`Run.finish`)."""
    if run is not None:
        run.finish(exit_code=exit_code)

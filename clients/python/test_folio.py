"""Unit tests for folio.py (stdlib only): python3 -m unittest discover -s clients/python

HTTP tests run against a tiny in-process fake that records requests and injects faults;
it is not a model of the real server beyond the bits the client depends on.
"""

import json
import logging
import math
import os
import shutil
import socket
import tempfile
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import folio

# The client's warnings (spooling, rejections) are expected here; keep the output clean.
logging.getLogger("folio").setLevel(logging.CRITICAL)

# Tiny delays everywhere so the whole file runs in a few seconds.
FAST = dict(retry_seconds=2.0, backoff_initial=0.01, backoff_max=0.05, flush_interval=0.05,
            heartbeat_interval=30.0, init_timeout=2.0, timeout=2.0)


class FakeServer:
    """Records every request; `faults` maps a path suffix to actions consumed one per request:
    an int status to answer with, "drop" (close before doing anything) or "drop_after"
    (record the points, then close without answering: a lost response)."""

    def __init__(self):
        self.requests = []  # (method, path, parsed body)
        self.pairs = []     # (run, key, step) for every point received, duplicates included
        self.faults = {}
        self.down = False   # answer everything with 503
        self.runs = {}      # id -> dict(lastStep=...)
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                with fake.lock:
                    fake.requests.append((self.command, self.path, body))
                    action = None
                    for suffix, actions in fake.faults.items():
                        if self.path.endswith(suffix) and actions:
                            action = actions.pop(0)
                            break
                    if fake.down:
                        action = 503
                if action == "drop":
                    return  # no response at all: the client sees a dropped connection
                if isinstance(action, int):
                    return self._reply(action, {"error": {"code": "fault", "message": "injected"}})
                status, answer = fake.route(self.command, self.path, body)
                if action == "drop_after":
                    return
                self._reply(status, answer)

            def _reply(self, status, obj):
                data = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, args=(0.01,), daemon=True).start()

    def route(self, method, path, body):
        parts = path.split("?")[0].strip("/").split("/")  # api v1 runs [id [op]]
        with self.lock:
            if method == "POST" and len(parts) == 3:
                resumed = body["id"] in self.runs
                self.runs.setdefault(body["id"], {"lastStep": None})
                return (200 if resumed else 201), {"id": body["id"], "url": "u/" + body["id"],
                                                   "resumed": resumed}
            if method == "POST" and parts[-1] == "history":
                for row in body["rows"]:
                    for key in row["metrics"]:
                        self.pairs.append((parts[3], key, row["step"]))
                return 200, {"accepted": sum(len(r["metrics"]) for r in body["rows"])}
            if method == "GET" and len(parts) == 4:
                return 200, dict(self.runs.get(parts[3], {}), id=parts[3])
            return 200, {"ok": True}

    def bodies(self, suffix):
        return [b for m, p, b in self.requests if p.endswith(suffix)]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port_url():
    """A URL where nothing listens: connections are refused at once."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return "http://127.0.0.1:%d" % port


class Base(unittest.TestCase):
    def setUp(self):
        self.fake = FakeServer()
        self.spool = tempfile.mkdtemp(prefix="folio-spool-")
        self.addCleanup(shutil.rmtree, self.spool, True)
        self.addCleanup(self.fake.close)

    def init(self, **kw):
        opts = dict(FAST, url=self.fake.url, api_key="k", spool_dir=self.spool)
        opts.update(kw)
        r = folio.init(project=kw.pop("project", "p"), **{k: v for k, v in opts.items() if k != "project"})
        self.addCleanup(r.finish)
        return r

    def wait_for(self, predicate, timeout=3.0):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                self.fail("condition not met in %ss" % timeout)
            time.sleep(0.01)


class ValueEncodingTest(unittest.TestCase):
    def test_non_finite_and_bool(self):
        self.assertEqual(folio._metric_value("a", float("nan")), "NaN")
        self.assertEqual(folio._metric_value("a", float("inf")), "Infinity")
        self.assertEqual(folio._metric_value("a", -math.inf), "-Infinity")
        self.assertEqual(folio._metric_value("a", True), 1)
        self.assertEqual(folio._metric_value("a", False), 0)
        self.assertEqual(folio._metric_value("a", 3), 3)

    def test_non_numeric_raises_naming_key(self):
        for bad in ("0.5", None, [1], {"x": 1}, b"1", 1j):
            with self.assertRaises(ValueError) as cm:
                folio._metric_value("val/loss", bad)
            self.assertIn("val/loss", str(cm.exception))


class LoggingTest(Base):
    def test_nan_inf_sent_as_strings(self):
        r = self.init()
        r.log({"a": float("nan"), "b": float("inf"), "c": float("-inf"), "d": True, "e": 2})
        r.finish()
        raw = [b for b in self.fake.bodies("/history")]
        metrics = raw[0]["rows"][0]["metrics"]
        self.assertEqual(metrics, {"a": "NaN", "b": "Infinity", "c": "-Infinity", "d": 1, "e": 2})

    def test_non_numeric_value_raises_and_logs_nothing(self):
        r = self.init()
        with self.assertRaisesRegex(ValueError, "'acc'"):
            r.log({"loss": 0.1, "acc": "high"})
        with self.assertRaisesRegex(ValueError, "metric name"):
            r.log({"x" * 257: 1})
        with self.assertRaisesRegex(ValueError, "metric name"):
            r.log({"": 1})
        self.assertEqual(r.step, 0)  # a rejected row does not consume a step
        r.finish()
        self.assertEqual(self.fake.bodies("/history"), [])

    def test_step_auto_increment(self):
        r = self.init()
        r.log({"a": 1, "b": 2})
        r.log({"a": 1})
        r.log({"a": 1}, step=10)
        r.log({"a": 1})
        r.log({"b": 5}, step=3)  # an explicit earlier step does not move the counter back
        r.log({"a": 1})
        r.finish()
        steps = [row["step"] for b in self.fake.bodies("/history") for row in b["rows"]]
        self.assertEqual(steps, [0, 1, 10, 11, 3, 12])
        row = self.fake.bodies("/history")[0]["rows"][0]
        self.assertIsInstance(row["time"], float)

    def test_same_step_logged_twice_is_merged_last_wins(self):
        r = self.init(flush_interval=10.0)
        r.log({"loss": 1, "acc": 0.1}, step=5)
        r.log({"loss": 2}, step=5)
        r.finish()
        rows = [row for b in self.fake.bodies("/history") for row in b["rows"]]
        self.assertEqual([(row["step"], row["metrics"]) for row in rows],
                         [(5, {"acc": 0.1}), (5, {"loss": 2})])

    def test_key_length_counts_utf16_units_and_step_bounds(self):
        r = self.init()
        r.log({"x" * 256: 1})
        with self.assertRaisesRegex(ValueError, "metric name"):
            r.log({"\U0001F600" * 129: 1})  # 129 code points, 258 UTF-16 units
        with self.assertRaisesRegex(ValueError, "step"):
            r.log({"a": 1}, step=-1)
        with self.assertRaisesRegex(ValueError, "step"):
            r.log({"a": 1}, step=1.5)

    def test_413_splits_batch(self):
        self.fake.faults["/history"] = [413]
        r = self.init(flush_interval=10.0)
        for i in range(10):
            r.log({"loss": i})
        r.finish()
        self.assertEqual([len(b["rows"]) for b in self.fake.bodies("/history")], [10, 5, 5])
        self.assertEqual(sorted(s for _, _, s in self.fake.pairs), list(range(10)))
        self.assertEqual(r.errors, [])

    def test_batching_by_rows(self):
        r = self.init(max_rows=1000, flush_interval=10.0)
        for i in range(2500):
            r.log({"loss": 1.0 / (i + 1)})
        self.wait_for(lambda: len(self.fake.bodies("/history")) >= 2)
        r.finish()
        sizes = [len(b["rows"]) for b in self.fake.bodies("/history")]
        self.assertEqual(sizes, [1000, 1000, 500])
        self.assertEqual(sorted(s for _, _, s in self.fake.pairs), list(range(2500)))

    def test_time_based_flush_before_finish(self):
        r = self.init(flush_interval=0.05)
        r.log({"loss": 1})
        r.log({"loss": 2})
        self.wait_for(lambda: self.fake.bodies("/history"))
        self.assertEqual(len(self.fake.bodies("/history")[0]["rows"]), 2)

    def test_summary_config_and_finish_order(self):
        r = self.init(config={"lr": 0.1, "opt": "adam"})
        r.log({"acc": 0.5})
        r.summary["best_acc"] = 0.97
        r.summary.update({"note": "ok"})
        r.config["lr"] = 0.2
        del r.config["opt"]
        r.finish(exit_code=3)
        r.finish()  # idempotent
        ops = [(m, p.rsplit("/", 1)[-1]) for m, p, _ in self.fake.requests]
        self.assertEqual(ops[0], ("POST", "runs"))
        self.assertEqual(ops[-1], ("POST", "finish"))
        self.assertEqual(ops.count(("POST", "finish")), 1)
        create = self.fake.requests[0][2]
        self.assertEqual(create["config"], {"lr": 0.1, "opt": "adam"})
        self.assertRegex(create["id"], r"^[a-z0-9]{8}$")
        patch = {}
        for m, _, b in self.fake.requests:
            if m == "PATCH":
                for k, v in b.items():
                    patch.setdefault(k, {}).update(v)
        self.assertEqual(patch, {"summary": {"best_acc": 0.97, "note": "ok"},
                                 "config": {"lr": 0.2, "opt": None}})
        self.assertEqual(self.fake.requests[-1][2], {"exitCode": 3})
        with self.assertRaises(folio.FolioError):
            r.log({"a": 1})

    def test_context_manager_marks_failure(self):
        with self.assertRaises(RuntimeError):
            with self.init() as r:
                r.log({"a": 1})
                raise RuntimeError("boom")
        self.assertEqual(self.fake.bodies("/finish"), [{"exitCode": 1}])

    def test_heartbeat_when_idle(self):
        self.init(heartbeat_interval=0.1)
        self.wait_for(lambda: self.fake.bodies("/heartbeat"))

    def test_resume_continues_after_last_step(self):
        self.fake.runs["myrun"] = {"lastStep": 41}
        r = self.init(id="myrun")
        self.assertTrue(r.resumed)
        r.log({"a": 1})
        r.finish()
        self.assertEqual(self.fake.bodies("/history")[0]["rows"][0]["step"], 42)

    def test_rejected_create_raises_from_init(self):
        self.fake.faults["/runs"] = [401]
        with self.assertRaises(folio.FolioError) as cm:
            folio.init(project="p", url=self.fake.url, spool_dir=self.spool, **FAST)
        self.assertEqual(cm.exception.status, 401)
        self.assertEqual(cm.exception.code, "fault")


class RetryTest(Base):
    def assert_all_points_once(self, run_id, steps, keys=("loss", "acc")):
        got = [(k, s) for rid, k, s in self.fake.pairs if rid == run_id]
        self.assertEqual(set(got), {(k, s) for k in keys for s in range(steps)})

    def test_retry_after_500(self):
        self.fake.faults["/history"] = [500, 502]
        r = self.init()
        for i in range(50):
            r.log({"loss": i, "acc": i})
        r.finish()
        self.assert_all_points_once(r.id, 50)
        # The failed attempts wrote nothing, so each pair arrived exactly once.
        self.assertEqual(len(self.fake.pairs), 100)
        self.assertFalse(r.spooled)

    def test_retry_after_dropped_connection_keeps_steps(self):
        # First history request is committed but its response is lost; the second is dropped
        # before the server does anything.  Retries must resend identical rows (same steps).
        self.fake.faults["/history"] = ["drop_after", "drop"]
        r = self.init(flush_interval=10.0)
        for i in range(30):
            r.log({"loss": i, "acc": -i})
        r.finish()
        bodies = self.fake.bodies("/history")
        self.assertEqual(len(bodies), 3)
        self.assertEqual(bodies[0], bodies[1])
        self.assertEqual(bodies[1], bodies[2])
        self.assert_all_points_once(r.id, 30)
        # The server saw the committed batch twice: same (key, step) pairs, never new steps.
        self.assertEqual(len(self.fake.pairs), 2 * 60)
        self.assertEqual(len(set(self.fake.pairs)), 60)

    def test_dropped_create_and_finish_are_retried(self):
        self.fake.faults["/runs"] = ["drop_after"]
        self.fake.faults["/finish"] = ["drop_after", 503]
        r = self.init()
        self.assertFalse(r.resumed)  # the retried create says resumed, but that is our own run
        r.log({"loss": 1, "acc": 1})
        r.finish()
        self.assertEqual(len(self.fake.bodies("/finish")), 3)
        self.assert_all_points_once(r.id, 1)

    def test_400_drops_batch_and_records_error(self):
        self.fake.faults["/history"] = [400]
        r = self.init()
        r.log({"loss": 1})
        r.finish()
        self.assertEqual(len(r.errors), 1)
        self.assertEqual(r.errors[0].status, 400)
        self.assertFalse(r.spooled)


class SpoolTest(Base):
    def read_spool(self, r):
        with open(os.path.join(self.spool, r.id + ".jsonl")) as f:
            return [json.loads(line) for line in f]

    def test_spool_when_server_down(self):
        r = folio.init(project="mnist", config={"lr": 0.01}, tags=["a"], url=free_port_url(),
                       spool_dir=self.spool, **dict(FAST, retry_seconds=0.2))
        for i in range(5):
            r.log({"loss": float("nan") if i == 2 else i})
        r.summary["best"] = 4
        r.finish(exit_code=0)
        self.assertTrue(r.spooled)
        records = self.read_spool(r)
        self.assertEqual([rec["op"] for rec in records][0], "create")
        self.assertEqual([rec["op"] for rec in records][-2:], ["patch", "finish"])
        create = records[0]["body"]
        self.assertEqual((create["id"], create["project"], create["config"], create["tags"]),
                         (r.id, "mnist", {"lr": 0.01}, ["a"]))
        rows = [row for rec in records if rec["op"] == "history" for row in rec["body"]["rows"]]
        self.assertEqual([row["step"] for row in rows], [0, 1, 2, 3, 4])
        self.assertEqual(rows[2]["metrics"], {"loss": "NaN"})
        self.assertEqual(records[-2]["body"], {"summary": {"best": 4}})
        self.assertEqual(records[-1]["body"], {"exitCode": 0})
        self.assertEqual(sum(rec["op"] == "create" for rec in records), 1)

    def test_spool_replayed_when_server_returns(self):
        self.fake.down = True
        r = self.init(retry_seconds=0.1, heartbeat_interval=0.1, init_timeout=0.5)
        for i in range(20):
            r.log({"loss": i, "acc": i})
        self.wait_for(lambda: r.spooled)
        self.fake.down = False
        self.wait_for(lambda: not r.spooled)
        for i in range(20, 40):
            r.log({"loss": i, "acc": i})
        r.finish()
        self.assertFalse(r.spooled)
        self.assertEqual({(k, s) for _, k, s in self.fake.pairs},
                         {(k, s) for k in ("loss", "acc") for s in range(40)})
        self.assertEqual(self.fake.bodies("/finish"), [{"exitCode": 0}])


if __name__ == "__main__":
    unittest.main()

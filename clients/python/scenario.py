#!/usr/bin/env python3
"""Integration scenario for the Folio Python client.

    FOLIO_URL=... FOLIO_API_KEY=... python3 clients/python/scenario.py --runs 3 --steps 1000 --project P

Starts --runs runs (all open at the same time, logged interleaved), logs --steps rows to each
with keys ``loss`` and ``acc``, finishes them with exit code 0, and prints one JSON line
``{"runs": [...ids...]}`` on stdout.  Values are deterministic so a test can check them exactly:

    loss at step s = 1 / (s + 1), except step 7, which is NaN (sent as "NaN")
    acc  at step s = s / steps

Retries use short delays and a long budget: the script is meant to be pointed at a
fault-injecting proxy (502s, dropped connections), and every point must still arrive.
Exits 1 (after printing the JSON line) if any run was spooled or had a write rejected.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import folio  # noqa: E402 - the module sits next to this script


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--project", required=True)
    parser.add_argument("--retry-seconds", type=float, default=120.0,
                        help="retry budget per request before spooling (default 120)")
    args = parser.parse_args()

    settings = dict(retry_seconds=args.retry_seconds, backoff_initial=0.05, backoff_max=0.5,
                    timeout=10.0, init_timeout=args.retry_seconds)
    runs = [folio.init(project=args.project, config={"index": i, "steps": args.steps},
                       name="scenario-%d" % i, job_type="scenario", **settings)
            for i in range(args.runs)]
    for step in range(args.steps):
        for run in runs:
            loss = float("nan") if step == 7 else 1.0 / (step + 1)
            run.log({"loss": loss, "acc": step / args.steps})
    for run in runs:
        run.finish(exit_code=0)

    print(json.dumps({"runs": [run.id for run in runs]}), flush=True)
    failed = [run.id for run in runs if run.spooled or run.errors]
    if failed:
        print("scenario: runs not fully uploaded: %s" % ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

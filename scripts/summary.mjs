#!/usr/bin/env node
// Adds up vitest JSON reports in a folder; run directly it prints "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Totals over every *.json vitest report in `dir`. */
export function summarize(dir) {
  let passed = 0, failed = 0, skipped = 0;
  if (!existsSync(dir)) return { passed, failed, skipped };
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
    const r = JSON.parse(readFileSync(path.join(dir, f), "utf8"));
    passed += r.numPassedTests ?? 0;
    // A file that failed to load has no failing test of its own: count it as one failure.
    failed += (r.numFailedTests ?? 0) + (r.testResults ?? []).filter((s) => s.status === "failed" && !(s.assertionResults ?? []).some((a) => a.status === "failed")).length;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
  return { passed, failed, skipped };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { passed, failed, skipped } = summarize(process.argv[2] ?? ".test-results");
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed === 0 ? 0 : 1);
}

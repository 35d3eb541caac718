#!/usr/bin/env node
// Adds up vitest JSON reports in a folder; run directly it prints "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Totals over every *.json vitest report in `dir`, and the names of what failed. */
export function summarize(dir) {
  let passed = 0, failed = 0, skipped = 0;
  const failures = [];
  if (!existsSync(dir)) return { passed, failed, skipped, failures };
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
    const r = JSON.parse(readFileSync(path.join(dir, f), "utf8"));
    for (const s of r.testResults ?? []) {
      const file = path.relative(process.cwd(), s.name ?? "");
      const bad = (s.assertionResults ?? []).filter((a) => a.status === "failed");
      for (const a of bad) failures.push(`${f}: ${file} > ${a.fullName ?? a.title}: ${firstLine(a.failureMessages?.[0])}`);
      if (s.status === "failed" && bad.length === 0) failures.push(`${f}: ${file}: ${firstLine(s.message)}`);
    }
    passed += r.numPassedTests ?? 0;
    // A file that failed to load has no failing test of its own: count it as one failure.
    failed += (r.numFailedTests ?? 0) + (r.testResults ?? []).filter((s) => s.status === "failed" && !(s.assertionResults ?? []).some((a) => a.status === "failed")).length;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
  return { passed, failed, skipped, failures };
}

function firstLine(text) {
  return String(text ?? "").split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 300) ?? "";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { passed, failed, skipped, failures } = summarize(process.argv[2] ?? ".test-results");
  for (const line of failures) console.log(`FAILED ${line}`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed === 0 ? 0 : 1);
}

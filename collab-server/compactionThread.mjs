// Entry of a compaction worker thread (CompactionPool.ts). A worker starts without the parent's
// TypeScript loader when the parent registered it through tsx's API (scripts/start.mjs) or runs
// under vitest, so register tsx here, in a namespace of its own (harmless beside an inherited
// `--import tsx`), and serve jobs from compactionWorker.ts.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

const tsx = register({ namespace: "folio-compaction-worker" });
const { serveCompactions } = await tsx.import("./compactionWorker.ts", import.meta.url);
serveCompactions(parentPort);

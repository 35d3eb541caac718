/** Messages between the ingest benchmark and its two child processes (server and load). */

/** How the server child starts. */
export interface ServerSpec {
  databaseUrl?: string;
  dataDir: string;
  writer: "folio" | "naive";
  poolSize?: number;
}

/** Orchestrator → server child. `measure` marks the start of the timed window. */
export type ServerRequest = { type: "measure" } | { type: "count" } | { type: "stop" };

/** Server child → orchestrator. `peakRss` is sampled from `measure` on. */
export type ServerReply =
  | { type: "ready"; url: string; apiKey: string }
  | { type: "counted"; points: number; peakRss: number }
  | { type: "stopped" };

/** How the load child runs. */
export interface LoadSpec {
  url: string;
  apiKey: string;
  clients: number;
  warmupSeconds: number;
  seconds: number;
  stepsPerRequest: number;
}

/** Load child → orchestrator. */
export type LoadReply =
  | { type: "measuring" }
  | { type: "window-ended" }
  | {
      type: "done";
      /** Points / requests acknowledged (HTTP 200) over the whole run, warm-up included. */
      ackedPoints: number;
      ackedRequests: number;
      /** Acknowledged inside the timed window. */
      windowPoints: number;
      windowRequests: number;
      windowSeconds: number;
      /** Acknowledgement latencies (ms) of requests sent inside the window, sorted. */
      latenciesMs: number[];
      errors: number;
      firstError: string | null;
    };

/**
 * A report page's panel queries, started from the page's copy of the document (the loader's
 * `initialState`) while the page is still hydrating, before the editor exists and mounts the
 * panels (decision 018). Each panel's first load then takes the answer in flight or just arrived
 * (RunSetCache's first-load reuse), so the server works on them while the browser builds the
 * editor instead of after. Only reads: nothing here draws or keeps state beyond the cache.
 */
import { useState } from "react";
import * as Y from "yjs";
import { applyInitialState } from "../../hooks/use-collab-doc";
import { panelsOfDoc } from "../../lib/panels/doc-panels";
import { apiHeaders } from "../../lib/panels/api-json";
import { LiveHub } from "../../lib/panels/live-hub";
import { RunSetCache } from "../../lib/panels/run-set-cache";
import { TailBatcher } from "../../lib/panels/tail-batcher";
import { FigureWorker } from "./figure-worker-client";
import { PANEL_KINDS } from "./panel-kinds";
import { firstExtra, livePushKeys } from "./use-panel-data";

/** The live parts one report page's panels share. */
export interface PanelLive {
  hub: LiveHub;
  cache: RunSetCache;
  /** The page's figure worker (null where the browser cannot hand canvases to one). */
  figures?: FigureWorker | null;
}

/**
 * Starts the first load of every panel in the document `initialState` holds, and tells the live
 * hub which metrics the line panels plot (their new points then come with the feed: live-hub.ts).
 * Returns how many line panels it found.
 */
export function prefetchPanels(initialState: string, { cache, hub }: PanelLive): { lines: number } {
  const doc = new Y.Doc();
  applyInitialState(doc, initialState);
  let lines = 0;
  for (const { panel, runSet } of panelsOfDoc(doc)) {
    const { needsRuns, fetchExtra } = PANEL_KINDS[panel.type];
    if (!needsRuns || !runSet) continue;
    if (panel.type === "line") lines++;
    const keys = livePushKeys(panel);
    if (keys.length && !runSet.frozen) for (const project of runSet.projects) hub.want(project, keys);
    cache
      .resolve(runSet, undefined, true)
      .then(({ runs }) => fetchExtra && firstExtra(cache, fetchExtra, panel, runSet, runs))
      // A failed prefetch is forgotten: the panel asks again and shows the error itself.
      .catch(() => undefined);
  }
  doc.destroy();
  return { lines };
}

/**
 * The page's hub and cache, with its panels' queries already started (browser only). `runSets`:
 * the runs of the page's run sets its loader answered (reports.server.ts), taken instead of asking.
 */
export function createPanelLive(initialState: string | null | undefined, runSets?: Record<string, unknown> | null): PanelLive {
  const figures = FigureWorker.create(apiHeaders);
  const hub = new LiveHub(null, figures);
  // Where the worker holds the feed, it holds the pushed points too: the page's tail asks go there.
  const pageTails = new TailBatcher(undefined, undefined, (ask) => hub.pushed.answer(ask));
  if (figures) figures.fallback = pageTails;
  const live = { hub, figures, cache: new RunSetCache(figures ?? pageTails) };
  live.cache.seed(runSets);
  if (initialState) {
    const prefetched = prefetchPanels(initialState, live);
    // The report has panels to draw: the worker's script loads meanwhile.
    if (figures && prefetched.lines) figures.warm();
  }
  return live;
}

/**
 * A report page's panel hub and cache, created as the page hydrates so its panels' queries leave
 * from the page's copy of the report (with the runs its loader answered), not once the editor is
 * built; null on the server.
 */
export function usePanelLive(initialState: string | null | undefined, runSets?: Record<string, unknown> | null): PanelLive | null {
  const [live] = useState(() => (typeof window === "undefined" ? null : createPanelLive(initialState, runSets)));
  return live;
}

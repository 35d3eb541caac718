/**
 * What is inside one report panel: its data (use-panel-data) drawn by its type (panel-kinds), with
 * loading, error, empty and "run set missing" states. Rendered into the element the editor's
 * PanelView gives the host (panel-host.tsx), one React root per panel, so a live tick re-renders
 * only the panels whose data changed.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { PanelContext } from "../../../editor/views/PanelHost";
import type { LiveHub } from "~/lib/panels/live-hub";
import { foldWorkerTail, type SeriesTail } from "~/lib/panels/line-live";
import type { LineData } from "~/lib/panels/line-traces";
import type { FigureLive, FigureWorker } from "./figure-worker-client";
import type { RunSetCache } from "~/lib/panels/run-set-cache";
import { PANEL_KINDS } from "./panel-kinds";
import type { FigureHandle } from "./plotly-figure";
import { usePanelData } from "./use-panel-data";

/** Where the host reaches a drawn panel (download, resize). */
export interface PanelHandleRef {
  current: FigureHandle | null;
}

/** Props of `PanelBody`. */
export interface PanelBodyProps {
  context: PanelContext;
  hub: LiveHub;
  cache: RunSetCache;
  handle: PanelHandleRef;
  /** On screen (or near it): off screen, live ticks wait until it comes back. */
  visible?: boolean;
  /** The page's figure worker (figure-worker-client.ts), null where there is none. */
  figures?: FigureWorker | null;
}

/** One panel's content; see the module comment. */
export function PanelBody({ context, hub, cache, handle, visible = true, figures = null }: PanelBodyProps) {
  const { panel, runSets } = context;
  const kind = PANEL_KINDS[panel.type];
  const runSet = runSets.find((s) => s.id === panel.runSet) ?? null;
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  // A zoom belongs to the query it was made on.
  const zoomKey = JSON.stringify([panel.config, panel.runSet]);
  const zoomFor = useRef(zoomKey);
  if (zoomFor.current !== zoomKey) {
    zoomFor.current = zoomKey;
    if (zoom) setZoom(null);
  }
  /** The figure worker appends this panel's live points (a line plot on its canvas). */
  const [workerLive, setWorkerLive] = useState(false);
  const { data, retry, patch } = usePanelData({ panel, runSet: kind.needsRuns ? runSet : null, zoom, fetchExtra: kind.fetchExtra ?? null, appendExtra: kind.appendExtra ?? null, hub, cache, visible, workerLive });
  const actions = useRef({ retry, patch });
  actions.current = { retry, patch };
  const figureLive = useMemo<FigureLive | null>(
    () =>
      figures && {
        worker: figures,
        visible,
        owned: setWorkerLive,
        refetch: () => actions.current.retry(),
        fold: (added: Record<string, SeriesTail>) => actions.current.patch((extra) => (extra ? foldWorkerTail(extra as LineData, added) : extra)),
      },
    [figures, visible],
  );
  const setHandle = useCallback((h: FigureHandle | null) => (handle.current = h), [handle]);
  useEffect(() => () => void (handle.current = null), [handle]);

  if (kind.needsRuns && !runSet) {
    return <PanelMessage state="empty">{runSets.length ? "Choose a run set for this panel (Edit)." : "This grid has no run set yet: add one with “Run sets”."}</PanelMessage>;
  }
  if (kind.needsRuns && data.status === "loading") return <div className="panel-skeleton" aria-label="Loading panel" data-state="loading" />;
  if (kind.needsRuns && data.status === "error") {
    return (
      <PanelMessage state="error">
        <span className="form-error">{data.message}</span>
        <button type="button" className="btn btn-small" onClick={retry}>Retry</button>
      </PanelMessage>
    );
  }
  const ready = data.status === "ready" ? data : null;
  return (
    <div className="panel-content" data-state={ready?.refreshing ? "refreshing" : "ready"} data-fetched-at={ready?.at ?? ""}>
      <kind.View
        panel={panel}
        runSet={runSet}
        runs={ready?.runs ?? []}
        total={ready?.total ?? null}
        extra={ready?.extra ?? null}
        zoom={zoom}
        onZoom={setZoom}
        handle={setHandle}
        figureLive={figureLive}
      />
    </div>
  );
}

/** A centred message in a panel. */
export function PanelMessage({ state, children }: { state: "empty" | "error"; children: React.ReactNode }) {
  return (
    <div className={`panel-message is-${state}`} data-state={state} role={state === "error" ? "alert" : undefined}>
      {children}
    </div>
  );
}

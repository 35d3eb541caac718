/** A panel's config typed by its type, for views that hold hooks before they can branch. */
import type { Panel, PanelConfig, PanelType } from "../../../../editor/panels/panelSpec";

/** `panel.config` when `panel` is of `type`, else null. */
export function configOf<T extends PanelType>(panel: Panel, type: T): PanelConfig<T> | null {
  return panel.type === type ? (panel.config as PanelConfig<T>) : null;
}

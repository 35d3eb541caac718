/**
 * Folio blocks in Markdown are backtick fences whose info string starts with `folio-`. Tilde fences
 * are never interpreted, which is how a code block whose language itself starts with `folio-` is
 * written.
 */

/** Info-string names of Folio fences. `folio-panels` holds a panel_grid (issue 5). */
export const FOLIO_FENCE = {
  callout: "folio-callout",
  toc: "folio-toc",
  table: "folio-table",
  panels: "folio-panels",
} as const;

/** Whether a code block language would be read back as a Folio fence in a backtick fence. */
export function isFolioInfo(language: string): boolean {
  return language.startsWith("folio-");
}

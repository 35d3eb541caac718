/**
 * The Folio document schema, shared by every editor, the collab-server and the Markdown codec. It is
 * pure (prosemirror-model only) so the server can build it without a DOM. Node names are snake_case;
 * Folio-specific blocks are also in the `folio_block` group (`panel_grid`: panelNodes.ts).
 */
import { Schema } from "prosemirror-model";
import { blockNodes } from "./blockNodes";
import { folioNodes } from "./folioNodes";
import { inlineNodes } from "./inlineNodes";
import { listNodes } from "./listNodes";
import { marks } from "./marks";
import { panelNodes } from "./panelNodes";
import { tableNodes } from "./tableNodes";

/** The one ProseMirror schema every editor, the collab-server and the Markdown codec share. */
export const schema = new Schema({
  nodes: { ...blockNodes, ...listNodes, ...tableNodes, ...folioNodes, ...panelNodes, ...inlineNodes },
  marks,
});

export { isSafeImageSrc, isSafeLinkHref } from "./safeUrl";
export { CALLOUT_KINDS, isCalloutKind, type CalloutKind } from "./folioNodes";
export { CELL_ALIGNMENTS, type CellAlignment } from "./tableNodes";
export { HEADING_LEVELS, cleanLanguage } from "./blockNodes";
export { USER_ID } from "./inlineNodes";

/**
 * Syntax highlighting of code block text as ranges, for decorations. highlight.js returns HTML
 * (`<span class="hljs-keyword">…</span>` with escaped text); this reads that HTML back into
 * `{ from, to, className }` ranges over the original text, without a DOM.
 *
 * highlight.js is its own chunk, loaded the first time code in a language is to be highlighted:
 * until it has loaded, code stays plain (codeHighlightPlugin.ts highlights every block once it
 * has, `whenHighlighterLoaded`).
 */
import { lazyDefault } from "../lazyDefault";

const hljsModule = lazyDefault(() => import("highlight.js/lib/common"));

/** Loads highlight.js (once). */
export const loadHighlighter = (): Promise<void> => hljsModule.load();

/** Whether highlight.js has loaded (`highlightRanges` highlights only then). */
export const highlighterLoaded = (): boolean => hljsModule.current() !== null;

/** Resolves once highlight.js has loaded (does not load it). */
export const whenHighlighterLoaded = (): Promise<void> => hljsModule.loaded;

/** A highlighted range of code block text (offsets into the text). */
export interface HighlightRange {
  from: number;
  to: number;
  className: string;
}

/** Longest code block highlighted; longer ones stay plain to keep typing fast. */
export const MAX_HIGHLIGHT_LENGTH = 50_000;

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'" };

/** Whether highlight.js knows `language` (or an alias of it). */
export function isHighlightable(language: string): boolean {
  return language !== "" && hljsModule.current()?.getLanguage(language) !== undefined;
}

/** The highlight ranges of `code` in `language` ([] when the language is unknown, or while highlight.js loads). */
export function highlightRanges(code: string, language: string): HighlightRange[] {
  const hljs = hljsModule.current();
  if (!hljs && language !== "") void loadHighlighter();
  if (!hljs || !isHighlightable(language) || code.length > MAX_HIGHLIGHT_LENGTH) return [];
  const html = hljs.highlight(code, { language, ignoreIllegals: true }).value;
  const ranges: HighlightRange[] = [];
  const open: { className: string; from: number }[] = [];
  let offset = 0;
  const token = /<span class="([^"]*)">|<\/span>|&[#\w]+;|[^<&]+/g;
  for (let m = token.exec(html); m; m = token.exec(html)) {
    const [text, className] = m;
    if (className !== undefined) {
      open.push({ className, from: offset });
    } else if (text === "</span>") {
      const span = open.pop();
      if (span && offset > span.from) ranges.push({ from: span.from, to: offset, className: span.className });
    } else {
      offset += text.startsWith("&") ? (ENTITIES[text] ?? text).length : text.length;
    }
  }
  return ranges.sort((a, b) => a.from - b.from || b.to - a.to);
}

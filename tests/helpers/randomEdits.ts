/** Seeded random edits on a report's XmlFragment, as several y-prosemirror editors would make. */
import * as Y from "yjs";
import { FRAGMENT_NAME } from "../../editor/protocol";

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Makes one random edit (insert / delete a paragraph, insert / delete text) in its own transaction. */
export function randomEdit(doc: Y.Doc, random: () => number, origin = "test:random-edit"): void {
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  const int = (n: number) => Math.floor(random() * n);
  doc.transact(() => {
    const roll = random();
    if (fragment.length === 0 || roll < 0.2) {
      const p = new Y.XmlElement(random() < 0.2 ? "heading" : "paragraph");
      p.insert(0, [new Y.XmlText(`c${doc.clientID % 1000}-${int(1000)} `)]);
      fragment.insert(int(fragment.length + 1), [p]);
      return;
    }
    const block = fragment.get(int(fragment.length));
    if (roll < 0.27 && fragment.length > 2) {
      fragment.delete(int(fragment.length), 1);
      return;
    }
    if (!(block instanceof Y.XmlElement)) return;
    let textNode = block.get(0);
    if (!(textNode instanceof Y.XmlText)) {
      textNode = new Y.XmlText();
      block.insert(0, [textNode]);
    }
    const t = textNode as Y.XmlText;
    if (roll < 0.4 && t.length > 0) {
      const at = int(t.length);
      t.delete(at, Math.min(t.length - at, 1 + int(4)));
    } else {
      t.insert(int(t.length + 1), "abcdefghij".slice(0, 1 + int(10)));
    }
  }, origin);
}

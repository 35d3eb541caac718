import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ShadowDoc } from "./validateUpdate";

function typed(text: string, base?: Y.Doc) {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  doc.getText("t").insert(0, text);
  return { doc, update: Y.encodeStateAsUpdate(doc, before) };
}

describe("ShadowDoc", () => {
  it("accepts a valid update and leaves the real document untouched", () => {
    const real = new Y.Doc();
    const shadow = new ShadowDoc(real);
    expect(shadow.trial(typed("hello").update)).toBeNull();
    expect(real.getText("t").toString()).toBe("");
  });

  it("rejects garbage, truncated and bit-flipped updates without throwing", () => {
    const real = new Y.Doc();
    const shadow = new ShadowDoc(real);
    const { update } = typed("some longer text to cut into pieces");
    expect(shadow.trial(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]))).toBe("malformed");
    let rejected = 0;
    for (let cut = 1; cut < update.length; cut++) if (shadow.trial(update.slice(0, cut))) rejected++;
    expect(rejected).toBeGreaterThan(update.length / 2);
    // Whatever the shadow went through, a valid update still applies on a rebuilt shadow.
    shadow.rebuild();
    expect(shadow.trial(update)).toBeNull();
  });

  it("mirrors updates that reached the real document another way", () => {
    const real = new Y.Doc();
    const shadow = new ShadowDoc(real);
    const first = typed("a");
    Y.applyUpdate(real, first.update);
    shadow.mirror(first.update);
    const second = typed("b", first.doc);
    expect(shadow.trial(second.update)).toBeNull();
  });
});

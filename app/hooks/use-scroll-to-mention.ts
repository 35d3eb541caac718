/**
 * Opening `/reports/{id}#mention-<mid>` (a body-mention notification's link) scrolls to that
 * mention once the document holding it has arrived: the browser's own fragment scrolling runs before
 * the editor has drawn anything, so this waits for document updates (up to 15 s).
 */
import { useEffect } from "react";
import type { CollabDoc } from "./use-collab-doc";

/** Scrolls to the mention named by the URL's hash when it appears in `collab`'s document. */
export function useScrollToMention(collab: CollabDoc | null): void {
  useEffect(() => {
    const hash = window.location.hash;
    if (!collab || !/^#mention-[a-z0-9]{1,64}$/.test(hash)) return;
    const id = hash.slice(1);
    let frame = 0;
    const tryScroll = () => {
      const el = document.getElementById(id);
      if (!el) return false;
      el.scrollIntoView({ block: "center" });
      el.classList.add("is-target");
      return true;
    };
    const onUpdate = () => {
      cancelAnimationFrame(frame);
      // After ProseMirror has drawn the update.
      frame = requestAnimationFrame(() => tryScroll() && stop());
    };
    const timer = window.setTimeout(() => stop(), 15_000);
    const stop = () => {
      collab.doc.off("update", onUpdate);
      window.clearTimeout(timer);
    };
    collab.doc.on("update", onUpdate);
    onUpdate();
    return () => {
      cancelAnimationFrame(frame);
      stop();
    };
  }, [collab]);
}

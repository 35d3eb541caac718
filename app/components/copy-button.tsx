import { useEffect, useState } from "react";

/**
 * Copies `text`. `navigator.clipboard` exists only in secure contexts, and self-hosted Folio often
 * runs over plain HTTP on a LAN, so fall back to a selected textarea and `execCommand("copy")`.
 */
async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission denied (e.g. document not focused): try the fallback below.
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok;
}

/** A button that copies `text` and says so. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const id = window.setTimeout(() => setState("idle"), 1800);
    return () => window.clearTimeout(id);
  }, [state]);
  return (
    <button
      type="button"
      className="btn btn-small"
      onClick={() => {
        copyText(text).then(
          (ok) => setState(ok ? "copied" : "failed"),
          () => setState("failed"),
        );
      }}
    >
      {state === "copied" ? "Copied ✓" : state === "failed" ? "Press Ctrl+C" : label}
    </button>
  );
}

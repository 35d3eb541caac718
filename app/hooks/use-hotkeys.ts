/**
 * App-wide keys: `/` focuses the page's search box (any element with `data-hotkey="search"`),
 * `g` then `h` goes home. Ignored while typing in a field or with a modifier held.
 */
import { useNavigate } from "@remix-run/react";
import { useEffect } from "react";

const CHORD_MS = 1000;

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/** Installs the global shortcuts for the lifetime of the calling component. */
export function useHotkeys(): void {
  const navigate = useNavigate();
  useEffect(() => {
    let gAt = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      if (e.key === "/") {
        const search = document.querySelector<HTMLInputElement>('[data-hotkey="search"]');
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
      } else if (e.key === "g") {
        gAt = Date.now();
      } else if (e.key === "h" && Date.now() - gAt < CHORD_MS) {
        gAt = 0;
        navigate("/");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate]);
}

/**
 * Windowing for long tables: only the rows in (and just around) the scroll container's viewport
 * are rendered, with spacer rows standing in for the rest, so 10,000 runs scroll like 50. Rows
 * have one fixed height, which keeps the arithmetic exact and the scroll bar honest.
 */
import { useEffect, useState, type RefObject } from "react";

/** The rendered slice: items [start, end) and the heights of the spacers around them. */
export interface VirtualWindow {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

/** The window of `count` rows of `rowHeight` px visible in `container`, plus `overscan` each side. */
export function useVirtualRows(container: RefObject<HTMLElement>, count: number, rowHeight: number, overscan = 12): VirtualWindow {
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      setViewport((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(read);
    };
    read();
    el.addEventListener("scroll", onScroll, { passive: true });
    const resize = new ResizeObserver(onScroll);
    resize.observe(el);
    return () => {
      el.removeEventListener("scroll", onScroll);
      resize.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [container]);
  return windowFor(viewport.top, viewport.height, count, rowHeight, overscan);
}

/** The pure arithmetic of `useVirtualRows`. */
export function windowFor(scrollTop: number, height: number, count: number, rowHeight: number, overscan: number): VirtualWindow {
  // A list that shrank under a scrolled viewport shows its end until the browser clamps the scroll.
  const visible = Math.ceil(height / rowHeight);
  const first = Math.min(Math.floor(Math.max(0, scrollTop) / rowHeight), Math.max(0, count - visible));
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return { start, end: Math.max(start, end), padTop: start * rowHeight, padBottom: Math.max(0, count - Math.max(start, end)) * rowHeight };
}

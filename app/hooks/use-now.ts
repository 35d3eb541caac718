import { useEffect, useState } from "react";

/**
 * The current time, re-read every `intervalMs`, for relative times and running durations. Render
 * its output inside elements with `suppressHydrationWarning`: the server's clock is not the browser's.
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

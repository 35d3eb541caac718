import { formatRelative, formatTimestamp } from "~/lib/format";

/** "5m ago" with the exact UTC time on hover; `now` comes from the caller's `useNow`. */
export function RelativeTime({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={formatTimestamp(iso)} suppressHydrationWarning>
      {formatRelative(iso, now)}
    </time>
  );
}

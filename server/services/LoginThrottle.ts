/**
 * Slows password guessing: after `maxFailures` failed sign-ins for one email within `windowMs`,
 * further attempts for that email are refused until the window has passed. Kept per process (a
 * restart forgets it), which is enough to make online guessing impractical.
 */
export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Milliseconds until `email` may try again (0 = now). */
  retryAfterMs(email: string, now = Date.now()): number {
    const recent = this.recent(email, now);
    return recent.length >= this.maxFailures ? recent[0] + this.windowMs - now : 0;
  }

  /** Records a failed attempt. */
  fail(email: string, now = Date.now()): void {
    const recent = this.recent(email, now);
    recent.push(now);
    this.failures.set(email.toLowerCase(), recent);
    if (this.failures.size > 100_000) this.failures.clear(); // bound memory under a spray of emails
  }

  /** Forgets failures after a successful sign-in. */
  succeed(email: string): void {
    this.failures.delete(email.toLowerCase());
  }

  private recent(email: string, now: number): number[] {
    return (this.failures.get(email.toLowerCase()) ?? []).filter((t) => now - t < this.windowMs);
  }
}

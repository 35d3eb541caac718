/** Re-roots 400s so a run query nested in a larger request names its full path. */
import { invalidInput, ServiceError } from "../services/ServiceError";

/**
 * Runs `fn`; an `invalid_input` error at `filter.and.2.op` comes out at `${prefix}.filter.and.2.op`
 * (e.g. `runQuery.filter.and.2.op` when the metrics API embeds a run query). No prefix: unchanged.
 */
export async function prefixInputErrors<T>(prefix: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!prefix || !(err instanceof ServiceError) || err.code !== "invalid_input") throw err;
    const message = err.path && err.message.startsWith(`${err.path}: `) ? err.message.slice(err.path.length + 2) : err.message;
    throw invalidInput(err.path ? `${prefix}.${err.path}` : prefix, message);
  }
}

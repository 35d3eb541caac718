/**
 * One-line descriptions of errors for CLI output.
 */
import { FolioApiError } from "../errors";

/** "message (HTTP 401 unauthorized)" for API errors, the message for the rest. */
export function describeError(error: unknown): string {
  if (error instanceof FolioApiError) {
    const code = error.code === `http_${error.status}` ? "" : ` ${error.code}`;
    return `${error.message} (HTTP ${error.status}${code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

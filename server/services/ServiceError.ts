/**
 * The one error type services throw for expected failures. HTTP handlers and Remix routes map it
 * to a status and the JSON body `{ error: { code, message, path? } }`.
 */
import type { ZodError } from "zod";

export type ErrorCode =
  | "invalid_input" | "invalid_json" | "unauthorized" | "forbidden" | "not_found" | "conflict"
  | "payload_too_large" | "unavailable" | "internal";

/** An expected failure with its HTTP status. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = "ServiceError";
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.path ? { path: this.path } : {}) } };
  }
}

/** 400 naming the bad field. */
export const invalidInput = (path: string, message: string) =>
  new ServiceError(400, "invalid_input", path ? `${path}: ${message}` : message, path || undefined);
export const notFound = (what: string) => new ServiceError(404, "not_found", `${what} not found`);
export const forbidden = (message = "You do not have access to this resource") => new ServiceError(403, "forbidden", message);
export const unauthorized = (message = "Missing or invalid credentials") => new ServiceError(401, "unauthorized", message);
export const conflict = (message: string) => new ServiceError(409, "conflict", message);

/** Turns the first zod issue into a 400 that names its path (prefixed with `prefix`). */
export function fromZod(error: ZodError, prefix = ""): ServiceError {
  const issue = error.issues[0];
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
  return invalidInput(path, issue.message);
}

/** Parses `input` with a zod schema or throws a 400 naming the bad field. */
export function parseInput<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } }, input: unknown, prefix = ""): T {
  const r = schema.safeParse(input);
  if (!r.success) throw fromZod(r.error, prefix);
  return r.data;
}

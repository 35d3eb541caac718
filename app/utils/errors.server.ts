/**
 * Maps the services' `ServiceError`s onto Remix: 400/409 become form errors an action returns,
 * everything else becomes a thrown response that the route's `ErrorBoundary` renders.
 */
import { data } from "@remix-run/node";
import { ServiceError } from "../../server/services/ServiceError";

/** What a failed form submission returns: a message and, when known, the offending field. */
export interface FormError {
  error: string;
  field?: string;
}

/** The body of every thrown error response; `ErrorBoundary`s read `message`. */
export interface ErrorBody {
  message: string;
}

/** Throws a response with `status` that the nearest `ErrorBoundary` renders. */
export function fail(status: number, message: string): never {
  throw data<ErrorBody>({ message }, { status });
}

/** Whether `error` is a service's expected failure. */
export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}

/**
 * For actions: a 400/409 service error becomes `data({ error, field }, status)` to show beside the
 * form; any other service error is thrown as a response; unexpected errors propagate unchanged.
 */
export function formError(error: unknown) {
  if (isServiceError(error) && (error.status === 400 || error.status === 409)) {
    const field = error.path?.split(".").pop();
    // "email: must be a valid email address" reads better without the path once it sits by the field.
    const message = field && error.message.startsWith(`${error.path}: `) ? error.message.slice(error.path!.length + 2) : error.message;
    return data<FormError>({ error: message.charAt(0).toUpperCase() + message.slice(1), field }, { status: error.status });
  }
  throw asResponse(error);
}

/** For loaders: a service error as a thrown-able response (400s on lookups read as "not found"). */
export function asResponse(error: unknown): unknown {
  if (!isServiceError(error)) return error;
  const status = error.status === 400 ? 404 : error.status;
  return data<ErrorBody>({ message: error.status === 400 ? "Not found" : error.message }, { status });
}

/** Runs `fn`, turning service errors into responses for the `ErrorBoundary`. */
export async function orRespond<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw asResponse(error);
  }
}

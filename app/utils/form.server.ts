/** Parsing submitted forms with zod at the edge, failures shaped like service form errors. */
import { data } from "@remix-run/node";
import type { z } from "zod";
import type { FormError } from "./errors.server";

/** Parses `form` with `schema`; on failure, the 400 `data()` an action returns as-is. */
export function parseForm<S extends z.ZodTypeAny>(schema: S, form: FormData):
  | { ok: true; value: z.output<S> }
  | { ok: false; response: ReturnType<typeof data<FormError>> } {
  const entries: Record<string, FormDataEntryValue> = {};
  for (const [k, v] of form) if (!(k in entries)) entries[k] = v;
  const parsed = schema.safeParse(entries);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, response: data<FormError>({ error: issue.message, field: issue.path.map(String).join(".") || undefined }, { status: 400 }) };
}

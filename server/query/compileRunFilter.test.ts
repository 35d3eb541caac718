import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { compileRunFilter, regexLeaves } from "./compileRunFilter";
import { compileRunSort } from "./compileRunSort";
import { parseFieldRef } from "./FieldRef";
import { parseRunFilter } from "./RunFilter";

const dialect = new PgDialect();
const render = (filter: unknown) => dialect.sqlToQuery(compileRunFilter(parseRunFilter(filter)));

const HOSTILE = ["'; drop table runs; --", "a'b", "__proto__", "back\\slash", "\"quoted\"", "$$x$$", "x'::text) or (true"];

describe("compileRunFilter", () => {
  it("binds every user key, path segment and value as a parameter", () => {
    for (const bad of HOSTILE) {
      const filters = [
        { field: `config.${bad}.x`, op: "=", value: bad },
        { field: `summary.${bad}`, op: "<", value: 1 },
        { field: "name", op: "in", value: [bad, "ok"] },
        { field: "tags", op: "contains", value: bad },
        { field: "user", op: "regex", value: bad },
        { field: `config.${bad}`, op: "contains", value: bad },
        { field: "notes", op: "nin", value: [bad] },
      ];
      for (const f of filters) {
        const q = render(f);
        expect(q.sql).not.toContain(bad);
        expect(q.sql).not.toContain("drop");
        expect(JSON.stringify(q.params)).toContain(JSON.stringify(bad).slice(1, -1).slice(0, 3));
      }
    }
  });

  it("binds JSON paths as one text[] literal with quotes and backslashes escaped", () => {
    const q = render({ field: "config.a'b.c\"d", op: "exists", value: true });
    expect(q.sql).toContain("#> $1::text[]");
    expect(q.params).toEqual(['{"a\'b","c\\"d"}']);
  });

  it("guards JSON casts with CASE so mixed types cannot error", () => {
    expect(render({ field: "config.lr", op: ">", value: 1 }).sql).toMatch(/case jsonb_typeof\(/);
    expect(render({ field: "config.lr", op: "=", value: "x" }).sql).toMatch(/case when jsonb_typeof\(/);
  });

  it("negations match runs without the value", () => {
    expect(render({ field: "host", op: "!=", value: "a" }).sql).toMatch(/^\(not coalesce\(/);
  });

  it("sort keys are parameters too, with a stable tiebreak", () => {
    const terms = compileRunSort([{ field: parseFieldRef("config.'; drop table runs; --", "sort"), order: "desc" }]);
    const rendered = terms.map((t) => dialect.sqlToQuery(t));
    for (const r of rendered) expect(r.sql).not.toContain("drop");
    expect(rendered.at(-1)!.sql).toBe('"runs"."seq" desc');
  });

  it("lists regex leaves with their paths", () => {
    const tree = parseRunFilter({ or: [{ field: "name", op: "regex", value: "a" }, { not: { field: "host", op: "regex", value: "b" } }] });
    expect(regexLeaves(tree)).toEqual([{ value: "a", path: "filter.or.0.value" }, { value: "b", path: "filter.or.1.not.value" }]);
  });
});

import { describe, expect, it } from "vitest";
import { databaseTarget, loadConfig } from "./config";

describe("loadConfig: notification email", () => {
  it("is off by default, with a default From address", () => {
    const c = loadConfig({});
    expect(c.smtpUrl).toBeUndefined();
    expect(c.mailFrom).toBe("Folio <folio@localhost>");
  });

  it("reads FOLIO_SMTP_URL and FOLIO_MAIL_FROM", () => {
    const c = loadConfig({ FOLIO_SMTP_URL: "smtps://u:p@mail.example.com:465", FOLIO_MAIL_FROM: "Folio <ml@example.com>" });
    expect(c.smtpUrl).toBe("smtps://u:p@mail.example.com:465");
    expect(c.mailFrom).toBe("Folio <ml@example.com>");
  });

  it("names the variable when the URL is not SMTP", () => {
    expect(() => loadConfig({ FOLIO_SMTP_URL: "http://mail.example.com" })).toThrow(/FOLIO_SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
  });
});

describe("loadConfig: compaction workers", () => {
  it("uses one worker thread by default; 0 compacts on the main thread", () => {
    expect(loadConfig({}).compactionWorkers).toBe(1);
    expect(loadConfig({ FOLIO_COMPACTION_WORKERS: "0" }).compactionWorkers).toBe(0);
    expect(() => loadConfig({ FOLIO_COMPACTION_WORKERS: "-1" })).toThrow(/FOLIO_COMPACTION_WORKERS/);
  });
});

describe("loadConfig: prepared statements", () => {
  it("are on by default; FOLIO_DB_PREPARED_STATEMENTS=false turns them off; anything else is named", () => {
    expect(loadConfig({}).dbPreparedStatements).toBe(true);
    expect(loadConfig({ FOLIO_DB_PREPARED_STATEMENTS: "false" }).dbPreparedStatements).toBe(false);
    expect(loadConfig({ FOLIO_DB_PREPARED_STATEMENTS: "0" }).dbPreparedStatements).toBe(false);
    expect(() => loadConfig({ FOLIO_DB_PREPARED_STATEMENTS: "no" })).toThrow(/FOLIO_DB_PREPARED_STATEMENTS/);
  });
});

describe("loadConfig: public URL", () => {
  it("keeps FOLIO_PUBLIC_URL without a trailing slash, so links append paths to it", () => {
    expect(loadConfig({ FOLIO_PUBLIC_URL: "https://folio.example.com/" }).publicUrl).toBe("https://folio.example.com");
    expect(loadConfig({ FOLIO_PUBLIC_URL: "https://folio.example.com" }).publicUrl).toBe("https://folio.example.com");
    expect(loadConfig({}).publicUrl).toBeUndefined();
  });
});

describe("databaseTarget", () => {
  it("names PostgreSQL with the pool size and prepared-statement setting, else PGlite under the data directory", () => {
    const url = "postgres://u@127.0.0.1:5432/x";
    expect(databaseTarget(loadConfig({ FOLIO_DATA_DIR: "/tmp/folio-x" }))).toEqual({ kind: "pglite", dataDir: "/tmp/folio-x/pglite" });
    expect(databaseTarget(loadConfig({ DATABASE_URL: url, FOLIO_DB_POOL_SIZE: "7", FOLIO_DB_PREPARED_STATEMENTS: "false" }))).toEqual({ kind: "postgres", url, poolSize: 7, prepare: false });
    expect(databaseTarget(loadConfig({ DATABASE_URL: url }), { poolSize: 2 })).toEqual({ kind: "postgres", url, poolSize: 2, prepare: true });
  });
});

import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

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

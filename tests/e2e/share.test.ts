/**
 * A view-only share link in Chromium (issue 6): someone without an account opens `/s/<token>`,
 * reads the report live (an edit made meanwhile arrives), cannot type into it, and is told when
 * the link is revoked; an unknown token is a 404 page. A shared report's panels draw live from the
 * projects they query, while the guest's page can neither change the document (a forged update
 * sent over its own WebSocket is refused) nor read another report or project.
 */
import * as encoding from "lib0/encoding";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { FRAGMENT_NAME, MessageType } from "../../editor/protocol";
import { eventually } from "../helpers/eventually";
import { api, type TestServer } from "../helpers/server";
import { newContext, recordConsole, recordPageErrors } from "./browser";
import { lossPanels, panelsFence } from "./panelFixtures";
import { perAttempt, useServerAndBrowser } from "./suite";
import { drawnPoints, panelState } from "./plotPoints";

let t: TestServer;
let browser: Browser;

useServerAndBrowser((s) => ([t, browser] = s));

describe("share links", () => {
  it("shows the report read-only and live to a guest, until the link is revoked", async () => {
    const report = (await api(t, "POST", "/api/v1/reports", { project: "vision", title: "Shared findings", markdown: "# Results\n\nFirst draft." })).body;
    const link = (await api(t, "POST", `/api/v1/reports/${report.id}/share-links`, {})).body;
    const guest = await newContext(browser, t);
    const page = await guest.newPage();
    const errors = recordPageErrors(page);
    await page.goto(link.url);
    await page.getByTestId("report-title").getByText("Shared findings").waitFor();
    const doc = page.locator('[data-testid="report-editor"] .ProseMirror');
    await doc.getByText("First draft.").waitFor();
    expect(await doc.getAttribute("contenteditable")).toBe("false");
    // An edit made by the owner arrives live.
    expect((await api(t, "PUT", `/api/v1/reports/${report.id}`, { markdown: "# Results\n\nSecond draft." })).status).toBe(200);
    await doc.getByText("Second draft.").waitFor();
    // The guest's page reaches nothing else: no session, so the app's pages want a login.
    expect((await guest.request.get("/api/v1/reports?project=vision")).status()).toBe(401);
    // Revoking closes the connection and says so.
    expect((await api(t, "DELETE", `/api/v1/reports/${report.id}/share-links/${link.id}`)).status).toBe(204);
    await page.getByTestId("collab-closed").getByText("Your access to this report was removed.").waitFor();
    expect((await page.goto(link.url))!.status()).toBe(404);
    expect((await page.goto("/s/not-a-real-token-at-all-0123456789"))!.status()).toBe(404);
    expect(errors).toEqual([]);
    await guest.close();
  });

  it("shows live charts to a guest, who cannot edit (a forged update is refused) nor read anything else", async () => {
    const shared = `alice/${perAttempt("shared-runs")}`;
    const elsewhere = `alice/${perAttempt("private-runs")}`;
    const run = (await api(t, "POST", "/api/v1/runs", { project: shared, name: "shared-run" })).body.id as string;
    const log = async (from: number, to: number) =>
      expect((await api(t, "POST", `/api/v1/runs/${run}/history`, { rows: Array.from({ length: to - from }, (_, i) => ({ step: from + i, metrics: { loss: 1 / (from + i + 1) } })) })).status).toBe(200);
    await log(0, 50);
    await api(t, "POST", "/api/v1/runs", { project: elsewhere, name: "not-shared" });
    const markdown = `Charts.\n\n${panelsFence(lossPanels(shared, [{ id: "p1", title: "Loss" }]))}`;
    const report = (await api(t, "POST", "/api/v1/reports", { project: shared, title: "Shared charts", markdown })).body;
    const other = (await api(t, "POST", "/api/v1/reports", { project: shared, title: "Not shared", markdown: "Secret." })).body;
    const link = (await api(t, "POST", `/api/v1/reports/${report.id}/share-links`, {})).body;
    const before = await (await fetch(`${t.url}/api/v1/reports/${report.id}?format=md`, { headers: { authorization: `Bearer ${t.apiKey}` } })).text();

    const guest = await newContext(browser, t);
    const page = await guest.newPage();
    const errors = recordPageErrors(page);
    const consoleTail = recordConsole(page);
    await page.goto(link.url);
    const panel = page.locator('[data-panel-id="p1"]');
    const points = () => drawnPoints(panel);
    const explain = async () => `${await panelState(panel)}; ${consoleTail()}`;
    await eventually(points, (n) => n === 50, 20_000, explain);
    // Live: new points arrive in the guest's chart.
    await log(50, 80);
    await eventually(points, (n) => n === 80, 20_000, explain);
    // Read-only: no editing controls on the panel.
    expect(await page.getByRole("button", { name: "Edit panel" }).count()).toBe(0);
    // Nor commenting: a guest cannot comment.
    expect(await page.getByRole("button", { name: "Comment on panel" }).count()).toBe(0);

    // A forged update over the guest's own WebSocket, sent from the page with the link's token.
    const forged = new Y.Doc();
    const updates: Uint8Array[] = [];
    forged.on("update", (u: Uint8Array) => updates.push(u));
    const para = new Y.XmlElement("paragraph");
    para.insert(0, [new Y.XmlText("forged by the guest")]);
    forged.getXmlFragment(FRAGMENT_NAME).insert(0, [para]);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, updates[0]!);
    const frame = Array.from(encoding.toUint8Array(e));
    const answered = await page.evaluate(
      ({ id, token, frame }) =>
        new Promise<boolean>((resolve) => {
          const ws = new WebSocket(`${location.origin.replace(/^http/, "ws")}/collab/${id}?share=${encodeURIComponent(token)}`);
          ws.binaryType = "arraybuffer";
          let sent = false;
          let frames = 0;
          ws.onmessage = () => {
            frames++;
            if (!sent) {
              sent = true;
              ws.send(new Uint8Array(frame));
              // Frames are handled in order: the answer to this sync step 1 comes after the update was handled.
              ws.send(new Uint8Array([0, 0, 1, 0]));
              frames = 0;
            } else if (frames >= 1) {
              ws.close();
              resolve(true);
            }
          };
          ws.onclose = () => resolve(sent);
        }),
      { id: report.id as string, token: link.token as string, frame },
    );
    expect(answered).toBe(true);
    const after = await (await fetch(`${t.url}/api/v1/reports/${report.id}?format=md`, { headers: { authorization: `Bearer ${t.apiKey}` } })).text();
    expect(after).toBe(before);
    expect(after).not.toContain("forged");
    const stored = await t.server.services.collab.read(report.id as string, (d) => Y.encodeStateVector(d));
    expect(Y.decodeStateVector(stored).has(forged.clientID)).toBe(false);

    // Nothing else: not another report, not another project's runs, not its own project beyond reading.
    const withToken = (path: string, body?: unknown) =>
      page.evaluate(
        async ({ path, body, token }) => {
          const res = await fetch(path, body === undefined ? { headers: { "x-folio-share": token } } : { method: "POST", headers: { "x-folio-share": token, "content-type": "application/json" }, body: JSON.stringify(body) });
          return res.status;
        },
        { path, body, token: link.token as string },
      );
    expect(await withToken(`/api/v1/reports/${other.id}`)).toBe(404);
    expect(await withToken("/api/v1/runs/query", { project: elsewhere })).toBe(404);
    expect(await withToken("/api/v1/runs/query", { project: shared })).toBe(200);
    expect(await withToken(`/api/v1/reports/${report.id}/access`)).not.toBe(200);
    expect(errors).toEqual([]);
    await guest.close();
  });
});

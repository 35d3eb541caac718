import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { api, startTestServer, type TestServer } from "../helpers/server";
import { connectClient, waitFor } from "../helpers/collabClient";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

describe("collab smoke", () => {
  it("two clients sync and the server confirms saves", async () => {
    const created = await api(t, "POST", "/api/v1/reports", { project: "vision", title: "R1", markdown: "# Hello\n\nworld" });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const a = connectClient(t.url, id, t.apiKey);
    const b = connectClient(t.url, id, t.apiKey);
    await Promise.all([a.synced, b.synced]);
    expect(a.doc.getXmlFragment("default").length).toBe(2);
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText("from a")]);
    a.doc.getXmlFragment("default").push([p]);
    await waitFor(() => b.doc.getXmlFragment("default").length === 3, "b sees a's paragraph");
    await waitFor(() => a.allSaved(), "a saved");
    const md = await fetch(`${t.url}/api/v1/reports/${id}?format=md`, { headers: { authorization: `Bearer ${t.apiKey}` } });
    expect(await md.text()).toBe("# Hello\n\nworld\n\nfrom a\n");
    a.destroy();
    b.destroy();
  });
});

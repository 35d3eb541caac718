import { test, expect } from "vitest";
import { startTestServer, api } from "../helpers/server";
test("smoke", async () => {
  const t = await startTestServer();
  try {
    const h = await fetch(`${t.url}/healthz`); console.log(await h.json());
    const c = await api(t, "POST", "/api/v1/runs", { project: "mnist", config: { lr: 0.1 } }); console.log(c);
    const hi = await api(t, "POST", `/api/v1/runs/${c.body.id}/history`, { rows: [{ step: 0, metrics: { loss: 1, acc: "NaN" } }, { step: 1, metrics: { loss: 0.5 } }, { step: 1, metrics: { loss: 0.4 } }] }); console.log(hi);
    console.log(JSON.stringify((await api(t, "GET", `/api/v1/runs/${c.body.id}/history`)).body));
    console.log((await api(t, "GET", `/api/v1/runs/${c.body.id}`)).body);
    console.log((await api(t, "POST", `/api/v1/runs/${c.body.id}/history`, { rows: [{ step: 0, metrics: { loss: "x" } }] })).body);
    expect(hi.status).toBe(200);
  } finally { await t.close(); }
});

/** Accounts and teams through the services, on the configured database back end. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, signUp } from "../../server/services/accounts";
import { createTeam, listTeamProjects, listTeams } from "../../server/services/teams";
import { api, startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

describe("accounts", () => {
  it("the first user is the instance admin; later ones are not; each gets a personal team", async () => {
    expect(t.user.isAdmin).toBe(true);
    const bob = await signUp(t.server.services.db, { email: "Bob@Example.com", password: "long enough password" });
    expect(bob).toMatchObject({ email: "bob@example.com", isAdmin: false, name: "bob" });
    const teams = await listTeams(t.server.services.db, bob.id);
    expect(teams).toEqual([expect.objectContaining({ slug: "bob", personal: true, role: "admin" })]);
  });

  it("passwords are checked; a duplicate email is a 409; a short password is a 400 naming the field", async () => {
    const db = t.server.services.db;
    expect(await signIn(db, "bob@example.com", "long enough password")).toMatchObject({ email: "bob@example.com" });
    expect(await signIn(db, "bob@example.com", "wrong password!")).toBeNull();
    expect(await signIn(db, "nobody@example.com", "whatever")).toBeNull();
    await expect(signUp(db, { email: "bob@example.com", password: "long enough password" })).rejects.toMatchObject({ status: 409 });
    await expect(signUp(db, { email: "c@example.com", password: "short" })).rejects.toMatchObject({ status: 400, path: "password" });
  });

  it("team slugs never shadow fixed routes", async () => {
    const db = t.server.services.db;
    const login = await signUp(db, { email: "login@example.com", password: "long enough password" });
    expect((await listTeams(db, login.id))[0].slug).toBe("login-2");
    await expect(createTeam(db, login, { name: "Settings", slug: "settings" })).rejects.toMatchObject({ status: 409 });
    expect((await createTeam(db, login, { name: "API" })).slug).toBe("api-2");
  });

  it("projects list their run counts", async () => {
    await api(t, "POST", "/api/v1/runs", { project: "counted" });
    await api(t, "POST", "/api/v1/runs", { project: "counted" });
    const [team] = await listTeams(t.server.services.db, t.user.id);
    expect(await listTeamProjects(t.server.services.db, team.id)).toEqual([expect.objectContaining({ name: "counted", runCount: 2 })]);
  });
});

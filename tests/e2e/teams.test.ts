/**
 * Signing in and joining teams in the browser: anonymous visits go to the login page and come
 * back afterwards; an invite link turns a stranger into a member (sign-up included), the admin
 * sees them, changes their role and revokes the link.
 */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { listMembers, teamForUser } from "../../server/services/teams";
import { type TestServer } from "../helpers/server";
import { newContext, signInAs } from "./browser";
import { useServerAndBrowser } from "./suite";

let t: TestServer;
let browser: Browser;

useServerAndBrowser((s) => ([t, browser] = s));

describe("signing in", () => {
  it("sends anonymous visitors to log in and brings them back", async () => {
    const context = await newContext(browser, t);
    const page = await context.newPage();
    await page.goto("/alice/somewhere");
    await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("redirectTo") === "/alice/somewhere");
    await page.getByLabel("Email").fill("alice@example.com");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("don't match an account").waitFor();
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((u) => u.pathname === "/alice/somewhere");
    await page.getByText("Waiting for the first run").waitFor();

    // Logging out (through the user menu's form) ends the session.
    await page.locator(".user-chip").click();
    await page.getByRole("menuitem", { name: "Log out" }).click();
    await page.waitForURL((u) => u.pathname === "/login");
    await page.goto("/settings/api-keys");
    await page.waitForURL((u) => u.pathname === "/login");
    await context.close();
  });
});

describe("invites", () => {
  it("lets a stranger sign up through an invite link and the admin manage them", async () => {
    // Alice creates a team on the home page and an invite link on its page.
    const admin = await newContext(browser, t);
    await signInAs(admin, t, t.user);
    const page = await admin.newPage();
    await page.goto("/");
    await page.getByLabel("Team name").fill("Vision Research");
    await page.getByRole("button", { name: "Create team" }).click();
    await page.waitForURL((u) => u.pathname === "/vision-research");
    await page.getByRole("button", { name: "Create invite link" }).click();
    const link = (await page.getByTestId("invite-url").textContent())?.trim() ?? "";
    expect(link).toMatch(new RegExp(`^${t.url}/invite/[A-Za-z0-9_-]{20,}$`));

    // Carol has no account: the invite sends her through sign-up and back.
    const stranger = await newContext(browser, t);
    const carol = await stranger.newPage();
    await carol.goto(link);
    await carol.getByRole("heading", { name: "Join Vision Research" }).waitFor();
    await carol.getByRole("link", { name: "Create an account to join" }).click();
    await carol.getByLabel("Email").fill("carol@example.com");
    await carol.getByLabel("Password").fill("carol's long password");
    await carol.getByRole("button", { name: "Create account" }).click();
    await carol.waitForURL((u) => u.pathname.startsWith("/invite/"));
    await carol.getByRole("button", { name: "Join Vision Research" }).click();
    await carol.waitForURL((u) => u.pathname === "/vision-research");
    await carol.getByTestId("members-table").getByText("carol@example.com").waitFor();

    // Alice sees her, makes her an admin, and revokes the link.
    await page.reload();
    await page.getByLabel("Role of carol").selectOption("admin");
    const db = t.server.services.db;
    const team = await teamForUser(db, t.user, "vision-research");
    await expect
      .poll(async () => (await listMembers(db, team.id)).find((m) => m.email === "carol@example.com")?.role, { timeout: 5000 })
      .toBe("admin");
    await page.getByRole("button", { name: "Revoke", exact: true }).click();
    await page.getByRole("button", { name: "Revoke link" }).click();
    await page.getByText("No open invite links.").waitFor();

    // The revoked link no longer works.
    await carol.goto(link);
    await carol.getByText("invalid, has expired, or was revoked").waitFor();
    await admin.close();
    await stranger.close();
  });
});

/**
 * Comments in Chromium (issue 6): Alice comments on a sentence and mentions Bob through the `@`
 * autocomplete; Bob (a commenter: read-only in the editor) gets a notification whose link opens the
 * sidebar on the thread with the passage highlighted; the highlight follows Alice's edit before the
 * sentence; Bob replies, comments on a passage he selects in his read-only editor (Mod-Alt-M), and
 * resolves; Alice sees all of it live. A comment body with HTML renders as text; a thread whose text
 * is deleted is detached; own comments are edited (Markdown, math) and deleted; an anonymous share
 * link shows comments read-only without authors.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptInvite, createInvite, createTeam } from "../../server/services/teams";
import { api, startTestServer, type TestServer } from "../helpers/server";
import { eventually } from "../helpers/eventually";
import { launchBrowser, markDocument, newContext, recordDialogs, recordPageErrors, signInAs, stillSameDocument } from "./browser";

let t: TestServer;
let browser: Browser;
let bob: Awaited<ReturnType<TestServer["addUser"]>>;

const SENTENCE = "The learning rate is too high.";
const editor = (page: Page) => page.locator('[data-testid="report-editor"] .ProseMirror');
const sidebar = (page: Page) => page.getByTestId("comments-sidebar");

/** The text of the highlighted passages matching `selector`, without remote cursors' labels. */
const highlighted = (page: Page, selector = ".comment-anchor.is-active") =>
  page.evaluate((sel) => {
    return [...document.querySelectorAll(`[data-testid="report-editor"] ${sel}`)]
      .map((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll(".ProseMirror-yjs-cursor").forEach((c) => c.remove());
        return copy.textContent ?? "";
      })
      .join("");
  }, selector);

/**
 * Waits until the editor is editable: the page shows the stored document before the WebSocket has
 * synced (read-only until then), so a selection or shortcut made earlier can land before the
 * editor's keymap does.
 */
async function editable(page: Page): Promise<void> {
  await editor(page).and(page.locator('[contenteditable="true"]')).waitFor();
}

/** Selects `text` in the report body (its first occurrence, across highlight spans). */
async function selectText(page: Page, text: string): Promise<void> {
  await page.evaluate((wanted) => {
    const root = document.querySelector<HTMLElement>('[data-testid="report-editor"] .ProseMirror')!;
    if (root.isContentEditable) root.focus();
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement?.closest(".ProseMirror-yjs-cursor")) nodes.push(n as Text);
    const all = nodes.map((n) => n.data).join("");
    const at = all.indexOf(wanted);
    if (at < 0) throw new Error(`not in the document: ${wanted}`);
    const locate = (offset: number, end: boolean) => {
      let seen = 0;
      for (const n of nodes) {
        if (offset < seen + n.data.length || (end && offset === seen + n.data.length)) return [n, offset - seen] as const;
        seen += n.data.length;
      }
      throw new Error("offset outside the document");
    };
    const [a, ao] = locate(at, false);
    const [b, bo] = locate(at + wanted.length, true);
    window.getSelection()!.setBaseAndExtent(a, ao, b, bo);
  }, text);
}

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestServer({ remix: "build" }), launchBrowser()]);
  bob = await t.addUser("bob@example.com");
  const team = await createTeam(t.server.services.db, t.user, { name: "Vision Lab" });
  await acceptInvite(t.server.services.db, bob.user, await createInvite(t.server.services.db, t.user, team, "member"));
  const res = await api(t, "POST", "/api/v1/runs", { project: "vision-lab/vision", name: "r1" });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("comments", () => {
  it("comment, mention, notification link, live replies and resolve, anchors following edits", async () => {
    // Enough text before the sentence that the link has to scroll to it.
    const filler = Array.from({ length: 40 }, (_, i) => `Filler paragraph ${i + 1}.`).join("\n\n");
    const markdown = `# Sweep\n\n${filler}\n\nWe ran it twice. ${SENTENCE} The rest looks fine.\n\nA second paragraph.`;
    const report = (await api(t, "POST", "/api/v1/reports", { project: "vision-lab/vision", title: "LR sweep", markdown })).body;
    // Team members may comment but not edit: Bob's editor is read-only.
    expect((await api(t, "PATCH", `/api/v1/reports/${report.id}/access`, { teamRole: "comment" })).status).toBe(200);

    const alice = await newContext(browser, t);
    await signInAs(alice, t, t.user);
    const a = await alice.newPage();
    const errors = recordPageErrors(a);
    await a.goto(`/reports/${report.id}`);
    await editor(a).getByText(SENTENCE, { exact: false }).waitFor();
    await editable(a);
    await markDocument(a);

    // Alice selects the sentence and comments from the selection toolbar, mentioning Bob.
    await selectText(a, SENTENCE);
    await a.locator('.folio-selection-toolbar button[data-action="comment"]').click();
    const composer = a.getByTestId("new-thread-composer").getByRole("combobox");
    await composer.waitFor();
    await expect(a.getByTestId("comment-draft").locator("blockquote").textContent()).resolves.toBe(SENTENCE);
    await composer.pressSequentially("@bo");
    await a.getByTestId("mention-options").getByRole("option", { name: "bob" }).click();
    await composer.pressSequentially("can you check this?");
    await expect(composer.inputValue()).resolves.toBe("@bob can you check this?");
    await composer.press("Control+Enter");
    const aThread = sidebar(a).getByTestId("comment-thread");
    await aThread.first().waitFor();
    await expect(aThread.count()).resolves.toBe(1);
    await expect(aThread.locator(".mention-chip").textContent()).resolves.toBe("@bob");
    await eventually(() => highlighted(a), (s) => s === SENTENCE);

    // Bob has one unread notification linking to the thread.
    const notes = await api({ url: t.url, apiKey: bob.apiKey }, "GET", "/api/v1/notifications?unread=true");
    expect(notes.status).toBe(200);
    expect(notes.body.unread).toBe(1);
    const threadId = await aThread.first().getAttribute("data-thread-id");
    expect(notes.body.notifications[0].url).toBe(`/reports/${report.id}?thread=${threadId}`);

    // Bob opens the link: the sidebar is open on the thread and the passage is highlighted.
    const bobContext = await newContext(browser, t);
    await signInAs(bobContext, t, bob.user);
    const b = await bobContext.newPage();
    const bobErrors = recordPageErrors(b);
    await b.goto(notes.body.notifications[0].url);
    await sidebar(b).waitFor();
    await b.locator(`[data-testid="comment-thread"][data-thread-id="${threadId}"].is-active`).waitFor();
    await eventually(() => highlighted(b), (s) => s === SENTENCE);
    expect(await editor(b).getAttribute("contenteditable")).toBe("false");
    // …scrolled into view.
    await eventually(
      () => b.locator(".comment-anchor.is-active").first().evaluate((el) => el.getBoundingClientRect().top),
      (top) => top > 0 && top < 900,
    );

    // Alice types before the sentence: the highlight still covers the same words, on both sides.
    await selectText(a, "We ran it twice.");
    await a.keyboard.press("ArrowLeft");
    await a.keyboard.type("Note: ");
    await eventually(() => highlighted(b, "p"), (s) => s.includes("Note: We ran it twice."));
    await eventually(() => highlighted(b), (s) => s === SENTENCE);
    await eventually(() => highlighted(a), (s) => s === SENTENCE);

    // Bob replies; Alice sees the reply live.
    const bThread = b.locator(`[data-testid="comment-thread"][data-thread-id="${threadId}"]`);
    await bThread.getByRole("button", { name: "Reply" }).click();
    const reply = bThread.getByTestId("reply-composer").getByRole("combobox");
    await reply.pressSequentially("Yes, I'll lower it.");
    await reply.press("Control+Enter");
    await aThread.getByText("Yes, I'll lower it.").waitFor();
    if (process.env.FOLIO_E2E_SHOTS) await b.screenshot({ path: `${process.env.FOLIO_E2E_SHOTS}/comments-bob.png` });

    // Bob, read-only, comments on a passage he selects, with Mod-Alt-M.
    await selectText(b, "A second paragraph.");
    await b.locator('.folio-selection-toolbar button[data-action="comment"]').waitFor();
    await b.keyboard.press("Control+Alt+KeyM");
    const bComposer = b.getByTestId("new-thread-composer").getByRole("combobox");
    await bComposer.pressSequentially("Needs a plot.");
    await bComposer.press("Control+Enter");
    await sidebar(a).getByText("Needs a plot.").waitFor();

    // Bob resolves the first thread; Alice, who still has it open, sees it resolved live, and its highlight go.
    await bThread.getByRole("button", { name: "Resolve" }).click();
    const aFirst = sidebar(a).locator(`[data-thread-id="${threadId}"]`);
    await expect(aFirst.getByTestId("comment-resolved").textContent()).resolves.toContain("Resolved by bob");
    await expect(aFirst.getByRole("button", { name: "Reopen" }).count()).resolves.toBe(1);
    await eventually(() => highlighted(a, ".comment-anchor"), (s) => s === "A second paragraph.");
    expect(await stillSameDocument(a)).toBe(true);

    // Clicking a highlighted passage activates its thread; the resolved one leaves the Open list.
    await editor(a).locator(".comment-anchor", { hasText: "A second paragraph." }).click();
    await sidebar(a).locator('[data-testid="comment-thread"].is-active', { hasText: "Needs a plot." }).waitFor();
    await eventually(() => aFirst.count(), (n) => n === 0);
    // The Resolved filter lists it, with the reply.
    await sidebar(a).getByRole("tab", { name: "Resolved" }).click();
    await expect(aFirst.getByText("Yes, I'll lower it.").count()).resolves.toBe(1);

    expect(errors).toEqual([]);
    expect(bobErrors).toEqual([]);
    await alice.close();
    await bobContext.close();
  });

  it("renders a comment body with HTML as text", async () => {
    const report = (await api(t, "POST", "/api/v1/reports", { project: "vision-lab/vision", title: "XSS", markdown: "Some text." })).body;
    const attack = "<img src=x onerror=alert(1)>";
    const alice = await newContext(browser, t);
    await signInAs(alice, t, t.user);
    const a = await alice.newPage();
    const dialogs = recordDialogs(a);
    await a.goto(`/reports/${report.id}`);
    await a.getByTestId("comments-toggle").click();
    await sidebar(a).getByTestId("comments-empty").waitFor();
    const box = sidebar(a).getByTestId("report-comment-composer").getByRole("combobox");
    await box.fill(attack);
    await box.press("Control+Enter");
    const body = sidebar(a).getByTestId("comment-body");
    // The body is rendered into its element after mount (Markdown → DOM): wait for it.
    await eventually(() => body.textContent(), (text) => text === attack);
    await expect(sidebar(a).locator("img").count()).resolves.toBe(0);
    // Arriving through the event stream renders the same way for someone else.
    const bobContext = await newContext(browser, t);
    await signInAs(bobContext, t, bob.user);
    const b = await bobContext.newPage();
    const bobDialogs = recordDialogs(b);
    await b.goto(`/reports/${report.id}`);
    await b.getByTestId("comments-toggle").click();
    await eventually(() => sidebar(b).getByTestId("comment-body").textContent(), (text) => text === attack);
    await expect(sidebar(b).locator("img").count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
    expect(bobDialogs).toEqual([]);
    await alice.close();
    await bobContext.close();
  });

  it("detaches a thread whose passage is deleted, and shows comments anonymously through an anonymous link", async () => {
    const report = (await api(t, "POST", "/api/v1/reports", { project: "vision-lab/vision", title: "Detach", markdown: "Keep this. Delete me. Keep that." })).body;
    const alice = await newContext(browser, t);
    await signInAs(alice, t, t.user);
    const a = await alice.newPage();
    const errors = recordPageErrors(a);
    await a.goto(`/reports/${report.id}`);
    await editor(a).getByText("Delete me.", { exact: false }).waitFor();
    await editable(a);
    await selectText(a, "Delete me.");
    await a.keyboard.press("Control+Alt+KeyM");
    const composer = a.getByTestId("new-thread-composer").getByRole("combobox");
    await composer.fill("Why?");
    // Escape cancels; Mod-Alt-M again brings the box back.
    await composer.press("Escape");
    await expect(a.getByTestId("comment-draft").count()).resolves.toBe(0);
    await selectText(a, "Delete me.");
    await a.keyboard.press("Control+Alt+KeyM");
    await composer.fill("Why?");
    await composer.press("Control+Enter");
    await eventually(() => highlighted(a), (s) => s === "Delete me.");
    const thread = sidebar(a).getByTestId("comment-thread");
    await expect(thread.getByTestId("comment-author").textContent()).resolves.toBe("alice");

    await selectText(a, "Delete me. ");
    await a.keyboard.press("Backspace");
    await thread.getByTestId("comment-detached").waitFor();
    await expect(thread.getByTestId("comment-quote").textContent()).resolves.toBe("Delete me.");
    await eventually(() => highlighted(a, ".comment-anchor"), (s) => s === "");

    // Alice edits her comment: Markdown with math, marked as edited.
    await thread.getByRole("button", { name: "Edit" }).click();
    const edit = thread.getByRole("combobox", { name: "Edit comment" });
    await edit.fill("Why? Compare $x^2$.");
    await edit.press("Control+Enter");
    await thread.locator(".comment-body .katex").waitFor();
    await thread.getByText("(edited)").waitFor();

    const link = (await api(t, "POST", `/api/v1/reports/${report.id}/share-links`, { anonymous: true })).body;
    const guest = await newContext(browser, t);
    const g = await guest.newPage();
    const guestErrors = recordPageErrors(g);
    const threadId = await thread.getAttribute("data-thread-id");
    await g.goto(`${link.url}?thread=${threadId}`);
    const gThread = sidebar(g).getByTestId("comment-thread");
    await gThread.waitFor();
    await expect(gThread.getByTestId("comment-author").textContent()).resolves.toBe("Anonymous");
    await expect(gThread.getByTestId("comment-body").textContent()).resolves.toContain("Why? Compare");
    // KaTeX loads with the first formula shown (its own chunk).
    await expect.poll(() => gThread.locator(".katex").count()).toBe(1);
    await expect(sidebar(g).getByRole("combobox").count()).resolves.toBe(0);
    await expect(gThread.getByRole("button", { name: "Resolve" }).count()).resolves.toBe(0);

    // Alice deletes it; the guest sees the tombstone live.
    a.once("dialog", (d) => void d.accept());
    await thread.getByRole("button", { name: "Delete" }).click();
    await gThread.getByText("This comment was deleted.").waitFor();
    expect(errors).toEqual([]);
    expect(guestErrors).toEqual([]);
    await alice.close();
    await guest.close();
  });
});

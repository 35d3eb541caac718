import { describe, expect, it } from "vitest";
import { bodyFromDraft, draftFromBody, mentionMarkdown, mentionQueryAt, mentions, splitMentions } from "./mentions";

describe("mentions", () => {
  it("splits a body into text and mentions", () => {
    expect(splitMentions("@[Bob](user:u1) can you check $x$?")).toEqual([{ mention: { name: "Bob", id: "u1" } }, { text: " can you check $x$?" }]);
    expect(splitMentions("no mentions")).toEqual([{ text: "no mentions" }]);
    expect(mentions("hi @[Bob](user:u1)", "u1")).toBe(true);
    expect(mentions("hi @[Bob](user:u1)", "u2")).toBe(false);
  });
  it("writes a mention whose name cannot break the syntax", () => {
    expect(mentionMarkdown({ id: "u1", name: "B]ob[" })).toBe("@[B ob ](user:u1)");
    expect(splitMentions(mentionMarkdown({ id: "u1", name: "B]ob[" }))).toEqual([{ mention: { name: "B ob ", id: "u1" } }]);
  });
  it("finds the @query at the caret", () => {
    expect(mentionQueryAt("hello @bo", 9)).toEqual({ start: 6, query: "bo" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("mail a@b", 8)).toBeNull();
    expect(mentionQueryAt("hello @bob there", 16)).toBeNull();
  });
  it("turns a box's @Name back into mentions, and a body into a box's text", () => {
    const bob = { id: "u1", name: "bob" };
    const bobby = { id: "u2", name: "bob by" };
    expect(bodyFromDraft("@bob can you check? cc @bob by", [bob, bobby])).toBe("@[bob](user:u1) can you check? cc @[bob by](user:u2)");
    expect(bodyFromDraft("@bobcat and a.b@bob", [bob])).toBe("@bobcat and a.b@[bob](user:u1)");
    expect(bodyFromDraft("@(x)", [{ id: "u3", name: "(x)" }])).toBe("@[(x)](user:u3)");
    expect(draftFromBody("@[bob](user:u1) hi")).toEqual({ text: "@bob hi", picked: [bob] });
  });
});

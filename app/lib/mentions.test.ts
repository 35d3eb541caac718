import { describe, expect, it } from "vitest";
import { mentionMarkdown, mentionQueryAt, mentions, splitMentions } from "./mentions";

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
});

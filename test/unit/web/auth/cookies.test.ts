import { describe, expect, it } from "@jest/globals";
import { cookieValues, serializeCookie } from "../../../../src/web/auth/cookies.js";

describe("cookieValues", () => {
  it.each<[string, string | undefined, string[]]>([
    ["no header", undefined, []],
    ["empty header", "", []],
    ["the only cookie", "csg_session=abc", ["abc"]],
    ["among others", "theme=dark; csg_session=abc; lang=en", ["abc"]],
    ["twice (two paths)", "csg_session=one; csg_session=two", ["one", "two"]],
    ["a name that only ends the same", "x_csg_session=abc", []],
    ["quoted", 'csg_session="abc"', ["abc"]],
    ["value with = signs", "csg_session=a=b=", ["a=b="]],
    ["empty value", "csg_session=", [""]],
    ["no equals sign", "csg_session", []],
  ])("%s", (_name, header, expected) => {
    expect(cookieValues(header, "csg_session")).toEqual(expected);
  });
});

describe("serializeCookie", () => {
  it.each([
    ["over http", { path: "/audit", maxAge: 28800, secure: false }, "csg_session=v; Path=/audit; Max-Age=28800; HttpOnly; SameSite=Lax"],
    ["over https", { path: "/audit", maxAge: 28800, secure: true }, "csg_session=v; Path=/audit; Max-Age=28800; HttpOnly; SameSite=Lax; Secure"],
    ["deleting", { path: "/audit", maxAge: 0, secure: false }, "csg_session=v; Path=/audit; Max-Age=0; HttpOnly; SameSite=Lax"],
    ["fractional and negative ages", { path: "/a", maxAge: -5.5, secure: false }, "csg_session=v; Path=/a; Max-Age=0; HttpOnly; SameSite=Lax"],
  ])("%s", (_name, attributes, expected) => {
    expect(serializeCookie("csg_session", "v", attributes)).toBe(expected);
  });
});

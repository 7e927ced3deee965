import { describe, it, expect } from "@jest/globals";
import { fakeCommitSha, gitBlobSha } from "../../simulator/git.js";

describe("gitBlobSha", () => {
  // Expected values are what `git hash-object --stdin` prints for the same bytes.
  it.each([
    ["", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"],
    ["hello\n", "ce013625030ba8dba906f756967f9e9ca394464a"],
    ["hello world", "95d09f2b10159347eece71399a7e2e907ea3df4f"],
  ])("hashes %j like git", (text, sha) => {
    expect(gitBlobSha(text)).toBe(sha);
  });

  it("counts bytes, not characters, in the header", () => {
    // "é" is one character but two UTF-8 bytes; hashing the character count would give another SHA.
    expect(gitBlobSha("é")).toBe("4b04fff51468d8ab5201ab02b725dc477bc7cb45");
  });
});

describe("fakeCommitSha", () => {
  it("is 40 hex digits, deterministic and distinct per n", () => {
    expect(fakeCommitSha(1)).toMatch(/^[0-9a-f]{40}$/);
    expect(fakeCommitSha(1)).toBe(fakeCommitSha(1));
    expect(fakeCommitSha(1)).not.toBe(fakeCommitSha(2));
  });
});

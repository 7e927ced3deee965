import { describe, expect, it } from "@jest/globals";
import { KeyedMutex } from "../../../src/store/keyed-mutex.js";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("KeyedMutex", () => {
  it("runs work for one key one at a time, in arrival order", async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    expect(await Promise.all([mutex.run("pr#1", job("a")), mutex.run("pr#1", job("b")), mutex.run("pr#1", job("c"))])).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
  });

  it("runs work for different keys alongside each other", async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([mutex.run("pr#1", job("a")), mutex.run("pr#2", job("b"))]);
    expect(log.slice(0, 2)).toEqual(["a start", "b start"]);
  });

  it("a failure is the failing caller's alone: the next one still runs", async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run("k", async () => {
      throw new Error("boom");
    });
    const next = mutex.run("k", async () => "ran");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ran");
  });

  it("forgets a key once its queue is empty", async () => {
    const mutex = new KeyedMutex();
    await mutex.run("k", async () => undefined);
    expect((mutex as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
  });
});

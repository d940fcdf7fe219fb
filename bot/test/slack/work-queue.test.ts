import { describe, expect, it } from "vitest";
import { createWorkQueue } from "../../slack/work-queue.ts";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("createWorkQueue", () => {
  it("runs at most `concurrency` tasks at once, starting them in arrival order", async () => {
    const queue = createWorkQueue(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        queue.run(async () => {
          started.push(i);
          most = Math.max(most, ++running);
          await tick();
          running--;
          return i * 10;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(queue.waiting).toBe(0);
  });

  it("starts a task on a later turn of the event loop, never synchronously; a failing task frees its slot", async () => {
    const queue = createWorkQueue(1);
    const order: string[] = [];
    const failed = queue.run(async () => {
      order.push("task 1");
      throw new Error("boom");
    });
    order.push("after run()");
    const second = queue.run(async () => void order.push("task 2"));
    await expect(failed).rejects.toThrow("boom");
    await second;
    expect(order).toEqual(["after run()", "task 1", "task 2"]);
  });

  it("rejects a concurrency that is not a positive integer", () => {
    expect(() => createWorkQueue(0)).toThrow("invalid concurrency: 0");
  });
});

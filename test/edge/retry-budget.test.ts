import { describe, expect, it } from "vitest";
import { RetryBudget } from "../../src/edge/retry-budget.ts";
import { backoffMs, compileRetryOn, isIdempotent, isRetriable } from "../../src/edge/retry-policy.ts";

describe("retry budget", () => {
  it("allows percent of requests plus the reserve within the window", () => {
    const b = new RetryBudget(20, 0);
    const t = 1_000_000;
    for (let i = 0; i < 100; i++) b.deposit(t);
    let allowed = 0;
    for (let i = 0; i < 100; i++) if (b.tryWithdraw(t)) allowed++;
    expect(allowed).toBe(20);
  });

  it("has a reserve of minPerSecond x 10 for quiet routes", () => {
    const b = new RetryBudget(0, 1);
    let allowed = 0;
    for (let i = 0; i < 50; i++) if (b.tryWithdraw(5_000)) allowed++;
    expect(allowed).toBe(10);
  });

  it("forgets requests and retries after the 10 s window", () => {
    const b = new RetryBudget(50, 0);
    for (let i = 0; i < 10; i++) b.deposit(0);
    let n = 0;
    while (b.tryWithdraw(500)) n++;
    expect(n).toBe(5);
    expect(b.tryWithdraw(11_000)).toBe(false); // deposits expired too
    for (let i = 0; i < 2; i++) b.deposit(11_000);
    expect(b.tryWithdraw(11_500)).toBe(true);
    expect(b.tryWithdraw(11_500)).toBe(false);
  });
});

describe("retry policy", () => {
  it("classifies outcomes", () => {
    const m = compileRetryOn(["connect-failure", "gateway-error", 429]);
    expect(isRetriable(m, "connect-failure", 0)).toBe(true);
    expect(isRetriable(m, "timeout", 0)).toBe(false);
    expect(isRetriable(m, "http5xx", 503)).toBe(true);
    expect(isRetriable(m, "http5xx", 500)).toBe(false);
    expect(isRetriable(m, "success", 429)).toBe(true);
    expect(isRetriable(m, "success", 200)).toBe(false);
    const all = compileRetryOn(["5xx", "timeout", "reset"]);
    expect(isRetriable(all, "http5xx", 500)).toBe(true);
    expect(isRetriable(all, "timeout", 0)).toBe(true);
    expect(isRetriable(all, "connect-failure", 0)).toBe(true);
  });

  it("treats only idempotent methods as retriable by default", () => {
    expect(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].every(isIdempotent)).toBe(true);
    expect(["POST", "PATCH", "CONNECT"].some(isIdempotent)).toBe(false);
  });

  it("backs off with full jitter under an exponential cap", () => {
    expect(backoffMs(1, 25, 250, () => 0.999)).toBe(24);
    expect(backoffMs(3, 25, 250, () => 0.999)).toBe(99);
    expect(backoffMs(10, 25, 250, () => 0.999)).toBe(249);
    expect(backoffMs(4, 25, 250, () => 0)).toBe(0);
  });
});

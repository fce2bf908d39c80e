import { describe, expect, it } from "vitest";
import { bodyForAttempt, prepareBody } from "../../../src/pipeline/upstream/body-buffer.ts";

function streamOf(chunks: number[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (i < chunks.length) c.enqueue(new Uint8Array(chunks[i]!).fill(i++ + 1));
      else c.close();
    },
  });
}

async function bytesOf(s: ReadableStream<Uint8Array> | Uint8Array | null): Promise<Uint8Array> {
  if (s === null) return new Uint8Array();
  if (s instanceof Uint8Array) return s;
  return new Uint8Array(await new Response(s).arrayBuffer());
}

describe("request body buffering", () => {
  it("buffers a body within the limit so it can be sent twice", async () => {
    const b = await prepareBody(streamOf([10, 20, 30]), 60);
    expect(b.kind).toBe("buffered");
    const one = await bytesOf(bodyForAttempt(b));
    const two = await bytesOf(bodyForAttempt(b));
    expect(one.length).toBe(60);
    expect(two).toEqual(one);
  });

  it("streams a larger body once, replaying the probed bytes first, without reading it all", async () => {
    let pulled = 0;
    const src = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled < 1000) c.enqueue(new Uint8Array(100).fill(pulled++ % 256));
        else c.close();
      },
    });
    const b = await prepareBody(src, 250);
    expect(b.kind).toBe("stream");
    expect(pulled).toBeLessThan(10); // stopped right after exceeding the limit
    const all = await bytesOf(bodyForAttempt(b));
    expect(all.length).toBe(100_000);
    for (let i = 0; i < 1000; i++) expect(all[i * 100]).toBe(i % 256);
  });

  it("handles no body and a zero limit", async () => {
    expect((await prepareBody(null, 10)).kind).toBe("none");
    expect((await prepareBody(streamOf([1]), 0)).kind).toBe("stream");
    const empty = await prepareBody(streamOf([]), 10);
    expect(empty.kind).toBe("buffered");
    expect((await bytesOf(bodyForAttempt(empty))).length).toBe(0);
  });
});

/**
 * A request body prepared for one or more attempts. A body that fits `limit` bytes is held in
 * memory and can be sent again; a larger one is streamed once (the bytes read while probing are
 * replayed first), so memory stays bounded by `limit` whatever the client sends.
 *
 * A body whose declared length (Content-Length) exceeds `limit` is not probed at all: the client's
 * own stream is passed on, so the runtime still knows its length and sends Content-Length (a probed
 * and replayed stream has no known length and would go out chunked, which some origins refuse).
 */
export type PreparedBody =
  | { readonly kind: "none" }
  | { readonly kind: "buffered"; readonly bytes: Uint8Array }
  | { readonly kind: "stream"; readonly stream: ReadableStream<Uint8Array> };

export async function prepareBody(
  body: ReadableStream<Uint8Array> | Uint8Array | null,
  limit: number,
  declaredLength?: number,
): Promise<PreparedBody> {
  if (body === null || body instanceof Uint8Array) return asIs(body);
  if (limit <= 0 || (declaredLength !== undefined && declaredLength > limit)) return { kind: "stream", stream: body };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { kind: "buffered", bytes: concat(chunks, size) };
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) return { kind: "stream", stream: replayThenRest(chunks, reader) };
  }
}

/** The body as it is, without reading it (no retry possible for a stream). */
export function asIs(body: ReadableStream<Uint8Array> | Uint8Array | null): PreparedBody {
  if (body === null) return { kind: "none" };
  return body instanceof Uint8Array ? { kind: "buffered", bytes: body } : { kind: "stream", stream: body };
}

/** Body to hand to one attempt: a fresh view for buffered bodies, the stream (single use) otherwise. */
export function bodyForAttempt(b: PreparedBody): Uint8Array | ReadableStream<Uint8Array> | null {
  if (b.kind === "none") return null;
  return b.kind === "buffered" ? b.bytes : b.stream;
}

/** The chunks as one array of `size` bytes (the only chunk itself when there is one). */
export function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

function replayThenRest(
  chunks: Uint8Array[],
  reader: ReadableStreamDefaultReader<Uint8Array>,
): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i < chunks.length) {
        controller.enqueue(chunks[i]!);
        chunks[i++] = EMPTY; // release the probe's memory as it is sent
        return;
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

const EMPTY = new Uint8Array(0);

/** The Content-Length a request declares, or undefined (absent, chunked, or not a plain number). */
export function declaredLength(headers: Headers | Readonly<Record<string, string>>): number | undefined {
  const v =
    headers instanceof Headers
      ? headers.get("content-length")
      : Object.hasOwn(headers, "content-length")
        ? (headers["content-length"] as string)
        : null;
  if (v === null || !/^\d{1,15}$/.test(v)) return undefined;
  return Number(v);
}

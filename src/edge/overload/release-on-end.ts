/**
 * `res` with `release` called once when its body has been read to the end, failed, or was
 * cancelled (the client went away, or a retry discarded it); at once for a body-less response.
 * A streaming response thus holds its origin's in-flight slot for as long as it streams.
 */
export function releaseOnEnd(res: Response, release: () => void): Response {
  const source = res.body;
  if (source === null || res.webSocket) {
    release();
    return res;
  }
  let done = false;
  const finish = () => {
    if (!done) {
      done = true;
      release();
    }
  };
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const r = await reader.read();
        if (r.done) {
          finish();
          controller.close();
        } else controller.enqueue(r.value);
      } catch (err) {
        finish();
        controller.error(err);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return new Response(body, res);
}

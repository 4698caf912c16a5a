// Reading a body stream with a cap, for the MSW handlers (request bodies) and the validating proxy
// (upstream answers): at most `cap` bytes are kept, and past it the stream is cancelled unread.

/** The bytes of `stream`, or undefined once they pass `cap`. */
export async function readCapped(stream: ReadableStream<Uint8Array>, cap: number): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      // Not awaited: a cancelled branch of a teed stream (MSW clones requests) settles only when
      // the other branch is cancelled too.
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

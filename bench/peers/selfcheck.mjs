// `node selfcheck.mjs`: start a loopback server, create every peer (which checks each one reaches it),
// time 200 calls at concurrency 1 and 200 at concurrency 32 per peer next to a hand-written fetch,
// then run cold.mjs once per peer. Checks too that every call is exactly one request.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startLoopback } from "./loopback.mjs";
import { baseline, createPeers, peerNames } from "./peers.mjs";

const CALLS = 200;
const WARMUP = 200;
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Per-call latencies (µs) of `calls` calls spread over `concurrency` workers, plus wall time per call. */
async function measure(server, peer, calls, concurrency) {
  const times = [];
  let started = 0;
  const before = server.count;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < calls) {
        started++;
        const t = performance.now();
        await peer.call();
        times.push((performance.now() - t) * 1000);
      }
    }),
  );
  const wallUs = ((performance.now() - t0) * 1000) / calls;
  if (server.count - before !== calls)
    throw new Error(`${peer.name}: ${server.count - before} requests for ${calls} calls`);
  return { medianUs: median(times), wallUs };
}

const server = await startLoopback();
const peers = [baseline(server.url), ...(await createPeers(server.url, { requestCount: () => server.count }))];
try {
  console.log(
    `loopback ${server.url}; node ${process.version}; ${CALLS} calls each, after ${WARMUP} warm-up calls at c=1 and at c=32\n`,
  );
  for (const peer of peers) {
    await peer.call();
    const { method, path, headers, bytes } = server.last;
    console.log(
      `${`${peer.name} ${peer.version}`.padEnd(22)} ${method} ${path} (${headers["content-type"]}, ${bytes} B)`,
    );
  }
  // Warm up at both concurrencies, so every client's connection pool is full before timing.
  for (const peer of peers) {
    await measure(server, peer, WARMUP, 1);
    await measure(server, peer, WARMUP, 32);
  }

  const rows = [];
  for (const peer of peers) {
    const c1 = await measure(server, peer, CALLS, 1);
    const c32 = await measure(server, peer, CALLS, 32);
    rows.push({ peer, c1, c32 });
  }
  const base = rows[0];
  const fmt = (n) => n.toFixed(0).padStart(8);
  const ratio = (n, b) => `${(n / b).toFixed(2)}x`.padStart(7);
  console.log(
    `\n${"peer".padEnd(8)} ${"c=1 p50 µs".padStart(11)} ${"vs fetch".padStart(8)} ${"c=32 p50 µs".padStart(12)} ${"vs fetch".padStart(8)} ${"c=32 wall µs/call".padStart(18)}`,
  );
  for (const { peer, c1, c32 } of rows) {
    console.log(
      `${peer.name.padEnd(8)} ${fmt(c1.medianUs)}    ${ratio(c1.medianUs, base.c1.medianUs)}     ${fmt(c32.medianUs)} ${ratio(c32.medianUs, base.c32.medianUs)}   ${fmt(c32.wallUs)}`,
    );
  }

  // Cold start: each in a fresh process against this server (idle while we wait, so it can answer).
  console.log("\ncold start (fresh process each):");
  const cold = fileURLToPath(new URL("./cold.mjs", import.meta.url));
  for (const name of ["fetch", ...peerNames]) {
    const before = server.count;
    const { stdout } = await promisify(execFile)(process.execPath, [cold, name, server.url]);
    if (server.count - before !== 1) throw new Error(`cold ${name}: ${server.count - before} requests, expected 1`);
    console.log(stdout.trim());
  }
} finally {
  await Promise.all(peers.map((peer) => peer.close?.()));
  await server.close();
}

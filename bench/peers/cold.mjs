// `node cold.mjs <name> <baseUrl>`: in this fresh process, time importing one peer SDK (or "fetch",
// the hand-written baseline, which imports nothing), creating its client and making its first
// request. Prints one JSON line; the server at baseUrl is the parent's.
import { baseline, peerNames, specs } from "./peers.mjs";

const t0 = performance.now(); // peers.mjs above imports no SDK, so the clock starts before any
const [name, baseUrl] = process.argv.slice(2);
if (!baseUrl || (name !== "fetch" && !specs[name])) {
  console.error(`usage: node cold.mjs <fetch|${peerNames.join("|")}> <baseUrl>`);
  process.exit(2);
}
const round = (ms) => Number(ms.toFixed(3));

const mod = name === "fetch" ? undefined : await specs[name].load();
const t1 = performance.now();
const peer = name === "fetch" ? baseline(baseUrl) : specs[name].create(mod, baseUrl);
const t2 = performance.now();
await peer.call();
const t3 = performance.now();
await peer.close?.();

console.log(
  JSON.stringify({
    name,
    importMs: round(t1 - t0),
    createMs: round(t2 - t1),
    firstRequestMs: round(t3 - t2),
    totalMs: round(t3 - t0),
  }),
);

// `npm run check:breaking [base] [head]`: fails when the spec breaks what its consumers rely on,
// compared with the last released spec (the newest openapi/released/openapi-<version>.json; head
// defaults to generated/openapi.json). Optic (`optic diff --check`, its breaking-changes rules) judges
// the change: a removed operation, response status or response property, a request property made
// required, a removed enum value, a changed type. Optic 1.0.9 lists a removed request media type as a
// change but not as a breaking one, and here the media type selects the action, so that rule is added
// below. Release procedure: docs/releasing.md.
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
type Json = Record<string, any>;

export interface BreakingCheck {
  /** No breaking change found. */
  ok: boolean;
  /** Optic's report, then the removed request media types, if any. */
  report: string;
}

/** The newest released spec in openapi/released/ (by the version in its name). */
export async function lastReleased(): Promise<string> {
  const versions = (await readdir(`${root}openapi/released`))
    .map((file) => /^openapi-(\d+)\.(\d+)\.(\d+)\.json$/.exec(file))
    .filter((match) => match !== null)
    .map((match) => match.slice(1, 4).map(Number))
    .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!);
  const newest = versions.at(-1);
  if (!newest) throw new Error("openapi/released/ holds no openapi-<version>.json");
  return `${root}openapi/released/openapi-${newest.join(".")}.json`;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Request media types of each operation (`METHOD path: type`). */
function requestMediaTypes(spec: Json): Set<string> {
  const found = new Set<string>();
  for (const [path, item] of Object.entries<Json>(spec.paths ?? {})) {
    for (const method of METHODS) {
      const body = item[method]?.requestBody;
      const content = body?.$ref ? undefined : body?.content;
      for (const type of Object.keys(content ?? {})) found.add(`${method.toUpperCase()} ${path}: ${type}`);
    }
  }
  return found;
}

/** Request media types that `base` accepts on an operation `head` still has, and `head` does not. */
export function removedRequestMediaTypes(base: Json, head: Json): string[] {
  const kept = requestMediaTypes(head);
  return [...requestMediaTypes(base)].filter((entry) => {
    const [operation] = entry.split(": ");
    const [method, path] = operation!.split(" ");
    // A removed operation is Optic's finding already.
    return head.paths?.[path!]?.[method!.toLowerCase()] && !kept.has(entry);
  });
}

/** Compares the spec files `base` and `head`. */
export async function checkBreaking(base: string, head: string): Promise<BreakingCheck> {
  // OPTIC_TELEMETRY_LEVEL=off: Optic sends no usage data or error reports (it reads this variable).
  const env = { ...process.env, OPTIC_TELEMETRY_LEVEL: "off", NO_COLOR: "1", FORCE_COLOR: "0" };
  const optic = await promisify(execFile)(`${root}node_modules/.bin/optic`, ["diff", base, head, "--check"], {
    cwd: root,
    env,
    maxBuffer: 64 << 20,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof error.code === "number" ? error.code : 1,
      output: `${error.stdout ?? ""}${error.stderr ?? String(error)}`,
    }),
  );
  const [baseSpec, headSpec] = await Promise.all(
    [base, head].map(async (file) => JSON.parse(await readFile(file, "utf8"))),
  );
  const removed = removedRequestMediaTypes(baseSpec, headSpec);
  const lines = removed.map((entry) => `x [request media type removed] ${entry}. This is a breaking change.`);
  return {
    ok: optic.code === 0 && removed.length === 0,
    report: [optic.output.trim(), ...lines].join("\n"),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const base = process.argv[2] ?? (await lastReleased());
  const head = process.argv[3] ?? `${root}generated/openapi.json`;
  const { ok, report } = await checkBreaking(base, head);
  console.log(report);
  if (!ok) {
    console.error(`\nBreaking change against ${base}: see above (docs/releasing.md says what to do).`);
    process.exit(1);
  }
  console.log(`\nno breaking change against ${base}`);
}

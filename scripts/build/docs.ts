// `npm run docs` (and the last step of `npm run build`): the HTML reference, dist/docs/index.html.
// One self-contained file (Redoc 3 and the spec inlined, --inlineBundle): the folder can be hosted
// as it is by any static server, or opened from disk. Options come from redocly.yaml (`openapi:`);
// the page is Redoc's own template plus the CSS in scripts/build/docs-template.hbs.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Writes dist/docs/index.html from generated/openapi.json. */
export async function buildDocs(): Promise<void> {
  await promisify(execFile)(
    `${root}node_modules/.bin/redocly`,
    [
      "build-docs",
      "generated/openapi.json",
      "--inlineBundle",
      "--template",
      "scripts/build/docs-template.hbs",
      "--output",
      "dist/docs/index.html",
    ],
    { cwd: root },
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildDocs();
  console.log("built dist/docs/index.html");
}

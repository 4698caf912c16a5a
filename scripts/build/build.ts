// `npm run build`: the package's dist/. The three main entries are single files built by esbuild
// (dist/index.js for fetch runtimes, dist/index.browser.js for browsers, dist/index.node.js for
// Node), with libphonenumber-js inlined so the first import reads one module instead of eighty;
// tsc writes the declarations and the testing entries, pingone-mfa/testing and pingone-mfa/msw
// (dist/src, dist/generated), and the bundled spec is copied beside them.
import { execFile } from "node:child_process";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type BuildOptions, build } from "esbuild";
import { buildDocs } from "./docs.ts";
import { phoneLibraryPlugin } from "./phone-library-plugin.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dist = `${root}dist`;
await Promise.all(
  [
    "src",
    "generated",
    "index.js",
    "index.js.map",
    "index.browser.js",
    "index.browser.js.map",
    "index.node.js",
    "index.node.js.map",
  ].map((p) => rm(`${dist}/${p}`, { recursive: true, force: true })),
);
await promisify(execFile)(`${root}node_modules/.bin/tsc`, ["-p", "tsconfig.build.json"], { cwd: root });
await mkdir(`${dist}/generated`, { recursive: true });
for (const file of ["openapi.json", "openapi.sdk.json", "openapi.yaml", "schema.d.ts"])
  await copyFile(`${root}generated/${file}`, `${dist}/generated/${file}`);

const phone = JSON.parse(await readFile(`${root}node_modules/libphonenumber-js/package.json`, "utf8"));
const shared: BuildOptions = {
  bundle: true,
  format: "esm",
  target: "es2022",
  sourcemap: true,
  // openapi-fetch stays a dependency: its types are part of `raw`, and it is one small module.
  external: ["openapi-fetch"],
  banner: { js: `// pingone-mfa. Includes libphonenumber-js ${phone.version} (MIT, see THIRD-PARTY-NOTICES.md).` },
  logLevel: "warning",
  plugins: [phoneLibraryPlugin],
};
await build({
  ...shared,
  entryPoints: [`${root}src/index.ts`],
  outfile: `${dist}/index.js`,
  platform: "neutral",
  mainFields: ["module", "main"],
});
await build({
  ...shared,
  entryPoints: [`${root}src/index.browser.ts`],
  outfile: `${dist}/index.browser.js`,
  platform: "browser",
});
await build({
  ...shared,
  entryPoints: [`${root}src/index.node.ts`],
  outfile: `${dist}/index.node.js`,
  platform: "node",
});
// The contract command is one file too, the client inlined; it sits where tsc would have put it, so
// the spec it reads is dist/generated/openapi.json. Prism is loaded from the user's install.
await build({
  ...shared,
  entryPoints: [`${root}src/contract/cli.ts`],
  outfile: `${dist}/src/contract/cli.js`,
  platform: "node",
  // A command, not a library: no map (it would be the largest file of the package).
  sourcemap: false,
  external: ["openapi-fetch", "@stoplight/*"],
});
const license = await readFile(`${root}node_modules/libphonenumber-js/LICENSE`, "utf8");
await writeFile(
  `${dist}/THIRD-PARTY-NOTICES.md`,
  `# Third-party code in dist/index.js, dist/index.browser.js, dist/index.node.js and dist/src/contract/cli.js\n\n## libphonenumber-js ${phone.version}\n\n${phone.homepage ?? ""}\n\n\`\`\`\n${license.trim()}\n\`\`\`\n`,
);
console.log(
  "built dist/index.js, dist/index.browser.js, dist/index.node.js, dist/src (declarations, testing and msw entries, contract command) and dist/generated",
);
// The HTML reference (dist/docs/index.html), shipped in the package: scripts/build/docs.ts.
await buildDocs();
console.log("built dist/docs/index.html");

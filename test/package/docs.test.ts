// The published docs: dist/docs/index.html as the packed tarball ships it, opened offline in
// headless Chromium (Debian's chromium, driven by playwright-core).
// Every operation renders; the search finds deviceAuthentications, and every action by its client
// method name (the names scripts/generate/method-names.ts writes into the descriptions); no code
// sample runs past its box at 1,280 px; a status code is never broken mid-word (issue 25). A
// screenshot is saved. Without chromium the test is reported as not run, with the reason.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { actions } from "../../generated/actions.ts";
import { operations } from "../support/spec.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `Browser test NOT RUN: no Chromium at ${CHROMIUM}. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
}
// Flags this machine's closed network needs (no background connections), plus root-safe headless.
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The operation (as the docs show it) that serves a client action. */
function operationOf(name: keyof typeof actions) {
  const action = actions[name];
  const found = operations().find(
    ({ path, method }) => path === action.path && method.toUpperCase() === action.httpMethod,
  );
  if (!found) throw new Error(`no operation for ${name}`);
  return found.op;
}

describe.skipIf(!available)("docs in a browser, offline", () => {
  let browser: Browser;
  let dir: string;
  let docs: string;
  const outside: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pingone-mfa-docs-"));
    await promisify(execFile)("tar", ["-xzf", inject("tarball"), "-C", dir]);
    // Shipped through "files", not "exports": an HTML file is no module (arethetypeswrong would
    // report its entry point as a failed resolution).
    const manifest = JSON.parse(await readFile(join(dir, "package/package.json"), "utf8"));
    expect(manifest.files).toContain("dist/docs/index.html");
    docs = join(dir, "package/dist/docs/index.html");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const open = async (width = 1280) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      outside.push(url);
      return route.abort();
    });
    await page.goto(`file://${docs}`);
    return page;
  };

  /** Opens an operation's page from the sidebar and waits for its heading. */
  const show = async (page: Page, op: Record<string, any>) => {
    // Opening an operation may fold the other group of the sidebar: unfold the operation's own.
    const entry = page.getByText(op.summary, { exact: true }).first();
    if (!(await entry.isVisible())) await page.getByText(op.tags[0]!, { exact: true }).first().click();
    await entry.click();
    await expect
      .poll(() => page.getByRole("heading", { name: op.summary }).count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
  };

  it("renders every operation of the spec", async () => {
    const page = await open();
    for (const { op } of operations()) await show(page, op);
    // Only icons and the logo come from a CDN; the docs themselves need no network.
    expect(outside.filter((url) => !/\/(icons|redoc\/logo)/.test(url))).toEqual([]);
    await page.close();
  });

  it("finds deviceAuthentications with the search, and saves a screenshot", async () => {
    const page = await open();
    await page.getByText("Search", { exact: false }).first().click();
    await page.keyboard.type("deviceAuthentications");
    await expect
      .poll(() => page.getByText("Start a device authentication").count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    const body = await page.locator("body").innerText();
    expect(body).toContain("/{environmentId}/deviceAuthentications");
    await page.screenshot({ path: `${root}dist/docs/screenshot.png` });
    expect(existsSync(`${root}dist/docs/screenshot.png`)).toBe(true);
    await page.close();
  });

  it("shows every operation's TypeScript sample (the typed client call) first, curl beside it", async () => {
    const page = await open();
    const missing: string[] = [];
    for (const { op, path, method } of operations()) {
      await show(page, op);
      const panel = await page.locator("body").innerText();
      const names = Object.entries(actions)
        .filter(([, a]) => a.path === path && a.httpMethod === method.toUpperCase())
        .map(([name]) => name);
      missing.push(
        ...names.filter((name) => !panel.includes(`await mfa.${name}(`)).map((name) => `${op.operationId}: ${name}`),
      );
    }
    expect(missing).toEqual([]);
    // The language menu (the samples' dropdown button, not the package name in the text) offers curl too.
    await page.getByRole("button", { name: "pingone-mfa", exact: true }).first().click();
    await expect.poll(() => page.getByText("curl", { exact: true }).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.close();
  });

  /** The search results for `query`: each result's link (`#/<tag>/<operationid>`). */
  const search = async (page: Page, query: string) => {
    await page.getByTestId("search-trigger").click();
    const input = page.getByTestId("search-dialog").locator("input");
    await input.fill(query);
    const items = page.getByTestId("search-dialog").locator('[data-component-name="Search/SearchItem"]');
    await expect.poll(() => items.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const links = await items.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    await page.keyboard.press("Escape");
    return links;
  };

  it("finds every action by its client method name: checkOtp, setOrder, and each resource.method", async () => {
    const page = await open();
    const link = (name: keyof typeof actions) =>
      expect.stringMatching(new RegExp(`/${operationOf(name).operationId.toLowerCase()}$`));
    // The bare names users know from the client (generated/methods.ts).
    expect(await search(page, "checkOtp")).toContainEqual(link("deviceAuthentications.checkOtp"));
    expect(await search(page, "setOrder")).toContainEqual(link("devices.setOrder"));
    // Every action, by its qualified name (bare `get` or `list` names several).
    const missing: string[] = [];
    for (const name of Object.keys(actions) as Array<keyof typeof actions>) {
      const found = await search(page, name);
      if (!found.some((href) => href.endsWith(`/${operationOf(name).operationId.toLowerCase()}`)))
        missing.push(`${name}: ${found.join(", ")}`);
    }
    expect(missing).toEqual([]);
    await page.close();
  });

  it("keeps every code sample inside its box at 1,280 px: within the window, nothing hidden sideways", async () => {
    const page = await open(1280);
    const overflowing: string[] = [];
    let samples = 0;
    for (const { op } of operations()) {
      await show(page, op);
      // Every rendered code block (the request samples and the answer examples): its box lies in
      // the window, and its content is no wider than the box (it wraps; nothing is cut or needs a
      // sideways scroll).
      const blocks = await page.locator("pre").evaluateAll((pres) =>
        pres
          .map((pre) => ({
            box: pre.getBoundingClientRect(),
            scroll: pre.scrollWidth,
            client: pre.clientWidth,
            text: pre.textContent ?? "",
          }))
          .filter(({ box }) => box.width > 0 && box.height > 0)
          .map(({ box, scroll, client, text }) => ({
            left: box.left,
            right: box.right,
            scroll,
            client,
            text: text.slice(0, 40),
            inner: innerWidth,
          })),
      );
      samples += blocks.length;
      for (const b of blocks) {
        if (b.left < 0 || b.right > b.inner || b.scroll > b.client)
          overflowing.push(`${op.operationId}: ${JSON.stringify(b)}`);
      }
    }
    expect(samples).toBeGreaterThanOrEqual(operations().length);
    expect(overflowing).toEqual([]);
    await page.close();
  });

  it.each([768, 1280])(
    "renders DEVICE_SELECTION_REQUIRED on one line at %i px (tables and text alike)",
    async (width) => {
      const page = await open(width);
      await show(page, operationOf("deviceAuthentications.selectDevice"));
      // Each visible occurrence, measured with a Range over the token: one line box, or it was broken.
      const found = await page.evaluate((token) => {
        const out: Array<{ lines: number; inTable: boolean; text: string }> = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? "";
          for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + token.length);
            const lines = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
            if (lines.length === 0) continue;
            out.push({
              lines: new Set(lines.map((r) => Math.round(r.top))).size,
              inTable: !!node.parentElement?.closest("td"),
              text,
            });
          }
        }
        return out;
      }, "DEVICE_SELECTION_REQUIRED");
      // The media-type table names it, so at least that one is measured.
      expect(found.filter((f) => f.inTable).length).toBeGreaterThan(0);
      expect(found.filter((f) => f.lines !== 1)).toEqual([]);
      await page.close();
    },
  );
});

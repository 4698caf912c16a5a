// The published docs: built with `npm run docs`, opened offline in headless Chromium (Debian's
// chromium, driven by playwright-core). Every operation renders, search finds deviceAuthentications,
// and a screenshot is saved. Without chromium the test is reported as not run, with the reason.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe.skipIf(!available)("docs in a browser, offline", () => {
  let browser: Browser;
  const outside: string[] = [];

  beforeAll(async () => {
    await promisify(execFile)("npm", ["run", "docs", "--silent"], { cwd: root });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(() => browser?.close());

  const open = async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      outside.push(url);
      return route.abort();
    });
    await page.goto(`file://${root}dist/docs/index.html`);
    return page;
  };

  /** Opens an operation's page from the sidebar and waits for its heading. */
  const show = async (page: Awaited<ReturnType<typeof open>>, op: Record<string, any>) => {
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
    // The language menu offers curl too.
    await page.getByText("pingone-mfa", { exact: true }).first().click();
    await expect.poll(() => page.getByText("curl", { exact: true }).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.close();
  });
});

// The README's tested code blocks: the ```ts block right after `<!-- tested: <test file> -->`.
import { readFileSync } from "node:fs";
import { expect } from "vitest";

const README = new URL("../../README.md", import.meta.url);

/** The code of the block the README marks as tested by `testFile` (a path from the repository root). */
export function readmeBlock(testFile: string): string {
  const readme = readFileSync(README, "utf8");
  const marker = `<!-- tested: ${testFile} -->`;
  const at = readme.indexOf(marker);
  expect(at, `the README has the block tested by ${testFile}`).toBeGreaterThan(0);
  const block = /^```ts\n([\s\S]*?)^```$/m.exec(readme.slice(at + marker.length));
  expect(block?.index, "the block follows the marker").toBe(1);
  return block![1]!;
}

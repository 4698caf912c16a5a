// One "FIGURE …" line per suite in the test output; `npm test` repeats them above its summary.
export function figure(line: string): void {
  console.log(`FIGURE ${line}`);
}

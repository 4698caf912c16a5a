#!/usr/bin/env node
// The `pingone-mfa` bin (and `npm run contract` in this repo): see command.ts.
import { main } from "./command.js";

process.exitCode = await main(process.argv.slice(2), process.env);

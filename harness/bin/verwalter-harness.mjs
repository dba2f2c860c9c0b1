#!/usr/bin/env node
// Runs verwalter schedulers inside QuickJS: replay, record, run. See --help.
import { main } from '../cli/main.mjs';

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });

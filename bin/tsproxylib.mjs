#!/usr/bin/env node
// The installed `tsproxylib` command: the CLI is TypeScript, so register tsx's loader first, then run it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// Launcher for `npx liftoff`: the commands are TypeScript, loaded through tsx without a build step.
import { tsImport } from 'tsx/esm/api';

const { runCli, defaultContext } = await tsImport('./main.ts', import.meta.url);
process.exitCode = await runCli(process.argv.slice(2), defaultContext());

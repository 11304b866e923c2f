import { runGenerateCli } from './generate-clusters-command.js';

process.exitCode = await runGenerateCli(process.argv.slice(2), process.env, process.stdout, process.stderr);

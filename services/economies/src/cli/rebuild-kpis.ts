import { runRebuildCli } from './rebuild-kpis-command.js';

process.exitCode = await runRebuildCli(process.argv.slice(2), process.env, process.stdout, process.stderr);

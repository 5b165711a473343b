#!/usr/bin/env node
import { Builtins, Cli } from 'clipanion';
import type { CliContext } from '../adapters/cli/cli-context.js';
import { CLI_COMMANDS } from '../adapters/cli/cli-commands.js';
import { ServerCommand } from '../adapters/cli/commands/server.command.js';
import { VersionCommand } from '../adapters/cli/commands/version.command.js';
import { WorkerCommand } from '../adapters/cli/commands/worker.command.js';
import { WhatsNextCli } from '../adapters/cli/whatsnext-cli.js';
import { launcher } from './launcher.js';
import { VERSION } from './version.js';

const cli = new WhatsNextCli({ binaryLabel: 'WhatsNext', binaryName: 'whatsnext', binaryVersion: VERSION });
cli.register(Builtins.HelpCommand);
cli.register(VersionCommand);
cli.register(ServerCommand);
cli.register(WorkerCommand);
for (const command of CLI_COMMANDS) cli.register(command);

const context: CliContext = { ...Cli.defaultContext, env: process.env, launcher: launcher(process.env) };
process.exitCode = await cli.runAndReport(process.argv.slice(2), context);

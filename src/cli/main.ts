import { Command, CommanderError, Option } from 'commander';
import { ConfigError, RegistryError, SkywatchError } from '../core/errors.js';
import { skywatchVersion } from '../core/version.js';
import { commands } from '../generated/commands.js';
import { type CliContext, type GlobalOptions, createContext } from './context.js';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

/** Builds the program; commands come from the generated list, in name order. */
export function buildProgram(opts: RunOptions, holder: { ctx?: CliContext }): Command {
  const err = opts.err ?? ((t: string) => process.stderr.write(t));
  const program = new Command('skywatch')
    .description('Agentless cloud security: discover, detect, put in context, respond.')
    .version(skywatchVersion(), '-V, --version')
    .addOption(new Option('--home <dir>', 'data and config directory (default $SKYWATCH_HOME or ~/.skywatch)'))
    .addOption(new Option('--config <file>', 'config file (default <home>/skywatch.yaml)'))
    .addOption(new Option('--log-level <level>', 'log level').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']))
    .addOption(new Option('--log-format <format>', 'log format on stderr').choices(['json', 'pretty']))
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (t) => (opts.out ?? ((s: string) => process.stdout.write(s)))(t), writeErr: err })
    .exitOverride();
  const getCtx = () => {
    holder.ctx ??= createContext(program.opts<GlobalOptions>(), opts.env ?? process.env, opts.out);
    return holder.ctx;
  };
  for (const c of [...commands].sort((a, b) => a.name.localeCompare(b.name))) c.register(program, getCtx);
  // Subcommands inherit strictness: unknown options and excess arguments are errors everywhere.
  const strict = (cmd: Command) => {
    cmd.exitOverride().allowExcessArguments(false).showHelpAfterError('(run with --help for usage)');
    for (const sub of cmd.commands) strict(sub);
  };
  strict(program);
  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 usage or configuration error. */
export async function runCli(argv: readonly string[], opts: RunOptions = {}): Promise<number> {
  const err = opts.err ?? ((t: string) => process.stderr.write(t));
  const holder: { ctx?: CliContext } = {};
  const program = buildProgram(opts, holder);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof ConfigError || e instanceof RegistryError) {
      err(`skywatch: ${e.message}\n`);
      return 2;
    }
    if (e instanceof SkywatchError) {
      err(`skywatch: ${e.message}\n`);
      return 1;
    }
    err(`skywatch: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  } finally {
    await holder.ctx?.close().catch(() => {});
  }
}

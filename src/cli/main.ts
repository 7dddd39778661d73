import { Command, CommanderError, Option } from 'commander';
import { ConfigError, RegistryError, SkywatchError } from '../core/errors.js';
import { skywatchVersion } from '../core/version.js';
import { commandModules } from '../generated/commands.js';
import type { CommandModule } from './command.js';
import { type CliContext, type GlobalOptions, createContext } from './context.js';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

/** The program's global options (made anew per program: commander keeps parsed state on them). */
function globalOptions(): Option[] {
  return [
    new Option('--home <dir>', 'data and config directory (default $SKYWATCH_HOME or ~/.skywatch)'),
    new Option('--config <file>', 'config file (default <home>/skywatch.yaml)'),
    new Option('--log-level <level>', 'log level').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']),
    new Option('--log-format <format>', 'log format on stderr').choices(['json', 'pretty']),
  ];
}

/**
 * The command modules a run needs: those registering the first command word of `argv`, or all of
 * them (help, version, no command, a word no module knows — so commander can list or suggest).
 * Importing a command imports its engines and SDK clients: ~0.5 CPU-seconds for one, ~4 for all.
 */
export async function commandsFor(argv: readonly string[]): Promise<CommandModule[]> {
  // A global option that takes a value: the word after it is that value, not a command.
  const valueOptions = new Set(globalOptions().flatMap((o) => ((o.required || o.optional) && o.long ? [o.long] : [])));
  let word: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (valueOptions.has(a)) i++;
    else if (!a.startsWith('-')) {
      word = a;
      break;
    }
  }
  const wanted = commandModules.filter((m) => word !== undefined && m.words.includes(word));
  const load = wanted.length ? wanted : commandModules;
  return (await Promise.all(load.map((m) => m.load()))).map((m) => m.default);
}

/** Builds the program from command modules (all of them by default), in name order. */
export async function buildProgram(opts: RunOptions, holder: { ctx?: CliContext }, commands?: readonly CommandModule[]): Promise<Command> {
  const err = opts.err ?? ((t: string) => process.stderr.write(t));
  const program = new Command('skywatch')
    .description('Agentless cloud security: discover, detect, put in context, respond.')
    .version(skywatchVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (t) => (opts.out ?? ((s: string) => process.stdout.write(s)))(t), writeErr: err })
    .exitOverride();
  for (const o of globalOptions()) program.addOption(o);
  const getCtx = () => {
    holder.ctx ??= createContext(program.opts<GlobalOptions>(), opts.env ?? process.env, opts.out);
    return holder.ctx;
  };
  for (const c of [...(commands ?? (await commandsFor([])))].sort((a, b) => a.name.localeCompare(b.name))) c.register(program, getCtx);
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
  const program = await buildProgram(opts, holder, await commandsFor(argv));
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

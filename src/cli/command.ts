import type { Command } from 'commander';
import type { CliContext } from './context.js';

/**
 * A CLI command file (`src/cli/commands/<name>.command.ts`) default-exports one of these; `npm run gen`
 * lists them, so adding a command is adding a file.
 */
export interface CommandModule {
  /** Top-level command name, for ordering and duplicate detection. */
  name: string;
  register(program: Command, ctx: () => CliContext): void;
}

export function defineCommand(m: CommandModule): CommandModule {
  return m;
}

/**
 * The command line of every tool under scripts/ and bin/token.ts: options parsed by Node's
 * `util.parseArgs` (strict), one help text built from the same declaration, and one behaviour:
 *
 * - `--help` / `-h`: the help on stdout, exit 0;
 * - an unknown option, a missing or extra argument, a bad value: `error: <what>` and the help on
 *   stderr, exit 2 (`usageError` gives a tool's own checks the same answer).
 *
 * @example
 * const { values, positionals } = parseCommand({
 *   command: 'npm run redrive --',
 *   summary: 'Moves the messages of a DLQ back to its queue.',
 *   arguments: [{ name: 'queue', description: 'webhook or notification' }],
 *   options: { max: { type: 'string', placeholder: 'N', description: 'Move at most N.' } },
 *   examples: ['npm run redrive -- notification --dry-run'],
 * });
 */
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** What the help shows after the flag: `--max N`. @default 'VALUE' for strings */
  placeholder?: string;
  description: string;
  default?: string;
}

export interface ArgumentSpec {
  name: string;
  description: string;
  /** @default true */
  required?: boolean;
}

export interface CommandSpec<O extends Record<string, OptionSpec>> {
  /** How a user types it, up to the arguments: `npm run redrive --`. */
  command: string;
  summary: string;
  arguments?: readonly ArgumentSpec[];
  options: O;
  examples: readonly string[];
  /** Environment variables the tool reads, with what each is for. */
  environment?: readonly { name: string; description: string }[];
  /** A closing paragraph (where the runbook is, what is printed where). */
  notes?: string;
}

export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]: O[K]['type'] extends 'boolean' ? boolean | undefined : string | undefined;
};

export interface ParsedCommand<O extends Record<string, OptionSpec>> {
  values: OptionValues<O>;
  positionals: string[];
  /** Prints `error: message` and the help on stderr and exits 2. */
  usageError(message: string): never;
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help.' };

function flag(name: string, option: OptionSpec): string {
  const long = `--${name}${option.type === 'string' ? ` ${option.placeholder ?? 'VALUE'}` : ''}`;
  return option.short ? `-${option.short}, ${long}` : `    ${long}`;
}

/** Aligned two-column rows: `  left   description`. */
function rows(entries: [string, string][]): string[] {
  const width = Math.max(...entries.map(([left]) => left.length));
  return entries.map(([left, text]) => `  ${left.padEnd(width)}   ${text}`);
}

/** The help text of a command, as `--help` prints it. */
export function helpText<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>): string {
  const args = (spec.arguments ?? []).map((a) =>
    a.required === false ? `[${a.name}]` : `<${a.name}>`,
  );
  const options = { ...spec.options, help: HELP } as Record<string, OptionSpec>;
  const lines = [`Usage: ${[spec.command, ...args, '[options]'].join(' ')}`, '', spec.summary];
  if (spec.arguments?.length) {
    lines.push(
      '',
      'Arguments:',
      ...rows(spec.arguments.map((a) => [a.name, a.description] as [string, string])),
    );
  }
  lines.push(
    '',
    'Options:',
    ...rows(
      Object.entries(options).map(([name, option]) => [
        flag(name, option),
        option.default === undefined
          ? option.description
          : `${option.description} (default: ${option.default})`,
      ]),
    ),
  );
  if (spec.environment?.length) {
    lines.push(
      '',
      'Environment:',
      ...rows(spec.environment.map((e) => [e.name, e.description] as [string, string])),
    );
  }
  lines.push('', 'Examples:', ...spec.examples.map((example) => `  ${example}`));
  if (spec.notes) lines.push('', spec.notes);
  return `${lines.join('\n')}\n`;
}

/**
 * Parses `argv` (default: this process's arguments) against `spec`. Returns only when the
 * command line is valid; `--help` and usage errors end the process here.
 */
export function parseCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: readonly string[] = process.argv.slice(2),
): ParsedCommand<O> {
  const usageError = (message: string): never => {
    process.stderr.write(`error: ${message}\n\n${helpText(spec)}`);
    process.exit(2);
  };
  const options = Object.fromEntries(
    Object.entries({ ...spec.options, help: HELP }).map(([name, option]) => [
      name,
      {
        type: option.type,
        ...(option.short ? { short: option.short } : {}),
        ...(option.default !== undefined && option.type === 'string'
          ? { default: option.default }
          : {}),
      },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's own text suggests `-- "--x"`, which npm would swallow: name the option only.
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message)?.[1];
    return usageError(unknown ? `unknown option '${unknown}'` : (error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(helpText(spec));
    process.exit(0);
  }
  const declared = spec.arguments ?? [];
  const required = declared.filter((a) => a.required !== false).length;
  if (parsed.positionals.length < required) {
    usageError(`missing <${declared[parsed.positionals.length]?.name}>`);
  }
  if (parsed.positionals.length > declared.length) {
    usageError(`unexpected argument '${parsed.positionals[declared.length]}'`);
  }
  const { help: _help, ...values } = parsed.values;
  return { values: values as OptionValues<O>, positionals: parsed.positionals, usageError };
}

/**
 * Runs a tool's `main` when the file is the process's entry point (not when a test imports it):
 * an error ends it with its message on stderr and exit code 1.
 */
export function runMain(meta: ImportMeta, main: () => Promise<void>): void {
  if (meta.filename !== process.argv[1]) return;
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

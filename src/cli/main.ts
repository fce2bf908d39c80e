/**
 * `edge-router <command>`: validate, explain, diff, what-if, push, pull, versions, rollback.
 * Run through bin/edge-router.mjs (npx edge-router), or `node src/cli/main.ts` on Node >= 22.18.
 */
import { parseArgs } from "node:util";
import { pull, push, rollback, versions } from "./commands/control.ts";
import { diff } from "./commands/diff.ts";
import { explain } from "./commands/explain.ts";
import { validate } from "./commands/validate.ts";
import { whatIfCommand } from "./commands/what-if.ts";
import { COMMON, type Command } from "./lib/command.ts";
import { c, EXIT, UsageError } from "./lib/output.ts";
import { CliExit } from "./lib/read.ts";

const COMMANDS: Command[] = [validate, explain, diff, whatIfCommand, push, pull, versions, rollback];

const HELP = `edge-router <command> [options]   (--help after a command for its options)

${COMMANDS.map((cmd) => `  ${cmd.name.padEnd(10)} ${cmd.summary}`).join("\n")}

Every command takes --json (machine-readable output) and --help. Output is coloured on a terminal
unless NO_COLOR is set. Exit codes: 0 ok, 1 invalid document (or changes with --exit-code),
2 usage error, 3 file or network I/O error, 4 refused by the target.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(HELP);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const cmd = COMMANDS.find((x) => x.name === name);
  if (cmd === undefined) {
    console.error(`unknown command "${name}"\n\n${HELP}`);
    return EXIT.USAGE;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...COMMON, ...cmd.options },
      allowPositionals: true,
    });
    if (values.help) {
      console.log(cmd.usage);
      return EXIT.OK;
    }
    const [min, max] = cmd.positionals;
    if (positionals.length < min || positionals.length > max)
      throw new UsageError(
        `expected ${min === max ? min : `${min} to ${max === Number.POSITIVE_INFINITY ? "any number of" : max}`} argument(s), got ${positionals.length}`,
      );
    return await cmd.run(values, positionals);
  } catch (e) {
    if (e instanceof CliExit) {
      console.error(e.message);
      return e.code;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`${c.red("usage")}: ${(e as Error).message}\n\n${cmd.usage}`);
      return EXIT.USAGE;
    }
    throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}

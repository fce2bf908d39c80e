/** Terminal output: colour on a TTY unless NO_COLOR is set (https://no-color.org) or FORCE_COLOR asks for it. */
const enabled = (): boolean =>
  process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0"
    ? true
    : process.env.NO_COLOR === undefined && process.stdout.isTTY === true;

const wrap = (open: number, close: number) => (s: string) => (enabled() ? `\x1b[${open}m${s}\x1b[${close}m` : s);

export const c = {
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  blue: wrap(34, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};

export function printJson(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
}

/** Exit codes (docs/admin-and-cli.md, "Exit codes"). */
export const EXIT = {
  OK: 0,
  /** The document is invalid, or (what-if/diff with --exit-code) there are changes. */
  INVALID: 1,
  USAGE: 2,
  /** A file could not be read, or the target could not be reached. */
  IO: 3,
  /** The target answered with an error (HTTP 4xx/5xx, wrangler failed). */
  REFUSED: 4,
} as const;

/** A usage error: message plus the command's help on stderr. */
export class UsageError extends Error {}

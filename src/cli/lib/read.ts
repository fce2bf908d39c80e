import { readFileSync } from "node:fs";
import type { EdgeConfig } from "../../schema/index.ts";
import { type Checked, checkDocumentText } from "./check-document.ts";
import { c, EXIT } from "./output.ts";

/** Thrown with the exit code when a command cannot go on; main prints the message. */
export class CliExit extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

export function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new CliExit(EXIT.IO, `${file}: cannot read: ${(e as Error).message}`);
  }
}

export function formatProblems(file: string, checked: Extract<Checked, { ok: false }>): string {
  const n = checked.problems.length;
  const lines = checked.problems.map(
    (p) =>
      `  ${c.dim(`${file}:${p.line}:${p.column}`)} ${c.bold(p.path)}: ${p.message}${p.hint ? ` ${c.yellow(`(${p.hint})`)}` : ""}`,
  );
  return `${c.red(`${file}: invalid`)} (${n} problem${n === 1 ? "" : "s"})\n${lines.join("\n")}`;
}

/** A file that must hold a valid document (explain, diff, what-if, push): else its problems and exit 1. */
export function loadDocument(file: string): { config: EdgeConfig; value: unknown; text: string } {
  const text = readText(file);
  const checked = checkDocumentText(text);
  if (!checked.ok) throw new CliExit(EXIT.INVALID, formatProblems(file, checked));
  return { config: checked.config, value: checked.value, text };
}

import { writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { type Command, TARGET_HELP, TARGET_OPTIONS } from "../lib/command.ts";
import { c, EXIT, printJson } from "../lib/output.ts";
import { CliExit, loadDocument } from "../lib/read.ts";
import { targetOf } from "../lib/target.ts";

function author(values: Record<string, unknown>): string {
  if (typeof values.author === "string") return values.author;
  try {
    return process.env.EDGE_AUTHOR ?? userInfo().username;
  } catch {
    return "cli";
  }
}

export const push: Command = {
  name: "push",
  summary: "validate a document, then store it as a new version and make it active",
  usage: `edge-router push FILE [--local | --remote URL | --wrangler ...] [--author NAME] [--comment TEXT] [--json]

Validates FILE (nothing is sent when it is invalid), then stores it as a new version with author,
comment, time and hash, and makes it active. The worker picks it up within ROUTES_REFRESH_SECONDS.

${TARGET_HELP}

Exit codes: 0 stored, 1 invalid document, 2 usage, 3 unreadable file or unreachable target, 4 refused by the target.`,
  options: { ...TARGET_OPTIONS, author: { type: "string" }, comment: { type: "string", short: "m" } },
  positionals: [1, 1],
  async run(values, [file]) {
    const doc = loadDocument(file!);
    const target = targetOf(values);
    const r = await target.push(new TextEncoder().encode(doc.text), {
      author: author(values),
      comment: typeof values.comment === "string" ? values.comment : "",
    });
    if (values.json) printJson({ target: target.name, ...r });
    else
      console.log(
        r.changed
          ? `${c.green("pushed")} version "${r.version}" as ${c.bold(r.id ?? "?")} to ${target.name}`
          : `unchanged: ${target.name} already serves these exact bytes (version "${r.version}")`,
      );
    return EXIT.OK;
  },
};

export const pull: Command = {
  name: "pull",
  summary: "print (or write) the active document or a stored version",
  usage: `edge-router pull [VERSION] [-o FILE] [--local | --remote URL | --wrangler ...]

Without VERSION: the active document, byte for byte. With VERSION (an id from \`versions\`): that version.

${TARGET_HELP}

Exit codes: 0 ok, 2 usage, 3 unreachable target or unwritable file, 4 refused (e.g. unknown version).`,
  options: { ...TARGET_OPTIONS, output: { type: "string", short: "o" } },
  positionals: [0, 1],
  async run(values, [id]) {
    const text = await targetOf(values).pull(id);
    if (typeof values.output !== "string") process.stdout.write(text);
    else {
      try {
        writeFileSync(values.output, text);
      } catch (e) {
        throw new CliExit(EXIT.IO, `${values.output}: cannot write: ${(e as Error).message}`);
      }
      console.error(`wrote ${values.output}`);
    }
    return EXIT.OK;
  },
};

export const versions: Command = {
  name: "versions",
  summary: "list stored versions, newest first, with the active one and any rollout",
  usage: `edge-router versions [--local | --remote URL | --wrangler ...] [--json]

${TARGET_HELP}`,
  options: { ...TARGET_OPTIONS },
  positionals: [0, 0],
  async run(values) {
    const l = await targetOf(values).versions();
    if (values.json) {
      printJson(l);
      return EXIT.OK;
    }
    if (l.candidate)
      console.log(
        c.yellow(
          `rollout: ${l.candidate.id} to ${Math.round(l.candidate.fraction * 1000) / 10}% since ${l.candidate.startedAt}`,
        ),
      );
    for (const v of l.versions) {
      const mark = v.active ? c.green("* ") : "  ";
      const who = [v.author, v.comment].filter(Boolean).join(": ");
      console.log(`${mark}${c.bold(v.id)}  ${v.createdAt}  ${JSON.stringify(v.version)}  ${c.dim(who)}`);
    }
    if (l.versions.length === 0) console.log("no versions stored yet");
    return EXIT.OK;
  },
};

export const rollback: Command = {
  name: "rollback",
  summary: "make a stored version active again (ends any rollout)",
  usage: `edge-router rollback VERSION [--local | --remote URL | --wrangler ...] [--json]

Points the active key at VERSION (an id from \`versions\`); the worker follows within ROUTES_REFRESH_SECONDS.

${TARGET_HELP}

Exit codes: 0 ok, 2 usage, 3 unreachable target, 4 refused (e.g. unknown version).`,
  options: { ...TARGET_OPTIONS },
  positionals: [1, 1],
  async run(values, [id]) {
    const r = await targetOf(values).activate(id!);
    if (values.json) printJson(r);
    else console.log(`${c.green("active")}: ${r.active}${r.version ? ` (version "${r.version}")` : ""}`);
    return EXIT.OK;
  },
};

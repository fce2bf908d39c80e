/**
 * URI templates in Envoy's style: each path segment is a literal, `*` (one non-empty segment),
 * `**` (the rest: zero or more segments, last only), `{name}` / `{name=*}` (one non-empty segment,
 * captured) or `{name=**}` (the rest, captured, last only). `/files/{rest=**}` matches `/files`,
 * `/files/` and `/files/a/b` with rest = "", "" and "a/b".
 */

export type TemplateSegment =
  | { kind: "literal"; text: string }
  | { kind: "one"; name: string | null }
  | { kind: "rest"; name: string | null };

export class TemplateError extends Error {
  readonly code = "ERR_URI_TEMPLATE";
}

const isNameChar = (c: number, first: boolean) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (!first && c >= 48 && c <= 57);

/** `{name}`, `{name=*}` or `{name=**}` without regexes (this runs per template segment at load); a string is the problem. */
function variable(part: string): { name: string; rest: boolean } | string {
  const close = part.length - 1;
  const eq = part.indexOf("=");
  const nameEnd = eq === -1 ? close : eq;
  const shape = `segment "${part}" must be a whole {name}, {name=*} or {name=**}`;
  if (part.charCodeAt(close) !== 125 /* } */ || part.indexOf("}") !== close) return shape;
  const tail = eq === -1 ? "" : part.slice(eq + 1, close);
  if (eq !== -1 && tail !== "*" && tail !== "**") return shape;
  const name = part.slice(1, nameEnd);
  let ok = name.length > 0;
  for (let i = 0; ok && i < name.length; i++) ok = isNameChar(name.charCodeAt(i), i === 0);
  if (!ok) return `variable name "${name}" must be letters, digits or _ and not start with a digit`;
  return { name, rest: tail === "**" };
}

/** Parses `/users/{id}` into segments; throws TemplateError explaining the first problem. */
export function parseTemplate(template: string): TemplateSegment[] {
  if (!template.startsWith("/")) throw new TemplateError("must start with '/'");
  // Runs for every template route at load (twice: validation and compile), so it avoids
  // split() and regexes for the common all-literal segments.
  const out: TemplateSegment[] = [];
  let names: string[] | null = null;
  let start = 1;
  for (;;) {
    const slash = template.indexOf("/", start);
    const end = slash === -1 ? template.length : slash;
    const part = template.slice(start, end);
    const last = slash === -1;
    let seg: TemplateSegment;
    if (part.indexOf("{") === -1 && part.indexOf("}") === -1 && part.indexOf("*") === -1)
      seg = { kind: "literal", text: part };
    else if (part === "*") seg = { kind: "one", name: null };
    else if (part === "**") seg = { kind: "rest", name: null };
    else if (part.startsWith("{")) {
      const v = variable(part);
      if (typeof v === "string") throw new TemplateError(v);
      names ??= [];
      if (names.includes(v.name)) throw new TemplateError(`variable "${v.name}" is used twice`);
      names.push(v.name);
      seg = v.rest ? { kind: "rest", name: v.name } : { kind: "one", name: v.name };
    } else throw new TemplateError(`segment "${part}" mixes literal text with '{', '}' or '*'`);
    if (seg.kind === "rest" && !last) throw new TemplateError("'**' may only be the last segment");
    out.push(seg);
    if (last) return out;
    start = slash + 1;
  }
}

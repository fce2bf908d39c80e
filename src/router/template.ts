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

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses `/users/{id}` into segments; throws TemplateError explaining the first problem. */
export function parseTemplate(template: string): TemplateSegment[] {
  if (!template.startsWith("/")) throw new TemplateError("must start with '/'");
  // Runs for every template route at load (twice: validation and compile), so it avoids
  // split() and regexes for the common all-literal segments.
  const out: TemplateSegment[] = [];
  let names: Set<string> | null = null;
  let start = 1;
  for (;;) {
    const slash = template.indexOf("/", start);
    const end = slash === -1 ? template.length : slash;
    const part = template.slice(start, end);
    const last = slash === -1;
    let seg: TemplateSegment;
    if (part.indexOf("{") === -1 && part.indexOf("}") === -1 && part.indexOf("*") === -1) seg = { kind: "literal", text: part };
    else if (part === "*") seg = { kind: "one", name: null };
    else if (part === "**") seg = { kind: "rest", name: null };
    else if (part.startsWith("{")) {
      const m = /^\{([^}=]*)(?:=(\*\*?))?\}$/.exec(part);
      if (!m) throw new TemplateError(`segment "${part}" must be a whole {name}, {name=*} or {name=**}`);
      const name = m[1]!;
      if (!NAME.test(name)) throw new TemplateError(`variable name "${name}" must be letters, digits or _ and not start with a digit`);
      names ??= new Set();
      if (names.has(name)) throw new TemplateError(`variable "${name}" is used twice`);
      names.add(name);
      seg = m[2] === "**" ? { kind: "rest", name } : { kind: "one", name };
    } else throw new TemplateError(`segment "${part}" mixes literal text with '{', '}' or '*'`);
    if (seg.kind === "rest" && !last) throw new TemplateError("'**' may only be the last segment");
    out.push(seg);
    if (last) return out;
    start = slash + 1;
  }
}

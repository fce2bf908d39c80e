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
  const parts = template.slice(1).split("/");
  const names = new Set<string>();
  const out: TemplateSegment[] = [];
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    let seg: TemplateSegment;
    if (part === "*") seg = { kind: "one", name: null };
    else if (part === "**") seg = { kind: "rest", name: null };
    else if (part.startsWith("{")) {
      const m = /^\{([^}=]*)(?:=(\*\*?))?\}$/.exec(part);
      if (!m) throw new TemplateError(`segment "${part}" must be a whole {name}, {name=*} or {name=**}`);
      const name = m[1]!;
      if (!NAME.test(name)) throw new TemplateError(`variable name "${name}" must be letters, digits or _ and not start with a digit`);
      if (names.has(name)) throw new TemplateError(`variable "${name}" is used twice`);
      names.add(name);
      seg = m[2] === "**" ? { kind: "rest", name } : { kind: "one", name };
    } else {
      if (/[{}*]/.test(part)) throw new TemplateError(`segment "${part}" mixes literal text with '{', '}' or '*'`);
      seg = { kind: "literal", text: part };
    }
    if (seg.kind === "rest" && !last) throw new TemplateError("'**' may only be the last segment");
    out.push(seg);
  });
  return out;
}

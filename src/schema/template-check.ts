/**
 * A fast yes for URI templates that are certainly valid, so validating a 10,000-route table does
 * not run the full template parser (src/schema/syntax/template.ts, which builds segment objects) once
 * per route. Only a YES is trusted: anything the pattern does not recognize, valid or not, goes
 * to parseTemplate, which gives the verdict and the message. test/schema/template-check.test.ts
 * checks on generated templates that every yes here is a yes there.
 */

/**
 * Segments after a '/': literal text without { } * (may be empty), `*`, `{name}`, `{name=*}`;
 * optionally a last `**` or `{name=**}`. Names as the router takes them: a letter or _ first,
 * then letters, digits or _. Each segment starts with '/', which the other alternatives cannot
 * consume, so matching is linear.
 */
const CERTAINLY_VALID =
  /^(?:\/(?:[^/{}*]*|\*|\{[A-Za-z_][A-Za-z0-9_]*(?:=\*)?\}))+(?:\/(?:\*\*|\{[A-Za-z_][A-Za-z0-9_]*=\*\*\}))?$/;

/** True only if parseTemplate(template) succeeds; false means "ask parseTemplate". */
export function templateCertainlyValid(template: string): boolean {
  if (!CERTAINLY_VALID.test(template)) return false;
  // The pattern cannot see a variable name used twice: compare names when there are two or more.
  let open = template.indexOf("{");
  if (open === -1 || template.indexOf("{", open + 1) === -1) return true;
  const names: string[] = [];
  while (open !== -1) {
    let end = open + 1;
    while (end < template.length && template.charCodeAt(end) !== 61 /* = */ && template.charCodeAt(end) !== 125 /* } */)
      end++;
    const name = template.slice(open + 1, end);
    if (names.includes(name)) return false;
    names.push(name);
    open = template.indexOf("{", end);
  }
  return true;
}

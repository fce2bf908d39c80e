/**
 * Where each JSON path of a document starts in its text (1-based line and column), for messages
 * like `routes.json:12:9 $.pools.web.origins[0].url: ...`. A small tokenizer over JSON text: for an
 * object member the position is its key's (that is what an editor should jump to), for an array
 * item its value's. Text that is not JSON yields the positions read up to the error.
 */
import { jsonPath } from "../../schema/issues.ts";

export interface Position {
  line: number;
  column: number;
}

export function jsonPositions(text: string): Map<string, Position> {
  const out = new Map<string, Position>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (): Position => ({ line, column: i - lineStart + 1 });
  const ws = () => {
    while (i < text.length) {
      const c = text[i]!;
      if (c === "\n") {
        line++;
        lineStart = i + 1;
      } else if (c !== " " && c !== "\t" && c !== "\r") return;
      i++;
    }
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: (string | number)[]): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Error("key expected");
        const at = pos();
        const key = str();
        out.set(jsonPath([...path, key]), at);
        ws();
        if (text[i++] !== ":") throw new Error("colon expected");
        value([...path, key]);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else throw new Error("comma expected");
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (let n = 0; ; n++) {
        ws();
        if (!out.has(jsonPath([...path, n]))) out.set(jsonPath([...path, n]), pos());
        value([...path, n]);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else throw new Error("comma expected");
      }
    }
    if (c === '"') return void str();
    while (i < text.length && /[^\s,\]}]/.test(text[i]!)) i++; // number, true, false, null
  };
  out.set("$", { line: 1, column: 1 });
  try {
    value([]);
  } catch {
    // keep what was mapped
  }
  return out;
}

/** The position of `path`, or of its nearest mapped ancestor (a missing key is reported at its object). */
export function positionOf(positions: Map<string, Position>, path: string): Position {
  let p = path;
  for (;;) {
    const hit = positions.get(p);
    if (hit !== undefined) return hit;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) return { line: 1, column: 1 };
    p = p.slice(0, cut);
  }
}

/** Line and column of a JSON.parse error message (V8 says `at position N` or `(line L column C)`). */
export function syntaxErrorPosition(text: string, message: string): Position {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const at = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return { line, column: at - before.lastIndexOf("\n") };
}

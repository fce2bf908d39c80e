/**
 * The keys the document schema allows at a JSON location, read from the generated JSON Schema
 * (every branch of a oneOf/anyOf counts), for did-you-mean hints on unknown keys.
 */
import { EdgeConfigSchema } from "../../schema/index.ts";
import { toJSONSchema } from "../../schema/kit/index.ts";

type Node = {
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  items?: Node;
  anyOf?: Node[];
  oneOf?: Node[];
  allOf?: Node[];
};

let root: Node | undefined;

function branches(n: Node): Node[] {
  return [n, ...[...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])].flatMap(branches)];
}

/** `segments`: the object's path from the root (strings for keys, numbers for array items). */
export function allowedKeys(segments: readonly (string | number)[]): Set<string> {
  root ??= toJSONSchema(EdgeConfigSchema) as Node;
  let nodes: Node[] = [root];
  for (const s of segments) {
    const next: Node[] = [];
    for (const n of nodes.flatMap(branches)) {
      if (typeof s === "number") {
        if (n.items) next.push(n.items);
      } else if (n.properties?.[s]) next.push(n.properties[s]);
      else if (typeof n.additionalProperties === "object") next.push(n.additionalProperties);
    }
    nodes = next;
  }
  const keys = new Set<string>();
  for (const n of nodes.flatMap(branches)) for (const k of Object.keys(n.properties ?? {})) keys.add(k);
  return keys;
}

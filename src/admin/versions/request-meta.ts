/** Who made a change and why: `X-Edge-Author` / `X-Edge-Comment` headers, or `author` / `comment` query parameters. */
export function changeMetaOf(req: {
  header(name: string): string | undefined;
  query(name: string): string | undefined;
}): {
  author: string;
  comment: string;
} {
  return {
    author: req.header("x-edge-author") ?? req.query("author") ?? "",
    comment: req.header("x-edge-comment") ?? req.query("comment") ?? "",
  };
}

/**
 * Synthetic route tables of any size, in the same "METHOD /path/{param}" form as the GitHub set.
 * Shaped like a large multi-service API: /{service}/v{n}/{resource}[/{id}[/{sub}[/{subId}]]].
 * A parameter never shares its position with a literal sibling, so Hono's RegExpRouter (which
 * rejects such tables) accepts every route and all routers are compared on the full table.
 */
import { pick, seededRandom } from "../lib/stats.ts";

const WORDS = (
  "account address alert app archive asset audit backup badge balance batch bill block board branch bucket budget build " +
  "cache campaign card cart catalog channel charge check claim client cluster comment config contact contract coupon " +
  "credit customer dashboard dataset deal deploy device discount document domain draft event export feature feed file " +
  "filter flag folder form group hook image import incident index invoice issue item job key label lead ledger license " +
  "link list log member message metric model monitor note notice offer order org package page payment payout plan " +
  "policy post price product profile project queue quote rate receipt record refund region release report request " +
  "review role rule run schedule secret segment session setting shipment site snapshot source stage store stream " +
  "subscription survey tag task team template ticket token topic trace transfer trigger user variant vendor version " +
  "view volume webhook widget workflow workspace zone"
).split(" ");
const METHODS = ["GET", "GET", "GET", "POST", "PUT", "PATCH", "DELETE"];

export function syntheticRoutes(count: number, seed = 42): string[] {
  const rand = seededRandom(seed);
  const out = new Set<string>();
  // About 40 routes per service keeps the fan-out realistic at every size.
  const services = Math.max(1, Math.ceil(count / 40));
  let guard = 0;
  while (out.size < count && guard++ < count * 50) {
    const svc = `${pick(rand, WORDS)}-svc${Math.floor(rand() * services)}`;
    const version = `v${1 + Math.floor(rand() * 2)}`;
    const resource = `${pick(rand, WORDS)}s`;
    const depth = Math.floor(rand() * 4); // 0..3 extra segments after the resource
    let path = `/${svc}/${version}/${resource}`;
    if (depth >= 1) path += `/{${resource.slice(0, -1)}_id}`;
    if (depth >= 2) path += `/${pick(rand, WORDS)}s`;
    if (depth >= 3) path += `/{sub_id}`;
    out.add(`${pick(rand, METHODS)} ${path}`);
  }
  return [...out];
}

/**
 * Mints a demo JWT for `npm start`'s protected route (/private in examples/routes.json):
 * HS256 with the example table's development secret, subject "demo-user", valid for one hour.
 *   curl -H "Authorization: Bearer $(npm run -s mint-token)" http://127.0.0.1:8787/private/hello
 * Options: --sub NAME, --ttl SECONDS, --secret TEXT (default: the secret of policy "demo-jwt").
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SignJWT } from "jose";

const { values } = parseArgs({
  options: {
    sub: { type: "string", default: "demo-user" },
    ttl: { type: "string", default: "3600" },
    secret: { type: "string" },
  },
});
const doc = JSON.parse(readFileSync(join(import.meta.dirname, "..", "examples", "routes.json"), "utf8"));
const secret = values.secret ?? doc.policies["demo-jwt"].secret;
const now = Math.floor(Date.now() / 1000);
const token = await new SignJWT({ sub: values.sub, scope: "demo" })
  .setProtectedHeader({ alg: "HS256", typ: "JWT" })
  .setIssuedAt(now)
  .setIssuer(doc.policies["demo-jwt"].issuer)
  .setAudience(doc.policies["demo-jwt"].audience)
  .setExpirationTime(now + Number(values.ttl))
  .sign(new TextEncoder().encode(secret));
process.stdout.write(`${token}\n`);

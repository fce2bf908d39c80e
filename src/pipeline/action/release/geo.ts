import type { GeoLocation } from "../../../edge/release/index.ts";
import type { Settings } from "../../../schema/settings.ts";

/**
 * Where the request arrived: `request.cf` on Cloudflare (country, continent, regionCode, colo).
 * With `settings.geoHeader` set (local runs and tests only), that header's
 * `country=DE, continent=EU, region=BY, colo=FRA` fields replace the ones it names.
 */
export function geoOf(request: Request, settings: Settings): GeoLocation {
  const cf = (request as { cf?: { country?: unknown; continent?: unknown; regionCode?: unknown; colo?: unknown } }).cf;
  const at: GeoLocation = {
    country: upper(cf?.country),
    continent: upper(cf?.continent),
    region: upper(cf?.regionCode),
    colo: upper(cf?.colo),
  };
  const name = settings.geoHeader;
  const value = name === undefined ? null : request.headers.get(name);
  if (value === null) return at;
  for (const part of value.split(/[,;]/)) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    if (key === "country" || key === "continent" || key === "region" || key === "colo")
      at[key] = upper(part.slice(eq + 1).trim());
  }
  return at;
}

function upper(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v.toUpperCase() : undefined;
}

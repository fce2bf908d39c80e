/**
 * The dashboard's client script, part 2: one render function per panel, the small inline-SVG
 * charts, and the version and explain actions. Same rules as script-data.ts (no backticks, no
 * dollar-brace). A panel whose endpoint this worker lacks (404 ADMIN_NOT_FOUND) says so and stays empty.
 */
export const DASHBOARD_VIEW_SCRIPT = String.raw`
var SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs) {
  var n = document.createElementNS(SVG, tag);
  for (var k in attrs) n.setAttribute(k, attrs[k]);
  for (var i = 2; i < arguments.length; i++) if (arguments[i]) n.appendChild(arguments[i]);
  return n;
}
function unavailable(what) { return h("p", { class: "muted unavailable" }, what + " is not available on this worker (its admin API has no such endpoint)."); }

function renderHeader() {
  var s = state.status;
  if (!s) return;
  el("active-version").textContent = s.version ? "serving " + s.version : "no table loaded";
  el("stored-version").textContent = s.stored && s.stored.version !== s.version ? "KV holds " + s.stored.version : "";
}

function actionText(a) {
  if (!a) return "";
  if (a.type === "forward") {
    var chain = a.pools ? a.pools.join(" → ") : a.pool;
    return "forward → " + chain + (a.fallbackPool ? " (fallback " + a.fallbackPool + ")" : "");
  }
  if (a.type === "redirect") return "redirect " + (a.status || "") + " " + (a.location || a.url || compact(a));
  if (a.type === "direct") return "direct " + (a.status || 200);
  return a.type || compact(a);
}
function matchText(m) {
  if (!m) return "(everything)";
  var parts = [];
  if (m.path) for (var k in m.path) parts.push(k + " " + m.path[k]);
  if (m.methods) parts.push(m.methods.join(","));
  for (var key in m) if (key !== "path" && key !== "methods") parts.push(key + " " + compact(m[key]));
  return parts.join(" · ");
}
function policiesText(route, vh) {
  var list = route.policies || vh.policies;
  if (!list) return "—";
  if (!Array.isArray(list)) list = Object.keys(list).map(function (k) { return { type: k }; });
  return list.map(function (p) { return typeof p === "string" ? p : p.name || p.type || compact(p); }).join(", ");
}
function renderRoutes() {
  var doc = state.doc;
  if (!doc) { fill("routes", h("p", { class: "muted" }, "No document stored.")); return; }
  var rows = [];
  (doc.virtualHosts || []).forEach(function (vh) {
    (vh.routes || []).forEach(function (r, i) {
      rows.push(h("tr", { "data-route": r.name || vh.name + "#" + i },
        h("td", null, i === 0 ? h("strong", null, vh.name) : ""), h("td", null, i === 0 ? (vh.domains || []).join(", ") : ""),
        h("td", null, r.name || h("span", { class: "muted" }, "#" + i)), h("td", null, h("code", null, matchText(r.match))),
        h("td", null, actionText(r.action)), h("td", null, policiesText(r, vh))));
    });
  });
  fill("routes", table(["Virtual host", "Domains", "Route", "Match", "Action", "Policies"], rows));
}

function latestStats() { var s = state.stats; return s.length ? s[s.length - 1].data : null; }
function renderPools() {
  var doc = state.doc;
  if (!doc) return;
  var stats = latestStats();
  var health = state.status && state.status.health ? state.status.health.pools : {};
  var rows = [];
  Object.keys(doc.pools || {}).forEach(function (pool) {
    (doc.pools[pool].origins || []).forEach(function (o, i) {
      var key = pool + "/" + o.name;
      var s = stats && stats.origins[key];
      var hp = health[pool] && health[pool].origins[o.name];
      var up = hp ? hp.up : null;
      rows.push(h("tr", { "data-origin": key },
        h("td", null, i === 0 ? h("strong", null, pool) : ""), h("td", null, o.name), h("td", null, h("code", null, o.url)),
        h("td", { class: "num weight" }, o.weight === undefined ? 1 : o.weight),
        h("td", null, h("span", { class: up === null ? "unknown" : up ? "up" : "down" }, up === null ? "unknown" : up ? "up" : "down")),
        h("td", null, s && s.ejected ? h("span", { class: "down" }, "ejected") : "—"),
        h("td", { class: "num" }, s ? s.inFlight : 0), h("td", { class: "num requests" }, s ? s.requests : 0),
        h("td", { class: "num" }, s ? s.errors : 0), h("td", { class: "num" }, s && s.latencyMs.p99 !== null ? s.latencyMs.p99 + " ms" : "—")));
    });
  });
  fill("pools", rows.length ? table(["Pool", "Origin", "URL", "Weight", "Health", "Ejection", "In flight", "Attempts", "Errors", "p99"], rows)
    : h("p", { class: "muted" }, "No pools."));
}

function sparkline(values) {
  var w = 240, hgt = 44, max = Math.max.apply(null, values.concat([1]));
  var pts = values.map(function (v, i) { return (values.length < 2 ? 0 : (i * w) / (values.length - 1)).toFixed(1) + "," + (hgt - (v / max) * (hgt - 4) - 2).toFixed(1); });
  if (pts.length === 1) pts.push(w + "," + pts[0].split(",")[1]);
  return svg("svg", { viewBox: "0 0 " + w + " " + hgt, preserveAspectRatio: "none", role: "img" },
    svg("line", { class: "base", x1: 0, y1: hgt - 1, x2: w, y2: hgt - 1 }), svg("polyline", { class: "spark", points: pts.join(" ") }));
}
function histogram(lat) {
  var w = 240, hgt = 44, n = lat.counts.length, max = Math.max.apply(null, lat.counts.concat([1]));
  var g = svg("svg", { viewBox: "0 0 " + w + " " + hgt, preserveAspectRatio: "none", role: "img" });
  lat.counts.forEach(function (c, i) {
    var bh = (c / max) * (hgt - 2);
    var label = i < lat.buckets.length ? "≤" + lat.buckets[i] + " ms" : ">" + lat.buckets[lat.buckets.length - 1] + " ms";
    g.appendChild(svg("rect", { class: "bar", x: ((i * w) / n + 1).toFixed(1), y: (hgt - bh).toFixed(1), width: (w / n - 2).toFixed(1), height: bh.toFixed(1) },
      svg("title", {}, document.createTextNode(label + ": " + c))));
  });
  return g;
}
/** Requests per second of one route across the kept samples (counter deltas; a reset counts as 0). */
function rateSeries(key) {
  var out = [];
  for (var i = 1; i < state.stats.length; i++) {
    var a = state.stats[i - 1], b = state.stats[i];
    var ra = a.data.routes[key], rb = b.data.routes[key];
    var d = (rb ? rb.requests : 0) - (ra ? ra.requests : 0);
    out.push(Math.max(0, d) / Math.max(0.001, (b.at - a.at) / 1000));
  }
  return out;
}
function renderMetrics() {
  var stats = latestStats();
  if (!stats) { fill("metrics", h("p", { class: "muted" }, "Waiting for data…")); return; }
  var keys = Object.keys(stats.routes).sort();
  if (!keys.length) { fill("metrics", h("p", { class: "muted" }, "No requests counted by this isolate yet.")); return; }
  var charts = keys.map(function (key) {
    var r = stats.routes[key], rates = rateSeries(key), now = rates.length ? rates[rates.length - 1] : 0;
    var statuses = Object.keys(r.status).sort().map(function (c) { return c + " " + r.status[c]; }).join(" · ");
    return h("div", { class: "chart", "data-route": key },
      h("div", { class: "title", title: key }, key),
      h("div", { class: "legend" }, h("span", null, now.toFixed(1) + " req/s"), h("span", { class: "total" }, r.requests + " total")),
      sparkline(rates.length ? rates : [0]),
      h("div", { class: "legend" }, h("span", null, "p50 " + r.latencyMs.p50 + " ms"), h("span", null, "p99 " + r.latencyMs.p99 + " ms")),
      histogram(r.latencyMs),
      h("div", { class: "legend" }, h("span", null, statuses)));
  });
  fill("metrics", h("p", { class: "muted" }, "Since " + new Date(stats.since).toLocaleTimeString() + ", table " + (stats.version || "—") + ". Sparkline: requests/s; bars: latency histogram."), h("div", { class: "charts" }, charts));
}

function renderVersions() {
  var r = state.versions;
  if (!r) return;
  if (r.missing) { fill("versions", unavailable("Version history")); return; }
  if (!r.ok) { fill("versions", h("p", { class: "error" }, errorText(r))); return; }
  var v = r.data;
  var rows = v.versions.map(function (x) {
    var isActive = x.id === v.active;
    return h("tr", { "data-version": x.id },
      h("td", null, h("code", null, x.id)), h("td", null, x.version), h("td", null, x.author || "—"), h("td", null, x.comment || ""),
      h("td", null, x.createdAt ? new Date(x.createdAt).toLocaleString() : ""),
      h("td", null, isActive ? h("span", { class: "badge" }, "active") : v.candidate && v.candidate.id === x.id ? h("span", { class: "warn" }, "candidate " + Math.round(v.candidate.fraction * 100) + "%") : ""),
      h("td", { class: "actions" }, isActive ? "" : [h("button", { class: "secondary diff", type: "button", onclick: function () { showDiff(v.active, x.id); } }, "Diff"), " ",
        h("button", { class: "activate", type: "button", onclick: function () { activate(x.id, x.id < v.active); } }, x.id < v.active ? "Roll back" : "Activate")]));
  });
  fill("versions", table(["Id", "Version", "Author", "Comment", "Created", "", ""], rows));
}
async function showDiff(from, to) {
  var r = await api("POST", "/diff", { from: from, to: to });
  if (r.missing) { fill("diff", unavailable("Diff")); return; }
  if (!r.ok) { fill("diff", h("p", { class: "error" }, errorText(r))); return; }
  var changes = r.data.changes || [];
  fill("diff", h("h3", null, "Changes from " + from + " to " + to), changes.length
    ? h("ul", { class: "changes" }, changes.map(function (c) { return h("li", null, h("span", { class: "kind-" + c.kind }, c.kind), " ", h("code", null, c.path), " ", c.summary || ""); }))
    : h("p", { class: "muted" }, "No changes."));
}
async function activate(id, rollback) {
  if (!confirm((rollback ? "Roll back to " : "Activate ") + id + "?")) return;
  var r = await api("POST", "/versions/" + encodeURIComponent(id) + "/activate");
  if (!r.ok) { fill("diff", h("p", { class: "error" }, errorText(r))); return; }
  fill("diff", h("p", { class: "up", id: "activated" }, "Active version is now " + r.data.active + "."));
  refreshSlow();
}

function prefillExplain() {
  var input = el("explain-url");
  var vh = state.doc && state.doc.virtualHosts && state.doc.virtualHosts[0];
  var d = vh && vh.domains && vh.domains.find(function (x) { return x.indexOf("*") < 0; });
  if (!input.value && d) input.placeholder = "https://" + d + "/";
}
function headerLines(text) {
  var out = {};
  text.split("\n").forEach(function (line) { var i = line.indexOf(":"); if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim(); });
  return out;
}
function nameOf(x) { return x === null || x === undefined ? "none" : typeof x === "string" ? x : x.name || x.id || compact(x); }
async function runExplain() {
  var body = { method: el("explain-method").value, url: el("explain-url").value.trim(), headers: headerLines(el("explain-headers").value) };
  if (el("explain-ip").value.trim()) body.ip = el("explain-ip").value.trim();
  if (el("explain-country").value.trim()) body.country = el("explain-country").value.trim().toUpperCase();
  var r = await api("POST", "/explain", body);
  if (r.missing) { fill("explain-result", unavailable("Explain")); return; }
  if (!r.ok) { fill("explain-result", h("p", { class: "error" }, errorText(r))); return; }
  var e = r.data;
  fill("explain-result", h("p", { class: "summary" }, "Virtual host ", h("strong", { class: "vhost" }, nameOf(e.virtualHost)), ", route ", h("strong", { class: "route" }, nameOf(e.route))),
    h("pre", null, JSON.stringify(e, null, 2)));
}

function renderRelays() {
  var r = state.relays;
  if (!r) return;
  if (r.missing) { fill("relays", unavailable("The relay registry")); return; }
  if (!r.ok) { fill("relays", h("p", { class: "error" }, errorText(r))); return; }
  if (!r.data.length) { fill("relays", h("p", { class: "muted" }, "No relay has reported in the last two minutes.")); return; }
  fill("relays", table(["Relay", "Version", "Last seen", "State", "Health"], r.data.map(function (x) {
    return h("tr", { "data-relay": x.id }, h("td", null, x.id), h("td", null, x.version || "—"), h("td", null, new Date(x.lastSeen).toLocaleTimeString()),
      h("td", null, x.behind ? h("span", { class: "warn" }, "behind") : h("span", { class: "up" }, "current")), h("td", null, h("code", null, compact(x.health))));
  })));
}
`;

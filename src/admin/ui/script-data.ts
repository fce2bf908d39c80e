/**
 * The dashboard's client script, part 1: DOM helper, API calls with the session token, login,
 * and the refresh loop. Plain browser JavaScript kept in a string (no build step); it must not
 * contain backticks or dollar-brace (it sits in a template literal). test/admin/dashboard-page.test.ts parses it.
 */
export const DASHBOARD_DATA_SCRIPT = String.raw`
"use strict";
var PREFIX = location.pathname.replace(/\/ui\/?$/, "");
var TOKEN_KEY = "edge-router.admin-token";
var state = { doc: null, status: null, stats: [], versions: null, relays: null };
var MAX_SAMPLES = 60;

function el(id) { return document.getElementById(id); }
/** Builds an element; children are nodes or strings (always set as text, never parsed as HTML). */
function h(tag, attrs) {
  var node = document.createElement(tag);
  if (attrs) for (var k in attrs) {
    if (k === "class") node.className = attrs[k];
    else if (k === "onclick") node.addEventListener("click", attrs[k]);
    else if (attrs[k] !== undefined && attrs[k] !== null) node.setAttribute(k, attrs[k]);
  }
  for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
  return node;
}
function append(node, c) {
  if (c === null || c === undefined || c === false) return;
  if (Array.isArray(c)) { c.forEach(function (x) { append(node, x); }); return; }
  node.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
}
function fill(id) {
  var node = el(id);
  node.replaceChildren();
  for (var i = 1; i < arguments.length; i++) append(node, arguments[i]);
}
function table(headers, rows) {
  return h("table", null, h("thead", null, h("tr", null, headers.map(function (x) { return h("th", null, x); }))),
    h("tbody", null, rows));
}
function compact(v) { return v === undefined ? "" : JSON.stringify(v); }

function token() { return sessionStorage.getItem(TOKEN_KEY); }

/** One admin API call. Resolves { status, ok, data, missing } — missing: the endpoint does not exist on this worker. */
async function api(method, path, body) {
  var init = { method: method, headers: { authorization: "Bearer " + token() } };
  if (body !== undefined) { init.headers["content-type"] = "application/json"; init.body = JSON.stringify(body); }
  var res = await fetch(PREFIX + path, init);
  var data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (res.status === 401) { logout("The admin token was refused."); throw new Error("unauthorized"); }
  var code = data && data.error ? data.error.code : null;
  return { status: res.status, ok: res.ok, data: data, missing: res.status === 404 && code === "ADMIN_NOT_FOUND" };
}
function errorText(r) { return r.data && r.data.error ? r.data.error.code + ": " + r.data.error.message : "HTTP " + r.status; }

function showLogin(message) {
  el("app").hidden = true; el("logout").hidden = true; el("login").hidden = false;
  el("login-error").textContent = message || "";
}
function logout(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  if (timer) clearInterval(timer);
  timer = null;
  showLogin(message);
}
async function login(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
  try {
    var r = await api("GET", "/status");
    if (!r.ok) { logout(errorText(r)); return; }
  } catch (e) { return; }
  el("login").hidden = true; el("app").hidden = false; el("logout").hidden = false;
  start();
}

var timer = null;
var tick = 0;
function start() {
  refreshSlow(); refreshFast();
  tick = 0;
  timer = setInterval(function () {
    tick++;
    refreshFast();
    if (tick % 5 === 0) refreshSlow();
  }, 2000);
}
/** Every 2 s: what this isolate serves and its counters. */
async function refreshFast() {
  var s = await api("GET", "/status");
  if (s.ok) state.status = s.data;
  var st = await api("GET", "/stats");
  if (st.ok) { state.stats.push({ at: Date.now(), data: st.data }); if (state.stats.length > MAX_SAMPLES) state.stats.shift(); }
  renderHeader(); renderPools(); renderMetrics();
  el("updated").textContent = "updated " + new Date().toLocaleTimeString();
}
/** Every 10 s and after a change: the document, versions and relays. */
async function refreshSlow() {
  var c = await api("GET", "/config");
  state.doc = c.ok ? c.data : null;
  var v = await api("GET", "/versions");
  state.versions = v;
  var r = await api("GET", "/relays");
  state.relays = r;
  renderRoutes(); renderVersions(); renderRelays(); renderPools(); prefillExplain();
}

document.addEventListener("DOMContentLoaded", function () {
  el("login-form").addEventListener("submit", function (e) {
    e.preventDefault();
    login(el("token").value.trim());
  });
  el("logout").addEventListener("click", function () { logout(""); });
  el("explain-form").addEventListener("submit", function (e) { e.preventDefault(); runExplain(); });
  if (token()) login(token()); else showLogin("");
});
`;

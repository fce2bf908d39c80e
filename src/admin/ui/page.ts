import { DASHBOARD_DATA_SCRIPT } from "./script-data.ts";
import { DASHBOARD_VIEW_SCRIPT } from "./script-views.ts";
import { DASHBOARD_CSS } from "./style.ts";

/**
 * `GET <prefix>/ui`: the dashboard, one self-contained page (HTML + inline CSS and JS, no build
 * step, nothing loaded from elsewhere). It holds no data: after login it calls the admin API with
 * the token from sessionStorage as its bearer header. The CSP allows only the inline code and
 * same-origin fetches, so even a document value rendered by mistake as markup could not load or
 * send anything (values are set as text, never as HTML).
 */
const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>edge-router dashboard</title>
<style>${DASHBOARD_CSS}</style>
</head>
<body>
<header>
  <h1>edge-router</h1>
  <span id="active-version" class="badge" title="version served by this isolate">—</span>
  <span id="stored-version" class="muted"></span>
  <span class="spacer"></span>
  <span id="updated" class="muted"></span>
  <button id="logout" type="button" hidden>Log out</button>
</header>
<main>
  <section id="login" class="card narrow" hidden>
    <h2>Log in</h2>
    <form id="login-form">
      <label for="token">Admin token</label>
      <input id="token" name="token" type="password" autocomplete="current-password" required>
      <button type="submit">Log in</button>
      <p id="login-error" class="error" role="alert"></p>
    </form>
    <p class="muted">The token is kept in this tab's session storage only.</p>
  </section>
  <div id="app" hidden>
    <section class="card wide"><h2>Routes</h2><div id="routes"></div></section>
    <section class="card wide"><h2>Pools and origins</h2><div id="pools"></div></section>
    <section class="card wide"><h2>Live metrics <span class="muted">(this isolate)</span></h2><div id="metrics"></div></section>
    <section class="card"><h2>Versions</h2><div id="versions"></div><div id="diff"></div></section>
    <section class="card">
      <h2>Explain a request</h2>
      <form id="explain-form">
        <div class="row">
          <select id="explain-method" aria-label="method">
            <option>GET</option><option>POST</option><option>PUT</option><option>PATCH</option><option>DELETE</option><option>HEAD</option><option>OPTIONS</option>
          </select>
          <input id="explain-url" aria-label="URL" placeholder="https://api.example.com/users/1" required>
        </div>
        <textarea id="explain-headers" rows="2" placeholder="header: value (one per line)" aria-label="headers"></textarea>
        <div class="row">
          <input id="explain-ip" placeholder="client IP (optional)" aria-label="client IP">
          <input id="explain-country" placeholder="country (optional)" aria-label="country" maxlength="2">
          <button type="submit">Explain</button>
        </div>
      </form>
      <div id="explain-result"></div>
    </section>
    <section class="card wide"><h2>Relays</h2><div id="relays"></div></section>
  </div>
</main>
<script>${DASHBOARD_DATA_SCRIPT}
${DASHBOARD_VIEW_SCRIPT}</script>
</body>
</html>
`;

const CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function dashboardResponse(): Response {
  return new Response(HTML, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    },
  });
}

/** For tests: the page's script, to check that it parses. */
export const DASHBOARD_SCRIPT = `${DASHBOARD_DATA_SCRIPT}\n${DASHBOARD_VIEW_SCRIPT}`;

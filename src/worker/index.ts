import { Hono } from "hono";

export interface Env {
  ROUTES: KVNamespace;
  ROUTES_KEY: string;
  ROUTES_REFRESH_SECONDS: string;
}

const app = new Hono<{ Bindings: Env }>();
app.all("*", (c) => c.json({ ok: true }));

export default app;

import { z } from "zod";

/** Virtual hosts, routes, matches and actions. Placeholder shape; the routing core owns this file. */
export const VirtualHostSchema = z.looseObject({
  name: z.string().min(1),
  domains: z.array(z.string().min(1)).min(1),
  routes: z.array(z.looseObject({})),
});
export type VirtualHost = z.infer<typeof VirtualHostSchema>;

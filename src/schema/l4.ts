import { z } from "zod";

/** The relay's part of the edge document (TCP/UDP listeners and their pools). Filled in by the relay work. */
export const L4Schema = z.looseObject({});
export type L4Section = z.infer<typeof L4Schema>;

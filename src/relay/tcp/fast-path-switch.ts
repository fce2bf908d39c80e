/*
 * Whether the data path may use Node internals (fast-path.ts decides; direct-write.ts and
 * read-buffers.ts read it per connection and per chunk). Off: every byte goes through the public
 * stream API (`'data'` events, `socket.write`, pause/resume). A module of its own so that the
 * data-path modules and the self-check that inspects them do not import each other.
 */

/** RELAY_FAST_PATH=off turns the internals off for the whole process, whatever the config says. */
export const fastPathEnvOff = process.env.RELAY_FAST_PATH === "off";

export let fastPathOn = !fastPathEnvOff;

export function setFastPathOn(on: boolean): void {
  fastPathOn = on;
}

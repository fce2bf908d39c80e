// Preloaded into the soak's relay (`node --expose-gc --import <this>`): SIGUSR2 runs a full GC,
// so the soak compares retained heap (what a leak would grow), not garbage V8 has not collected
// yet. The relay itself is the shipped code; nothing else changes.
process.on("SIGUSR2", () => globalThis.gc?.());

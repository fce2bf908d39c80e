/**
 * Socket buffer threshold for the relay. Node reads 64 KiB chunks; with the default 64 KiB mark
 * every chunk write reports "full" (the check runs before the write is attempted), so each chunk
 * would cost a pause and a resume of the other socket. Four chunks of room keep data moving and
 * still bound what the relay holds per direction.
 */
export const RELAY_HIGH_WATER_MARK = 256 * 1024;

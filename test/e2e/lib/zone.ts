/**
 * A fixed-offset zone where it is now late in the evening, so that the server's "today" holds
 * nearly a whole day of the simulator's reports whenever the test runs (the simulator back-fills
 * the days before and writes times with their offset; the server counts days in its zone).
 */
export function lateEveningZone(): string {
  const offset = ((21 - new Date().getUTCHours() + 36) % 24) - 12;
  // The Etc zones' signs are POSIX's: Etc/GMT-4 is four hours ahead of UTC.
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

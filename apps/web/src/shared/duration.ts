/** A length as m:ss in whole seconds, as the browser's own audio player shows it (under a second: 0:01). */
export function formatDuration(seconds: number): string {
  const whole = seconds > 0 ? Math.max(1, Math.floor(seconds)) : 0;
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

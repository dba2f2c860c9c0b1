// Times as an operator reads them: relative to the input's `now` ("in
// 15 s", "5m00s ago"), not as epoch milliseconds.

const pad = (n) => String(n).padStart(2, '0');

// A duration: "250 ms", "2.5 s", "15 s", "1m20s", "1h02m05s", "2d03h04m".
// Rounded down: a countdown never says more time is left than there is.
export function span(ms) {
  const whole = Math.floor(Math.abs(ms));
  if (whole < 1000) return `${whole} ms`;
  if (whole < 10000 && whole % 1000) return `${Math.floor(whole / 100) / 10} s`;
  const s = Math.floor(whole / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${pad(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${pad(m % 60)}m${pad(s % 60)}s`;
  return `${Math.floor(h / 24)}d${pad(h % 24)}h${pad(m % 60)}m`;
}

// "now", "in 15 s" or "5m00s ago".
export function relative(ms, now) {
  if (ms === now) return 'now';
  return ms > now ? `in ${span(ms - now)}` : `${span(now - ms)} ago`;
}

// An absolute time, for parentheses beside a relative one.
export function isoTime(ms) {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

// Paths (as jsonDifferences writes them, within a group's state) of the
// fields that hold millisecond timestamps.
const TIMESTAMP = /^\$\.(update\.(start_ts|step_ts|change_ts|pause_ts)|last_deployed\[.*\])$/;

// A field's value in words when it is a timestamp (a Lua-era schedule wrote
// them as numeric strings: said so); null when it is not one.
export function timestampText(path, value, now) {
  if (!TIMESTAMP.test(path)) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return relative(value, now);
  if (typeof value === 'string' && /^\d+$/.test(value)) return `${relative(Number(value), now)} (as text)`;
  return null;
}

// Simulated time as people read it.

// "+1h02m05s" from the start.
export function clock(ms) {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n) => String(n).padStart(2, '0');
  const frac = ms % 1000 ? `.${String(ms % 1000).padStart(3, '0')}` : '';
  return h ? `+${h}h${pad(m)}m${pad(s % 60)}${frac}s` : `+${m}m${pad(s % 60)}${frac}s`;
}

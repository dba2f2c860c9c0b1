// Text labels of the report laid out so that none can overlap another:
// each goes into the first row, from the top, where it starts clear of
// every label already there (taken left to right), and a label that would
// pass the right edge ends at its anchor instead of starting there.

// A text's width as Vega estimates it without a canvas: 0.8 of the font
// size per character, more than DejaVu Sans takes for the step names,
// versions and host names the report shows.
export const CHAR_WIDTH = 0.8;
// Between a label and its anchor (a rule), and between labels in a row.
export const PAD = 2;
export const GAP = 4;

export function textWidth(text, fontSize) {
  return Math.ceil(CHAR_WIDTH * text.length * fontSize);
}

// `labels`: [{x, text, ...}], x the anchor in pixels from the left edge.
// Resolves to {placed: [{...label, px, row}] (px the text's left edge),
// rows: how many rows it took}.
export function layoutRows(labels, { width, fontSize }) {
  const ends = [];
  const placed = [];
  const order = [...labels].sort((a, b) => a.x - b.x || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  for (const label of order) {
    const w = textWidth(label.text, fontSize);
    let px = label.x + PAD;
    if (px + w > width) px = Math.max(0, label.x - PAD - w);
    let row = ends.findIndex((end) => end + GAP <= px);
    if (row < 0) row = ends.push(-Infinity) - 1;
    ends[row] = px + w;
    placed.push({ ...label, px, row });
  }
  return { placed, rows: ends.length };
}

/** WCAG 2 contrast of a `#rrggbb` colour against white, computed here from the standard's formula. */
export function contrastOnWhite(hex: string): number {
  const lin = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  return 1.05 / (0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] + 0.05);
}

/**
 * The stroke colours of a rendered chart's data marks (its lines, points and rules, as Vega writes
 * them: `<g class="mark-line role-mark …">`), not of its axes, grid or legend; nor the white
 * outline that sets a point off from the line under it.
 */
export function markStrokes(svg: string): string[] {
  const groups = svg.match(/<g class="mark-(?:line|symbol|rule) role-mark[^"]*"[^>]*>.*?<\/g>/g) ?? [];
  return [...new Set(groups.flatMap((g) => [...g.matchAll(/stroke="(#[0-9a-fA-F]{6})"/g)].map((m) => m[1].toUpperCase())))].filter((c) => c !== '#FFFFFF');
}

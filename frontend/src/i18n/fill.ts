/** Values that can fill a message's {placeholders}. */
export type MessageVars = Record<string, string | number>;

/** A message text with its {placeholders} filled from vars (unknown ones stay visible). */
export function fill(text: string, vars?: MessageVars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

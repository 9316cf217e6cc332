// Files the app fetches with the access token (a plain link would go without
// it) and hands to the browser as a download: the file name comes from the
// server's Content-Disposition header (RFC 6266), made safe to save.

/** Splits a header's parameters on ";" outside quoted strings. */
function params(header: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i]!;
    if (quoted && ch === '\\' && i + 1 < header.length) {
      cur += ch + header[++i];
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  parts.push(cur);
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** Decodes an RFC 8187 ext-value (charset'language'percent-encoded), or null when it cannot. */
function extValue(v: string): string | null {
  const m = /^([\w!#$%&+^`{}~-]*)'[^']*'(.*)$/.exec(v);
  if (!m) return null;
  const charset = m[1]!.toLowerCase();
  try {
    if (charset === 'utf-8') return decodeURIComponent(m[2]!);
    if (charset === 'iso-8859-1') return m[2]!.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  } catch {
    return null;
  }
  return null;
}

/** A file name safe to offer: no folders, no control characters, not hidden. */
function safeName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim().replace(/^\.+/, '').slice(0, 200);
}

/**
 * The file name in a Content-Disposition header: `filename*` (UTF-8) when
 * present and readable, else `filename`, else fallback. Folders, control
 * characters and leading dots are removed.
 */
export function filenameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  const p = params(header);
  const ext = p.get('filename*');
  const candidates = [ext !== undefined ? extValue(ext) : null, p.get('filename') ?? null];
  for (const c of candidates) {
    if (c === null) continue;
    const name = safeName(c);
    if (name) return name;
  }
  return fallback;
}

/** Hands a blob to the browser as a download named filename. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

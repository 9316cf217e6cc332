// A tiny SMTP receiver for the browser tests, on loopback with node:net: it
// answers EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP and QUIT (no TLS, no AUTH;
// the server allows plain SMTP to a loopback host) and keeps every message.
// parseMessage() reads one as a mail client would: headers, MIME parts,
// quoted-printable and base64 decoded.
import { createServer } from 'node:net';

/** Starts the receiver; returns its url (smtp://127.0.0.1:PORT), the messages, waitFor() and stop(). */
export async function startSmtpReceiver() {
  const messages = [];
  const sockets = new Set();
  const srv = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = '';
    let inData = false;
    let envelope = { from: '', to: [] };
    let data = [];
    const reply = (line) => socket.write(`${line}\r\n`);
    reply('220 localhost ESMTP test receiver');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let i;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            const raw = Buffer.from(data.join('\r\n'), 'latin1').toString('utf8');
            messages.push({ from: envelope.from, to: envelope.to, raw, at: Date.now(), ...parseMessage(raw) });
            envelope = { from: '', to: [] };
            data = [];
            reply('250 2.0.0 queued');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          socket.write('250-localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING\r\n');
        } else if (verb === 'HELO') {
          reply('250 localhost');
        } else if (verb === 'MAIL') {
          envelope = { from: (/<([^>]*)>/.exec(line) ?? [])[1] ?? '', to: [] };
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          envelope.to.push((/<([^>]*)>/.exec(line) ?? [])[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end data with <CR><LF>.<CR><LF>');
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else if (verb === 'RSET' || verb === 'NOOP') {
          reply('250 2.0.0 ok');
        } else {
          reply('502 5.5.2 not implemented');
        }
      }
    });
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Waits until a message to `to` (and matching `match`, if given) has arrived; returns it. */
    async waitFor(to, match = () => true, ms = 15_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = messages.find((m) => m.to.some((r) => r.toLowerCase() === to.toLowerCase()) && match(m));
        if (hit) return hit;
        if (Date.now() > deadline) {
          throw new Error(`no e-mail to ${to} within ${ms} ms; got ${JSON.stringify(messages.map((m) => [m.to, m.headers.subject]))}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => srv.close(resolve));
    },
  };
}

/** Splits a header block into lower-cased names and unfolded values (the first of each name wins). */
function parseHeaders(block) {
  const headers = {};
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    headers[name] ??= line.slice(i + 1).trim();
  }
  return headers;
}

/** Decodes quoted-printable text (soft line breaks and =XX bytes, as UTF-8). */
export function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Decodes RFC 2047 encoded words in a header value (=?UTF-8?Q?…?= and =?UTF-8?B?…?=). */
function decodeWords(value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _cs, enc, text) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeBody(body, encoding) {
  const enc = (encoding ?? '').toLowerCase();
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body);
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** The leaf parts of a MIME entity: [{ type, text }], decoded. */
function leafParts(headers, body) {
  const type = (headers['content-type'] ?? 'text/plain').toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (type.startsWith('multipart/') && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    const out = [];
    for (const part of parts) {
      if (part.startsWith('--')) break;
      const p = part.replace(/^\r\n/, '');
      const split = p.indexOf('\r\n\r\n');
      const h = parseHeaders(split >= 0 ? p.slice(0, split) : '');
      const b = split >= 0 ? p.slice(split + 4).replace(/\r\n$/, '') : '';
      out.push(...leafParts(h, b));
    }
    return out;
  }
  return [{ type: type.split(';')[0].trim(), text: decodeBody(body, headers['content-transfer-encoding']) }];
}

/** Reads a raw message: headers (subject decoded), the text and HTML parts. */
export function parseMessage(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const headers = parseHeaders(split >= 0 ? raw.slice(0, split) : raw);
  if (headers.subject) headers.subject = decodeWords(headers.subject);
  const parts = leafParts(headers, split >= 0 ? raw.slice(split + 4) : '');
  return {
    headers,
    text: parts.find((p) => p.type === 'text/plain')?.text ?? '',
    html: parts.find((p) => p.type === 'text/html')?.text ?? '',
  };
}

/** The first link in a text that starts with base + path. */
export function linkIn(text, base, path) {
  const escaped = (base + path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}[^\\s<>"']*`).exec(text);
  return m ? m[0] : null;
}

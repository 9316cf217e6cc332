// Draws the app icons (a calm ring around a dot on a dark ground) and writes
// them as PNG files into public/icons/. Uses only Node's zlib: run with
// `npm run icons` whenever the design changes, and commit the PNGs.
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

const GROUND = [0x15, 0x18, 0x1d];
const MARK = [0x9c, 0xc9, 0xb6];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes an RGBA pixel buffer as a PNG file. */
function encodePNG(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Renders the icon. `scale` is the mark's size relative to the canvas (smaller
 * for maskable icons so it stays inside the safe zone); `corner` rounds the
 * ground (0 = full bleed square).
 */
function render(size, { scale, corner }) {
  const SS = 4; // supersampling per axis
  const rgba = Buffer.alloc(size * size * 4);
  const c = size / 2;
  const ringR = 0.3 * size * scale;
  const ringW = 0.075 * size * scale;
  const dotR = 0.09 * size * scale;
  const r = corner * size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let ground = 0;
      let mark = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const px = x + (sx + 0.5) / SS;
          const py = y + (sy + 0.5) / SS;
          if (inRoundedSquare(px, py, size, r)) {
            ground++;
            const d = Math.hypot(px - c, py - c);
            if (Math.abs(d - ringR) <= ringW / 2 || d <= dotR) mark++;
          }
        }
      }
      const n = SS * SS;
      const i = (y * size + x) * 4;
      const m = ground ? mark / ground : 0;
      for (let k = 0; k < 3; k++) rgba[i + k] = Math.round(GROUND[k] * (1 - m) + MARK[k] * m);
      rgba[i + 3] = Math.round((255 * ground) / n);
    }
  }
  return encodePNG(size, rgba);
}

function inRoundedSquare(x, y, size, r) {
  if (r <= 0) return true;
  const cx = Math.min(Math.max(x, r), size - r);
  const cy = Math.min(Math.max(y, r), size - r);
  return Math.hypot(x - cx, y - cy) <= r;
}

mkdirSync(outDir, { recursive: true });
const icons = [
  ['icon-192.png', 192, { scale: 1, corner: 0.2 }],
  ['icon-512.png', 512, { scale: 1, corner: 0.2 }],
  ['maskable-512.png', 512, { scale: 0.72, corner: 0 }],
  ['apple-touch-icon.png', 180, { scale: 0.85, corner: 0 }],
  ['favicon-32.png', 32, { scale: 1, corner: 0.2 }],
];
for (const [name, size, opts] of icons) {
  writeFileSync(join(outDir, name), render(size, opts));
  console.log(`wrote public/icons/${name} (${size}×${size})`);
}

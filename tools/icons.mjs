// Draws the app's icons from a few shapes, with nothing but node's built-ins, into public/:
// icon.svg, and icon-192.png and icon-512.png for the web app manifest. The PNGs are
// committed; run `node tools/icons.mjs` again after changing the shapes here.
// The picture: a ledger page with ruled lines on the red of official documents
// (--accent in style/main.css).
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RED = [0xa4, 0x16, 0x1a];
const WHITE = [0xff, 0xff, 0xff];

// Rounded rectangles on a 512 × 512 grid, drawn in order.
const SHAPES = [
  { x: 0, y: 0, w: 512, h: 512, r: 96, color: RED },
  { x: 128, y: 88, w: 256, h: 336, r: 20, color: WHITE },
  { x: 168, y: 152, w: 176, h: 24, r: 6, color: RED },
  { x: 168, y: 216, w: 176, h: 16, r: 4, color: RED },
  { x: 168, y: 272, w: 176, h: 16, r: 4, color: RED },
  { x: 168, y: 328, w: 112, h: 16, r: 4, color: RED },
];

function inside(s, x, y) {
  if (x < s.x || y < s.y || x > s.x + s.w || y > s.y + s.h) return false;
  const cx = Math.min(Math.max(x, s.x + s.r), s.x + s.w - s.r);
  const cy = Math.min(Math.max(y, s.y + s.r), s.y + s.h - s.r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= s.r ** 2;
}

const hex = (c) => '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');

function svg() {
  const rects = SHAPES.map(
    (s) => `  <rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${hex(s.color)}"/>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">\n${rects.join('\n')}\n</svg>\n`;
}

/** RGBA pixels of the icon at `size`, 4 × 4 samples per pixel. */
function raster(size) {
  const n = 4;
  const scale = 512 / size;
  const px = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let pxX = 0; pxX < size; pxX++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (pxX + (sx + 0.5) / n) * scale;
          const y = (py + (sy + 0.5) / n) * scale;
          let color = null;
          for (const s of SHAPES) if (inside(s, x, y)) color = s.color;
          if (color) { r += color[0]; g += color[1]; b += color[2]; a += 1; }
        }
      }
      const o = (py * size + pxX) * 4;
      if (a > 0) { px[o] = Math.round(r / a); px[o + 1] = Math.round(g / a); px[o + 2] = Math.round(b / a); }
      px[o + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
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

function png(size) {
  const px = raster(size);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    px.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter set, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = resolve(dirname(fileURLToPath(import.meta.url)), '../public');
writeFileSync(resolve(out, 'icon.svg'), svg());
for (const size of [192, 512]) writeFileSync(resolve(out, `icon-${size}.png`), png(size));
console.log(`icons written to ${out}`);

import { crc32, deflateSync } from 'node:zlib';

/**
 * Tiny images made in code. The PNGs are complete and decodable (IHDR with its CRC, IDAT, IEND); the JPEG
 * and WebP files carry real headers (the server reads headers only) followed by placeholder data.
 */

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An RGB PNG of the given size with a colour gradient; `extra` goes into a private ancillary chunk. */
export function png(
  width: number,
  height: number,
  { extra, seed = 0 }: { extra?: Buffer; seed?: number } = {},
) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * row + 1 + x * 3;
      raw[at] = (x * 16 + seed) & 0xff;
      raw[at + 1] = (y * 16) & 0xff;
      raw[at + 2] = (x + y + seed) & 0xff;
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    ...(extra ? [pngChunk('ccPa', extra)] : []),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function jpegSegment(marker: number, data: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

/**
 * A JPEG's structure: SOI, APP0 (JFIF), a comment full of 0xFF bytes, the frame header (SOF0 baseline or SOF2
 * progressive) with the size, a scan header and placeholder entropy data, EOI.
 */
export function jpeg(width: number, height: number, { progressive = false } = {}) {
  const app0 = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof = Buffer.alloc(15);
  sof[0] = 8;
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof[5] = 3;
  sof.set([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 6);
  const sos = Buffer.from([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xe0, app0),
    jpegSegment(0xfe, Buffer.alloc(20, 0xff)),
    jpegSegment(progressive ? 0xc2 : 0xc0, sof),
    jpegSegment(0xda, sos),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

function riff(chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), ...chunks]);
  const head = Buffer.from('RIFF0000', 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

function webpChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** Lossless (VP8L): signature 0x2F, then width−1 and height−1 in 14 bits each. */
function vp8l(width: number, height: number): Buffer {
  const data = Buffer.alloc(12, 0x5a);
  data[0] = 0x2f;
  data.writeUInt32LE(((width - 1) | ((height - 1) << 14)) >>> 0, 1);
  return webpChunk('VP8L', data);
}

export type WebpKind = 'lossy' | 'lossless' | 'extended';

/** A WebP: lossy (VP8 key frame with its start code), lossless (VP8L) or extended (VP8X canvas, then VP8L). */
export function webp(width: number, height: number, kind: WebpKind = 'lossless'): Buffer {
  if (kind === 'lossless') return riff([vp8l(width, height)]);
  if (kind === 'extended') {
    const vp8x = Buffer.alloc(10);
    vp8x[0] = 0x10; // alpha
    vp8x.writeUIntLE(width - 1, 4, 3);
    vp8x.writeUIntLE(height - 1, 7, 3);
    return riff([webpChunk('VP8X', vp8x), vp8l(width, height)]);
  }
  const data = Buffer.alloc(20, 0x33);
  data.set([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a], 0); // key frame, shown; start code
  data.writeUInt16LE(width & 0x3fff, 6);
  data.writeUInt16LE(height & 0x3fff, 8);
  return riff([webpChunk('VP8 ', data)]);
}

export const SVG = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script></svg>',
);

/** Every byte value, several times: what a binary store must give back unchanged. */
export const EVERY_BYTE = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7) % 256));

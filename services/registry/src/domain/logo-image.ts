import { crc32 } from 'node:zlib';
import { type FieldProblem, validationError } from '@ccp/kit';
import { GraphQLError } from 'graphql';
import { LOGO_MAX_SIDE, LOGO_MIN_SIDE, LOGO_TYPES, type LogoType } from '../model/cluster-logo.js';

/**
 * Logo checks read headers only: the declared type, the magic bytes and the width and height the header
 * states. Pixels are never decoded, so a file with a valid header and broken pixel data is accepted (it is
 * served with its declared type, `nosniff` and `default-src 'none'`, so at worst it does not display).
 */

const NAMES: Record<LogoType, string> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/webp': 'WebP' };
const ACCEPTED = 'send image/png, image/jpeg or image/webp';

/** A body over the limit: refused while it is read (HTTP 413), named like a validation error. */
export function payloadTooLargeError(maxBytes: number): GraphQLError {
  return new GraphQLError(`Invalid body: must be at most ${maxBytes} bytes (512 KB)`, {
    extensions: {
      code: 'PAYLOAD_TOO_LARGE',
      field: 'body',
      maxBytes,
      problems: [{ field: 'body', reason: `must be at most ${maxBytes} bytes (512 KB)` }],
    },
  });
}

/** The declared Content-Type as one of the accepted types, or BAD_USER_INPUT naming `contentType`. */
export function logoContentType(header: string | undefined): LogoType {
  const mime = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if ((LOGO_TYPES as readonly string[]).includes(mime)) return mime as LogoType;
  const reason = !mime
    ? `is required: ${ACCEPTED}`
    : mime.includes('svg')
      ? `SVG is refused because it can carry script; ${ACCEPTED}`
      : `${mime.slice(0, 100)} is not accepted; ${ACCEPTED}`;
  throw validationError([{ field: 'contentType', reason }]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What the first bytes are, whatever was declared: an accepted type, markup (SVG, HTML, XML) or unknown. */
export function sniffImageType(bytes: Buffer): LogoType | 'markup' | null {
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  if (/^(\ufeff)?\s*</.test(bytes.toString('utf8', 0, 256))) return 'markup';
  return null;
}

interface Size {
  width: number;
  height: number;
}

/** The IHDR chunk must come first, 13 bytes long, with a matching CRC. */
function pngSize(b: Buffer): Size | null {
  if (b.length < 33 || b.readUInt32BE(8) !== 13 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  if (crc32(b.subarray(12, 29)) !== b.readUInt32BE(29)) return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Start-of-frame markers that carry the size (C4 DHT, C8 JPG and CC DAC are not frames). */
const JPEG_FRAMES = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** Walks the marker segments after SOI up to the first frame header (SOFn). */
function jpegSize(b: Buffer): Size | null {
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) return null;
    while (b[i] === 0xff) i++;
    const marker = b[i++];
    if (marker === undefined) return null;
    // Stand-alone markers (TEM, RSTn, a repeated SOI) have no length.
    if (marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    // The image ended or its scan began before any frame header.
    if (marker === 0xd9 || marker === 0xda) return null;
    if (i + 2 > b.length) return null;
    const length = b.readUInt16BE(i);
    if (length < 2) return null;
    if (JPEG_FRAMES.has(marker)) {
      if (length < 8 || i + 7 > b.length) return null;
      return { height: b.readUInt16BE(i + 3), width: b.readUInt16BE(i + 5) };
    }
    i += length;
  }
  return null;
}

/** The first chunk after `RIFF....WEBP`: VP8 (lossy), VP8L (lossless) or VP8X (extended). */
function webpSize(b: Buffer): Size | null {
  if (b.length < 30 || b.readUInt32LE(4) + 8 > b.length) return null;
  const d = 20;
  switch (b.toString('latin1', 12, 16)) {
    case 'VP8 ':
      // A key frame (bit 0 clear), the start code 9D 01 2A, then 14-bit width and height.
      if ((b[d]! & 1) !== 0 || b[d + 3] !== 0x9d || b[d + 4] !== 0x01 || b[d + 5] !== 0x2a) return null;
      return { width: b.readUInt16LE(d + 6) & 0x3fff, height: b.readUInt16LE(d + 8) & 0x3fff };
    case 'VP8L': {
      if (b[d] !== 0x2f) return null;
      const bits = b.readUInt32LE(d + 1);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    case 'VP8X':
      return { width: b.readUIntLE(d + 4, 3) + 1, height: b.readUIntLE(d + 7, 3) + 1 };
    default:
      return null;
  }
}

const SIZE_OF: Record<LogoType, (b: Buffer) => Size | null> = {
  'image/png': pngSize,
  'image/jpeg': jpegSize,
  'image/webp': webpSize,
};

/** Width and height from the header, or null when the header cannot be read. */
export function imageSize(type: LogoType, bytes: Buffer): Size | null {
  return SIZE_OF[type](bytes);
}

/**
 * Checks a logo's bytes against its declared type: the magic bytes must match it and the header must state
 * a width and height between LOGO_MIN_SIDE and LOGO_MAX_SIDE. Throws BAD_USER_INPUT naming `body`, `width`
 * or `height`.
 */
export function inspectLogo(type: LogoType, bytes: Buffer): Size {
  if (bytes.length === 0) throw validationError([{ field: 'body', reason: 'must not be empty' }]);
  const actual = sniffImageType(bytes);
  if (actual !== type) {
    const reason =
      actual === 'markup'
        ? 'is markup (SVG, HTML or XML), which is refused because it can carry script'
        : actual
          ? `is a ${NAMES[actual]} image, not ${NAMES[type]}: declare ${actual}`
          : `does not start like a ${NAMES[type]} image (its magic bytes do not match ${type})`;
    throw validationError([{ field: 'body', reason }]);
  }
  const size = imageSize(type, bytes);
  if (!size) {
    throw validationError([
      { field: 'body', reason: `has no readable ${NAMES[type]} header with its width and height` },
    ]);
  }
  const problems: FieldProblem[] = [];
  for (const side of ['width', 'height'] as const) {
    if (size[side] < LOGO_MIN_SIDE || size[side] > LOGO_MAX_SIDE) {
      problems.push({
        field: side,
        reason: `is ${size[side]} pixels; it must be between ${LOGO_MIN_SIDE} and ${LOGO_MAX_SIDE}`,
      });
    }
  }
  if (problems.length) throw validationError(problems);
  return size;
}

import { describe, expect, it } from 'vitest';
import { imageSize, inspectLogo, logoContentType, sniffImageType } from '../src/domain/logo-image.js';
import { jpeg, png, SVG, webp } from './logo-fixtures.js';

function refusal(act: () => unknown) {
  try {
    act();
  } catch (err) {
    return (err as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('expected a refusal');
}

describe('reading image headers', () => {
  it('When a PNG, baseline and progressive JPEG and every kind of WebP are read, then each header gives its width and height', () => {
    expect(imageSize('image/png', png(300, 17))).toEqual({ width: 300, height: 17 });
    expect(imageSize('image/jpeg', jpeg(640, 480))).toEqual({ width: 640, height: 480 });
    expect(imageSize('image/jpeg', jpeg(4096, 16, { progressive: true }))).toEqual({
      width: 4096,
      height: 16,
    });
    expect(imageSize('image/webp', webp(1000, 16, 'lossy'))).toEqual({ width: 1000, height: 16 });
    expect(imageSize('image/webp', webp(16383, 3, 'lossless'))).toEqual({ width: 16383, height: 3 });
    expect(imageSize('image/webp', webp(5000, 70000, 'extended'))).toEqual({ width: 5000, height: 70000 });
  });

  it('When a header is cut short, its PNG CRC is wrong or a JPEG scan starts before any frame header, then no size is read', () => {
    const badCrc = png(32, 32);
    badCrc[29] = (badCrc[29] ?? 0) ^ 0xff;
    const jpegWithoutFrame = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x04, 0x00, 0x00, 0xff, 0xd9]);
    const lossyNotKeyFrame = webp(32, 32, 'lossy');
    lossyNotKeyFrame[20] = 0x11;

    expect(imageSize('image/png', png(32, 32).subarray(0, 30))).toBeNull();
    expect(imageSize('image/png', badCrc)).toBeNull();
    expect(imageSize('image/jpeg', jpeg(32, 32).subarray(0, 40))).toBeNull();
    expect(imageSize('image/jpeg', jpegWithoutFrame)).toBeNull();
    expect(imageSize('image/webp', webp(32, 32).subarray(0, 26))).toBeNull();
    expect(imageSize('image/webp', lossyNotKeyFrame)).toBeNull();
  });

  it('When the first bytes are looked at, then PNG, JPEG, WebP and markup (even after a BOM and spaces) are told apart', () => {
    expect(sniffImageType(png(16, 16))).toBe('image/png');
    expect(sniffImageType(jpeg(16, 16))).toBe('image/jpeg');
    expect(sniffImageType(webp(16, 16))).toBe('image/webp');
    expect(sniffImageType(SVG)).toBe('markup');
    expect(sniffImageType(Buffer.from('\ufeff  \n<svg onload="alert(1)"/>'))).toBe('markup');
    expect(sniffImageType(Buffer.from('GIF89a'))).toBeNull();
  });
});

describe('logo rules', () => {
  it('When the declared type is PNG, JPEG or WebP (any case, with parameters), then it is accepted; SVG, GIF or none is refused naming contentType', () => {
    expect(logoContentType('image/PNG; charset=binary')).toBe('image/png');
    expect(logoContentType('image/webp')).toBe('image/webp');
    expect(refusal(() => logoContentType('image/svg+xml'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'contentType',
      problems: [{ reason: expect.stringMatching(/SVG is refused/) }],
    });
    expect(refusal(() => logoContentType('image/gif'))).toMatchObject({ field: 'contentType' });
    expect(refusal(() => logoContentType(undefined))).toMatchObject({ field: 'contentType' });
  });

  it('When the bytes are another type than declared, markup or empty, then the refusal names body and says what they are', () => {
    expect(refusal(() => inspectLogo('image/png', jpeg(64, 64)))).toMatchObject({
      field: 'body',
      problems: [{ reason: 'is a JPEG image, not PNG: declare image/jpeg' }],
    });
    expect(refusal(() => inspectLogo('image/png', SVG))).toMatchObject({
      field: 'body',
      problems: [{ reason: expect.stringMatching(/markup/) }],
    });
    expect(refusal(() => inspectLogo('image/webp', Buffer.from('RIFF\0\0\0\0AVI LIST')))).toMatchObject({
      field: 'body',
    });
    expect(refusal(() => inspectLogo('image/jpeg', Buffer.alloc(0)))).toMatchObject({ field: 'body' });
  });

  it('When a side is under 16 or over 4096 pixels, then the refusal names width or height (both when both are wrong); 16 and 4096 pass', () => {
    expect(inspectLogo('image/png', png(16, 4096))).toEqual({ width: 16, height: 4096 });
    expect(refusal(() => inspectLogo('image/png', png(15, 64)))).toMatchObject({ field: 'width' });
    expect(refusal(() => inspectLogo('image/jpeg', jpeg(64, 4097)))).toMatchObject({ field: 'height' });
    expect(refusal(() => inspectLogo('image/webp', webp(8, 5000, 'extended')))).toMatchObject({
      field: 'width',
      problems: [{ field: 'width' }, { field: 'height' }],
    });
  });
});

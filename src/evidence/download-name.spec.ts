import { describe, expect, it } from '@jest/globals';
import { attachmentDisposition, downloadName } from './download-name.js';

describe(downloadName.name, () => {
  it('keeps a plain name and gives it the extension of what the file is', () => {
    expect(downloadName('IMG_2041.JPG', { extension: 'jpg' }, 'evidence-1')).toBe('IMG_2041.jpg');
    expect(downloadName('bill.pdf.exe', { extension: 'pdf' }, 'evidence-1')).toBe('bill.pdf.pdf');
    expect(downloadName('invoice', { extension: 'pdf' }, 'evidence-1')).toBe('invoice.pdf');
  });

  it('drops any path and any character a header or a file system could misread', () => {
    expect(downloadName('../../etc/passwd', { extension: 'txt' }, 'evidence-1')).toBe('passwd.txt');
    expect(downloadName('C:\\Users\\ana\\foto "rota".heic', { extension: 'heic' }, 'evidence-1')).toBe('foto_rota.heic');
    expect(downloadName('a\r\nSet-Cookie: x=1.png', { extension: 'png' }, 'evidence-1')).toBe('a_Set-Cookie_x_1.png');
  });

  it('keeps letters of any language', () => {
    expect(downloadName('factura de señora Núñez.pdf', { extension: 'pdf' }, 'evidence-1')).toBe('factura de señora Núñez.pdf');
  });

  it('falls back to its own name when nothing usable is left', () => {
    expect(downloadName(undefined, { extension: 'jpg' }, 'evidence-1')).toBe('evidence-1.jpg');
    expect(downloadName('../..', { extension: 'jpg' }, 'evidence-1')).toBe('evidence-1.jpg');
    expect(downloadName('"<>".png', { extension: 'png' }, 'evidence-1')).toBe('evidence-1.png');
  });

  it('keeps names short', () => {
    expect(downloadName(`${'a'.repeat(300)}.txt`, { extension: 'txt' }, 'evidence-1')).toBe(`${'a'.repeat(60)}.txt`);
  });
});

describe(attachmentDisposition.name, () => {
  it('offers the file as an attachment, with an ASCII name and the UTF-8 one', () => {
    expect(attachmentDisposition('señora Núñez.pdf')).toBe(`attachment; filename="senora Nunez.pdf"; filename*=UTF-8''se%C3%B1ora%20N%C3%BA%C3%B1ez.pdf`);
  });
});

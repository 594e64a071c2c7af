/**
 * Link-code slips on paper (R3): a QR code of the bot's deep link per slip, as SVG for the
 * printable page and as vector squares in the PDF. The PDF embeds DejaVu Sans (shipped in the
 * `dejavu-fonts-ttf` package), which has every Kyrgyz letter (ң, ө, ү) — no system font is used.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Domain } from '../../domain/index.ts';
import type { TFunction } from '../../locales/i18n.ts';

export type SlipSheet = Awaited<ReturnType<Domain['accounts']['createLinkSlips']>>;
export type Slip = SlipSheet['slips'][number];

const fontDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);
const FONTS = {
  regular: path.join(fontDir, 'DejaVuSans.ttf'),
  bold: path.join(fontDir, 'DejaVuSans-Bold.ttf'),
  mono: path.join(fontDir, 'DejaVuSansMono-Bold.ttf'),
};

/** "ABCD2345" → "ABCD-2345": easier to read aloud and type; the bot ignores the dash. */
export const groupCode = (code: string) => code.replace(/^(.{4})(.+)$/, '$1-$2');

export const fullName = (p: { lastName: string; firstName: string; patronymic: string | null }) =>
  [p.lastName, p.firstName, p.patronymic].filter(Boolean).join(' ');

/** The QR code of a deep link as an inline SVG (scales cleanly when printed). */
export const qrSvg = (link: string) =>
  QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });

const LOCALE = { ky: 'ky-KG', ru: 'ru-RU', en: 'en-GB' } as Record<string, string>;

/** The date a code expires, as the reader writes dates (Bishkek time). */
export const formatExpiry = (date: Date, lang: string) =>
  new Intl.DateTimeFormat(LOCALE[lang] ?? 'ru-RU', {
    dateStyle: 'long',
    timeZone: 'Asia/Bishkek',
  }).format(date);

/** The texts of one slip in the reader's language (shared by the page and the PDF). */
export const slipTexts = (t: TFunction, lang: string, sheet: SlipSheet, slip: Slip) => ({
  title: t('web:slips.title'),
  header: t('web:slips.header', { school: sheet.schoolName, className: slip.className }),
  holder: fullName(slip.holder),
  role:
    slip.kind === 'PUPIL'
      ? t('web:slips.forPupil')
      : t('web:slips.forParent', { pupil: `${slip.pupil.lastName} ${slip.pupil.firstName}` }),
  code: groupCode(slip.code),
  howTo: sheet.botUsername
    ? t('web:slips.howTo', { bot: sheet.botUsername })
    : t('web:slips.howToNoBot'),
  validUntil: t('web:slips.validUntil', { date: formatExpiry(sheet.expiresAt, lang) }),
});

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 24;
const COLS = 2;
const ROWS = 5;

/** Draws the QR code of `link` as filled squares in a `size`-point square at (x, y). */
const drawQr = (doc: PDFKit.PDFDocument, link: string, x: number, y: number, size: number) => {
  const qr = QRCode.create(link, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 1;
  const cell = size / (n + 2 * quiet);
  for (let row = 0; row < n; row += 1)
    for (let col = 0; col < n; col += 1)
      if (qr.modules.get(row, col))
        doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
  doc.fill('#000');
};

/**
 * The slips as an A4 PDF, ten per page (two columns, five rows) with dashed cutting lines:
 * QR code, name, whom it is for, the code in large letters, how to use it and until when.
 */
export const renderSlipsPdf = async (sheet: SlipSheet, t: TFunction, lang: string) => {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: t('web:slips.pdfTitle', { className: sheet.className }), Creator: 'Sabak' },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('mono', FONTS.mono);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = (A4.width - 2 * MARGIN) / COLS;
  const h = (A4.height - 2 * MARGIN) / ROWS;
  const qrSize = 104;
  if (sheet.slips.length === 0) {
    doc.addPage();
    doc.font('regular').fontSize(12).text(t('web:slips.none'), MARGIN, MARGIN);
  }
  sheet.slips.forEach((slip, index) => {
    const onPage = index % (COLS * ROWS);
    if (onPage === 0) doc.addPage();
    const x = MARGIN + (onPage % COLS) * w;
    const y = MARGIN + Math.floor(onPage / COLS) * h;
    doc.save().lineWidth(0.5).dash(4, { space: 3 }).strokeColor('#888').rect(x, y, w, h).stroke();
    doc.restore();
    const text = slipTexts(t, lang, sheet, slip);
    const pad = 8;
    if (slip.deepLink) drawQr(doc, slip.deepLink, x + pad, y + (h - qrSize) / 2, qrSize);
    const tx = x + pad + (slip.deepLink ? qrSize + 6 : 0);
    const tw = x + w - pad - tx;
    doc.fillColor('#000');
    doc
      .font('regular')
      .fontSize(7)
      .text(text.header, tx, y + pad, { width: tw, lineBreak: true });
    doc.font('bold').fontSize(10).text(text.holder, { width: tw });
    doc.font('regular').fontSize(8).text(text.role, { width: tw });
    doc.moveDown(0.3);
    doc.font('mono').fontSize(17).text(text.code, { width: tw, characterSpacing: 1 });
    doc.moveDown(0.2);
    doc.font('regular').fontSize(6.5).text(text.howTo, { width: tw });
    doc.font('regular').fontSize(6.5).text(text.validUntil, { width: tw });
  });
  doc.end();
  return done;
};

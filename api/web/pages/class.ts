import type { Request } from 'express';
import { DomainError } from '../../../domain/index.ts';
import { LANGUAGES, type Lang } from '../../../locales/i18n.ts';
import { qrSvg, renderSlipsPdf, slipTexts } from '../../render/slips.ts';
import { render } from '../render.ts';
import type { PageModule } from '../types.ts';
import { formField, pathId } from './params.ts';

const INCLUDE = ['ALL', 'PARENTS', 'PUPILS'] as const;
type Include = (typeof INCLUDE)[number];

const includeOf = (req: Request): Include => {
  const value = formField(req, 'include');
  return (INCLUDE as readonly string[]).includes(value) ? (value as Include) : 'ALL';
};

/** The language the slips are printed in: chosen on the form, else the page's. */
const slipLang = (req: Request): Lang => {
  const value = formField(req, 'slipLang');
  return (LANGUAGES as readonly string[]).includes(value) ? (value as Lang) : req.lang;
};

/**
 * The class teacher's pages (R3): the class overview and the link-code slips — a printable A4
 * sheet (print CSS, a QR code per slip) and the same as a PDF, in the language chosen for them.
 * Issuing slips writes codes, so both are answers to a POST of the slips form.
 */
export const classPages: PageModule = ({ get, post, staff, deps }) => {
  const { domain, i18n } = deps;

  get('/class', staff, (req, res) => {
    const led = req.actor.kind === 'user' ? req.actor.classTeacherOf[0] : undefined;
    if (led === undefined) throw new DomainError('NOT_FOUND', 'no class led');
    res.redirect(303, `/class/${led}`);
  });

  get('/class/:classId', staff, async (req, res) => {
    const overview = await domain.journal.getClassOverview(req.actor, {
      classGroupId: pathId(req, 'classId'),
    });
    render(req, res, 'class-overview', { o: overview, wide: true });
  });

  get('/class/:classId/slips', staff, async (req, res) => {
    const overview = await domain.journal.getClassOverview(req.actor, {
      classGroupId: pathId(req, 'classId'),
    });
    render(req, res, 'slips-form', { o: overview });
  });

  post('/class/:classId/slips', staff, async (req, res) => {
    const lang = slipLang(req);
    const t = i18n.getFixedT(lang);
    const sheet = await domain.accounts.createLinkSlips(req.actor, {
      classGroupId: pathId(req, 'classId'),
      include: includeOf(req),
    });
    const slips = await Promise.all(
      sheet.slips.map(async (slip) => ({
        ...slipTexts(t, lang, sheet, slip),
        kind: slip.kind,
        qr: slip.deepLink ? await qrSvg(slip.deepLink) : null,
        deepLink: slip.deepLink,
      })),
    );
    render(req, res, 'slips', { sheet, slips, slipLang: lang, st: t });
  });

  post('/class/:classId/slips.pdf', staff, async (req, res) => {
    const lang = slipLang(req);
    const sheet = await domain.accounts.createLinkSlips(req.actor, {
      classGroupId: pathId(req, 'classId'),
      include: includeOf(req),
    });
    const pdf = await renderSlipsPdf(sheet, i18n.getFixedT(lang), lang);
    res
      .status(200)
      .type('application/pdf')
      .set('Cache-Control', 'no-store')
      .attachment(`${sheet.className}-slips.pdf`)
      .send(pdf);
  });
};

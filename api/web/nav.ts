import type { Actor } from '../../domain/index.ts';

/** One entry of the main menu. `key` is a `web:` i18n key; `visible` hides it from some staff. */
export interface NavEntry {
  href: string;
  key: string;
  /** Paths that mark this entry as the current page (default: `href` and below). */
  match?: RegExp;
  visible?: (actor: Actor) => boolean;
}

const isStaff = (actor: Actor) => actor.kind === 'user' && actor.roles.length > 0;

/**
 * The one list of menu entries, in order. A new page adds its entry here (and nowhere else): the
 * layout renders it for every signed-in page.
 */
export const NAV: NavEntry[] = [
  { href: '/day', key: 'nav.day', visible: isStaff },
  { href: '/journal', key: 'nav.journal', match: /^\/journal(\/\d+\/\d+)?$/, visible: isStaff },
  {
    href: '/class',
    key: 'classPage.nav',
    visible: (actor) => actor.kind === 'user' && actor.classTeacherOf.length > 0,
  },
  { href: '/inbox', key: 'inbox.nav', visible: isStaff },
  { href: '/announcements', key: 'announce.nav', visible: isStaff },
  { href: '/password', key: 'nav.password', visible: isStaff },
];

/** The menu as the layout shows it: visible entries with `current` set for the page's path. */
export const navFor = (actor: Actor, path: string) =>
  NAV.filter((entry) => entry.visible?.(actor) ?? true).map((entry) => ({
    href: entry.href,
    key: entry.key,
    current: entry.match
      ? entry.match.test(path)
      : path === entry.href || path.startsWith(`${entry.href}/`),
  }));

/** The printed demo sheet: demo logins per role with the shared password, and parent link codes. */
import type { DemoRole, DemoSchool } from '../prisma/seed/demo-school.ts';

const ROLE_LABELS: Record<DemoRole, string> = {
  admin: 'Директор / admin',
  deputy: 'Завуч / deputy',
  subjectTeacher: 'Предмет мугалими / subject teacher',
  classTeacher: 'Класс жетекчи / class teacher',
  psychologist: 'Психолог / psychologist',
  doctor: 'Дарыгер / doctor',
};

const pad = (text: string, width: number) =>
  text + ' '.repeat(Math.max(1, width - [...text].length));

const formatDay = (d: Date) =>
  new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Asia/Bishkek',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(d);

/** Lines of the demo sheet (printed at first start and saved next to the data). */
export const formatDemoSheet = (demo: DemoSchool): string[] => [
  `Демо мектеп / Demo school: ${demo.schoolName}`,
  `  ${demo.counts.classes} класс, ${demo.counts.pupils} окуучу, ${demo.counts.parents} ата-эне, ${demo.counts.staff} кызматкер; ` +
    `журнал ${formatDay(new Date(`${demo.period.from}T06:00:00Z`))}–${formatDay(new Date(`${demo.period.to}T06:00:00Z`))}: ${demo.counts.lessons} сабак, ${demo.counts.marks} баа`,
  '',
  `Сырсөз (бардык демо логиндер үчүн) / Password for every demo login: ${demo.password}`,
  ...demo.logins.map(
    (l) => `  ${pad(ROLE_LABELS[l.role], 36)}${pad(l.login, 18)}${l.fullName} — ${l.note}`,
  ),
  '',
  "Бот жана worker SERVICE_TOKEN'ду npm start'тан өзү алат / The bot and the worker get SERVICE_TOKEN from npm start",
  '  (a bot run on its own needs the same SERVICE_TOKEN as the API).',
  '',
  'Ата-энелер үчүн байланыш коддору (бир жолу колдонулат) / Parent link codes (single use, for the Telegram bot):',
  ...demo.parentCodes.map(
    (c) =>
      `  ${pad(c.code, 12)}${c.pupil}, ${c.className} (${formatDay(c.expiresAt)} чейин / valid until)`,
  ),
];

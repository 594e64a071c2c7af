/**
 * The bot's typed HTTP client of the API. Paths, parameters and bodies are typed from the API's
 * OpenAPI document (bot/api-schema.d.ts, `npm run bot:api-types`); response bodies, which that
 * document does not describe yet, are typed from the domain's return types (type-only imports,
 * as the layer rule allows) as they look after JSON.
 */
import createClient from 'openapi-fetch';
import type { Domain, DomainErrorCode } from '../domain/index.ts';
import type { Lang } from '../locales/i18n.ts';
import type { paths } from './api-schema.d.ts';

/** What a value looks like after JSON.stringify on the API side (dates and bigints → strings). */
export type Jsonified<T> = T extends Date | bigint
  ? string
  : T extends readonly (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

type Result<F> = F extends (...args: never[]) => Promise<infer R> ? Jsonified<R> : never;

export type Me = Result<Domain['accounts']['getMe']>;
export type Child = Result<Domain['diary']['listChildren']>[number];
export type DiaryDay = Result<Domain['diary']['getDiaryDay']>;
export type PupilMarks = Result<Domain['diary']['listPupilMarks']>;
export type Redeemed = Result<Domain['accounts']['redeemLinkCode']>;
export type DiaryWeek = Result<Domain['diary']['getDiaryWeek']>;
export type Homework = Result<Domain['diary']['listHomework']>;
export type PupilAttendance = Result<Domain['diary']['listPupilAttendance']>;
export type TermSummary = Result<Domain['diary']['getCurrentTermSummary']>;
export type MarkChanges = Result<Domain['diary']['listMarkChanges']>;
export type Announcement = Result<Domain['messaging']['listAnnouncements']>[number];
export type Contact = Result<Domain['messaging']['listContacts']>[number];
export type ThreadSummary = Result<Domain['messaging']['listThreads']>[number];
export type Thread = Result<Domain['messaging']['getThread']>;
export type TeacherWeek = Result<Domain['timetable']['getTeacherTimetable']>;
export type ClassOverview = Result<Domain['journal']['getClassOverview']>;
export type BotAccountToken = Result<Domain['accounts']['listBotTokens']>[number];

/** The file name of a Content-Disposition header (RFC 6266: `filename*` first). */
export const fileNameOf = (header: string | null): string | null => {
  if (!header) return null;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) return decodeURIComponent(extended);
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? null;
};

/** The API answered with a problem (4xx): its code picks the user's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: DomainErrorCode | 'UNKNOWN',
    /** Localized by the API (Accept-Language): shown to the user for validation problems. */
    readonly title: string,
    readonly detail: string | undefined,
    readonly fieldMessages: string[],
  ) {
    super(`API ${status} ${code}`);
    this.name = 'ApiError';
  }
}

/** The API could not be reached or failed (network, timeout, 5xx): "try again shortly". */
export class ApiUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiUnavailableError';
  }
}

export interface ApiClientOptions {
  /** The API's origin, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  serviceToken: string;
  /** Per-request timeout in milliseconds (default 8000). */
  timeoutMs?: number;
}

interface Problem {
  code?: string;
  title?: string;
  detail?: string;
  errors?: { message?: string }[];
}

const unwrap = async <T>(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<T> => {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch (error) {
    throw new ApiUnavailableError('API unreachable', { cause: error });
  }
  const { response } = result;
  if (response.status >= 500) throw new ApiUnavailableError(`API answered ${response.status}`);
  if (!response.ok) {
    const problem = (result.error ?? {}) as Problem;
    throw new ApiError(
      response.status,
      (problem.code as DomainErrorCode | undefined) ?? 'UNKNOWN',
      problem.title ?? '',
      problem.detail,
      (problem.errors ?? []).flatMap((e) => (e.message ? [e.message] : [])),
    );
  }
  return result.data as T;
};

/**
 * Builds the client factory: `forUser(telegramUserId, lang)` gives the API as that Telegram user
 * (service token + X-Telegram-User-Id); the API decides what that user may see.
 */
export const createApiClient = ({ baseUrl, serviceToken, timeoutMs = 8000 }: ApiClientOptions) => {
  const client = createClient<paths>({ baseUrl });

  const forUser = (telegramUserId: number, lang: Lang) => {
    const init = () => ({
      headers: {
        authorization: `Bearer ${serviceToken}`,
        'x-telegram-user-id': String(telegramUserId),
        'accept-language': lang,
      },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      me: () => unwrap<Me>(client.GET('/api/v1/me', init())),
      children: () => unwrap<Child[]>(client.GET('/api/v1/me/children', init())),
      redeemLinkCode: (code: string, chatId: number, botAccountId: number | null = null) =>
        unwrap<Redeemed>(
          client.POST('/api/v1/link-codes/redeem', {
            ...init(),
            body: { code, chatId, ...(botAccountId !== null ? { botAccountId } : {}) },
          }),
        ),
      unlink: () => unwrap<{ unlinked: number }>(client.DELETE('/api/v1/me/telegram', init())),
      setLanguage: (language: Lang) =>
        unwrap<{ language: Lang }>(
          client.PUT('/api/v1/me/language', { ...init(), body: { language } }),
        ),
      diaryDay: (pupilId: number, date?: string) =>
        unwrap<DiaryDay>(
          client.GET('/api/v1/pupils/{pupilId}/diary/day', {
            ...init(),
            params: { path: { pupilId }, query: date ? { date } : {} },
          }),
        ),
      marks: (pupilId: number, range: { from?: string; to?: string } = {}) =>
        unwrap<PupilMarks>(
          client.GET('/api/v1/pupils/{pupilId}/marks', {
            ...init(),
            params: { path: { pupilId }, query: range },
          }),
        ),
      week: (pupilId: number, date?: string) =>
        unwrap<DiaryWeek>(
          client.GET('/api/v1/pupils/{pupilId}/diary/week', {
            ...init(),
            params: { path: { pupilId }, query: date ? { date } : {} },
          }),
        ),
      homework: (pupilId: number, range: { from?: string; to?: string } = {}) =>
        unwrap<Homework>(
          client.GET('/api/v1/pupils/{pupilId}/homework', {
            ...init(),
            params: { path: { pupilId }, query: range },
          }),
        ),
      attendance: (pupilId: number, range: { from?: string; to?: string } = {}) =>
        unwrap<PupilAttendance>(
          client.GET('/api/v1/pupils/{pupilId}/attendance', {
            ...init(),
            params: { path: { pupilId }, query: range },
          }),
        ),
      termSummary: (pupilId: number) =>
        unwrap<TermSummary>(
          client.GET('/api/v1/pupils/{pupilId}/term-summary', {
            ...init(),
            params: { path: { pupilId }, query: {} },
          }),
        ),
      markChanges: (pupilId: number) =>
        unwrap<MarkChanges>(
          client.GET('/api/v1/pupils/{pupilId}/mark-changes', {
            ...init(),
            params: { path: { pupilId }, query: {} },
          }),
        ),
      announcements: (pupilId?: number) =>
        unwrap<Announcement[]>(
          client.GET('/api/v1/announcements', {
            ...init(),
            params: { query: pupilId ? { pupilId, limit: 20 } : { limit: 20 } },
          }),
        ),
      createAnnouncement: (classGroupId: number, title: string, body: string) =>
        unwrap<{ id: number }>(
          client.POST('/api/v1/announcements', {
            ...init(),
            body: { audience: 'CLASS', classGroupId, title, body },
          }),
        ),
      contacts: (pupilId: number) =>
        unwrap<Contact[]>(
          client.GET('/api/v1/contacts', { ...init(), params: { query: { pupilId } } }),
        ),
      threads: () => unwrap<ThreadSummary[]>(client.GET('/api/v1/threads', init())),
      thread: (threadId: number) =>
        unwrap<Thread>(
          client.GET('/api/v1/threads/{threadId}', {
            ...init(),
            params: { path: { threadId } },
          }),
        ),
      startThread: (input: {
        pupilId: number;
        recipientUserId: number;
        subject: string;
        body: string;
      }) => unwrap<{ id: number }>(client.POST('/api/v1/threads', { ...init(), body: input })),
      postMessage: (threadId: number, body: string) =>
        unwrap<{ id: number }>(
          client.POST('/api/v1/threads/{threadId}/messages', {
            ...init(),
            params: { path: { threadId } },
            body: { body },
          }),
        ),
      teacherWeek: (teacherId: number, date?: string) =>
        unwrap<TeacherWeek>(
          client.GET('/api/v1/teachers/{teacherId}/timetable', {
            ...init(),
            params: { path: { teacherId }, query: date ? { date } : {} },
          }),
        ),
      /** A class teacher's overview of the class (today's lessons and attendance among it). */
      classOverview: (classGroupId: number) =>
        unwrap<ClassOverview>(
          client.GET('/api/v1/classes/{classGroupId}/overview', {
            ...init(),
            params: { path: { classGroupId }, query: {} },
          }),
        ),
      /** An attached file's bytes (the API checks the user may read its lesson). */
      attachment: async (attachmentId: number) => {
        let fileName = `file-${attachmentId}`;
        const bytes = await unwrap<ArrayBuffer>(
          client
            .GET('/api/v1/attachments/{attachmentId}', {
              ...init(),
              params: { path: { attachmentId } },
              parseAs: 'arrayBuffer',
            })
            .then((result) => {
              fileName = fileNameOf(result.response.headers.get('content-disposition')) ?? fileName;
              return result;
            }),
        );
        return { bytes, fileName };
      },
      setChatStatus: (isBlocked: boolean) =>
        unwrap<{ isBlocked: boolean; changed: number }>(
          client.PUT('/api/v1/me/telegram/chat-status', { ...init(), body: { isBlocked } }),
        ),
    };
  };

  /** The deployment's bot accounts with their tokens (the bot process itself, no Telegram user). */
  const botAccounts = () =>
    unwrap<BotAccountToken[]>(
      client.GET('/api/v1/bot-accounts', {
        headers: { authorization: `Bearer ${serviceToken}` },
        signal: AbortSignal.timeout(timeoutMs),
      }),
    );
  return { forUser, botAccounts };
};

export type ApiClient = ReturnType<typeof createApiClient>;
export type SabakApi = ReturnType<ApiClient['forUser']>;

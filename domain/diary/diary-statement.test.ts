/**
 * The diary's statement is built once per shape (how the actor presented itself, files or not)
 * and only its values change from run to run. Every shape reads the same diary for the same
 * person, and a value of one run never leaks into the next.
 */
import { describe, expect, it } from 'vitest';
import { useWorldDomain } from '../../test/domain-world.ts';
import { TG } from '../../test/world.ts';
import { claimedActor, loadActor } from '../actor.ts';
import { statementTemplate } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { Domain } from '../index.ts';

const ctx = useWorldDomain();

describe('statementTemplate', () => {
  const template = statementTemplate<'a' | 'b'>(
    (hole) =>
      Prisma.sql`SELECT ${hole('a')}::int AS a, ${7}::int AS c, ${hole('b')}::text AS b, ${hole('a')}::int AS d`,
  );

  it('fills the holes of each run in place and keeps the constants', () => {
    const first = template({ a: 1, b: 'x' });
    expect(first.text).toBe('SELECT $1::int AS a, $2::int AS c, $3::text AS b, $4::int AS d');
    expect(first.values).toEqual([1, 7, 'x', 1]);
    expect(template({ a: 2, b: 'ң' }).values).toEqual([2, 7, 'ң', 2]);
  });

  it('gives every run the very same text (one prepared statement, found at once)', () => {
    expect(template({ a: 1, b: 'x' }).text).toBe(template({ a: 3, b: 'y' }).text);
  });
});

describe('the diary statement of each actor shape', () => {
  const DATE = '2026-10-14';
  const day = (actor: Parameters<Domain['diary']['getDiaryDay']>[0], pupilId: number) =>
    ctx.domain.diary.getDiaryDay(actor, { pupilId, date: DATE });

  it('reads the same day for a user id, a Telegram claim and a Telegram claim naming its link', async () => {
    const byId = await day(
      await loadActor(ctx.db.prisma, ctx.world.users.parentA.id),
      ctx.world.pupilA.id,
    );
    const byTelegram = await day(
      claimedActor({ kind: 'telegram', telegramUserId: TG.parentA }),
      ctx.world.pupilA.id,
    );
    const byLink = await day(
      claimedActor({
        kind: 'telegram',
        telegramUserId: TG.parentA,
        userId: ctx.world.users.parentA.id,
      }),
      ctx.world.pupilA.id,
    );
    expect(byId.lessons?.length).toBeGreaterThan(0);
    expect(byTelegram).toEqual(byId);
    expect(byLink).toEqual(byId);
  });

  it("refuses the next run of the same shape for another person's values", async () => {
    await day(claimedActor({ kind: 'telegram', telegramUserId: TG.parentA }), ctx.world.pupilA.id);
    await expect(
      day(claimedActor({ kind: 'telegram', telegramUserId: TG.parentB }), ctx.world.pupilA.id),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      day(
        claimedActor({
          kind: 'telegram',
          telegramUserId: TG.parentA,
          userId: ctx.world.users.parentB.id,
        }),
        ctx.world.pupilA.id,
      ),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

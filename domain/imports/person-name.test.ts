import { describe, expect, it } from 'vitest';
import { personNameKey } from './person-name.ts';

describe('imports.personNameKey', () => {
  it('treats case, spaces, ё/е, dashes, Latin look-alikes and Kyrgyz letters typed on a Russian keyboard as the same name', () => {
    const key = personNameKey('Асанова Гүлзат Бакыт кызы');
    for (const same of [
      'асанова  гүлзат бакыт кызы',
      ' АСАНОВА Гулзат Бакыт кызы ',
      'Aсанова Гүлзат Бакыт кызы', // Latin A
      'Асанова Гүлзат Бaкыт кызы', // Latin a inside a word
    ])
      expect(personNameKey(same), same).toBe(key);
    expect(personNameKey('Пётр Сергеев-Иванов')).toBe(personNameKey('Петр Сергеев – Иванов'));
    expect(personNameKey('Асанова', 'Гүлзат', null)).toBe(personNameKey('Асанова Гүлзат'));
    expect(personNameKey('Төлөгөнова Айгүл')).toBe(personNameKey('Тологонова Айгул'));
  });

  it('keeps different people apart', () => {
    const key = personNameKey('Асанова Гүлзат');
    for (const other of ['Асанова Айгүл', 'Асанов Гүлзат', 'Усенова Гүлзат', 'Asanova Gulzat'])
      expect(personNameKey(other), other).not.toBe(key);
  });
});

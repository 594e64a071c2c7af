/**
 * Name banks of the demo school: Kyrgyz families (patronymics "Бакыт уулу" / "Бакыт кызы",
 * surnames from a grandfather's name) and Russian families (Иванов Сергей Петрович).
 */
import type { Rng } from './rng.ts';

/** A grandfather's name and the surname his descendants carry (masculine form). */
const KYRGYZ_ANCESTORS: readonly (readonly [string, string])[] = [
  ['Асан', 'Асанов'],
  ['Үсөн', 'Үсөнов'],
  ['Төлөн', 'Төлөнов'],
  ['Кадыр', 'Кадыров'],
  ['Осмон', 'Осмонов'],
  ['Токтогул', 'Токтогулов'],
  ['Жума', 'Жумаев'],
  ['Сыдык', 'Сыдыков'],
  ['Мамыт', 'Мамытов'],
  ['Качкын', 'Качкынов'],
  ['Шаршен', 'Шаршенов'],
  ['Бейше', 'Бейшеев'],
  ['Ашыр', 'Ашыров'],
  ['Абдыкадыр', 'Абдыкадыров'],
  ['Турдубай', 'Турдубаев'],
  ['Эсенгул', 'Эсенгулов'],
  ['Иманалы', 'Иманалиев'],
  ['Сулайман', 'Сулайманов'],
  ['Орозбек', 'Орозбеков'],
  ['Байтик', 'Байтиков'],
  ['Касым', 'Касымов'],
  ['Мукаш', 'Мукашев'],
  ['Токтосун', 'Токтосунов'],
  ['Өмүрбек', 'Өмүрбеков'],
  ['Жумабай', 'Жумабаев'],
  ['Сатыбалды', 'Сатыбалдиев'],
  ['Дүйшөн', 'Дүйшөнов'],
  ['Бекмурат', 'Бекмуратов'],
  ['Алы', 'Алиев'],
  ['Төрөкул', 'Төрөкулов'],
  ['Кулмат', 'Кулматов'],
  ['Нурмат', 'Нурматов'],
  ['Бөкөнбай', 'Бөкөнбаев'],
  ['Чотон', 'Чотонов'],
  ['Эшмат', 'Эшматов'],
  ['Абдраим', 'Абдраимов'],
  ['Молдокул', 'Молдокулов'],
  ['Жолдош', 'Жолдошев'],
  ['Ажыбек', 'Ажыбеков'],
  ['Кожомкул', 'Кожомкулов'],
  ['Карабай', 'Карабаев'],
  ['Сарыбай', 'Сарыбаев'],
  ['Таштан', 'Таштанов'],
  ['Темирбек', 'Темирбеков'],
  ['Шамшы', 'Шамшиев'],
  ['Мырзакул', 'Мырзакулов'],
  ['Кененсары', 'Кененсариев'],
  ['Садык', 'Садыков'],
  ['Айтмат', 'Айтматов'],
  ['Бообек', 'Бообеков'],
];

// prettier-ignore
const KYRGYZ_FATHERS = [
  'Бакыт', 'Талант', 'Нурлан', 'Азамат', 'Эрлан', 'Алмаз', 'Улан', 'Канат', 'Медер', 'Мирлан',
  'Айбек', 'Эрмек', 'Чыңгыз', 'Жанболот', 'Асылбек', 'Кубанычбек', 'Мелис', 'Бекболот', 'Темир',
  'Нурбек', 'Урмат', 'Таалайбек', 'Руслан', 'Максат', 'Марат', 'Өмүрбек', 'Үсөн', 'Төлөгөн',
  'Жоомарт', 'Дастан', 'Эркин', 'Самат', 'Алтынбек', 'Бактыбек', 'Замирбек', 'Кайрат', 'Эльдар',
  'Нурсултан', 'Жеңишбек', 'Сүйүнбай',
] as const;

// prettier-ignore
const KYRGYZ_MOTHERS = [
  'Гүлнара', 'Гүлмира', 'Айнура', 'Жылдыз', 'Назгүл', 'Чолпон', 'Бермет', 'Динара', 'Айгүл',
  'Нургүл', 'Асель', 'Мээрим', 'Гүлзат', 'Жаңыл', 'Айпери', 'Элмира', 'Бактыгүл', 'Үмүт', 'Назира',
  'Салтанат', 'Акылай', 'Айжан', 'Венера', 'Зарина', 'Чынара', 'Айсулуу', 'Гүлайым', 'Нуриза',
  'Каныкей', 'Мөлдүр',
] as const;

// prettier-ignore
const KYRGYZ_BOYS = [
  'Эмир', 'Алихан', 'Бекзат', 'Нурислам', 'Элдияр', 'Адилет', 'Байэл', 'Айбар', 'Арген', 'Мирлан',
  'Нурдөөлөт', 'Темирлан', 'Бектур', 'Нуржигит', 'Эрназар', 'Актан', 'Санжар', 'Арсен', 'Исхак',
  'Атай', 'Ырыскелди', 'Эрбол', 'Нурбол', 'Бакай', 'Манас', 'Семетей', 'Өмүрзак', 'Сүйүнбек',
  'Жеңиш', 'Данияр', 'Ислам', 'Имран', 'Тилек', 'Медет', 'Кутман', 'Азирет', 'Самир', 'Талгат',
] as const;

// prettier-ignore
const KYRGYZ_GIRLS = [
  'Айзада', 'Айгерим', 'Бегимай', 'Айсулуу', 'Нурайым', 'Айжаркын', 'Мээрим', 'Сезим', 'Адинай',
  'Ширин', 'Айданек', 'Акмарал', 'Аруузат', 'Асель', 'Канышай', 'Элнура', 'Каныкей', 'Томирис',
  'Аяна', 'Элиза', 'Сайкал', 'Жибек', 'Айдана', 'Нурсезим', 'Айкөкүл', 'Гүлүмкан', 'Мөлдүр',
  'Үмүт', 'Айтурган', 'Нуриза', 'Аида', 'Сымбат', 'Арууке', 'Дильназ',
] as const;

// prettier-ignore
const RUSSIAN_SURNAMES = [
  'Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков',
  'Морозов', 'Волков', 'Соловьёв', 'Васильев', 'Зайцев', 'Павлов', 'Семёнов', 'Голубев',
  'Виноградов', 'Богданов', 'Воробьёв', 'Фёдоров', 'Михайлов', 'Беляев', 'Тарасов', 'Белов',
  'Комаров', 'Орлов', 'Киселёв', 'Макаров', 'Андреев',
] as const;

/** A Russian father's name with the patronymics it gives a son and a daughter. */
const RUSSIAN_FATHERS: readonly (readonly [string, string, string])[] = [
  ['Пётр', 'Петрович', 'Петровна'],
  ['Сергей', 'Сергеевич', 'Сергеевна'],
  ['Александр', 'Александрович', 'Александровна'],
  ['Андрей', 'Андреевич', 'Андреевна'],
  ['Владимир', 'Владимирович', 'Владимировна'],
  ['Николай', 'Николаевич', 'Николаевна'],
  ['Дмитрий', 'Дмитриевич', 'Дмитриевна'],
  ['Игорь', 'Игоревич', 'Игоревна'],
  ['Виктор', 'Викторович', 'Викторовна'],
  ['Олег', 'Олегович', 'Олеговна'],
  ['Евгений', 'Евгеньевич', 'Евгеньевна'],
  ['Алексей', 'Алексеевич', 'Алексеевна'],
  ['Михаил', 'Михайлович', 'Михайловна'],
  ['Юрий', 'Юрьевич', 'Юрьевна'],
  ['Павел', 'Павлович', 'Павловна'],
];

// prettier-ignore
const RUSSIAN_MOTHERS = [
  'Ольга', 'Елена', 'Наталья', 'Светлана', 'Татьяна', 'Ирина', 'Юлия', 'Марина', 'Анна',
  'Екатерина', 'Людмила', 'Оксана',
] as const;

// prettier-ignore
const RUSSIAN_BOYS = [
  'Сергей', 'Алексей', 'Дмитрий', 'Андрей', 'Максим', 'Иван', 'Артём', 'Никита', 'Кирилл',
  'Михаил', 'Егор', 'Даниил', 'Илья', 'Роман', 'Владислав',
] as const;

// prettier-ignore
const RUSSIAN_GIRLS = [
  'Анна', 'Мария', 'Елена', 'Ольга', 'Дарья', 'Анастасия', 'Полина', 'Виктория', 'Софья', 'Алина',
  'Ксения', 'Валерия', 'Екатерина', 'Вероника', 'Алёна',
] as const;

// prettier-ignore
const MOBILE_PREFIXES = [
  '700', '701', '702', '703', '705', '707', '708', '709', '770', '771', '772', '773', '775', '777',
  '779', '550', '551', '552', '553', '554', '555', '556', '557', '559', '990', '995', '997', '999',
  '220', '222', '225', '227',
] as const;

export interface PersonName {
  lastName: string;
  firstName: string;
  patronymic: string;
}

export type Sex = 'm' | 'f';

export interface ParentPlan extends PersonName {
  relation: 'mother' | 'father';
  phone: string;
  language: 'ky' | 'ru';
}

/** One family: its parents (one or two) and a way to name each child born into it. */
export interface FamilyPlan {
  isRussian: boolean;
  parents: ParentPlan[];
  child: (sex: Sex, rng: Rng) => PersonName;
}

const feminine = (surname: string) => `${surname}а`;

export const phoneNumber = (rng: Rng) =>
  `+996${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 999_999)).padStart(6, '0')}`;

const kyrgyzFamily = (rng: Rng): FamilyPlan => {
  const [grandfather, surname] = rng.pick(KYRGYZ_ANCESTORS);
  const father = rng.pick(KYRGYZ_FATHERS);
  const [motherFather, maidenSurname] = rng.pick(KYRGYZ_ANCESTORS);
  // Most parents use Kyrgyz in the bot; some Bishkek families prefer Russian.
  const language = () => (rng.chance(0.15) ? 'ru' : 'ky');
  const parents: ParentPlan[] = [];
  const hasMother = rng.chance(0.92);
  const hasFather = !hasMother || rng.chance(0.75);
  if (hasMother) {
    parents.push({
      lastName: feminine(rng.chance(0.6) ? surname : maidenSurname),
      firstName: rng.pick(KYRGYZ_MOTHERS),
      patronymic: `${motherFather} кызы`,
      relation: 'mother',
      phone: phoneNumber(rng),
      language: language(),
    });
  }
  if (hasFather) {
    parents.push({
      lastName: surname,
      firstName: father,
      patronymic: `${grandfather} уулу`,
      relation: 'father',
      phone: phoneNumber(rng),
      language: language(),
    });
  }
  return {
    isRussian: false,
    parents,
    child: (sex, r) =>
      sex === 'm'
        ? { lastName: surname, firstName: r.pick(KYRGYZ_BOYS), patronymic: `${father} уулу` }
        : {
            lastName: feminine(surname),
            firstName: r.pick(KYRGYZ_GIRLS),
            patronymic: `${father} кызы`,
          },
  };
};

const russianFamily = (rng: Rng): FamilyPlan => {
  const surname = rng.pick(RUSSIAN_SURNAMES);
  const [father, sonOf, daughterOf] = rng.pick(RUSSIAN_FATHERS);
  const [, grandSon] = rng.pick(RUSSIAN_FATHERS);
  const [, , motherPatronymic] = rng.pick(RUSSIAN_FATHERS);
  const parents: ParentPlan[] = [];
  const hasMother = rng.chance(0.9);
  const hasFather = !hasMother || rng.chance(0.7);
  if (hasMother) {
    parents.push({
      lastName: feminine(surname),
      firstName: rng.pick(RUSSIAN_MOTHERS),
      patronymic: motherPatronymic,
      relation: 'mother',
      phone: phoneNumber(rng),
      language: 'ru',
    });
  }
  if (hasFather) {
    parents.push({
      lastName: surname,
      firstName: father,
      patronymic: grandSon,
      relation: 'father',
      phone: phoneNumber(rng),
      language: 'ru',
    });
  }
  return {
    isRussian: true,
    parents,
    child: (sex, r) =>
      sex === 'm'
        ? { lastName: surname, firstName: r.pick(RUSSIAN_BOYS), patronymic: sonOf }
        : { lastName: feminine(surname), firstName: r.pick(RUSSIAN_GIRLS), patronymic: daughterOf },
  };
};

/** A new family; about one in five is Russian-speaking with Russian names. */
export const newFamily = (rng: Rng): FamilyPlan =>
  rng.chance(0.23) ? russianFamily(rng) : kyrgyzFamily(rng);

// prettier-ignore
const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', ң: 'ng', о: 'o', ө: 'o', п: 'p', р: 'r', с: 's', т: 't',
  у: 'u', ү: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '',
  э: 'e', ю: 'yu', я: 'ya',
};

/** Latin login from a Cyrillic name: "Жумабаева", "Гүлнара" → "zhumabaeva.g". */
export const loginFor = (lastName: string, firstName: string) => {
  const latin = (text: string) =>
    [...text.toLowerCase()].map((ch) => TRANSLIT[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '')).join('');
  return `${latin(lastName)}.${latin(firstName).slice(0, 1)}`;
};

/**
 * What the demo school teaches: subjects with Kyrgyz and Russian names, weekly hours per grade
 * (after the Kyrgyz basic curriculum, simplified), lesson topics and homework in the language the
 * subject is taught in.
 */
import type { Rng } from './rng.ts';

// prettier-ignore
export type SubjectCode =
  | 'KYRG' | 'KYLIT' | 'READ' | 'RUS' | 'RULIT' | 'MATH' | 'ALG' | 'GEOM' | 'PHYS' | 'CHEM'
  | 'BIO' | 'GEO' | 'HIST' | 'MANAS' | 'ENG' | 'INF' | 'NAT' | 'PE' | 'MUS' | 'ART' | 'TECH'
  | 'DEF';

export interface SubjectDef {
  code: SubjectCode;
  nameKy: string;
  nameRu: string;
  /** Language the teacher writes topics and homework in. */
  lang: 'ky' | 'ru';
}

export const SUBJECTS: readonly SubjectDef[] = [
  { code: 'KYRG', nameKy: 'Кыргыз тили', nameRu: 'Кыргызский язык', lang: 'ky' },
  { code: 'KYLIT', nameKy: 'Кыргыз адабияты', nameRu: 'Кыргызская литература', lang: 'ky' },
  { code: 'READ', nameKy: 'Адабий окуу', nameRu: 'Литературное чтение', lang: 'ky' },
  { code: 'RUS', nameKy: 'Орус тили', nameRu: 'Русский язык', lang: 'ru' },
  { code: 'RULIT', nameKy: 'Орус адабияты', nameRu: 'Русская литература', lang: 'ru' },
  { code: 'MATH', nameKy: 'Математика', nameRu: 'Математика', lang: 'ky' },
  { code: 'ALG', nameKy: 'Алгебра', nameRu: 'Алгебра', lang: 'ky' },
  { code: 'GEOM', nameKy: 'Геометрия', nameRu: 'Геометрия', lang: 'ky' },
  { code: 'PHYS', nameKy: 'Физика', nameRu: 'Физика', lang: 'ky' },
  { code: 'CHEM', nameKy: 'Химия', nameRu: 'Химия', lang: 'ky' },
  { code: 'BIO', nameKy: 'Биология', nameRu: 'Биология', lang: 'ky' },
  { code: 'GEO', nameKy: 'География', nameRu: 'География', lang: 'ky' },
  { code: 'HIST', nameKy: 'Тарых', nameRu: 'История', lang: 'ky' },
  { code: 'MANAS', nameKy: 'Манас таануу', nameRu: 'Манасоведение', lang: 'ky' },
  { code: 'ENG', nameKy: 'Англис тили', nameRu: 'Английский язык', lang: 'ky' },
  { code: 'INF', nameKy: 'Информатика', nameRu: 'Информатика', lang: 'ky' },
  { code: 'NAT', nameKy: 'Мекен таануу', nameRu: 'Родиноведение', lang: 'ky' },
  { code: 'PE', nameKy: 'Дене тарбия', nameRu: 'Физкультура', lang: 'ky' },
  { code: 'MUS', nameKy: 'Музыка', nameRu: 'Музыка', lang: 'ky' },
  { code: 'ART', nameKy: 'Сүрөт', nameRu: 'ИЗО', lang: 'ky' },
  { code: 'TECH', nameKy: 'Технология', nameRu: 'Технология', lang: 'ky' },
  { code: 'DEF', nameKy: 'Аскерге чейинки даярдоо', nameRu: 'Допризывная подготовка', lang: 'ky' },
];

export const subjectDef = (code: SubjectCode): SubjectDef => {
  const def = SUBJECTS.find((s) => s.code === code);
  if (!def) throw new Error(`unknown subject ${code}`);
  return def;
};

type Hours = readonly (readonly [SubjectCode, number])[];

// prettier-ignore
const PRIMARY_1: Hours = [
  ['KYRG', 4], ['READ', 2], ['MATH', 4], ['NAT', 2], ['RUS', 2], ['PE', 2], ['MUS', 1], ['ART', 1],
  ['TECH', 1],
];
// prettier-ignore
const PRIMARY_2_4: Hours = [
  ['KYRG', 4], ['READ', 3], ['MATH', 4], ['NAT', 2], ['RUS', 2], ['ENG', 2], ['PE', 2], ['MUS', 1],
  ['ART', 1], ['TECH', 1],
];
// prettier-ignore
const MIDDLE_8_9: Hours = [
  ['KYRG', 3], ['KYLIT', 2], ['RUS', 2], ['RULIT', 2], ['ALG', 3], ['GEOM', 2], ['PHYS', 2],
  ['CHEM', 2], ['HIST', 2], ['MANAS', 1], ['ENG', 2], ['INF', 1], ['BIO', 2], ['GEO', 2], ['PE', 2],
];
// prettier-ignore
const SENIOR: Hours = [
  ['KYRG', 2], ['KYLIT', 2], ['RUS', 2], ['RULIT', 2], ['ALG', 3], ['GEOM', 2], ['PHYS', 3],
  ['CHEM', 2], ['HIST', 2], ['ENG', 2], ['INF', 1], ['BIO', 2], ['GEO', 1], ['PE', 2], ['DEF', 1],
];

/** Weekly hours per subject for each grade. */
// prettier-ignore
export const WEEKLY_HOURS: Readonly<Record<number, Hours>> = {
  1: PRIMARY_1,
  2: PRIMARY_2_4,
  3: PRIMARY_2_4,
  4: PRIMARY_2_4,
  5: [
    ['KYRG', 4], ['KYLIT', 2], ['RUS', 3], ['RULIT', 2], ['MATH', 5], ['HIST', 2], ['MANAS', 1],
    ['ENG', 3], ['INF', 1], ['PE', 2], ['MUS', 1], ['ART', 1], ['TECH', 2],
  ],
  6: [
    ['KYRG', 4], ['KYLIT', 2], ['RUS', 3], ['RULIT', 2], ['MATH', 5], ['HIST', 2], ['MANAS', 1],
    ['ENG', 3], ['INF', 1], ['BIO', 2], ['GEO', 2], ['PE', 2], ['MUS', 1], ['ART', 1], ['TECH', 1],
  ],
  7: [
    ['KYRG', 3], ['KYLIT', 2], ['RUS', 2], ['RULIT', 2], ['ALG', 3], ['GEOM', 2], ['PHYS', 2],
    ['HIST', 2], ['MANAS', 1], ['ENG', 3], ['INF', 1], ['BIO', 2], ['GEO', 2], ['PE', 2], ['MUS', 1],
    ['ART', 1],
  ],
  8: MIDDLE_8_9,
  9: MIDDLE_8_9,
  10: SENIOR,
  11: SENIOR,
};

/** Subjects a primary class's own teacher (башталгыч класстын мугалими) teaches. */
// prettier-ignore
export const PRIMARY_TEACHER_SUBJECTS: ReadonlySet<SubjectCode> = new Set([
  'KYRG', 'READ', 'MATH', 'NAT', 'ART', 'TECH',
]);

/** Subjects that go to one teacher together in a class (language with its literature, …). */
export const SUBJECT_BUNDLES: readonly (readonly SubjectCode[])[] = [
  ['KYRG', 'KYLIT'],
  ['RUS', 'RULIT'],
  ['ALG', 'GEOM'],
  ['HIST', 'MANAS'],
  ['ART', 'TECH'],
];

// prettier-ignore
const TOPICS: Partial<Record<SubjectCode, readonly string[]>> = {
  KYRG: [
    'Фонетика. Үндүү жана үнсүз тыбыштар', 'Сингармонизм мыйзамы', 'Лексика. Сөздүн маанилери',
    'Синонимдер жана антонимдер', 'Сөз түзүлүшү. Уңгу жана мүчө', 'Зат атооч', 'Сын атооч',
    'Сан атооч', 'Ат атооч', 'Этиш', 'Тактооч', 'Сүйлөм мүчөлөрү', 'Ээ жана баяндооч',
    'Жөнөкөй сүйлөм', 'Татаал сүйлөм', 'Тыныш белгилери',
  ],
  KYLIT: [
    'Оозеки адабият. Макал-лакаптар', 'Элдик жомоктор', 'Токтогул Сатылганов. Ырлары',
    'Тоголок Молдо. «Куш уясы»', 'Алыкул Осмонов. Ырлары', 'Чыңгыз Айтматов. «Ак кеме»',
    'Чыңгыз Айтматов. «Биринчи мугалим»', 'Түгөлбай Сыдыкбеков. Аңгемелери',
    'Аалы Токомбаев. Ырлары', 'Жусуп Баласагын. «Кутадгу билиг»', 'Барпы Алыкулов. Ырлары',
    'Төлөгөн Касымбеков. «Сынган кылыч»',
  ],
  READ: [
    'Макал-лакаптар', 'Табышмактар', 'Ата-Журт жөнүндө ырлар', 'Күз жөнүндө ырлар',
    'Жаныбарлар жөнүндө аңгемелер', 'Элдик жомоктор', 'Апам жөнүндө ыр', 'Досторум жөнүндө аңгеме',
    'Ч. Айтматовдун балдарга арналган аңгемелери', 'Мектеп жөнүндө ырлар',
  ],
  NAT: [
    'Менин үй-бүлөм', 'Менин мектебим', 'Күз мезгили', 'Өсүмдүктөр', 'Үй жаныбарлары',
    'Жапайы жаныбарлар', 'Суу жана аба', 'Менин Мекеним – Кыргызстан', 'Бишкек – борбор шаар',
    'Ден соолук жана гигиена', 'Жол жүрүү эрежелери',
  ],
  RUS: [
    'Звуки и буквы', 'Гласные и согласные', 'Слог. Ударение', 'Состав слова', 'Имя существительное',
    'Имя прилагательное', 'Глагол', 'Местоимение', 'Словосочетание', 'Предложение',
    'Главные члены предложения', 'Второстепенные члены предложения', 'Прямая речь',
    'Правописание корней',
  ],
  RULIT: [
    'Устное народное творчество', 'Русские народные сказки', 'И. А. Крылов. Басни',
    'А. С. Пушкин. «Сказка о мёртвой царевне»', 'М. Ю. Лермонтов. «Бородино»',
    'И. С. Тургенев. «Муму»', 'Н. В. Гоголь. «Вечера на хуторе близ Диканьки»',
    'Л. Н. Толстой. «Кавказский пленник»', 'А. П. Чехов. Рассказы', 'Ч. Айтматов. «Белый пароход»',
    'А. С. Пушкин. «Капитанская дочка»', 'Н. В. Гоголь. «Ревизор»', 'М. Горький. «Детство»',
  ],
  ALG: [
    'Алгебралык туюнтмалар', 'Бир белгисиздүү сызыктуу теңдеме', 'Даражанын касиеттери',
    'Бир мүчө жана көп мүчө', 'Кыскача көбөйтүүнүн формулалары', 'Функция жана анын графиги',
    'Сызыктуу функция', 'Квадраттык теңдемелер', 'Виеттин теоремасы', 'Теңсиздиктер',
    'Арифметикалык прогрессия', 'Геометриялык прогрессия', 'Тригонометриялык функциялар',
    'Логарифмдер', 'Туунду',
  ],
  GEOM: [
    'Түз сызык жана кесинди', 'Бурчтар жана аларды өлчөө', 'Үч бурчтуктар',
    'Үч бурчтуктардын барабардык белгилери', 'Параллелдүү түз сызыктар', 'Тик бурчтуу үч бурчтук',
    'Пифагордун теоремасы', 'Төрт бурчтуктар', 'Параллелограмм', 'Трапеция', 'Айлана жана тегерек',
    'Векторлор', 'Окшош үч бурчтуктар', 'Көп грандыктар',
  ],
  PHYS: [
    'Физика – табият жөнүндөгү илим', 'Физикалык чоңдуктар жана аларды өлчөө', 'Механикалык кыймыл',
    'Ылдамдык', 'Масса жана тыгыздык', 'Күч. Ньютондун мыйзамдары', 'Басым', 'Архимед күчү',
    'Механикалык жумуш жана кубаттуулук', 'Энергия', 'Жылуулук кубулуштары', 'Электр тогу',
    'Ом мыйзамы', 'Магнит талаасы', 'Жарык кубулуштары',
  ],
  CHEM: [
    'Химия – заттар жөнүндө илим', 'Таза заттар жана аралашмалар', 'Атом жана молекула',
    'Химиялык элементтер', 'Менделеевдин мезгилдик системасы', 'Валенттүүлүк',
    'Химиялык формулалар', 'Химиялык реакциялар', 'Кычкылтек', 'Суутек', 'Суу – эриткич',
    'Кислоталар', 'Негиздер', 'Туздар',
  ],
  BIO: [
    'Биология – тирүү жаратылыш жөнүндө илим', 'Клетканын түзүлүшү', 'Өсүмдүктөрдүн органдары',
    'Тамыр жана сабак', 'Жалбырак', 'Гүл жана мөмө', 'Козу карындар', 'Бактериялар',
    'Жаныбарлар дүйнөсү', 'Адамдын денеси', 'Кан айлануу системасы', 'Дем алуу системасы',
    'Тамак сиңирүү системасы', 'Экология негиздери',
  ],
  GEO: [
    'География – Жер жөнүндө илим', 'Жердин формасы жана өлчөмдөрү', 'Глобус жана карта',
    'Географиялык координаттар', 'Литосфера', 'Тоолор жана түздүктөр', 'Гидросфера',
    'Дүйнөлүк океан', 'Атмосфера', 'Аба ырайы жана климат', 'Кыргызстандын географиялык абалы',
    'Ысык-Көл', 'Кыргызстандын дарыялары', 'Табигый зоналар',
  ],
  HIST: [
    'Тарых илими жана анын булактары', 'Байыркы адамдар', 'Байыркы Египет', 'Байыркы Греция',
    'Байыркы Рим', 'Сак уруулары', 'Усундар', 'Түрк кагандыгы', 'Кыргыз кагандыгы',
    'Улуу кыргыз дөөлөтү', 'Орто кылымдардагы Борбордук Азия', 'Кокон хандыгы',
    'Кыргызстан Россия империясынын курамында', 'Кыргызстан – эгемендүү мамлекет',
  ],
  MANAS: [
    'Манас эпосу – кыргыз элинин энциклопедиясы', 'Манасчылар: Сагымбай Орозбаков',
    'Манасчылар: Саякбай Каралаев', 'Манастын төрөлүшү', 'Манастын балалыгы',
    'Алтайдан Ала-Тоого көчүү', 'Каныкей – акылман аял', 'Бакай – акылман кеңешчи', 'Чоң казат',
    'Семетей', 'Сейтек', 'Эпостогу элдик каада-салттар',
  ],
  ENG: [
    'My family', 'At school', 'Daily routine', 'Present Simple', 'My hometown Bishkek',
    'Food and drinks', 'Hobbies', 'Weather and seasons', 'Present Continuous', 'Past Simple',
    'Travelling', 'Sport in Kyrgyzstan', 'Future forms', 'Holidays and traditions',
  ],
  INF: [
    'Маалымат жана маалыматтык процесстер', 'Компьютердин түзүлүшү', 'Операциялык система',
    'Файлдар жана папкалар', 'Текст редактору', 'Электрондук таблицалар', 'Алгоритм түшүнүгү',
    'Алгоритмдин түрлөрү', 'Программалоо негиздери', 'Python: өзгөрмөлөр жана типтер',
    'Интернет жана коопсуздук', 'Презентация түзүү',
  ],
  PE: [
    'Коопсуздук эрежелери. Жеңил атлетика', '30 м аралыкка чуркоо', 'Узундукка секирүү',
    'Волейбол: топту узатуу', 'Баскетбол: топту алып жүрүү', 'Футбол: топту тебүү', 'Гимнастика',
    'Кросс 1000 м', 'Улуттук оюндар: ордо', 'Эстафеталар',
  ],
  MUS: [
    'Музыка деген эмне?', 'Комуз – улуттук аспап', 'Кыргыз элдик күүлөрү', 'Токтогулдун күүлөрү',
    'Мамлекеттик гимн', 'Марш жана бий', 'Опера жана балет', 'Оркестрдин аспаптары',
  ],
  ART: [
    'Күзгү пейзаж', 'Натюрморт', 'Кыргыз ою-чиймелери', 'Түс жана боёк', 'Портрет',
    'Шырдактын оюу-чиймеси', 'Жаныбарларды тартуу', 'Китепке иллюстрация',
  ],
  TECH: [
    'Кагаз менен иштөө', 'Аппликация', 'Кийиз басуу', 'Жыгач менен иштөө', 'Тигүү негиздери',
    'Улуттук кол өнөрчүлүк', 'Долбоордук иш',
  ],
  DEF: [
    'Кыргыз Республикасынын Куралдуу Күчтөрү', 'Жарандык коргонуу', 'Биринчи медициналык жардам',
    'Саптык даярдоо', 'Топография негиздери',
  ],
};

// prettier-ignore
const PRIMARY_TOPICS: Partial<Record<SubjectCode, readonly string[]>> = {
  KYRG: [
    'Тыбыш жана тамга', 'Үндүү тыбыштар', 'Үнсүз тыбыштар', 'Муун', 'Сөз жана сүйлөм', 'Баш тамга',
    'Ө жана Ү тамгалары', 'Ң тамгасы', 'Сөздүн мааниси', 'Зат атооч менен таанышуу',
    'Кыска текст жазуу',
  ],
  MATH: [
    'Сандар 1ден 10го чейин', 'Кошуу жана кемитүү', 'Эки орундуу сандар', 'Көбөйтүү таблицасы',
    'Бөлүү', 'Геометриялык фигуралар', 'Узундук бирдиктери', 'Маселе чыгаруу',
    'Үч орундуу сандар', 'Убакыт: саат жана мүнөт', 'Периметр', 'Аянт',
  ],
  RUS: [
    'Знакомство с русским алфавитом', 'Приветствие. Знакомство', 'Моя семья', 'Моя школа',
    'Игрушки', 'Осень', 'Фрукты и овощи', 'Цвета', 'Числа от 1 до 10', 'Мой день',
  ],
  ENG: [
    'Hello! Greetings', 'The English alphabet', 'Colours', 'Numbers 1–20', 'My toys', 'Animals',
    'My family', 'At school', 'Food', 'My body',
  ],
};

// prettier-ignore
const MATH_5_6 = [
  'Натуралдык сандар', 'Сандарды тегеректөө', 'Бөлүнүүчүлүк белгилери', 'Жөнөкөй жана курама сандар',
  'Эң чоң жалпы бөлүүчү', 'Эң кичине жалпы эселүү', 'Жай бөлчөктөр', 'Бөлчөктөрдү кыскартуу',
  'Бөлчөктөрдү кошуу жана кемитүү', 'Ондук бөлчөктөр', 'Пайыздар', 'Катыш жана пропорция',
  'Оң жана терс сандар', 'Координаталык түз сызык',
];

/** The topic list of a subject in a grade (later grades start further into shared lists). */
export const topicsFor = (code: SubjectCode, grade: number): readonly string[] => {
  const primary = grade <= 4 ? PRIMARY_TOPICS[code] : undefined;
  const base = primary ?? (code === 'MATH' ? MATH_5_6 : TOPICS[code]) ?? [];
  const offset = grade <= 4 ? (grade - 1) * 2 : (grade - 5) * 2;
  return base.map((_, i) => base[(i + offset) % base.length] as string);
};

/** Topic of a control work (текшерүү иши) in the subject's language. */
export const controlTopic = (code: SubjectCode, after: string) =>
  subjectDef(code).lang === 'ru'
    ? code === 'RUS'
      ? `Диктант по теме «${after}»`
      : `Контрольная работа: ${after}`
    : code === 'KYRG'
      ? `Диктант: ${after}`
      : `Текшерүү иши: ${after}`;

/** Whether a subject's lessons usually have a control work at the end of a section. */
export const hasControlWorks = (code: SubjectCode) =>
  !['PE', 'MUS', 'ART', 'TECH', 'DEF'].includes(code);

type Homework = (p: { page: number; paragraph: number; exercise: number }) => string;

const HOMEWORK: Partial<Record<SubjectCode, readonly Homework[]>> = {
  KYRG: [
    ({ page, exercise }) => `${page}-бет, ${exercise}-көнүгүү`,
    ({ page }) => `Эрежени жаттоо, ${page}-бет`,
    ({ exercise }) => `${exercise}-көнүгүү, сөздөрдү морфологиялык талдоо`,
  ],
  KYLIT: [
    ({ page }) => `Чыгарманы окуу, ${page}–${page + 12}-беттер`,
    () => 'Ырды жатка айтууга даярдануу',
    ({ page }) => `${page}-беттеги суроолорго жазуу түрүндө жооп берүү`,
    () => 'Дилбаян жазуу: «Менин сүйүктүү каарманым»',
  ],
  READ: [
    ({ page }) => `${page}-беттеги текстти көркөм окуу`,
    () => 'Ырды жаттоо',
    () => 'Жомокту айтып берүүгө даярдануу',
  ],
  NAT: [
    ({ page }) => `${page}-беттеги текстти окуу`,
    () => 'Сүрөт тартуу: «Күз»',
    ({ page }) => `${page}-бет, суроолорго жооп берүү`,
  ],
  MATH: [
    ({ page, exercise }) => `${page}-бет, №${exercise}, №${exercise + 1}`,
    ({ paragraph, exercise }) => `§${paragraph}, №${exercise}–${exercise + 3}`,
    ({ exercise }) => `№${exercise}, №${exercise + 2}`,
  ],
  ALG: [
    ({ paragraph, exercise }) => `§${paragraph}, №${exercise}, №${exercise + 2}`,
    ({ exercise }) => `№${exercise}–${exercise + 4} (жуп сандуулары)`,
  ],
  GEOM: [
    ({ paragraph, exercise }) => `§${paragraph}, теореманы далилдөө, №${exercise}`,
    ({ exercise }) => `№${exercise}, №${exercise + 1}, чийме менен`,
  ],
  PHYS: [
    ({ paragraph }) => `§${paragraph}, суроолорго жооп берүү`,
    ({ paragraph, exercise }) => `§${paragraph}, ${exercise}-көнүгүү (маселелер)`,
  ],
  CHEM: [
    ({ paragraph }) => `§${paragraph}, формулаларды жаттоо`,
    ({ paragraph, exercise }) => `§${paragraph}, ${exercise}-көнүгүү`,
  ],
  BIO: [
    ({ paragraph }) => `§${paragraph}, сүрөттү дептерге тартуу`,
    ({ paragraph }) => `§${paragraph}, суроолорго жооп берүү`,
  ],
  GEO: [
    ({ paragraph }) => `§${paragraph}, контурдук картада иштөө`,
    ({ paragraph }) => `§${paragraph}, суроолорго жооп берүү`,
  ],
  HIST: [
    ({ paragraph }) => `§${paragraph}, даталарды жаттоо`,
    ({ paragraph }) => `§${paragraph}, таблица толтуруу`,
  ],
  MANAS: [
    () => 'Эпостон үзүндүнү окуу',
    () => 'Үзүндүнү жатка айтууга даярдануу',
    ({ paragraph }) => `§${paragraph}, суроолорго жооп берүү`,
  ],
  RUS: [
    ({ page, exercise }) => `Упр. ${exercise}, стр. ${page}`,
    ({ page, exercise }) => `Выучить правило на стр. ${page}, упр. ${exercise}`,
    ({ exercise }) => `Словарные слова, упр. ${exercise}`,
  ],
  RULIT: [
    ({ page }) => `Прочитать стр. ${page}–${page + 15}`,
    () => 'Выучить стихотворение наизусть',
    ({ page }) => `Ответить на вопросы на стр. ${page}`,
  ],
  ENG: [
    ({ page, exercise }) => `Жаңы сөздөрдү жаттоо, ${page}-бет, ${exercise}-көнүгүү`,
    ({ page }) => `Workbook, ${page}-бет`,
    ({ page }) => `Текстти окуу жана которуу, ${page}-бет`,
  ],
  INF: [
    ({ paragraph }) => `§${paragraph}, суроолорго жооп берүү`,
    ({ paragraph }) => `§${paragraph}, практикалык тапшырманы аткаруу`,
  ],
  MUS: [() => 'Ырдын текстин жаттоо'],
  ART: [() => 'Сүрөттү бүтүрүү'],
  TECH: [() => 'Буюмду бүтүрүү'],
};

/** The homework of the `index`-th lesson of a subject in a class, or null when none is set. */
export const homeworkFor = (code: SubjectCode, index: number, rng: Rng): string | null => {
  const patterns = HOMEWORK[code];
  if (!patterns) return null;
  const rare = code === 'MUS' || code === 'ART' || code === 'TECH';
  if (!rng.chance(rare ? 0.15 : 0.85)) return null;
  const paragraph = Math.floor(index / 2) + 1;
  const page = 6 + index * 3;
  const exercise = 10 + index * 4 + rng.int(0, 3);
  return rng.pick(patterns)({ page, paragraph, exercise });
};

/** Reasons a class teacher writes for an excused absence. */
export const EXCUSE_REASONS = {
  sick: 'Оорусу боюнча (медициналык маалымкат)',
  family: 'Ата-энесинин арызы боюнча (үй-бүлөлүк жагдай)',
  sport: 'Спорттук мелдешке катышты',
} as const;

/** The demo school's staff: administration, specialists and teachers with what they can teach. */
import type { StaffRoleKind } from '../../domain/generated/prisma/enums.ts';
import type { SubjectCode } from './curriculum.ts';

export interface StaffPlan {
  key: string;
  lastName: string;
  firstName: string;
  patronymic: string;
  roles: StaffRoleKind[];
  /** Subjects this teacher teaches; 'PRIMARY' = a primary class's own teacher. */
  teaches: readonly (SubjectCode | 'PRIMARY')[];
  /** Teaching hours a week this teacher takes at most (ставка is 18; many take more). */
  maxHours: number;
  room: string;
  language: 'ky' | 'ru';
}

const person = (
  key: string,
  fullName: string,
  roles: StaffRoleKind[],
  teaches: StaffPlan['teaches'],
  room: string,
  maxHours = 26,
  language: 'ky' | 'ru' = 'ky',
): StaffPlan => {
  const [lastName = '', firstName = '', ...rest] = fullName.split(' ');
  return {
    key,
    lastName,
    firstName,
    patronymic: rest.join(' '),
    roles,
    teaches,
    maxHours,
    room,
    language,
  };
};

const T: StaffRoleKind[] = ['TEACHER'];

export const STAFF: readonly StaffPlan[] = [
  person('director', 'Жумабаева Гүлнара Өмүрбековна', ['ADMIN'], [], '101'),
  person('deputy', 'Токтосунова Айнура Асановна', ['DEPUTY'], [], '102'),
  person('deputy2', 'Абдыкадырова Чынара Кадыровна', ['DEPUTY'], [], '103'),
  person('psychologist', 'Сатыбалдиева Мээрим Бакыт кызы', ['PSYCHOLOGIST'], [], '104'),
  person('doctor', 'Осмонова Чолпон Таалайбековна', ['DOCTOR'], [], 'Медпункт'),
  person('prim1', 'Асанова Бермет Жумабековна', T, ['PRIMARY'], '1'),
  person('prim2', 'Кадырова Назгүл Турдубаевна', T, ['PRIMARY'], '2'),
  person('prim3', 'Иманалиева Гүлмира Сыдыковна', T, ['PRIMARY'], '3'),
  person('prim4', 'Сулайманова Жылдыз Орозбековна', T, ['PRIMARY'], '4'),
  person('prim5', 'Эсенгулова Айгүл Мукашевна', T, ['PRIMARY'], '5'),
  person('prim6', 'Мамытова Динара Бекмуратовна', T, ['PRIMARY'], '6'),
  person('prim7', 'Төрөкулова Үмүт Асылбековна', T, ['PRIMARY'], '7'),
  person('prim8', 'Байтикова Салтанат Нурлановна', T, ['PRIMARY'], '8'),
  person('prim9', 'Жолдошева Айсулуу Эркиновна', T, ['PRIMARY'], '9'),
  person('kyrg1', 'Сыдыкова Айгүл Бекмурат кызы', T, ['KYRG', 'KYLIT'], '21'),
  person('kyrg2', 'Шаршенова Гүлзат Токтогуловна', T, ['KYRG', 'KYLIT'], '22'),
  person('kyrg3', 'Дүйшөнов Эрмек Касымович', T, ['KYRG', 'KYLIT'], '23'),
  person('kyrg4', 'Молдокулова Каныкей Алымбековна', T, ['KYRG', 'KYLIT'], '24'),
  person('rus1', 'Иванова Ольга Николаевна', T, ['RUS', 'RULIT'], '25', 26, 'ru'),
  person('rus2', 'Смирнова Татьяна Владимировна', T, ['RUS', 'RULIT'], '26', 26, 'ru'),
  person('rus3', 'Ким Марина Сергеевна', T, ['RUS', 'RULIT'], '27', 26, 'ru'),
  person('rus4', 'Кузнецова Наталья Петровна', T, ['RUS', 'RULIT'], '28', 26, 'ru'),
  person('math1', 'Асанов Бакыт Токтогулович', T, ['MATH', 'ALG', 'GEOM'], '31'),
  person('math2', 'Бекмуратова Асель Маратовна', T, ['MATH', 'ALG', 'GEOM'], '32'),
  person('math3', 'Орозбеков Нурбек Жолдошевич', T, ['MATH', 'ALG', 'GEOM'], '33'),
  person('math4', 'Попова Ирина Александровна', T, ['MATH', 'ALG', 'GEOM'], '34', 26, 'ru'),
  person('phys', 'Касымов Талант Үсөнович', T, ['PHYS'], '35'),
  person('chem', 'Эшматова Бактыгүл Абдраимовна', T, ['CHEM'], '36'),
  person('bio', 'Кожомкулова Назира Темирбековна', T, ['BIO'], '37'),
  person('geo', 'Ажыбеков Алмаз Таштанович', T, ['GEO'], '38'),
  person('hist1', 'Токтогулов Жоомарт Эсенович', T, ['HIST', 'MANAS'], '41'),
  person('hist2', 'Алиева Жаңыл Чотоновна', T, ['HIST', 'MANAS'], '42'),
  person('eng1', 'Нурматова Айжан Улановна', T, ['ENG'], '43'),
  person('eng2', 'Карабаева Акылай Медеровна', T, ['ENG'], '44'),
  person('eng3', 'Лебедева Юлия Андреевна', T, ['ENG'], '45', 26, 'ru'),
  person('inf', 'Мырзакулов Урмат Кайратович', T, ['INF'], 'Информатика кабинети'),
  person('pe1', 'Темирбеков Канат Сагынбекович', T, ['PE'], 'Спорт зал'),
  person('pe2', 'Үсөнов Медер Ашырович', T, ['PE', 'DEF'], 'Спорт зал'),
  person('mus', 'Сарыбаева Айпери Токтосуновна', T, ['MUS'], 'Музыка кабинети'),
  person('art', 'Нурманбетова Элмира Шамшиевна', T, ['ART', 'TECH'], '46'),
];

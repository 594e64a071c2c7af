import { recordMark, recordMarkInput } from './record-mark.ts';

/** The class journal (R5–R12): marks, attendance, lessons and homework, final marks. */
export const journalUseCases = { recordMark };

/** Input schemas, for the API's validation and OpenAPI document. */
export const journalSchemas = { recordMarkInput };

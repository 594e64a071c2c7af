/** Use cases of the timetable area. */
export const timetableUseCases = {};

/** Input schemas, for the API's validation and OpenAPI document. */
export const timetableSchemas = {};

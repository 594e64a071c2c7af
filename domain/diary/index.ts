/** Use cases of the diary area. */
export const diaryUseCases = {};

/** Input schemas, for the API's validation and OpenAPI document. */
export const diarySchemas = {};

/** Use cases of the reports area. */
export const reportsUseCases = {};

/** Input schemas, for the API's validation and OpenAPI document. */
export const reportsSchemas = {};

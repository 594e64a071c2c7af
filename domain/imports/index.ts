/** Use cases of the imports area. */
export const importsUseCases = {};

/** Input schemas, for the API's validation and OpenAPI document. */
export const importsSchemas = {};

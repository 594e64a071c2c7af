/** Use cases of the notifications area. */
export const notificationsUseCases = {};

/** Input schemas, for the API's validation and OpenAPI document. */
export const notificationsSchemas = {};

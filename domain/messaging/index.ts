/** Use cases of the messaging area. */
export const messagingUseCases = {};

/** Input schemas, for the API's validation and OpenAPI document. */
export const messagingSchemas = {};

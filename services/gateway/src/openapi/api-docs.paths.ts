/** Swagger UI (and its assets under it). */
export const API_DOCS_PATH = '/api/docs';
/** The OpenAPI document itself, as JSON. */
export const API_DOCS_JSON_PATH = '/api/docs-json';

/** The UI's page and assets: they get a content security policy that lets the UI run. */
export function isApiDocsUiPath(path: string): boolean {
  return path === API_DOCS_PATH || path.startsWith(`${API_DOCS_PATH}/`);
}

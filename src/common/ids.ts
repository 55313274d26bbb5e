/** Server, integration and credential ids: no dots, slashes or NUL; 1–64 characters. */
export const SERVER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const SERVER_ID_PATTERN_TEXT = SERVER_ID_PATTERN.source;

/** Credential names are environment-variable-like. */
export const CREDENTIAL_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Tool names as MCP allows them (letters, digits, `_ - . /`), never `..`; 1–128 characters. */
export const TOOL_NAME_PATTERN = /^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_./-]{0,127}$/;

/** Keys that could pollute prototypes when a body is merged into an object. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

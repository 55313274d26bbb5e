/** The credential store backend (see SecretStore); the file store unless a module overrides it. */
export const SECRET_STORE = Symbol('SECRET_STORE');

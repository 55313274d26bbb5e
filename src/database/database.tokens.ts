/** The Database in database mode (PATCHBAY_DATABASE_URL), else null: files and SQLite. */
export const DATABASE = Symbol('DATABASE');

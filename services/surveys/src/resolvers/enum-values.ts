/** Stored values are kebab-case words ('single-choice'); GraphQL enums are SCREAMING_SNAKE ('SINGLE_CHOICE'). */
export const toEnum = <T extends string>(stored: string) => stored.toUpperCase().replaceAll('-', '_') as T;

export const fromEnum = <T extends string>(value: string) => value.toLowerCase().replaceAll('_', '-') as T;

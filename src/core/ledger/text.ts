/**
 * The plain values a ledger entry takes from people: calendar dates and one-line or longer
 * texts. Checked here once, for the CLI and the server alike.
 */

/** Whether `text` is a real calendar date written YYYY-MM-DD (2027-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What is wrong with a text of at most `limit` characters, or undefined. */
export function checkText(text: string, what: string, limit: number): string | undefined {
  if (text.trim() === '') return `the ${what} is empty`;
  if (text.length > limit) return `the ${what} has ${text.length} characters; at most ${limit}`;
  return undefined;
}

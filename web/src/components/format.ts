/** How people read a timestamp; made once, as a formatter is slow to make and every render of the save line asks. */
const timestamp = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A timestamp as people read it: `21 Nov 2024, 14:02`. */
export function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timestamp.format(date);
}

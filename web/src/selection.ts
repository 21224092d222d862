/** What the analyst has selected on the Build view: one cell, an actor's row or an issue's column. */
export type Selection = { kind: 'cell'; actor: string; issue: string } | { kind: 'actor'; actor: string } | { kind: 'issue'; issue: string };

/** A passage selected in a source, waiting for a cell to attach to. */
export interface Passage {
  source: string;
  paragraph: number;
  quote: string;
}

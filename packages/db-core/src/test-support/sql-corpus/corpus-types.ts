import type { Driver } from '../../driver.js';

/**
 * One statement of the placeholder conformance suite. `template` marks each bound value with
 * `{?}`: the layer gets it with `?` there and `values` bound; the server's own reading gets it
 * with each value written in as a literal. Any other `?` in the template is text the server
 * reads as part of a literal, identifier or comment, or is there to be refused.
 */
export interface PlaceholderCase {
  /** Where the case comes from: upstream file or manual page, and what it exercises. */
  source: string;
  template: string;
  values: readonly (string | number)[];
  /** The server refuses the statement (with values written in): the layer must refuse it too. */
  refused?: true;
}

/**
 * A statement the layer refuses before the server sees it, because it mixes `?` with the
 * server's own parameter syntax (which the layer would not bind) or the reading of a `?`
 * depends on the server's version.
 */
export interface LayerRefusalCase {
  source: string;
  sql: string;
  values: readonly (string | number)[];
  /** What the UsageError must name. */
  names: string;
}

/**
 * A script for the migration splitter. `{t}` stands for a table-name prefix unique to the
 * case. The script is run by the server's own command-line client and, cut by the layer's
 * splitter, statement by statement through the layer; the tables it leaves must be equal.
 */
export interface SplitCase {
  source: string;
  script: string;
  /** How many statements the client sends, as its documentation says; checked against the splitter. */
  statements: number;
  /** Tables (after `{t}`) whose rows are compared. */
  tables: readonly string[];
}

/** The corpora of one dialect. */
export interface DialectCorpus {
  driver: Driver;
  placeholders: readonly PlaceholderCase[];
  refusals: readonly LayerRefusalCase[];
  splits: readonly SplitCase[];
}

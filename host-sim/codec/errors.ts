/**
 * Every failure of the codec (bad archive, bad JS value, bad JSON, bad type
 * source) is a CodecError, so callers can tell "the data was wrong" apart from
 * a bug. `path` names where it happened, e.g. `root.fields.name` or `root[3]`.
 */
export class CodecError extends Error {
  /** Where the failure happened, e.g. `root.fields.name` or `root[3]`. */
  readonly path: string;
  /** What was wrong, without the path. */
  readonly detail: string;

  constructor(detail: string, path = "root") {
    super(`${path}: ${detail}`);
    this.name = "CodecError";
    this.path = path;
    this.detail = detail;
  }
}

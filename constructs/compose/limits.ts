/**
 * What reading one Compose file may cost. A file beyond a limit is refused with the reason, never half read:
 * real Compose files are a few kilobytes, these bound what a wrong or hostile file (a binary, a YAML alias bomb)
 * can cost to about a second.
 */
export const COMPOSE_LIMITS = {
  /** Bytes of a Compose file or of its `.env` (1 MiB): `yaml` reads about a megabyte a second. */
  maxBytes: 1024 * 1024,
  /** Problems listed per file; the rest are counted (`... and 12 more`). The YAML parser stops there too. */
  maxErrors: 50,
  /** Nesting of mappings and lists (aliases followed); the deepest Compose field is 8 levels down. */
  maxDepth: 64,
  /** Nodes of the document with every alias expanded, as compose-go's loader bounds them (100 000). */
  maxNodes: 100_000,
  /** Aliases (`*name`) written in the file: `yaml` resolves each by a scan over all of them. */
  maxAliases: 1000,
  /** `yaml`'s own alias limit (`maxAliasCount` of `toJS`), a second net behind `maxNodes`. */
  maxAliasCount: 10_000,
  /** Files one project reads: its Compose files, override file, `include`d and `extends` files, `env_file`s. */
  maxFiles: 100,
  /** How deep `include` and `extends` may nest files in each other. */
  maxFileNesting: 16,
} as const;

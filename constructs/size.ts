import { Token } from 'cdktf';

const UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** An amount of memory or storage, in bytes (binary units, as Docker's `512m` means 512 MiB). */
export class Size {
  public static bytes(n: number): Size {
    return new Size(n);
  }

  public static kibibytes(n: number): Size {
    return new Size(n * 1024);
  }

  public static mebibytes(n: number): Size {
    return new Size(n * 1024 ** 2);
  }

  public static gibibytes(n: number): Size {
    return new Size(n * 1024 ** 3);
  }

  /** Docker's notation (`512m`, `1g`, `64k`, `1024`, case-insensitive, `b` optional), or undefined. */
  public static parse(text: string): Size | undefined {
    const m = /^(\d+(?:\.\d+)?)\s*([kmg]?b?)$/i.exec(text.trim());
    if (!m) return undefined;
    const unit = m[2].toLowerCase() || 'b';
    return new Size(Math.round(Number(m[1]) * UNITS[unit]));
  }

  private constructor(public readonly bytes: number) {}

  /** True for a positive whole number of bytes (tokens are not checked). */
  public get valid(): boolean {
    return Token.isUnresolved(this.bytes) || (Number.isInteger(this.bytes) && this.bytes > 0);
  }

  /** Whole MiB when the size is a multiple of 1 MiB, else undefined. */
  public get wholeMebibytes(): number | undefined {
    return this.bytes % 1024 ** 2 === 0 ? this.bytes / 1024 ** 2 : undefined;
  }

  public toString(): string {
    const mib = this.wholeMebibytes;
    return mib !== undefined ? `${mib} MiB` : `${this.bytes} bytes`;
  }
}

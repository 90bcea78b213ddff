import { Token } from 'cdktf';
import { ContainerErrors } from './container-errors';

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

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

  /**
   * Docker's notation, as `docker run --memory` reads it (go-units `RAMInBytes`): a number, then `k`, `m`, `g`, `t`
   * or `p`, optionally followed by `i` and `b`, case-insensitive, all binary (`512m`, `512MiB`, `512mb` are all
   * 512 MiB; `1g`, `1GiB`, `1gb` are 1 GiB; `1024` and `1024b` are bytes).
   * @throws an Error saying what is wrong with `text` and how to write it, when it is not such a size
   */
  public static parse(text: string): Size {
    const m = typeof text === 'string' ? /^(\d+(?:\.\d+)?) ?([kmgtp]?)(?:(?<=[kmgtp])i)?b?$/i.exec(text.trim()) : null;
    if (!m) throw new Error(ContainerErrors.badSizeText(text));
    return new Size(Math.round(Number(m[1]) * UNITS[m[2].toLowerCase()]));
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

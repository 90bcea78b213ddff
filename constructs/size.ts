import { Fn, Op, Token } from 'cdktf';
import { ContainerErrors } from './container-errors';
import { parseDockerSize } from './private/grammar';

const MIB = 1024 ** 2;

/** An amount of memory or storage, in bytes (binary units, as Docker's `512m` means 512 MiB). */
export class Size {
  /** `n` bytes; `n` may be a number token (a `TerraformVariable`'s `numberValue`). */
  public static bytes(n: number): Size {
    return Size.of(n, 1);
  }

  /** `n` KiB; a token `n` becomes a Terraform expression with the conversion (`var.x * 1024`). */
  public static kibibytes(n: number): Size {
    return Size.of(n, 1024);
  }

  /** `n` MiB; a token `n` becomes a Terraform expression with the conversion. */
  public static mebibytes(n: number): Size {
    return Size.of(n, MIB);
  }

  /** `n` GiB; a token `n` becomes a Terraform expression with the conversion. */
  public static gibibytes(n: number): Size {
    return Size.of(n, 1024 ** 3);
  }

  private static of(n: number, factor: number): Size {
    if (!Token.isUnresolved(n)) return new Size(n * factor);
    return new Size(factor === 1 ? n : Token.asNumber(Op.mul(n, factor)), { value: n, factor });
  }

  /**
   * Docker's notation, as `docker run --memory` reads it (go-units `RAMInBytes`): a number, then `k`, `m`, `g`, `t`
   * or `p`, optionally followed by `i` and `b`, case-insensitive, all binary (`512m`, `512MiB`, `512mb` are all
   * 512 MiB; `1g`, `1GiB`, `1gb` are 1 GiB; `1024` and `1024b` are bytes).
   * @throws an Error saying what is wrong with `text` and how to write it, when it is not such a size
   */
  public static parse(text: string): Size {
    if (Token.isUnresolved(text)) throw new Error(ContainerErrors.parseToken('Size', 'Size.mebibytes(variable.numberValue)'));
    const parsed = parseDockerSize(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    return new Size(parsed.value);
  }

  private constructor(
    /** Bytes; a number token (a Terraform expression with the unit conversion) when made from a token. */
    public readonly bytes: number,
    private readonly token?: { readonly value: number; readonly factor: number },
  ) {}

  /** True for a positive whole number of bytes (tokens are not checked). */
  public get valid(): boolean {
    return Token.isUnresolved(this.bytes) || (Number.isInteger(this.bytes) && this.bytes > 0);
  }

  /**
   * Whole MiB when the size is a multiple of 1 MiB, else undefined. For a size made from a token, a Terraform
   * expression: `var.x` for mebibytes, `var.x * 1024` for gibibytes, `floor(var.x / 1048576)` for bytes.
   */
  public get wholeMebibytes(): number | undefined {
    const t = this.token;
    if (t) {
      if (t.factor === MIB) return t.value;
      if (t.factor % MIB === 0) return Token.asNumber(Op.mul(t.value, t.factor / MIB));
      return Token.asNumber(Fn.floor(Op.div(t.factor === 1 ? t.value : Op.mul(t.value, t.factor), MIB)));
    }
    return this.bytes % MIB === 0 ? this.bytes / MIB : undefined;
  }

  public toString(): string {
    const mib = this.wholeMebibytes;
    return mib !== undefined ? `${mib} MiB` : `${this.bytes} bytes`;
  }
}

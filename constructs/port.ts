import { Token } from 'cdktf';
/** Transport protocol of a port. */
export type Protocol = 'tcp' | 'udp';

/** A container port: number and protocol. */
export class Port {
  /** A TCP port. */
  public static tcp(port: number): Port {
    return new Port(port, 'tcp');
  }

  /** A UDP port. */
  public static udp(port: number): Port {
    return new Port(port, 'udp');
  }

  private constructor(
    public readonly number: number,
    public readonly protocol: Protocol,
  ) {}

  /** True for an integer in 1-65535. */
  public get valid(): boolean {
    if (Token.isUnresolved(this.number)) return true;
    return Number.isInteger(this.number) && this.number >= 1 && this.number <= 65535;
  }

  /** `80/tcp`. */
  public toString(): string {
    return `${this.number}/${this.protocol}`;
  }
}

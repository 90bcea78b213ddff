import { Cidr, formatIpAddress, parseIpAddress } from '../constructs/cidr';

describe('parseIpAddress', () => {
  test.each(['10.0.0.1', '0.0.0.0', '255.255.255.255', 'fd00::1', '::1', '2001:db8::'])('accepts %s', (text) => {
    expect(parseIpAddress(text)).toBeDefined();
  });

  test.each(['10.0.0', '256.0.0.1', '010.0.0.1', '10.0.0.1/24', 'fd00::1::2', 'host', '', ' 10.0.0.1'])('rejects %s', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });

  test('round-trips through integers', () => {
    const ip = parseIpAddress('172.17.0.1')!;
    expect(ip.value).toBe(0xac110001n);
    expect(formatIpAddress(4, ip.value)).toBe('172.17.0.1');
    expect(formatIpAddress(6, parseIpAddress('fd00:0:0::1')!.value)).toBe('fd00::1');
  });
});

describe('Cidr', () => {
  test('parses and describes a block', () => {
    const c = Cidr.parse('10.20.0.0/24');
    expect(c.toString()).toBe('10.20.0.0/24');
    expect(c.size).toBe(256n);
    expect(c.firstHost).toBe('10.20.0.1');
    expect(formatIpAddress(4, c.last)).toBe('10.20.0.255');
  });

  test('rejects host bits and suggests the network address', () => {
    expect(() => Cidr.parse('10.0.0.1/24')).toThrow('10.0.0.1/24 has host bits set; did you mean 10.0.0.0/24?');
    expect(Cidr.tryParse('fd00::1/64')).toEqual({ reason: 'host-bits', suggestion: 'fd00::/64' });
  });

  test.each(['10.0.0.0', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/024', 'nonsense/8'])('rejects %s', (text) => {
    expect(Cidr.tryParse(text)).not.toBeInstanceOf(Cidr);
  });

  test('containment and overlap', () => {
    const a = Cidr.parse('10.0.0.0/16');
    const b = Cidr.parse('10.0.5.0/24');
    const c = Cidr.parse('10.1.0.0/16');
    expect(a.containsCidr(b)).toBe(true);
    expect(b.containsCidr(a)).toBe(false);
    expect(a.overlaps(b) && b.overlaps(a)).toBe(true);
    expect(a.overlaps(c)).toBe(false);
    expect(a.overlaps(Cidr.parse('fd00::/8'))).toBe(false);
    expect(a.containsAddress(parseIpAddress('10.0.255.255')!)).toBe(true);
    expect(a.containsAddress(parseIpAddress('10.1.0.0')!)).toBe(false);
  });

  test('network and broadcast are reserved; /31 and IPv6 broadcast are not', () => {
    const c = Cidr.parse('10.0.0.0/24');
    expect(c.isReservedAddress(parseIpAddress('10.0.0.0')!)).toBe(true);
    expect(c.isReservedAddress(parseIpAddress('10.0.0.255')!)).toBe(true);
    expect(c.isReservedAddress(parseIpAddress('10.0.0.1')!)).toBe(false);
    expect(Cidr.parse('10.0.0.0/31').isReservedAddress(parseIpAddress('10.0.0.1')!)).toBe(false);
    expect(Cidr.parse('fd00::/64').isReservedAddress(parseIpAddress('fd00::ffff:ffff:ffff:ffff')!)).toBe(false);
  });
});

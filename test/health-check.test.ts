import { Token } from 'cdktf';
import { Duration, HealthCheck } from '../constructs';

describe('HealthCheck', () => {
  test('CMD, CMD-SHELL and NONE as Docker stores them', () => {
    expect(HealthCheck.command(['pg_isready', '-U', 'pg']).test).toEqual(['CMD', 'pg_isready', '-U', 'pg']);
    expect(HealthCheck.shell('test -f /ready').test).toEqual(['CMD-SHELL', 'test -f /ready']);
    expect(HealthCheck.none().enabled).toBe(false);
  });

  test('container durations in Go form, service durations in the provider short form', () => {
    const hc = HealthCheck.command(['true'], { interval: Duration.minutes(1), startPeriod: Duration.seconds(90) });
    expect(hc._render()).toMatchObject({ interval: '1m0s', startPeriod: '1m30s' });
    expect(hc._render('swarm')).toMatchObject({ interval: '1m', startPeriod: '1m30s' });
  });

  test('problems: empty command, negative duration, fractional retries; tokens pass', () => {
    expect(HealthCheck.shell(' ').problems()).toEqual([expect.stringMatching(/empty command/)]);
    expect(HealthCheck.command(['true'], { interval: Duration.seconds(-1), retries: 1.5 }).problems()).toEqual([
      expect.stringMatching(/healthCheck.interval -1000 is not a usable duration/),
      expect.stringMatching(/healthCheck.retries 1.5 is not a whole number/),
    ]);
    expect(HealthCheck.shell(Token.asString({ Ref: 'x' }), { retries: Token.asNumber({ Ref: 'r' }) }).problems()).toEqual([]);
  });
});
